/**
 * A plan rebuilt from a Measurement Report content tree (planToSrContent.ts writes it). Whatever cannot be
 * rebuilt exactly is named in `losses`, one sentence each (e.g. a foreign SR without Spineplan ids, a needle
 * not in the catalogue, painted regions that live in the Segmentation). Points are the SR's 32-bit floats.
 */
import { cross, normalize, sub, type Vec3 } from '../core/vec3';
import { type Code, type ContentItem, childNamed, childrenNamed, sameCode } from '../dicom/sr/contentTree';
import type { NoGoShape } from '../planning/clearance';
import { DEFAULT_NEEDLE_ID, findNeedle } from '../planning/needles';
import { type Measurement, type NoGoStructure, PLAN_SCHEMA_VERSION, type Plan } from '../planning/planFile';
import {
  type CommentAnchor,
  newPlanId,
  type PlanReview,
  type ReviewComment,
  type ReviewEvent,
} from '../planning/review';
import { type ProposalRecord, type Side, TRAJECTORY_COLOURS, type Trajectory } from '../planning/trajectory';
import {
  C,
  keyOf,
  levelOfCode,
  PROCEDURE_CODE_VALUES,
  PROPOSAL_SOURCE_CODES,
  REVIEW_EVENT_CODES,
  REVIEW_STATUS_CODES,
  SHAPE_CODES,
  SIDE_CODES,
  SPINEPLAN_SCHEME,
  VIEW_CODE_VALUES,
} from './planSrCodes';

/** What the rest of the document says about the images (evidence), for SRs without the plan's own settings. */
export interface SrImageFacts {
  studyInstanceUid?: string;
  seriesInstanceUid?: string;
}

type Container = Extract<ContentItem, { type: 'CONTAINER' }>;

const textOf = (item: ContentItem, concept: Code): string | undefined =>
  childNamed(item, concept, 'TEXT')?.text;
const codeOf = (item: ContentItem, concept: Code): Code | undefined =>
  childNamed(item, concept, 'CODE')?.code;
const numOf = (item: ContentItem, concept: Code): number | undefined =>
  childNamed(item, concept, 'NUM')?.value;

const points = (p: readonly number[]): Vec3[] => {
  const out: Vec3[] = [];
  for (let i = 0; i + 2 < p.length; i += 3) out.push([p[i]!, p[i + 1]!, p[i + 2]!]);
  return out;
};
const midpoint = (a: Vec3, b: Vec3): Vec3 => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];

/** DT 'YYYYMMDDHHMMSS.FFFFFF+0000' (as planToSrContent writes it) -> ISO 8601, or undefined. */
export function dicomDateTimeToIso(dt: string): string | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d{1,6}))?(?:\+0000)?$/.exec(dt);
  if (!m) return undefined;
  const ms = (m[7] ?? '').padEnd(3, '0').slice(0, 3);
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${ms}Z`;
}

/** The first SCOORD3D in `item`'s subtree (depth first). */
function firstScoord(item: ContentItem): Extract<ContentItem, { type: 'SCOORD3D' }> | undefined {
  for (const child of item.children ?? []) {
    const found = child.type === 'SCOORD3D' ? child : firstScoord(child);
    if (found) return found;
  }
  return undefined;
}

class PlanReader {
  readonly losses: string[] = [];
  private frames = new Set<string>();

  /**
   * `ours`: the SR carries Spineplan's own plan container, so a missing TEXT item is an empty text (a TEXT
   * item cannot be empty, PS3.3 C.17.3: Text Value is Type 1C), not a gap to fill.
   */
  constructor(
    private readonly frameOfReferenceUid: string | undefined,
    private readonly ours: boolean,
  ) {}

  /** The group's tracking identifier, or for another system's SR a made-up name (said in the losses). */
  name(group: ContentItem, made: string): string {
    const name = textOf(group, C.trackingIdentifier);
    if (name !== undefined || this.ours) return name ?? '';
    this.lose(`a group without a name (Tracking Identifier); called '${made}'`);
    return made;
  }

  lose(what: string): void {
    this.losses.push(what);
  }

  /** The SCOORD3D child with `concept`, checked for its frame of reference. */
  /**
   * The group's SCOORD3D child with `concept`; with `anywhere`, else the first one in the group's subtree
   * (other systems often put it under the NUM measured on it, TID 300 "INFERRED FROM").
   */
  scoord(group: ContentItem, concept: Code, where: string, anywhere = false) {
    const s = childNamed(group, concept, 'SCOORD3D') ?? (anywhere ? firstScoord(group) : undefined);
    if (s && this.frameOfReferenceUid && s.frameOfReferenceUid !== this.frameOfReferenceUid)
      this.frames.add(`${where} is on frame of reference ${s.frameOfReferenceUid || '(none)'}`);
    return s;
  }

  frameLosses(): void {
    for (const f of this.frames)
      this.lose(`${f}, not the plan's ${this.frameOfReferenceUid}: its points are kept as written`);
  }

  proposal(group: ContentItem, where: string): ProposalRecord | undefined {
    const p = childNamed(group, C.proposal, 'CONTAINER');
    if (!p) return undefined;
    const sourceCode = codeOf(p, C.proposalSource);
    const source = (Object.keys(PROPOSAL_SOURCE_CODES) as ProposalRecord['source'][]).find((k) =>
      sameCode(sourceCode, PROPOSAL_SOURCE_CODES[k]),
    );
    if (!source) this.lose(`${where}: the proposal's source is missing; read as 'clicks'`);
    const views: string[] = [];
    for (const v of childrenNamed(p, C.proposalView, 'CODE')) {
      const id = v.code.scheme === SPINEPLAN_SCHEME ? keyOf(VIEW_CODE_VALUES, v.code.value) : undefined;
      if (id) views.push(id);
      else this.lose(`${where}: proposal view '${v.code.meaning}' is not a Spineplan view; left out`);
    }
    return {
      source: source ?? 'clicks',
      note: textOf(p, C.proposalNote) ?? '',
      remarks: childrenNamed(p, C.proposalRemark, 'TEXT').map((r) => r.text),
      entryOnSkin: sameCode(codeOf(p, C.proposalEntryOnSkin), C.yes),
      views,
    };
  }

  trajectory(group: Container, index: number): Trajectory | undefined {
    const name = this.name(group, `Needle ${index + 1}`);
    const where = `trajectory '${name}'`;
    const path = this.scoord(group, C.needlePath, where);
    const ends = path ? points(path.points) : [];
    if (path?.graphicType !== 'POLYLINE' || ends.length !== 2) {
      this.lose(`${where}: no needle path (a SCOORD3D POLYLINE of entry and target); left out`);
      return undefined;
    }
    let id = textOf(group, C.trajectoryId);
    if (!id) {
      id = `sr-trajectory-${index + 1}`;
      this.lose(`${where}: no Spineplan id; given '${id}'`);
    }
    let colour = textOf(group, C.displayColour);
    if (!colour || !/^#[0-9a-f]{6}$/i.test(colour)) {
      colour = TRAJECTORY_COLOURS[index % TRAJECTORY_COLOURS.length]!;
      this.lose(`${where}: no display colour; given ${colour}`);
    }
    const procedureCode = codeOf(group, C.procedureCode);
    let procedure =
      procedureCode?.scheme === SPINEPLAN_SCHEME
        ? keyOf(PROCEDURE_CODE_VALUES, procedureCode.value)
        : undefined;
    if (!procedure) {
      procedure = 'other';
      this.lose(
        `${where}: procedure ${procedureCode ? `'${procedureCode.meaning}'` : '(none)'} is not a Spineplan procedure; read as 'Other'`,
      );
    }
    const site = childNamed(group, C.findingSite, 'CODE');
    let level = textOf(group, C.vertebralLevel) ?? (site && levelOfCode(site.code));
    if (level === undefined) {
      level = '';
      if (!this.ours) this.lose(`${where}: no vertebral level`);
    }
    const sideCode = site && codeOf(site, C.laterality);
    let side = (Object.keys(SIDE_CODES) as Side[]).find((s) => sameCode(sideCode, SIDE_CODES[s]));
    if (!side) {
      side = 'midline';
      this.lose(
        `${where}: laterality ${sideCode ? `'${sideCode.meaning}'` : '(none)'} is not left, right or median; read as midline`,
      );
    }
    const needleItem = childNamed(group, C.needle, 'TEXT');
    let needleId = needleItem && textOf(needleItem, C.needleCatalogueId);
    if (!needleId || !findNeedle(needleId)) {
      this.lose(
        `${where}: needle ${needleId ? `'${needleId}' is not in the catalogue` : `'${needleItem?.text ?? ''}' has no catalogue id`}; read as ${DEFAULT_NEEDLE_ID}`,
      );
      needleId = DEFAULT_NEEDLE_ID;
    }
    const proposal = this.proposal(group, where);
    return {
      id,
      name,
      colour,
      procedure,
      level,
      side,
      entryLps: ends[0]!,
      targetLps: ends[1]!,
      needleId,
      ...(proposal ? { proposal } : {}),
    };
  }

  measurement(group: Container, index: number): Measurement | undefined {
    const name = this.name(group, `Measurement ${index + 1}`);
    const where = `measurement '${name}'`;
    let id = textOf(group, C.measurementId);
    if (!id) {
      id = `sr-measurement-${index + 1}`;
      this.lose(`${where}: no Spineplan id; given '${id}'`);
    }
    const region = this.scoord(group, C.imageRegion, where, true);
    const p = region ? points(region.points) : [];
    const angle = childNamed(group, C.angle, 'NUM');
    if (region?.graphicType === 'POLYLINE' && p.length === 2 && !angle)
      return { id, kind: 'distance', name, aLps: p[0]!, bLps: p[1]! };
    if (region?.graphicType === 'POLYLINE' && p.length === 3 && angle)
      return { id, kind: 'angle', name, aLps: p[0]!, vertexLps: p[1]!, bLps: p[2]! };
    if (region?.graphicType === 'ELLIPSE' && p.length === 4) {
      const centre = midpoint(p[0]!, p[1]!);
      const normal = normalize(cross(sub(p[0]!, centre), sub(p[2]!, centre)));
      return { id, kind: 'region', name, centreLps: centre, rimLps: p[0]!, normalLps: normal };
    }
    this.lose(
      `${where}: not a distance (2-point POLYLINE), angle (3-point POLYLINE) or HU region (ELLIPSE); left out`,
    );
    return undefined;
  }

  noGo(group: Container, index: number): NoGoStructure | undefined {
    const name = this.name(group, `No-go ${index + 1}`);
    const where = `no-go structure '${name}'`;
    let id = textOf(group, C.noGoId);
    if (!id) {
      id = `sr-no-go-${index + 1}`;
      this.lose(`${where}: no Spineplan id; given '${id}'`);
    }
    const shapeCode = codeOf(group, C.noGoShape);
    const region = this.scoord(group, C.imageRegion, where);
    const p = region ? points(region.points) : [];
    const radiusMm = numOf(group, C.radius);
    // Without the shape code, the graphic type and a radius say it.
    const kind =
      (Object.keys(SHAPE_CODES) as NoGoShape['kind'][]).find((k) => sameCode(shapeCode, SHAPE_CODES[k])) ??
      (region?.graphicType === 'POINT'
        ? 'point'
        : region?.graphicType === 'ELLIPSOID'
          ? 'sphere'
          : region?.graphicType === 'POLYLINE'
            ? radiusMm !== undefined && p.length === 2
              ? 'capsule'
              : 'polyline'
            : undefined);
    let geometry: NoGoShape | undefined;
    if (kind === 'point' && p.length === 1) geometry = { kind, pointLps: p[0]! };
    else if (kind === 'polyline' && p.length >= 1) geometry = { kind, pointsLps: p };
    else if (kind === 'sphere' && p.length === 6 && radiusMm !== undefined)
      geometry = { kind, centreLps: midpoint(p[0]!, p[1]!), radiusMm };
    else if (kind === 'capsule' && p.length === 2 && radiusMm !== undefined)
      geometry = { kind, aLps: p[0]!, bLps: p[1]!, radiusMm };
    if (!geometry) {
      this.lose(`${where}: its shape could not be read; left out`);
      return undefined;
    }
    const marginMm = numOf(group, C.margin);
    return { id, name, geometry, ...(marginMm !== undefined ? { marginMm } : {}) };
  }
}

/** A time item (DATETIME, or TEXT as written) as ISO 8601, or undefined. */
function timeOf(item: ContentItem, concept: Code): string | undefined {
  const t = childNamed(item, concept, 'DATETIME') ?? childNamed(item, concept, 'TEXT');
  return t?.type === 'DATETIME' ? dicomDateTimeToIso(t.dateTime) : t?.type === 'TEXT' ? t.text : undefined;
}

const codeKey = <K extends string>(table: Record<K, Code>, code: Code | undefined): K | undefined =>
  (Object.keys(table) as K[]).find((k) => sameCode(code, table[k]));

/**
 * The plan's review (planToSrContent.ts reviewItem), or undefined when the SR carries none. A comment
 * without a pin or an event of unknown kind is left out and named in `lose`. The baseline is rebuilt from
 * the plan's content while the plan is not a draft (it is that content then); a draft's is not in the SR.
 */
function reviewOf(
  root: ContentItem,
  content: Pick<Plan, 'trajectories' | 'measurements'>,
  frame: string | undefined,
  lose: (what: string) => void,
): PlanReview | undefined {
  const r = childNamed(root, C.review, 'CONTAINER');
  if (!r) return undefined;
  const status = codeKey(REVIEW_STATUS_CODES, codeOf(r, C.reviewStatus));
  if (!status) lose("the review's status is missing or unknown; read as draft");
  const version = numOf(r, C.planVersion) ?? 1;
  const planId = textOf(r, C.planId);
  if (!planId) lose('the review has no plan identity; given a new one');
  const comments: ReviewComment[] = [];
  childrenNamed(r, C.reviewComment, 'CONTAINER').forEach((c, i) => {
    const pin = childNamed(c, C.commentPin, 'SCOORD3D');
    const p = pin?.graphicType === 'POINT' ? points(pin.points)[0] : undefined;
    const body = textOf(c, C.comment) ?? '';
    if (!p) {
      lose(`review comment ${i + 1} ('${body.slice(0, 40)}'): no pin point; left out`);
      return;
    }
    if (frame && pin && pin.frameOfReferenceUid !== frame)
      lose(
        `review comment ${i + 1} is pinned on frame of reference ${pin.frameOfReferenceUid || '(none)'}, not the plan's ${frame}: its point is kept as written`,
      );
    const trajectoryId = textOf(c, C.trajectoryId);
    const measurementId = textOf(c, C.measurementId);
    const anchor: CommentAnchor = trajectoryId
      ? { kind: 'trajectory', trajectoryId, pointLps: p }
      : measurementId
        ? { kind: 'measurement', measurementId, pointLps: p }
        : { kind: 'point', pointLps: p };
    comments.push({
      id: textOf(c, C.commentId) || `sr-comment-${i + 1}`,
      author: textOf(c, C.reviewAuthor) ?? '',
      atIso: timeOf(c, C.reviewTime) ?? '',
      text: body,
      anchor,
      planVersion: numOf(c, C.planVersion) ?? version,
    });
  });
  const history: ReviewEvent[] = [];
  childrenNamed(r, C.reviewEvent, 'CONTAINER').forEach((e, i) => {
    const kind = codeKey(REVIEW_EVENT_CODES, codeOf(e, C.reviewEventKind));
    if (!kind) {
      lose(`review history event ${i + 1}: unknown kind; left out`);
      return;
    }
    const note = textOf(e, C.reviewNote);
    const organization = textOf(e, C.reviewOrganization);
    const changes = childrenNamed(e, C.reviewChange, 'TEXT').map((t) => t.text);
    history.push({
      kind,
      by: textOf(e, C.reviewAuthor) ?? '',
      atIso: timeOf(e, C.reviewTime) ?? '',
      version: numOf(e, C.planVersion) ?? version,
      ...(note !== undefined ? { note } : {}),
      ...(organization !== undefined ? { organization } : {}),
      ...(changes.length > 0 ? { changes } : {}),
    });
  });
  const reviewedVersion = numOf(r, C.reviewedVersion);
  const review: PlanReview = {
    planId: planId || newPlanId(),
    version,
    status: status ?? 'draft',
    comments,
    history,
  };
  if (reviewedVersion !== undefined) {
    if (review.status !== 'draft')
      review.baseline = {
        version: reviewedVersion,
        trajectories: content.trajectories,
        measurements: content.measurements,
      };
    else
      lose(
        `the content of reviewed version ${reviewedVersion} is not in the SR (a draft does not need it: the next submission keeps its own)`,
      );
  }
  return review;
}

/**
 * The plan in a Measurement Report's root container. `facts` (from the document's evidence) stand in for
 * the plan's own settings when an SR from another system lacks them.
 */
export function planFromSrContent(
  root: ContentItem,
  facts: SrImageFacts = {},
  nowIso: string = new Date().toISOString(),
): { plan: Plan; losses: string[]; frameOfReferenceUid?: string } {
  if (root.type !== 'CONTAINER' || !sameCode(root.concept, C.imagingMeasurementReport))
    throw new Error(
      `not a Measurement Report: the document's title is '${root.concept?.meaning ?? '(none)'}', expected '${C.imagingMeasurementReport.meaning}' (TID 1500)`,
    );
  const settings = childNamed(root, C.planSettings, 'CONTAINER');
  const library = childNamed(
    childNamed(root, C.imageLibrary, 'CONTAINER') ?? root,
    C.imageLibraryGroup,
    'CONTAINER',
  );
  const frame =
    (settings && childNamed(settings, C.frameOfReferenceUid, 'UIDREF')?.uid) ||
    (library && childNamed(library, C.frameOfReferenceUid, 'UIDREF')?.uid) ||
    // Another system's SR may name it only in its coordinates: the first one is the plan's.
    firstScoord(root)?.frameOfReferenceUid ||
    undefined;
  const reader = new PlanReader(frame, settings !== undefined);
  const groups = childrenNamed(
    childNamed(root, C.imagingMeasurements, 'CONTAINER') ?? root,
    C.measurementGroup,
    'CONTAINER',
  );
  const trajectories: Trajectory[] = [];
  const measurements: Measurement[] = [];
  const noGoStructures: NoGoStructure[] = [];
  // Groups of each kind counted as met (read or not), so made-up ids and names stay distinct.
  const seen = { trajectory: 0, noGo: 0, measurement: 0 };
  for (const group of groups) {
    const finding = codeOf(group, C.finding);
    if (sameCode(finding, C.plannedTrajectory)) {
      const t = reader.trajectory(group, seen.trajectory++);
      if (t) trajectories.push(t);
    } else if (sameCode(finding, C.noGoStructure)) {
      const s = reader.noGo(group, seen.noGo++);
      if (s) noGoStructures.push(s);
    } else {
      const m = reader.measurement(group, seen.measurement++);
      if (m) measurements.push(m);
    }
  }
  reader.frameLosses();

  const uid = (concept: Code) => (settings && childNamed(settings, concept, 'UIDREF')?.uid) || undefined;
  const studyInstanceUid = settings ? uid(C.studyInstanceUid) : facts.studyInstanceUid;
  const seriesInstanceUid = settings ? uid(C.seriesInstanceUid) : facts.seriesInstanceUid;
  let caseKey = settings && textOf(settings, C.caseKey);
  if (!caseKey) {
    caseKey = seriesInstanceUid || 'demo';
    reader.lose(
      `no Spineplan case key; the plan belongs to ${seriesInstanceUid ? `series ${seriesInstanceUid}` : 'the demo'}`,
    );
  }
  let clearanceWarningMm = settings && numOf(settings, C.clearanceWarning);
  if (clearanceWarningMm === undefined) {
    clearanceWarningMm = 2;
    reader.lose('no clearance warning distance; 2 mm');
  }
  const time = (concept: Code, label: string): string => {
    const item =
      settings && (childNamed(settings, concept, 'DATETIME') ?? childNamed(settings, concept, 'TEXT'));
    const iso =
      item?.type === 'DATETIME'
        ? dicomDateTimeToIso(item.dateTime)
        : item?.type === 'TEXT'
          ? item.text
          : undefined;
    if (iso) return iso;
    reader.lose(`no plan ${label} time; now`);
    return nowIso;
  };
  const createdAt = time(C.planCreated, 'creation');
  const updatedAt = time(C.planUpdated, 'edit');
  const painted = settings ? childrenNamed(settings, C.paintedNoGo, 'TEXT').map((t) => t.text) : [];
  if (painted.length > 0)
    reader.lose(
      `${painted.length} painted no-go region${painted.length === 1 ? '' : 's'} (${painted.map((n) => `'${n}'`).join(', ')}) ${painted.length === 1 ? 'is' : 'are'} not in the SR: ${painted.length === 1 ? 'it is' : 'they are'} in the study's Segmentation`,
    );
  const review = reviewOf(root, { trajectories, measurements }, frame, (what) => reader.lose(what));
  const plan: Plan = {
    schemaVersion: PLAN_SCHEMA_VERSION,
    caseKey,
    trajectories,
    measurements,
    noGoStructures,
    noGoMasks: [],
    clearanceWarningMm,
    createdAt,
    updatedAt,
    ...(studyInstanceUid ? { studyInstanceUid } : {}),
    ...(seriesInstanceUid ? { seriesInstanceUid } : {}),
    ...(review ? { review } : {}),
  };
  return { plan, losses: reader.losses, ...(frame ? { frameOfReferenceUid: frame } : {}) };
}
