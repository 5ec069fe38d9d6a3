import { normalize, sub, type Vec3 } from '../core/vec3';
import { childFrame, dirToWorld, type Frame, toWorld } from './frame';
import { box, ellipseSd, ellipticCylinder, inFrame, type Shape, superellipseSd, tube } from './shapes';
import { type LevelSpec, levelDims, WALL_CONCAVITY_MM } from './spine';
import type { Side, VertebraSideTruth, VertebraTruth } from './truth';

export const SIDES: readonly [Side, number][] = [
  ['left', 1],
  ['right', -1],
];

/** Half length of the pedicle cylinder along its axis (it starts inside the body). */
const PEDICLE_HALF_LENGTH = 11;

/** Local (vertebral frame) points shared by the vertebra and the segments around it. */
export function pedicleAxisLocal(l: LevelSpec, s: number): Vec3 {
  const phi = (l.pedicleMedialDeg * Math.PI) / 180;
  return [-s * Math.sin(phi), -Math.cos(phi), 0];
}

export function pedicleCentreLocal(l: LevelSpec, s: number): Vec3 {
  const d = levelDims(l);
  return [s * (l.interpedicularMm / 2 + l.pedicleWidthMm / 2), d.wallY + 5, d.pedZ];
}

/** Posterior end of the pedicle: where lamina, transverse and articular processes meet. */
export function pediclePosteriorLocal(l: LevelSpec, s: number): Vec3 {
  const c = pedicleCentreLocal(l, s);
  const a = pedicleAxisLocal(l, s);
  return [c[0] - a[0] * PEDICLE_HALF_LENGTH, c[1] - a[1] * PEDICLE_HALF_LENGTH, c[2]];
}

/**
 * Axial section of a vertebral body (and, 1 mm larger, of a disc), signed distance in mm: an ellipse in
 * front, a squarer superellipse (n = 4) behind so the posterior wall is broad with posterolateral corners
 * where the pedicles join, cut flat at `wallY` and concave by WALL_CONCAVITY_MM in the midline (bean shape).
 */
export function bodySectionSd(x: number, y: number, rx: number, ry: number, wallY: number): number {
  const outline = y <= 0 ? ellipseSd(x, y, rx, ry) : superellipseSd(x, y, rx, ry, 4);
  return Math.max(outline, y - wallY + WALL_CONCAVITY_MM * Math.max(0, 1 - (x / rx) ** 2));
}

/** Lamina vertical extent in the level frame: from below the body to just above the pedicles. */
export const laminaZRange = (l: LevelSpec): [number, number] => {
  const d = levelDims(l);
  return [-d.hz - 4, d.pedZ + 3];
};

/** A box in `f` spanning segment a-b (local coords of f), with the given half height (along `up`) and half thickness. */
function slab(
  f: Frame,
  a: Vec3,
  b: Vec3,
  up: Vec3,
  halfHeight: number,
  halfThickness: number,
  round: number,
): Shape {
  const mid: Vec3 = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
  const dir = sub(b, a);
  const len = Math.hypot(dir[0], dir[1], dir[2]);
  return box(childFrame(f, mid, dir, up), [len / 2, halfHeight, halfThickness], round);
}

export interface VertebraBuild {
  /** Bone solids: painted as cortical where sd <= 0 and cancellous where sd <= -shell. */
  bones: Shape[];
  truth: VertebraTruth;
}

/** Body, pedicles, laminae, spinous and transverse processes of one vertebra (articular processes: segment.ts). */
export function buildVertebra(l: LevelSpec): VertebraBuild {
  const f = l.frame;
  const d = levelDims(l);
  const isSacral = l.name === 'S1';
  const bones: Shape[] = [
    inFrame(f, [d.rx, d.ry, d.hz], (x, y, z) =>
      Math.max(bodySectionSd(x, y, d.rx, d.ry, d.wallY), Math.abs(z) - d.hz),
    ),
  ];
  const [lamLo, lamHi] = laminaZRange(l);
  const lamMid = (lamLo + lamHi) / 2;
  const lamHalf = (lamHi - lamLo) / 2;
  const midline: Vec3 = [0, d.canalY + 12, lamMid];
  const sides = {} as Record<Side, VertebraSideTruth>;
  for (const [side, s] of SIDES) {
    const axis = pedicleAxisLocal(l, s);
    const pc = pedicleCentreLocal(l, s);
    // Local x across the pedicle in the axial plane, y cranial, so local z (= x cross y) is the axis.
    const pedFrame = childFrame(f, pc, [-axis[1], axis[0], 0], [0, 0, 1]);
    bones.push(ellipticCylinder(pedFrame, l.pedicleWidthMm / 2, l.pedicleHeightMm / 2, PEDICLE_HALF_LENGTH));
    const pp = pediclePosteriorLocal(l, s);
    bones.push(slab(f, [pp[0], pp[1], lamMid], midline, [0, 0, 1], lamHalf, 3.5, 1.5));
    const tpRoot: Vec3 = [s * (l.interpedicularMm / 2 + l.pedicleWidthMm / 2), d.wallY + 12, d.pedZ];
    const tpTip: Vec3 = [s * l.tpTipMm, d.wallY + 14, d.pedZ + (l.name === 'L5' ? -1 : 1)];
    if (!isSacral) bones.push(slab(f, tpRoot, tpTip, [0, 0, 1], l.tpHeightMm / 2, 4, 2));
    const junction: Vec3 = [
      s * (l.interpedicularMm / 2 + l.pedicleWidthMm / 2 + 6),
      d.wallY + 12 + 4 + 1,
      d.pedZ + l.tpHeightMm / 2 - 1,
    ];
    sides[side] = {
      pedicleCentreLps: toWorld(f, pc),
      pedicleAxis: normalize(dirToWorld(f, axis)),
      sapTpJunctionLps: toWorld(f, junction),
    };
  }
  const spBase: Vec3 = [0, d.canalY + 10, d.pedZ - 4];
  const spTip: Vec3 = [0, d.canalY + 10 + l.spinousLengthMm, d.pedZ - 4 - l.spinousLengthMm * 0.25];
  bones.push(slab(f, spBase, spTip, [1, 0, 0], 3.5, l.spinousHeightMm / 2, 2));
  const truth: VertebraTruth = {
    // Only T12..L6 reach the truth (model.ts drops T11 and S1).
    name: l.name as VertebraTruth['name'],
    bodyCentreLps: f.originLps,
    superiorEndplateCentreLps: toWorld(f, [0, 0, d.hz]),
    superiorEndplateNormal: f.ez,
    inferiorEndplateCentreLps: toWorld(f, [0, 0, -d.hz]),
    spinousProcessTipLps: toWorld(f, spTip),
    left: sides.left,
    right: sides.right,
  };
  return { bones, truth };
}

/** Tube through local points of a frame. */
export const localTube = (f: Frame, points: readonly Vec3[], radiiMm: readonly number[]): Shape =>
  tube(
    points.map((p) => toWorld(f, p)),
    radiiMm,
  );
