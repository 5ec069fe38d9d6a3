import { add, normalize, scale, type Vec3 } from '../core/vec3';
import { type Frame, tiltedFrame } from './frame';
import type { Rng } from './prng';

export type LevelName = 'T11' | 'T12' | 'L1' | 'L2' | 'L3' | 'L4' | 'L5' | 'L6' | 'S1';

/**
 * Segmentation variants for testing level counting (Konin & Walz, AJR 2010;194:W239: lumbosacral
 * transitional vertebrae in 4-30%): 'six-lumbar' has L1-L6 between the rib-bearing T12 and the sacrum;
 * 'sacralised-l5' fuses L5 to the sacrum (Castellvi type IIIb: both transverse processes fused to the
 * sacral ala, only a disc remnant), leaving 4 mobile lumbar vertebrae.
 */
export type PhantomVariant = 'normal' | 'six-lumbar' | 'sacralised-l5';

/**
 * Size and shape of one vertebra (mm, degrees). Means follow lumbar morphometry:
 * - bodies: width ~40 -> 50 mm, mid-sagittal depth ~30 -> 35 mm, height 25-28 mm L1 -> L5 (Panjabi et al.,
 *   "Human lumbar vertebrae: quantitative three-dimensional anatomy", Spine 1992;17:299-306);
 * - pedicles: isthmus width 8.7, 8.9, 10.3, 12.9, 18.0 mm and height ~15.5 -> 14 mm L1 -> L5, transverse angle
 *   rising caudally (Zindrick et al., "Analysis of the morphometric characteristics of the thoracic and lumbar
 *   pedicles", Spine 1987;12:160-166); T12 ~7.8 mm wide and taller (thoracic);
 * - interpedicular distance ~21-27 mm (Hinck et al., AJR 1966;97:141); discs ~8 (T12-L1) -> 11.5 mm
 *   (L4-L5 mid-height 10-13 mm, Frobin et al., Clin Biomech 1997;12 Suppl 1:S1);
 * - L3 transverse process longest; facet joints turning from sagittal (L1-L2 ~25 deg) to ~50 deg at L5-S1
 *   (Masharawi et al., Spine 2004;29:1755).
 */
export interface LevelSpec {
  name: LevelName;
  /** Origin at the body centre; z = superior endplate normal, y = posterior, x = patient left. */
  frame: Frame;
  widthMm: number;
  depthMm: number;
  heightMm: number;
  /** Height of the disc below this vertebra (0 for S1). */
  discBelowMm: number;
  /** Sagittal tilt of the body axis, + leaning posteriorly (lordosis: L3 ~0, L5 anterior). */
  tiltDeg: number;
  pedicleWidthMm: number;
  pedicleHeightMm: number;
  /** Pedicle axis angle to the sagittal plane, anterior end medial. */
  pedicleMedialDeg: number;
  /** Distance between the pedicles' medial walls (canal width). */
  interpedicularMm: number;
  /** Lateral distance of the transverse process tip from the midline. */
  tpTipMm: number;
  tpHeightMm: number;
  spinousLengthMm: number;
  spinousHeightMm: number;
  /** Angle of the facet joint with the vertebra below to the sagittal plane. */
  facetAngleDeg: number;
  /** Sacralised (variant 'sacralised-l5'): fused to the sacrum by its transverse processes and facets. */
  fusedToSacrum: boolean;
}

type Row = [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];
// name: w, d, h, discBelow, tilt, pedW, pedH, pedMedial, interpedicular, tpTip, tpH, spinousLen, spinousH, facetAngle
const MEANS: Record<Exclude<LevelName, 'L6'>, Row> = {
  T11: [36, 27, 22, 7, 22, 7.5, 17, 3, 19, 20, 7, 28, 16, 15],
  T12: [38, 28, 23, 8, 18, 7.8, 16.5, 5, 20, 22, 8, 28, 18, 20],
  L1: [40, 30, 25, 10, 12, 8.7, 15.4, 10, 22, 33, 8, 30, 20, 25],
  L2: [42, 32, 26, 11, 6, 8.9, 15, 12, 23, 40, 9, 31, 22, 30],
  L3: [45, 34, 27, 11.5, 0, 10.3, 14.8, 15, 24, 50, 10, 31, 23, 40],
  L4: [47, 35, 27, 11.5, -9, 12.9, 14.5, 18, 25, 45, 10, 29, 21, 45],
  L5: [50, 35, 26, 11, -20, 18, 14, 25, 27, 42, 13, 25, 17, 50],
  S1: [50, 33, 24, 0, -38, 16, 14, 28, 28, 0, 0, 12, 14, 0],
};

/** Derived local measurements of a vertebra (mm, in its frame). */
export interface LevelDims {
  rx: number;
  /** Anterior semi-axis of the body section (ellipse in front, squarer superellipse behind). */
  ry: number;
  hz: number;
  /** y of the flat posterior body wall. */
  wallY: number;
  /** y of the spinal canal centre. */
  canalY: number;
  /** z of the pedicle centres (pedicles sit on the upper half of the body). */
  pedZ: number;
}

/** Midline concavity of the posterior body wall, mm. */
export const WALL_CONCAVITY_MM = 2.5;

export function levelDims(l: LevelSpec): LevelDims {
  // Mid-sagittal depth (anterior cortex to the concave posterior wall) = depthMm: ry + wallY - concavity.
  const ry = (l.depthMm + WALL_CONCAVITY_MM) / 1.85;
  const wallY = 0.85 * ry;
  // S1's pedicles sit lower on the body than the lumbar ones (below the ala's upper surface), so the L5-S1
  // foramen keeps the height of the others (~19-23 mm, Hasegawa et al. 1995).
  const pedZ = (l.name === 'S1' ? -0.05 : 0.18) * l.heightMm;
  return { rx: l.widthMm / 2, ry, hz: l.heightMm / 2, wallY, canalY: wallY + 8, pedZ };
}

export interface Spine {
  /** T11 (partly in view), T12, the lumbar vertebrae, then S1, cranial to caudal. */
  levels: LevelSpec[];
}

/** Names of the lumbar-type vertebrae of a variant, cranial to caudal. */
export const lumbarNames = (variant: PhantomVariant): LevelName[] =>
  variant === 'six-lumbar' ? ['L1', 'L2', 'L3', 'L4', 'L5', 'L6'] : ['L1', 'L2', 'L3', 'L4', 'L5'];

/**
 * Mean row for a vertebra: lumbar vertebra k of n (1 = L1) takes the means at the same fraction of the
 * L1..L5 range (so with six, L6 is shaped like a normal L5 and the others interpolate).
 */
function meansFor(name: LevelName, lumbarCount: number): Row {
  if (!name.startsWith('L')) return MEANS[name as 'T11' | 'T12' | 'S1'];
  const k = Number(name.slice(1));
  const f = 1 + ((k - 1) * 4) / (lumbarCount - 1);
  const lo = Math.floor(f);
  const t = f - lo;
  const a = MEANS[`L${lo}` as 'L1'];
  const b = MEANS[`L${Math.min(5, lo + 1)}` as 'L1'];
  return a.map((v, i) => v + t * (b[i]! - v)) as Row;
}

/** Where L3's body centre sits in LPS: the spine lies in the posterior half of the body. */
const L3_CENTRE_LPS: Vec3 = [0, 5, 0];

/** Builds the lordotic column from S1 upwards, with small seeded per-level variation. */
export function buildSpine(rng: Rng, variant: PhantomVariant = 'normal'): Spine {
  const lumbar = lumbarNames(variant);
  // Caudal to cranial; T11 last so the draws of the others do not depend on it.
  const names: LevelName[] = ['S1', ...[...lumbar].reverse(), 'T12', 'T11'];
  const vary = (mean: number, rel: number): number =>
    mean * (1 + Math.max(-2, Math.min(2, rng.gauss(1))) * rel);
  const sacralised = (name: LevelName): boolean => variant === 'sacralised-l5' && name === 'L5';
  const drawBody = (name: LevelName) => {
    const m = meansFor(name, lumbar.length);
    return {
      name,
      w: vary(m[0], 0.03),
      d: vary(m[1], 0.03),
      h: vary(m[2], 0.03),
      // A sacralised L5 keeps only a disc remnant and lines up with the sacrum.
      disc: sacralised(name) ? vary(2.5, 0.1) : vary(m[3], 0.06),
      tilt: (sacralised(name) ? -30 : m[4]) + rng.gauss(1.2),
      yaw: name === 'S1' ? 0 : rng.gauss(1.5),
      roll: name === 'S1' ? 0 : rng.gauss(1.2),
      m,
    };
  };
  const drawParts = (m: Row, name: LevelName) => ({
    fusedToSacrum: sacralised(name),
    pedicleWidthMm: vary(m[5], 0.05),
    pedicleHeightMm: vary(m[6], 0.04),
    pedicleMedialDeg: m[7] + rng.gauss(1),
    interpedicularMm: vary(m[8], 0.03),
    tpTipMm: vary(m[9], 0.04),
    // Castellvi type III: a broad, wing-like transverse process fused to the ala.
    tpHeightMm: sacralised(name) ? 22 : m[10],
    spinousLengthMm: vary(m[11], 0.05),
    spinousHeightMm: vary(m[12], 0.05),
    facetAngleDeg: m[13] + rng.gauss(2),
  });
  // T11 draws last, so the other levels of a seed do not depend on it.
  const raw = names.slice(0, -1).map(drawBody);
  const parts = raw.map((r) => drawParts(r.m, r.name));
  raw.push(drawBody('T11'));
  parts.push(drawParts(raw[raw.length - 1]!.m, 'T11'));
  // Stack bodies: centre -> superior endplate -> disc (along the mean of both axes) -> next inferior endplate.
  const centres: Vec3[] = [[0, 0, 0]];
  const frames: Frame[] = [tiltedFrame([0, 0, 0], raw[0]!.tilt, raw[0]!.yaw, raw[0]!.roll)];
  for (let i = 1; i < raw.length; i++) {
    const lower = raw[i - 1]!;
    const upper = raw[i]!;
    const lowerFrame = frames[i - 1]!;
    const upperAxis = tiltedFrame([0, 0, 0], upper.tilt, upper.yaw, upper.roll).ez;
    const top = add(centres[i - 1]!, scale(lowerFrame.ez, lower.h / 2));
    const discAxis = normalize(add(lowerFrame.ez, upperAxis));
    const centre = add(add(top, scale(discAxis, upper.disc)), scale(upperAxis, upper.h / 2));
    centres.push(centre);
    frames.push(tiltedFrame(centre, upper.tilt, upper.yaw, upper.roll));
  }
  const l3 = centres[names.indexOf('L3')]!;
  const shift: Vec3 = [L3_CENTRE_LPS[0] - l3[0], L3_CENTRE_LPS[1] - l3[1], L3_CENTRE_LPS[2] - l3[2]];
  const levels = raw.map((r, i): LevelSpec => {
    const f = frames[i]!;
    return {
      name: r.name,
      frame: { ...f, originLps: add(f.originLps, shift) },
      widthMm: r.w,
      depthMm: r.d,
      heightMm: r.h,
      discBelowMm: r.disc,
      tiltDeg: r.tilt,
      ...parts[i]!,
    };
  });
  levels.reverse();
  return { levels };
}
