/**
 * A plan as the content tree of a TID 1500 Measurement Report (PS3.16 A TID 1500): one TID 1501
 * Measurement Group per trajectory (its needle path as a SCOORD3D POLYLINE, entry then target, on the CT's
 * frame of reference; procedure, level, side, needle, length, angles and the C-arm recipe as coded and
 * numeric items), one per measurement (distance and angle as POLYLINEs, an HU region as an ELLIPSE) and one
 * per geometric no-go structure; the plan's own settings in a local container. Derived values (length,
 * angles, C-arm) are written for other systems to read; the plan read back is rebuilt from the stored ones.
 */
import { angleDeg, cross, distance, normalize, sub, type Vec3 } from '../core/vec3';
import type { Code, ContentItem } from '../dicom/sr/contentTree';
import { SPINEPLAN_IMPLEMENTATION_UID } from '../dicom/write/part10';
import { uidFromSeed } from '../dicom/write/uid';
import type { CarmView } from '../planning/carm';
import type { Measurement, NoGoStructure, Plan } from '../planning/planFile';
import type { StandardViewId } from '../planning/procedures';
import { type ReadoutContext, trajectoryReadouts } from '../planning/readouts';
import type { PlanReview, ReviewComment, ReviewEvent } from '../planning/review';
import { STANDARD_VIEW_LABELS } from '../planning/templates';
import { PROCEDURE_LABELS, type Trajectory } from '../planning/trajectory';
import {
  C,
  levelCode,
  localCode as own,
  PROCEDURE_CODE_VALUES,
  PROPOSAL_SOURCE_CODES,
  REVIEW_EVENT_CODES,
  REVIEW_STATUS_CODES,
  SHAPE_CODES,
  SIDE_CODES,
  UNITS,
  VIEW_CODE_VALUES,
} from './planSrCodes';

/** The CT the plan was made on. */
export interface SrImageReference {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  frameOfReferenceUid: string;
  /** DICOM modality of the series ('CT' unless told). */
  modality?: string;
  /** The images, when known: the document's evidence and its image library (TID 1600). */
  instances?: readonly { sopClassUid: string; sopInstanceUid: string }[];
}

/** HU statistics of a region measurement (computed from the images; the plan does not store them). */
export interface RegionStatistics {
  meanHu: number;
  sdHu: number;
  minHu: number;
  maxHu: number;
  areaMm2: number;
}

export interface PlanSrContentOptions {
  /** Readouts' context: the endplate normal adds the endplate angles, the position names the C-arm views. */
  readoutContext?: ReadoutContext;
  /** Statistics per region measurement id, written as NUMs when given. */
  regionStatistics?: Readonly<Record<string, RegionStatistics | null | undefined>>;
}

type Item = ContentItem;
const contains = (item: Item): Item => ({ relationship: 'CONTAINS', ...item }) as Item;
const text = (concept: Code, value: string): Item => contains({ type: 'TEXT', concept, text: value });
const coded = (concept: Code, code: Code, relationship: Item['relationship'] = 'CONTAINS'): Item => ({
  type: 'CODE',
  relationship,
  concept,
  code,
});
const num = (concept: Code, value: number, unit: Code): Item =>
  contains({ type: 'NUM', concept, value, unit });

/** A tracking UID stable for the same plan object across reports (TID 1501 row 3). */
const trackingUid = (plan: Plan, kind: string, id: string): Item =>
  contains({ type: 'UIDREF', concept: C.trackingUid, uid: uidFromSeed(0, `${plan.caseKey}|${kind}|${id}`) });

/**
 * ISO 8601 (Date.toISOString form) -> DT (PS3.5 6.2) in UTC, or undefined when it is not that form. The
 * offset is left to the document's Timezone Offset From UTC, +0000 (PS3.3 C.12.1.1.8): dcmtk 3.6.7 rejects
 * a DT of 26 characters with its own offset.
 */
export function isoToDicomDateTime(iso: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/.exec(iso);
  return m ? `${m[1]}${m[2]}${m[3]}${m[4]}${m[5]}${m[6]}.${m[7]}` : undefined;
}

function scoord(
  concept: Code,
  graphicType: 'POINT' | 'POLYLINE' | 'ELLIPSE' | 'ELLIPSOID',
  points: Vec3[],
  frame: string,
): Item {
  return contains({
    type: 'SCOORD3D',
    concept,
    graphicType,
    points: points.flat(),
    frameOfReferenceUid: frame,
  });
}

function carmViewItem(concept: Code, view: CarmView): Item {
  return contains({
    type: 'CONTAINER',
    concept,
    children: [
      num(C.obliqueAngle, view.obliqueDeg, UNITS.deg),
      num(C.tiltAngle, view.tiltDeg, UNITS.deg),
      num(C.primaryAngle, view.dicomPrimaryAngleDeg, UNITS.deg),
      num(C.secondaryAngle, view.dicomSecondaryAngleDeg, UNITS.deg),
      num(C.angleToNeedle, view.angleToNeedleDeg, UNITS.deg),
      text(C.viewWords, view.words),
      ...(view.problem ? [text(C.viewProblem, view.problem)] : []),
    ],
  });
}

function proposalItem(t: Trajectory): Item[] {
  const p = t.proposal;
  if (!p) return [];
  const viewCode = (v: string): Code => {
    const id = v as StandardViewId;
    return own(VIEW_CODE_VALUES[id] ?? v.slice(0, 16), STANDARD_VIEW_LABELS[id] ?? v);
  };
  return [
    contains({
      type: 'CONTAINER',
      concept: C.proposal,
      children: [
        coded(C.proposalSource, PROPOSAL_SOURCE_CODES[p.source]),
        text(C.proposalNote, p.note),
        ...p.remarks.map((r) => text(C.proposalRemark, r)),
        coded(C.proposalEntryOnSkin, p.entryOnSkin ? C.yes : C.no),
        ...p.views.map((v) => coded(C.proposalView, viewCode(v))),
      ],
    }),
  ];
}

function trajectoryGroup(plan: Plan, t: Trajectory, frame: string, options: PlanSrContentOptions): Item {
  const r = trajectoryReadouts(t, options.readoutContext);
  const level = levelCode(t.level);
  const children: Item[] = [
    text(C.trackingIdentifier, t.name),
    trackingUid(plan, 'trajectory', t.id),
    coded(C.finding, C.plannedTrajectory),
    {
      ...coded(C.findingSite, level ?? C.vertebra, 'HAS CONCEPT MOD'),
      children: [coded(C.laterality, SIDE_CODES[t.side], 'HAS CONCEPT MOD')],
    },
    coded(
      C.procedureCode,
      own(PROCEDURE_CODE_VALUES[t.procedure], PROCEDURE_LABELS[t.procedure]),
      'HAS CONCEPT MOD',
    ),
    scoord(C.needlePath, 'POLYLINE', [t.entryLps, t.targetLps], frame),
    text(C.trajectoryId, t.id),
    text(C.displayColour, t.colour),
    // The level as the user wrote it: the code above may not carry every spelling.
    text(C.vertebralLevel, t.level),
    {
      ...text(C.needle, r.needle?.label ?? t.needleId),
      children: [
        { type: 'TEXT', relationship: 'HAS PROPERTIES', concept: C.needleCatalogueId, text: t.needleId },
        ...(r.needle
          ? [
              { ...num(C.needleGauge, r.needle.gauge, UNITS.gauge), relationship: 'HAS PROPERTIES' } as Item,
              { ...num(C.needleLength, r.needle.lengthMm, UNITS.mm), relationship: 'HAS PROPERTIES' } as Item,
            ]
          : []),
      ],
    },
    num(C.length, r.lengthMm, UNITS.mm),
  ];
  if (r.lengthCheck) children.push(coded(C.needleLongEnough, r.lengthCheck.longEnough ? C.yes : C.no));
  if (r.angles) {
    children.push(
      num(C.angleTowardLeft, r.angles.towardLeftDeg, UNITS.deg),
      ...(r.angles.medialDeg !== undefined ? [num(C.angleMedial, r.angles.medialDeg, UNITS.deg)] : []),
      num(C.angleCraniocaudal, r.angles.craniocaudalDeg, UNITS.deg),
      num(C.angleFromAp, r.angles.fromApAxisDeg, UNITS.deg),
    );
  }
  if (r.endplate)
    children.push(
      num(C.angleToEndplate, r.endplate.angleToPlaneDeg, UNITS.deg),
      num(C.craniocaudalToEndplate, r.endplate.craniocaudalDeg, UNITS.deg),
    );
  if (r.carm)
    children.push(
      contains({
        type: 'CONTAINER',
        concept: C.carmRecipe,
        children: [
          text(C.carmConvention, r.carm.convention),
          coded(C.patientPosition, r.carm.position === 'supine' ? C.supine : C.prone),
          carmViewItem(C.bullsEyeView, r.carm.bullsEye),
          carmViewItem(C.progressionView, r.carm.progression),
          carmViewItem(C.lateralView, r.carm.lateral),
        ],
      }),
    );
  children.push(...proposalItem(t));
  return contains({ type: 'CONTAINER', concept: C.measurementGroup, templateId: '1501', children });
}

/**
 * An HU region's disc as an ELLIPSE (PS3.3 C.18.9.1.2: major axis end points, then minor axis end points):
 * the first point is the rim point itself, the minor axis is normal x (rim - centre), so the stored normal
 * is (p1 - c) x (p3 - c) normalised.
 */
export function regionEllipse(m: Extract<Measurement, { kind: 'region' }>): Vec3[] {
  const c = m.centreLps;
  const u = sub(m.rimLps, c);
  const v = cross(normalize(m.normalLps), u);
  return [m.rimLps, sub(c, u), [c[0] + v[0], c[1] + v[1], c[2] + v[2]], sub(c, v)];
}

function measurementGroup(plan: Plan, m: Measurement, frame: string, options: PlanSrContentOptions): Item {
  const children: Item[] = [
    text(C.trackingIdentifier, m.name),
    trackingUid(plan, 'measurement', m.id),
    text(C.measurementId, m.id),
  ];
  if (m.kind === 'distance')
    children.push(
      scoord(C.imageRegion, 'POLYLINE', [m.aLps, m.bLps], frame),
      num(C.distance, distance(m.aLps, m.bLps), UNITS.mm),
    );
  else if (m.kind === 'angle')
    children.push(
      scoord(C.imageRegion, 'POLYLINE', [m.aLps, m.vertexLps, m.bLps], frame),
      num(C.angle, angleDeg(sub(m.aLps, m.vertexLps), sub(m.bLps, m.vertexLps)), UNITS.deg),
    );
  else {
    children.push(
      scoord(C.imageRegion, 'ELLIPSE', regionEllipse(m), frame),
      num(C.radius, distance(m.centreLps, m.rimLps), UNITS.mm),
    );
    const s = options.regionStatistics?.[m.id];
    if (s)
      children.push(
        num(C.mean, s.meanHu, UNITS.hu),
        num(C.standardDeviation, s.sdHu, UNITS.hu),
        num(C.minimum, s.minHu, UNITS.hu),
        num(C.maximum, s.maxHu, UNITS.hu),
        num(C.area, s.areaMm2, UNITS.mm2),
      );
  }
  return contains({ type: 'CONTAINER', concept: C.measurementGroup, templateId: '1501', children });
}

/** A sphere as an ELLIPSOID (three axes' end points, PS3.3 C.18.9.1.2) along the patient axes. */
function sphereEllipsoid(c: Vec3, r: number): Vec3[] {
  return [
    [c[0] - r, c[1], c[2]],
    [c[0] + r, c[1], c[2]],
    [c[0], c[1] - r, c[2]],
    [c[0], c[1] + r, c[2]],
    [c[0], c[1], c[2] - r],
    [c[0], c[1], c[2] + r],
  ];
}

function noGoGroup(plan: Plan, s: NoGoStructure, frame: string): Item {
  const g = s.geometry;
  const children: Item[] = [
    text(C.trackingIdentifier, s.name),
    trackingUid(plan, 'no-go', s.id),
    coded(C.finding, C.noGoStructure),
    text(C.noGoId, s.id),
    coded(C.noGoShape, SHAPE_CODES[g.kind]),
  ];
  if (g.kind === 'point') children.push(scoord(C.imageRegion, 'POINT', [g.pointLps], frame));
  else if (g.kind === 'polyline')
    children.push(
      scoord(C.imageRegion, g.pointsLps.length === 1 ? 'POINT' : 'POLYLINE', [...g.pointsLps], frame),
    );
  else if (g.kind === 'sphere')
    children.push(
      scoord(C.imageRegion, 'ELLIPSOID', sphereEllipsoid(g.centreLps, g.radiusMm), frame),
      num(C.radius, g.radiusMm, UNITS.mm),
    );
  else
    children.push(
      scoord(C.imageRegion, 'POLYLINE', [g.aLps, g.bLps], frame),
      num(C.radius, g.radiusMm, UNITS.mm),
    );
  if (s.marginMm !== undefined) children.push(num(C.margin, s.marginMm, UNITS.mm));
  return contains({ type: 'CONTAINER', concept: C.measurementGroup, templateId: '1501', children });
}

/** PS3.16 CID 29 meanings of the modalities a plan is made on. */
const MODALITY_MEANINGS: Record<string, string> = { CT: 'Computed Tomography', MR: 'Magnetic Resonance' };

function imageLibrary(image: SrImageReference): Item[] {
  if (!image.instances || image.instances.length === 0) return [];
  const modality = image.modality || 'CT';
  return [
    contains({
      type: 'CONTAINER',
      concept: C.imageLibrary,
      children: [
        contains({
          type: 'CONTAINER',
          concept: C.imageLibraryGroup,
          children: [
            coded(
              C.modality,
              {
                value: modality,
                scheme: 'DCM',
                meaning: MODALITY_MEANINGS[modality] ?? modality,
              },
              'HAS ACQ CONTEXT',
            ),
            {
              type: 'UIDREF',
              relationship: 'HAS ACQ CONTEXT',
              concept: C.studyInstanceUid,
              uid: image.studyInstanceUid,
            },
            {
              type: 'UIDREF',
              relationship: 'HAS ACQ CONTEXT',
              concept: C.seriesInstanceUid,
              uid: image.seriesInstanceUid,
            },
            {
              type: 'UIDREF',
              relationship: 'HAS ACQ CONTEXT',
              concept: C.frameOfReferenceUid,
              uid: image.frameOfReferenceUid,
            },
            ...image.instances.map((i) =>
              contains({ type: 'IMAGE', sopClassUid: i.sopClassUid, sopInstanceUid: i.sopInstanceUid }),
            ),
          ],
        }),
      ],
    }),
  ];
}

/** The plan's own settings (not in TID 1500): case key, warning distance, creation and edit times. */
function planSettings(plan: Plan, image: SrImageReference): Item {
  const time = (concept: Code, iso: string): Item[] => {
    const dt = isoToDicomDateTime(iso);
    return dt ? [contains({ type: 'DATETIME', concept, dateTime: dt })] : [text(concept, iso)];
  };
  return contains({
    type: 'CONTAINER',
    concept: C.planSettings,
    children: [
      text(C.caseKey, plan.caseKey),
      // The plan's own image UIDs (absent for the demo), which may differ from the evidence's.
      ...(plan.studyInstanceUid
        ? [contains({ type: 'UIDREF', concept: C.studyInstanceUid, uid: plan.studyInstanceUid })]
        : []),
      ...(plan.seriesInstanceUid
        ? [contains({ type: 'UIDREF', concept: C.seriesInstanceUid, uid: plan.seriesInstanceUid })]
        : []),
      contains({ type: 'UIDREF', concept: C.frameOfReferenceUid, uid: image.frameOfReferenceUid }),
      num(C.clearanceWarning, plan.clearanceWarningMm, UNITS.mm),
      // Painted regions are voxel masks: they travel in the Segmentation; their names say what to look for.
      ...plan.noGoMasks.map((r) => text(C.paintedNoGo, r.name)),
      ...time(C.planCreated, plan.createdAt),
      ...time(C.planUpdated, plan.updatedAt),
      text(C.comment, 'Planning aid only: verify under imaging.'),
    ],
  });
}

/** A time as DATETIME when it is an ISO 8601 UTC time as the app writes them, else as TEXT (kept as written). */
function timeItem(concept: Code, iso: string): Item {
  const dt = isoToDicomDateTime(iso);
  return dt ? contains({ type: 'DATETIME', concept, dateTime: dt }) : text(concept, iso);
}

function commentItem(comment: ReviewComment, frame: string): Item {
  const a = comment.anchor;
  return contains({
    type: 'CONTAINER',
    concept: C.reviewComment,
    children: [
      text(C.commentId, comment.id),
      text(C.comment, comment.text),
      text(C.reviewAuthor, comment.author),
      timeItem(C.reviewTime, comment.atIso),
      num(C.planVersion, comment.planVersion, UNITS.none),
      // Every anchor has a point (drawn in 2D and 3D); a trajectory or measurement anchor also names it.
      scoord(C.commentPin, 'POINT', [a.pointLps], frame),
      ...(a.kind === 'trajectory' ? [text(C.trajectoryId, a.trajectoryId)] : []),
      ...(a.kind === 'measurement' ? [text(C.measurementId, a.measurementId)] : []),
    ],
  });
}

function eventItem(e: ReviewEvent): Item {
  return contains({
    type: 'CONTAINER',
    concept: C.reviewEvent,
    children: [
      coded(C.reviewEventKind, REVIEW_EVENT_CODES[e.kind]),
      text(C.reviewAuthor, e.by),
      ...(e.organization !== undefined ? [text(C.reviewOrganization, e.organization)] : []),
      timeItem(C.reviewTime, e.atIso),
      num(C.planVersion, e.version, UNITS.none),
      ...(e.note !== undefined ? [text(C.reviewNote, e.note)] : []),
      ...(e.changes ?? []).map((c) => text(C.reviewChange, c)),
    ],
  });
}

/**
 * The plan's review (review.ts): identity, version, status, pinned comments (each pin a SCOORD3D POINT on
 * the CT's frame of reference) and the whole history. The reviewed version's content (the baseline) is
 * written by its version only: while the plan is not a draft it is the plan's own content (any edit returns
 * the plan to draft), so the reader rebuilds it from the groups above.
 */
function reviewItem(review: PlanReview, frame: string): Item {
  return contains({
    type: 'CONTAINER',
    concept: C.review,
    children: [
      text(C.planId, review.planId),
      num(C.planVersion, review.version, UNITS.none),
      coded(C.reviewStatus, REVIEW_STATUS_CODES[review.status]),
      ...(review.baseline ? [num(C.reviewedVersion, review.baseline.version, UNITS.none)] : []),
      ...review.comments.map((c) => commentItem(c, frame)),
      ...review.history.map(eventItem),
    ],
  });
}

/** Leaves out TEXT items with no text: Text Value is Type 1C (PS3.3 C.17.3), never empty. */
function withoutEmptyText<T extends Item>(item: T): T {
  if (!item.children) return item;
  const children = item.children.filter((c) => c.type !== 'TEXT' || c.text !== '').map(withoutEmptyText);
  return { ...item, children };
}

/** The root CONTAINER of the plan's Measurement Report. */
export function planToSrContent(
  plan: Plan,
  image: SrImageReference,
  options: PlanSrContentOptions = {},
): ContentItem & { type: 'CONTAINER' } {
  const frame = image.frameOfReferenceUid;
  if (!frame)
    throw new Error('the images have no Frame of Reference UID: the plan points cannot be referred to them');
  const procedures = [...new Set(plan.trajectories.map((t) => t.procedure))];
  return withoutEmptyText({
    type: 'CONTAINER',
    concept: C.imagingMeasurementReport,
    templateId: '1500',
    children: [
      coded(C.language, C.englishUs, 'HAS CONCEPT MOD'),
      coded(C.observerType, C.device, 'HAS OBS CONTEXT'),
      {
        type: 'UIDREF',
        relationship: 'HAS OBS CONTEXT',
        concept: C.deviceObserverUid,
        uid: SPINEPLAN_IMPLEMENTATION_UID,
      },
      { type: 'TEXT', relationship: 'HAS OBS CONTEXT', concept: C.deviceObserverName, text: 'Spineplan' },
      {
        type: 'TEXT',
        relationship: 'HAS OBS CONTEXT',
        concept: C.deviceObserverManufacturer,
        text: 'Spineplan',
      },
      coded(
        C.procedureReported,
        image.modality === 'MR' ? C.mrUnspecifiedBodyRegion : C.ctUnspecifiedBodyRegion,
        'HAS CONCEPT MOD',
      ),
      ...procedures.map((p) =>
        coded(C.procedureReported, own(PROCEDURE_CODE_VALUES[p], PROCEDURE_LABELS[p]), 'HAS CONCEPT MOD'),
      ),
      ...imageLibrary(image),
      contains({
        type: 'CONTAINER',
        concept: C.imagingMeasurements,
        children: [
          ...plan.trajectories.map((t) => trajectoryGroup(plan, t, frame, options)),
          ...plan.measurements.map((m) => measurementGroup(plan, m, frame, options)),
          ...plan.noGoStructures.map((s) => noGoGroup(plan, s, frame)),
        ],
      }),
      planSettings(plan, image),
      ...(plan.review ? [reviewItem(plan.review, frame)] : []),
    ],
  });
}
