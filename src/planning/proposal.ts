import { bisectBoundary } from '../core/bisect';
import type { Result } from '../core/errors';
import { fail, ok } from '../core/errors';
import type { Vec3 } from '../core/vec3';
import { add, cross, distance, dot, length, normalize, scale, sub } from '../core/vec3';
import { frameDirection, levelFrame } from './approachFrame';
import { SKIN_AIR_HU } from './huThresholds';
import { findNeedle, shortestSufficientNeedle } from './needles';
import type { LpsSampler } from './pathProfile';
import {
  type ApproachRule,
  type ClearanceKind,
  clickPrompt,
  type ProcedureDefinition as ProcedureTemplate,
  type StandardViewId,
} from './procedures';
import type { Side } from './trajectory';

/**
 * Turns a procedure template into a proposed target and skin entry: from the demo phantom's ground truth
 * (`proposeFromTruth`) or from the points the template asks the user to click on patient data
 * (`proposeFromClicks`). A proposal is always labelled as such: the user checks it before using it.
 */

type SideLandmarks = { pedicleCentreLps: Vec3; pedicleAxis: Vec3; sapTpJunctionLps: Vec3 };
type SegmentSide = { safeTriangleCentreLps: Vec3; kambinTriangleCentreLps: Vec3 };

/**
 * The part of the phantom's ground truth (phantom/truth.ts PhantomTruth) templates need, declared here
 * structurally because planning may not import phantom: a PhantomTruth is a TemplateTruth.
 */
export interface TemplateTruth {
  vertebrae: readonly {
    name: string;
    bodyCentreLps: Vec3;
    superiorEndplateNormal: Vec3;
    left: SideLandmarks;
    right: SideLandmarks;
  }[];
  segments: readonly {
    name: string;
    interlaminarWindowCentreLps: Vec3;
    left: SegmentSide;
    right: SegmentSide;
  }[];
  /** Undefined when the automatic spine analysis (analysis/types.ts SpineAnalysis) found no sacrum. */
  sacrum:
    | {
        s1SuperiorEndplateNormal: Vec3;
        s1DorsalForamenLps: Record<'left' | 'right', Vec3>;
        siJointLowerThirdLps: Record<'left' | 'right', Vec3>;
      }
    | undefined;
}

export const NOTE_FROM_TRUTH = 'Proposal from ground truth';
export const NOTE_FROM_CLICKS = 'Proposal - check it (built from your clicks)';
/** Patient CT: landmarks from the automatic spine analysis (a SpineAnalysis is a TemplateTruth). */
export const NOTE_FROM_ANALYSIS = 'Proposal from automatic spine analysis - check it';

export interface TemplateProposal {
  procedure: ProcedureTemplate['id'];
  level: string;
  side: Side;
  targetLps: Vec3;
  entryLps: Vec3;
  /** Unit vector target -> entry. */
  outwardDirection: Vec3;
  needleId: string;
  views: readonly StandardViewId[];
  note: typeof NOTE_FROM_TRUTH | typeof NOTE_FROM_CLICKS | typeof NOTE_FROM_ANALYSIS;
  /** True when the entry was found on the skin with the sampler; false: nominal depth or volume edge. */
  entryOnSkin: boolean;
  /** Plain-language remarks to show with the proposal (nominal depth, longer needle, a click to check). */
  remarks: string[];
}

export interface ProposalOptions {
  /** HU at an LPS point (undefined outside the volume): the entry is put where the body meets air. */
  skinSampler?: LpsSampler;
  /**
   * Signed distance (mm, < 0 inside) to the thecal sac: puts a lumbar puncture tip inside it and keeps an
   * interlaminar epidural tip outside it.
   */
  thecalSacDistanceMm?: (lps: Vec3) => number;
  /**
   * Body mask (from a body/couch segmentation of the CT): the skin is where the approach leaves it. Without
   * it the skin is found from the HU samples alone (findSkinAlong).
   */
  insideBody?: InsideBody;
  /**
   * Signed distance (mm, < 0 inside) to the nearest no-go structure of a kind (truth or segmentation): the
   * approach angles are then searched within the published ranges for one that keeps the procedure's margins.
   */
  clearanceMm?: (kind: ClearanceKind, lps: Vec3) => number;
}

const MAX_SKIN_DEPTH_MM = 250;
/**
 * Tissue met beyond an air gap counts as part of the patient only when it is at least this thick along the
 * ray; thinner slabs are the CT couch, a mattress or a blanket (a CT table top is a carbon-fibre sheet
 * ~10-20 mm thick, ~25 mm along a 45 deg oblique ray), and a gas bubble inside the body is followed by
 * thick tissue.
 */
export const SHEET_MAX_MM = 30;
const SKIN_STEP_MM = 0.5;
/** Centre of the anterior third of a ~33 mm deep lumbar body, in front of the body centre. */
const ANTERIOR_THIRD_FROM_CENTRE_MM = 11;
/** A lumbar puncture tip this far inside the sac wall (the lumbar sac is ~12-15 mm across). */
const LP_DEPTH_IN_SAC_MM = 3;
const LP_DEFAULT_ADVANCE_MM = 8;
/** Interlaminar epidural: tip axis this far from the dura (the posterior epidural space is ~3-6 mm deep). */
const ILESI_DURA_GAP_MM = 1.5;

/** Outward (target -> entry) direction of an angled approach in the endplate or patient frame (approachFrame.ts). */
export function angledDirection(
  obliqueDeg: number,
  tiltDeg: number,
  side: Side,
  endplateNormal?: Vec3,
): Vec3 {
  return frameDirection(
    { obliqueDeg, tiltDeg },
    side,
    endplateNormal ? 'endplate' : 'patient',
    endplateNormal,
  );
}

/** Whether an LPS point is inside the patient's body (a body/couch segmentation), for the skin search. */
export type InsideBody = (lps: Vec3) => boolean;

/**
 * Marches outward from `fromLps` along `outward` and returns the skin point, refined to 0.1 mm; undefined
 * when the ray leaves the volume (or runs MAX_SKIN_DEPTH_MM) without leaving the body.
 *
 * With `insideBody` (a body mask that excludes the couch) the skin is the last point inside it. Without,
 * from the HU samples: the skin is the first body-to-air transition (HU < SKIN_AIR_HU) beyond which no
 * tissue slab at least SHEET_MAX_MM thick follows within the volume. So gas inside the body (followed by
 * thick tissue) is passed, and so are the CT couch and mattress beyond an air gap (thin sheets): the entry
 * lands on the back, not on the couch a supine patient's back lay on during the scan.
 */
export function findSkinAlong(
  fromLps: Vec3,
  outward: Vec3,
  sampler: LpsSampler,
  insideBody?: InsideBody,
): Vec3 | undefined {
  const at = (d: number) => add(fromLps, scale(outward, d));
  // Samples along the ray until the volume ends: true = body/tissue, false = outside/air.
  const body: boolean[] = [];
  for (let d = 0; d <= MAX_SKIN_DEPTH_MM; d += SKIN_STEP_MM) {
    const q = at(d);
    const hu = sampler(q);
    if (hu === undefined) break;
    body.push(insideBody ? insideBody(q) : hu >= SKIN_AIR_HU);
  }
  const isOutside = (d: number) => {
    const q = at(d);
    return insideBody ? !insideBody(q) : (sampler(q) ?? 0) < SKIN_AIR_HU;
  };
  const refine = (i: number): Vec3 =>
    at(bisectBoundary(i * SKIN_STEP_MM, (i + 1) * SKIN_STEP_MM, isOutside, 0.1).a);
  if (insideBody) {
    const last = body.lastIndexOf(true);
    return last >= 0 && last < body.length - 1 ? refine(last) : undefined;
  }
  const sheetSamples = SHEET_MAX_MM / SKIN_STEP_MM;
  /** Whether a tissue slab at least SHEET_MAX_MM thick starts at or after sample `i`. */
  const thickTissueFrom = (i: number): boolean => {
    let run = 0;
    for (let k = i; k < body.length; k++) {
      run = body[k] ? run + 1 : 0;
      if (run >= sheetSamples) return true;
    }
    return false;
  };
  for (let i = 0; i + 1 < body.length; i++)
    if (body[i] && !body[i + 1] && !thickTissueFrom(i + 1)) return refine(i);
  return undefined;
}

/** Cortical and dense cancellous bone (cancellous bone ~150-400 HU, cortex above ~700). */
const BONE_HU = 150;
/** Bone is counted along this much of a candidate path (target to beyond the skin of a lumbar back). */
const PATH_SEARCH_MM = 120;
/** The first mm of a path may touch the bone its target lies on (SAP-TP junction 1 mm off the bone). */
const TARGET_BONE_SKIP_MM = 2;
const SEARCH_STEP_MM = 0.5;
/** A lumbar puncture path is checked for bone this far in front of the window (into the sac). */
const LP_SEARCH_INWARD_MM = 12;
/** From the interlaminar window the tip backs off up to 3 mm: clearance counts from there. */
const ILESI_CLEAR_FROM_MM = 3;

/**
 * The angles of an angled approach, searched within the procedure's published ranges when the CT is known
 * (1 deg steps; midline approaches keep oblique 0): the path from `fromLps` outward that crosses the least
 * bone (an interlaminar needle "tilts until the space opens"; a transforaminal one passes the articular
 * process), then, with `clearanceMm`, one that keeps every no-go margin, then the one nearest the default.
 * Without a sampler the defaults stand.
 */
function searchApproach(
  a: Extract<ApproachRule, { kind: 'angled' }>,
  side: Side,
  endplateNormal: Vec3 | undefined,
  fromLps: Vec3,
  options: ProposalOptions,
  margins: ProcedureTemplate['clearanceMarginMm'],
  needleRadiusMm: number,
  /** Bone is counted from this far inside `fromLps` (a lumbar puncture goes on into the sac). */
  inwardMm = 0,
  /** Clearance is checked from this far out (an epidural tip sits by the dura it must not touch). */
  clearFromMm = 0,
): Vec3 {
  const dirOf = (o: number, t: number) =>
    frameDirection({ obliqueDeg: o, tiltDeg: t }, side, a.frame, endplateNormal);
  const sampler = options.skinSampler;
  if (!sampler) return dirOf(a.obliqueDeg, a.tiltDeg);
  const obliques = side === 'midline' ? [0] : range(a.obliqueRangeDeg, a.obliqueDeg);
  const tilts = range(a.tiltRangeDeg, a.tiltDeg);
  const candidates: { dir: Vec3; bone: number; off: number }[] = [];
  for (const o of obliques)
    for (const t of tilts) {
      const dir = dirOf(o, t);
      let bone = 0;
      for (let d = inwardMm > 0 ? -inwardMm : TARGET_BONE_SKIP_MM; d <= PATH_SEARCH_MM; d += SEARCH_STEP_MM)
        if ((sampler(add(fromLps, scale(dir, d))) ?? 0) > BONE_HU) bone++;
      candidates.push({ dir, bone, off: Math.hypot(o - a.obliqueDeg, t - a.tiltDeg) });
    }
  candidates.sort((x, y) => x.bone - y.bone || x.off - y.off);
  const clearanceMm = options.clearanceMm;
  if (!clearanceMm) return candidates[0]!.dir;
  const kinds = Object.entries(margins) as [ClearanceKind, number][];
  const clears = (dir: Vec3): boolean => {
    for (let d = clearFromMm; d <= PATH_SEARCH_MM; d += SEARCH_STEP_MM) {
      const q = add(fromLps, scale(dir, d));
      if ((sampler(q) ?? -1000) < SKIN_AIR_HU && d > 20) return true; // out of the body
      for (const [kind, margin] of kinds) if (clearanceMm(kind, q) - needleRadiusMm < margin) return false;
    }
    return true;
  };
  const fewestBone = candidates[0]!.bone;
  return (candidates.find((c) => c.bone <= fewestBone + 2 && clears(c.dir)) ?? candidates[0]!).dir;
}

/** Whole degrees in `[lo, hi]`, and the default. */
function range(r: readonly [number, number], preferred: number): number[] {
  const out = new Set<number>([preferred]);
  for (let v = Math.ceil(r[0]); v <= r[1]; v++) out.add(v);
  return [...out];
}

/** Upper vertebra of a segment ('L4-L5' -> 'L4') or the vertebra itself. */
const upperVertebra = (level: string): string => level.trim().toUpperCase().split(/[-/ ]/)[0] ?? '';

interface Geometry {
  targetLps: Vec3;
  outward: Vec3;
}

function truthGeometry(
  t: ProcedureTemplate,
  level: string,
  side: Side,
  truth: TemplateTruth,
  options: ProposalOptions,
): Result<Geometry> {
  const lr = side === 'right' ? 'right' : 'left';
  const vertebra = truth.vertebrae.find((v) => v.name === upperVertebra(level));
  const segment = truth.segments.find((s) => s.name === level.trim().toUpperCase());
  const needsSegment = t.levelKind === 'segment';
  if (needsSegment && !segment) return fail(`the ground truth has no segment '${level}'`);
  if (t.levelKind === 'vertebra' && !vertebra) return fail(`the ground truth has no vertebra '${level}'`);
  const sacrum = truth.sacrum;
  if (t.levelKind === 'sacrum' && !sacrum) return fail('no sacrum was found');
  const normal =
    t.levelKind === 'sacrum' ? sacrum?.s1SuperiorEndplateNormal : vertebra?.superiorEndplateNormal;
  const angled = (): Vec3 => {
    const a = t.approach;
    if (a.kind !== 'angled') throw new Error('not an angled approach');
    const frameNormal = a.frame === 'endplate' ? normal : undefined;
    const interlaminar = t.target === 'thecal-sac' || t.target === 'interlaminar-window';
    const from = interlaminar ? segment?.interlaminarWindowCentreLps : landmarkOf();
    return from
      ? searchApproach(
          a,
          side,
          frameNormal,
          from,
          options,
          t.clearanceMarginMm,
          needleRadius(t),
          t.target === 'thecal-sac' ? LP_SEARCH_INWARD_MM : 0,
          interlaminar ? ILESI_CLEAR_FROM_MM : 0,
        )
      : frameDirection(a, side, a.frame, frameNormal);
  };
  const landmarkOf = (): Vec3 | undefined => {
    switch (t.target) {
      case 'safe-triangle':
        return segment?.[lr].safeTriangleCentreLps;
      case 'kambin-triangle':
        return segment?.[lr].kambinTriangleCentreLps;
      case 's1-dorsal-foramen':
        return sacrum?.s1DorsalForamenLps[lr];
      case 'si-joint-lower-third':
        return sacrum?.siJointLowerThirdLps[lr];
      case 'sap-tp-junction':
        return vertebra?.[lr].sapTpJunctionLps;
      default:
        return undefined;
    }
  };
  switch (t.target) {
    case 'safe-triangle':
      return ok({ targetLps: segment![lr].safeTriangleCentreLps, outward: angled() });
    case 'kambin-triangle':
      return ok({ targetLps: segment![lr].kambinTriangleCentreLps, outward: angled() });
    case 'interlaminar-window': {
      const outward = angled();
      const window = segment!.interlaminarWindowCentreLps;
      return ok({ targetLps: backOffSac(window, outward, options.thecalSacDistanceMm), outward });
    }
    case 'thecal-sac': {
      const outward = angled();
      const window = segment!.interlaminarWindowCentreLps;
      return ok({ targetLps: advanceIntoSac(window, outward, options.thecalSacDistanceMm), outward });
    }
    case 's1-dorsal-foramen':
      return ok({ targetLps: sacrum!.s1DorsalForamenLps[lr], outward: angled() });
    case 'si-joint-lower-third':
      return ok({ targetLps: sacrum!.siJointLowerThirdLps[lr], outward: angled() });
    case 'sap-tp-junction':
      return ok({ targetLps: vertebra![lr].sapTpJunctionLps, outward: angled() });
    case 'vertebral-body-anterior-third': {
      const v = vertebra!;
      const aim = anteriorThirdAim(v.bodyCentreLps, v.superiorEndplateNormal);
      const { pedicleCentreLps: c, pedicleAxis } = v[lr];
      // Through the pedicle's centre to the anterior-third aim point (a unipedicular needle converges a
      // little more than the pedicle axis to reach the midline, as with the clicked pedicle and target),
      // the tip held back from the anterior cortex when the CT is known.
      const toAim = sub(aim, c);
      const axis = dot(toAim, normalize(pedicleAxis)) > 0 ? normalize(toAim) : normalize(pedicleAxis);
      const anterior = scale(levelFrame(v.superiorEndplateNormal).p, -1);
      const targetLps = options.skinSampler
        ? clearOfAnteriorCortex(aim, axis, anterior, c, options.skinSampler)
        : aim;
      return ok({ targetLps, outward: scale(axis, -1) });
    }
  }
}

/** Bone for the vertebroplasty tip check: cancellous bone is 150-400 HU, cortex above ~700. */
const BODY_BONE_HU = 150;
/**
 * The vertebroplasty tip stays at least this far inside the outer surface of the body (as HU >= 150 shows
 * it) in every anterior direction: ~5 mm clear of the anterior cortex (Jensen et al., AJNR 1997), plus
 * ~1 mm of cortex and ~1 mm for the cortex's partial-volume blur outward at coarse (2-3 mm) voxels.
 */
export const ANTERIOR_CORTEX_CLEARANCE_MM = 7;

/** Unit directions of the half-space `anterior` points into (the axis, rings at 30, 60 and 90 deg). */
function anteriorHemisphere(anterior: Vec3): Vec3[] {
  const a = normalize(anterior);
  const e1 = normalize(Math.abs(a[2]) < 0.9 ? cross(a, [0, 0, 1]) : cross(a, [1, 0, 0]));
  const e2 = cross(a, e1);
  const out: Vec3[] = [a];
  for (const polar of [30, 60, 90])
    for (let k = 0; k < 12; k++) {
      const az = (k * Math.PI) / 6;
      const p = (polar * Math.PI) / 180;
      out.push(
        add(
          scale(a, Math.cos(p)),
          add(scale(e1, Math.sin(p) * Math.cos(az)), scale(e2, Math.sin(p) * Math.sin(az))),
        ),
      );
    }
  return out;
}

/**
 * Backs the tip off along the transpedicular axis (toward the pedicle `stopLps`) until bone surrounds it
 * for ANTERIOR_CORTEX_CLEARANCE_MM in every anterior direction: the tip in the anterior third, clear of the
 * cortex, and so away from the aorta and IVC just in front of it.
 */
function clearOfAnteriorCortex(
  tipLps: Vec3,
  axis: Vec3,
  anterior: Vec3,
  stopLps: Vec3,
  sampler: LpsSampler,
): Vec3 {
  const dirs = anteriorHemisphere(anterior);
  const clear = (q: Vec3) =>
    dirs.every((d) => (sampler(add(q, scale(d, ANTERIOR_CORTEX_CLEARANCE_MM))) ?? -1000) >= BODY_BONE_HU);
  const maxBack = dot(sub(tipLps, stopLps), axis);
  for (let back = 0; back <= maxBack; back += 0.25) {
    const q = add(tipLps, scale(axis, -back));
    if (clear(q)) return q;
  }
  return tipLps;
}

/** The vertebroplasty aim point: the centre of the body's anterior third, on the midline. */
export function anteriorThirdAim(bodyCentreLps: Vec3, endplateNormal: Vec3): Vec3 {
  return add(bodyCentreLps, scale(levelFrame(endplateNormal).p, -ANTERIOR_THIRD_FROM_CENTRE_MM));
}

/**
 * An interlaminar epidural tip stops in the posterior epidural fat, short of the dura: when the window
 * centre lies closer than ILESI_DURA_GAP_MM to the sac, back it out along the approach (at most 3 mm).
 */
function backOffSac(window: Vec3, outward: Vec3, sacMm: ((p: Vec3) => number) | undefined): Vec3 {
  if (!sacMm) return window;
  for (let d = 0; d <= 3; d += 0.1) {
    const p = add(window, scale(outward, d));
    if (sacMm(p) >= ILESI_DURA_GAP_MM) return p;
  }
  return add(window, scale(outward, 3));
}

/** From the interlaminar window inward along the approach until LP_DEPTH_IN_SAC_MM inside the sac. */
function advanceIntoSac(window: Vec3, outward: Vec3, sacMm: ((p: Vec3) => number) | undefined): Vec3 {
  const inward = scale(outward, -1);
  if (!sacMm) return add(window, scale(inward, LP_DEFAULT_ADVANCE_MM));
  for (let d = 0; d <= 40; d += 0.25) {
    const p = add(window, scale(inward, d));
    if (sacMm(p) <= -LP_DEPTH_IN_SAC_MM) return p;
  }
  return add(window, scale(inward, LP_DEFAULT_ADVANCE_MM));
}

/** Shaft radius of a procedure's needle (mm). */
const needleRadius = (t: ProcedureTemplate): number => (findNeedle(t.needleId)?.outerDiameterMm ?? 0) / 2;

function finish(
  t: ProcedureTemplate,
  level: string,
  side: Side,
  g: Geometry,
  note: TemplateProposal['note'],
  options: ProposalOptions,
  remarks: string[],
): TemplateProposal {
  const skin =
    options.skinSampler && findSkinAlong(g.targetLps, g.outward, options.skinSampler, options.insideBody);
  if (options.skinSampler && !skin)
    remarks.push(`No skin found along the approach: the entry is put ${t.nominalDepthMm} mm out; move it.`);
  if (!options.skinSampler) remarks.push(`Entry at the template's nominal ${t.nominalDepthMm} mm depth.`);
  const entryLps = skin ?? add(g.targetLps, scale(g.outward, t.nominalDepthMm));
  const pathMm = distance(entryLps, g.targetLps);
  // The shortest needle of the procedure's family and gauge that reaches (a longer one bends and is
  // harder to steer).
  const preferred = findNeedle(t.needleId);
  let needleId = t.needleId;
  if (preferred) {
    const shortest = shortestSufficientNeedle(preferred, pathMm);
    if (shortest) {
      needleId = shortest.id;
      if (shortest.lengthMm > preferred.lengthMm)
        remarks.push(`Path ${pathMm.toFixed(0)} mm: the longer ${shortest.label} is proposed.`);
    } else remarks.push(`Path ${pathMm.toFixed(0)} mm: no ${preferred.label} family needle is long enough.`);
  }
  return {
    procedure: t.id,
    level,
    side,
    targetLps: g.targetLps,
    entryLps,
    outwardDirection: g.outward,
    needleId,
    views: t.views,
    note,
    entryOnSkin: skin !== undefined,
    remarks,
  };
}

/** The demo's proposal: target and approach from the phantom's ground truth, entry on its skin. */
export function proposeFromTruth(
  template: ProcedureTemplate,
  level: string,
  side: Side,
  truth: TemplateTruth,
  options: ProposalOptions = {},
  note: typeof NOTE_FROM_TRUTH | typeof NOTE_FROM_ANALYSIS = NOTE_FROM_TRUTH,
): Result<TemplateProposal> {
  if (!template.sides.includes(side)) return fail(`${template.name} is not planned on the ${side} side`);
  const g = truthGeometry(template, level, side, truth, options);
  if (!g.ok) return g;
  return ok(finish(template, level, side, g.value, note, options, []));
}

export type TemplateClicks = Partial<Record<ProcedureTemplate['clicks'][number]['id'], Vec3>>;

export interface ClickProposalOptions extends ProposalOptions {
  side: Side;
  level?: string;
  /** Superior endplate normal of the level, if known: 'endplate'-frame angles are measured from it. */
  endplateNormal?: Vec3;
}

/**
 * Patient data: the target is the user's click; the approach follows the template's rule (through the
 * clicked pedicle for transpedicular templates); the entry goes on the skin when a sampler is given.
 */
export function proposeFromClicks(
  template: ProcedureTemplate,
  clicks: TemplateClicks,
  options: ClickProposalOptions,
): Result<TemplateProposal> {
  const { side } = options;
  if (!template.sides.includes(side)) return fail(`${template.name} is not planned on the ${side} side`);
  const level = options.level ?? template.defaultLevel;
  for (const step of template.clicks)
    if (!clicks[step.id]) return fail(`${template.name} needs a click: ${clickPrompt(step, level, side)}`);
  const targetLps = clicks.target!;
  const remarks: string[] = [];
  let outward: Vec3;
  if (template.approach.kind === 'pedicle-axis') {
    const towardPedicle = sub(clicks.pedicle!, targetLps);
    if (length(towardPedicle) < 1) return fail('the pedicle and the target clicks coincide');
    outward = normalize(towardPedicle);
    if (outward[1] <= 0) remarks.push('The pedicle click is not behind the target: check both clicks.');
    if (options.skinSampler) {
      const anterior = scale(levelFrame(options.endplateNormal).p, -1);
      const inward = scale(outward, -1);
      const held = clearOfAnteriorCortex(targetLps, inward, anterior, clicks.pedicle!, options.skinSampler);
      const backMm = distance(held, targetLps);
      if (backMm > 0.5)
        remarks.push(
          `The target is near the front of the vertebral body: ${backMm.toFixed(0)} mm further back keeps the tip ~5 mm clear of the anterior cortex and the great vessels.`,
        );
    }
  } else {
    const a = template.approach;
    const frameNormal = a.frame === 'endplate' ? options.endplateNormal : undefined;
    // Within the published ranges: the path that crosses the least bone and keeps the margins.
    outward = searchApproach(
      a,
      side,
      frameNormal,
      targetLps,
      options,
      template.clearanceMarginMm,
      needleRadius(template),
      0,
      template.target === 'interlaminar-window' ? ILESI_CLEAR_FROM_MM : 0,
    );
    if (a.frame === 'endplate' && !options.endplateNormal)
      remarks.push('Angles are from the patient axes (no endplate given): square the endplate and check.');
  }
  if (template.id === 'tfesi' && clicks.pedicle) {
    const below = clicks.pedicle[2] - targetLps[2];
    if (below < 1 || below > 15)
      remarks.push('The target is not just below the clicked pedicle: check the level and the clicks.');
  }
  return ok(finish(template, level, side, { targetLps, outward }, NOTE_FROM_CLICKS, options, remarks));
}
