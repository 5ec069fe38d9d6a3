import { add, normalize, scale, type Vec3 } from '../core/vec3';
import { type Frame, tiltedFrame } from './frame';
import type { Rng } from './prng';

export type LevelName = 'T12' | 'L1' | 'L2' | 'L3' | 'L4' | 'L5' | 'S1';

/**
 * Size and shape of one vertebra (mm, degrees). Means follow lumbar morphometry: body widths/depths
 * (Panjabi et al., Spine 1992;17:299), pedicle width/angle rising caudally (Zindrick et al., Spine 1987;12:160),
 * L3 transverse process longest, facet joints turning from sagittal (L1-L2 ~25 deg) to ~50 deg at L5-S1
 * (Masharawi et al., Spine 2004;29:1755).
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
const MEANS: Record<LevelName, Row> = {
  T12: [38, 28, 23, 8, 18, 7, 15, 5, 20, 22, 8, 28, 18, 20],
  L1: [40, 30, 25, 9, 12, 6.5, 15, 10, 22, 33, 8, 30, 20, 25],
  L2: [42, 32, 26, 10, 6, 7.5, 15, 12, 23, 40, 9, 31, 22, 30],
  L3: [45, 34, 27, 11, 0, 9, 15, 15, 24, 50, 10, 31, 23, 40],
  L4: [47, 35, 27, 11, -9, 10, 14, 18, 25, 45, 10, 29, 21, 45],
  L5: [50, 35, 26, 11, -20, 13, 14, 25, 27, 42, 13, 25, 17, 50],
  S1: [50, 33, 24, 0, -38, 14, 14, 28, 28, 0, 0, 12, 14, 0],
};

/** Derived local measurements of a vertebra (mm, in its frame). */
export interface LevelDims {
  rx: number;
  ry: number;
  hz: number;
  /** y of the flat posterior body wall. */
  wallY: number;
  /** y of the spinal canal centre. */
  canalY: number;
  /** z of the pedicle centres (pedicles sit on the upper half of the body). */
  pedZ: number;
}

export function levelDims(l: LevelSpec): LevelDims {
  const ry = l.depthMm / 2;
  const wallY = 0.85 * ry;
  return { rx: l.widthMm / 2, ry, hz: l.heightMm / 2, wallY, canalY: wallY + 8, pedZ: 0.18 * l.heightMm };
}

export interface Spine {
  /** T12 ... L5 then S1, cranial to caudal. */
  levels: LevelSpec[];
}

/** Where L3's body centre sits in LPS: the spine lies in the posterior half of the body. */
const L3_CENTRE_LPS: Vec3 = [0, 5, 0];

/** Builds the lordotic column from S1 upwards, with small seeded per-level variation. */
export function buildSpine(rng: Rng): Spine {
  const names: LevelName[] = ['S1', 'L5', 'L4', 'L3', 'L2', 'L1', 'T12'];
  const vary = (mean: number, rel: number): number =>
    mean * (1 + Math.max(-2, Math.min(2, rng.gauss(1))) * rel);
  const raw = names.map((name) => {
    const m = MEANS[name];
    return {
      name,
      w: vary(m[0], 0.03),
      d: vary(m[1], 0.03),
      h: vary(m[2], 0.03),
      disc: vary(m[3], 0.06),
      tilt: m[4] + rng.gauss(1.2),
      yaw: name === 'S1' ? 0 : rng.gauss(1.5),
      roll: name === 'S1' ? 0 : rng.gauss(1.2),
      m,
    };
  });
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
      pedicleWidthMm: vary(r.m[5], 0.05),
      pedicleHeightMm: vary(r.m[6], 0.04),
      pedicleMedialDeg: r.m[7] + rng.gauss(1),
      interpedicularMm: vary(r.m[8], 0.03),
      tpTipMm: vary(r.m[9], 0.04),
      tpHeightMm: r.m[10],
      spinousLengthMm: vary(r.m[11], 0.05),
      spinousHeightMm: vary(r.m[12], 0.05),
      facetAngleDeg: r.m[13] + rng.gauss(2),
    };
  });
  levels.reverse();
  return { levels };
}
