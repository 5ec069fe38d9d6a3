import { normalize, sub, type Vec3 } from '../core/vec3';
import { childFrame, dirToWorld, type Frame, toLocal, toWorld } from './frame';
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

/**
 * Laminae: thin plates (5 mm thick) shingled like roof tiles, each leaning back by LAMINA_LEAN_DEG from its
 * top edge, so the lower edge of a lamina lies behind the upper edge of the one below; between them the
 * interlaminar window, opening caudally, widest and tallest at L5-S1 (interlaminar endoscopy anatomy: the
 * L5-S1 window is the largest, ~30 mm wide between the facets, e.g. Choi et al., Neurosurgery 2006;58(1
 * Suppl):ONS59; lamina thickness ~5-7 mm: Panjabi et al., Spine 1992;17:299). Midline window heights
 * (along the segment axis, mm): WINDOW_HEIGHT_MM.
 */
export const LAMINA_THICKNESS_MM = 5;
const LAMINA_LEAN_DEG = 20;
/** Midline interlaminar window height below each vertebra (mm); any vertebra above S1: 17 mm. */
const WINDOW_HEIGHT_MM: Record<string, number> = {
  T11: 5,
  T12: 8,
  L1: 9,
  L2: 10,
  L3: 11,
  L4: 12,
  L5: 13,
  L6: 13,
};
export const windowHeightMm = (u: LevelSpec, v: LevelSpec): number =>
  // A sacralised L5's arch is fused to the sacrum too: only a narrow gap.
  u.fusedToSacrum ? 4 : v.name === 'S1' ? 17 : (WINDOW_HEIGHT_MM[u.name] ?? 10);

/** Depth of the laminae's front surface in the midline down to the pedicle centres, behind the canal centre, mm. */
const LAMINA_FRONT_MM = 7;

/**
 * Mid-surface of a vertebra's lamina (local y at local x, z): a shallow V in the axial plane from the pedicles'
 * posterior ends to the midline, leaning back (posteriorly) below the pedicle centres.
 */
export function laminaMidY(l: LevelSpec, x: number, z: number): number {
  const d = levelDims(l);
  const pp = pediclePosteriorLocal(l, 1);
  const xL = Math.abs(pp[0]);
  const mid = d.canalY + LAMINA_FRONT_MM + LAMINA_THICKNESS_MM / 2;
  const zRef = d.pedZ;
  const lean = Math.tan((LAMINA_LEAN_DEG * Math.PI) / 180);
  return mid + (pp[1] - mid) * Math.min(1, Math.abs(x) / xL) + Math.max(0, zRef - z) * lean;
}

/**
 * The interlaminar window between vertebra u and v (below): its lower edge of u's lamina (u-local z), upper
 * edge of v's lamina (v-local z) and the truth centre (midline, in the posterior epidural fat in front of the
 * laminae, halfway between both edges). The window is centred behind the disc, `windowHeightMm` tall.
 */
export function interlaminarWindow(
  u: LevelSpec,
  v: LevelSpec,
): { uBottomZ: number; vTopZ: number; centreLps: Vec3 } {
  const du = levelDims(u);
  const dv = levelDims(v);
  const a = toWorld(u.frame, [0, du.canalY + LAMINA_FRONT_MM, -du.hz]);
  const b = toWorld(v.frame, [0, dv.canalY + LAMINA_FRONT_MM, dv.hz]);
  const c: Vec3 = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2];
  const h = windowHeightMm(u, v);
  const uBottomZ = toLocal(u.frame, c)[2] + h / 2;
  const vTopZ = toLocal(v.frame, c)[2] - h / 2;
  const uEdge = toWorld(u.frame, [0, du.canalY + 7, uBottomZ]);
  const vEdge = toWorld(v.frame, [0, dv.canalY + 7, vTopZ]);
  return {
    uBottomZ,
    vTopZ,
    centreLps: [(uEdge[0] + vEdge[0]) / 2, (uEdge[1] + vEdge[1]) / 2, (uEdge[2] + vEdge[2]) / 2],
  };
}

/** Lamina vertical extent in the level frame: from the window above (or the pedicle top) to the window below. */
export const laminaZRange = (l: LevelSpec, above?: LevelSpec, below?: LevelSpec): [number, number] => {
  const d = levelDims(l);
  return [
    below ? interlaminarWindow(l, below).uBottomZ : -d.hz - 4,
    above ? interlaminarWindow(above, l).vTopZ : d.pedZ + l.pedicleHeightMm / 2,
  ];
};

/** Both laminae of a vertebra as one plate (see laminaMidY), between local z lo and hi. */
function laminaShape(l: LevelSpec, lo: number, hi: number): Shape {
  const d = levelDims(l);
  const xL = Math.abs(pediclePosteriorLocal(l, 1)[0]);
  const yLo = d.canalY;
  const yHi = laminaMidY(l, 0, lo) + LAMINA_THICKNESS_MM;
  const centre: Vec3 = [0, (yLo + yHi) / 2, (lo + hi) / 2];
  const half: Vec3 = [xL + 1, (yHi - yLo) / 2 + 1, (hi - lo) / 2 + 1];
  const t = LAMINA_THICKNESS_MM / 2;
  return inFrame(childFrame(l.frame, centre, [1, 0, 0], [0, 1, 0]), half, (x, y, z) => {
    const lx = x;
    const ly = y + centre[1];
    const lz = z + centre[2];
    return Math.max(Math.abs(lx) - xL, lo - lz, lz - hi, Math.abs(ly - laminaMidY(l, lx, lz)) - t);
  });
}

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
export function buildVertebra(l: LevelSpec, above?: LevelSpec, below?: LevelSpec): VertebraBuild {
  const f = l.frame;
  const d = levelDims(l);
  const isSacral = l.name === 'S1';
  const bones: Shape[] = [
    inFrame(f, [d.rx, d.ry, d.hz], (x, y, z) =>
      Math.max(bodySectionSd(x, y, d.rx, d.ry, d.wallY), Math.abs(z) - d.hz),
    ),
  ];
  const [lamLo, lamHi] = laminaZRange(l, above, below);
  bones.push(laminaShape(l, lamLo, lamHi));
  const sides = {} as Record<Side, VertebraSideTruth>;
  for (const [side, s] of SIDES) {
    const axis = pedicleAxisLocal(l, s);
    const pc = pedicleCentreLocal(l, s);
    // Local x across the pedicle in the axial plane, y cranial, so local z (= x cross y) is the axis.
    const pedFrame = childFrame(f, pc, [-axis[1], axis[0], 0], [0, 0, 1]);
    bones.push(ellipticCylinder(pedFrame, l.pedicleWidthMm / 2, l.pedicleHeightMm / 2, PEDICLE_HALF_LENGTH));
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
  // Spinous process from the back of the laminae in the midline, no taller than they are (so it does not
  // close the windows), sloping down a little.
  const spHalf = Math.min(l.spinousHeightMm, lamHi - lamLo) / 2;
  const spZ = lamHi - spHalf;
  const spBase: Vec3 = [0, laminaMidY(l, 0, spZ), spZ];
  const spTip: Vec3 = [0, spBase[1] + l.spinousLengthMm, spZ - l.spinousLengthMm * 0.15];
  bones.push(slab(f, spBase, spTip, [1, 0, 0], 3.5, spHalf, 2));
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
