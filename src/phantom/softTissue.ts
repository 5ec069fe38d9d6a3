import { add, cross, normalize, type Vec3 } from '../core/vec3';
import { toWorld, worldFrame } from './frame';
import { Tissue } from './labels';
import type { Rng } from './prng';
import type { Grid } from './raster';
import { ellipsoid, type Shape, tubeSegments } from './shapes';
import { type LevelSpec, levelDims } from './spine';
import type { NoGoStructure } from './truth';

/** Body outline (mm): ~330 x 230 mm at the waist (task brief), flatter at the back (supine on the table). */
export const BODY = { halfWidthWaist: 162, halfWidthPelvis: 176, anteriorY: -125, posteriorY: 105, skin: 2 };
const SUBCUT_ANTERIOR = 24;
const SUBCUT_POSTERIOR = 12;
const ABDOMINAL_WALL = 10;

export interface SliceContext {
  /** z (mm) -> canal centre y (mm) along the spine, for placing the back muscles. */
  canalYAt: (z: number) => number;
  iliacCrestZ: number;
}

/** Fills one axial slice with air, table, skin, subcutaneous fat, abdominal wall, visceral fat and back muscles. */
export function paintBackgroundSlice(labels: Uint8Array, grid: Grid, k: number, ctx: SliceContext): void {
  const [nx, ny] = grid.dims;
  const [dx, dy, dz] = grid.spacingMm;
  const [ox, oy, oz] = grid.originLps;
  // k is the slab's own slice; z is that of the full grid's slice (raster.ts Grid.firstSlice).
  const z = oz + (k + (grid.firstSlice ?? 0)) * dz;
  const below = Math.min(1, Math.max(0, (ctx.iliacCrestZ - z) / 40));
  const rx = BODY.halfWidthWaist + below * (BODY.halfWidthPelvis - BODY.halfWidthWaist);
  const canalY = ctx.canalYAt(z);
  const muscleY = canalY + 30;
  const base = nx * ny * k;
  // Half width at height y of an ellipse split in an anterior and a posterior half.
  const halfWidth = (y: number, inset: number, insetBack: number): number => {
    const ry = y < 0 ? -BODY.anteriorY - inset : BODY.posteriorY - insetBack;
    const a = rx - (y < 0 ? inset : Math.max(inset, insetBack));
    const t = y / ry;
    return t * t >= 1 ? -1 : a * Math.sqrt(1 - t * t);
  };
  const fillX = (row: number, x0: number, x1: number, label: number): void => {
    const i0 = Math.max(0, Math.ceil((x0 - ox) / dx));
    const i1 = Math.min(nx - 1, Math.floor((x1 - ox) / dx));
    if (i1 >= i0) labels.fill(label, row + i0, row + i1 + 1);
  };
  for (let j = 0; j < ny; j++) {
    const y = oy + j * dy;
    const row = base + nx * j;
    labels.fill(Tissue.air, row, row + nx);
    if (y > BODY.posteriorY + 10 && y < BODY.posteriorY + 22) fillX(row, -210, 210, Tissue.table);
    const skin = halfWidth(y, 0, 0);
    if (skin < 0) continue;
    fillX(row, -skin, skin, Tissue.skin);
    const fat = halfWidth(y, BODY.skin, BODY.skin);
    if (fat < 0) continue;
    fillX(row, -fat, fat, Tissue.fat);
    const wallOuter = BODY.skin + SUBCUT_ANTERIOR;
    const wall = halfWidth(y, wallOuter, BODY.skin + SUBCUT_POSTERIOR);
    if (wall < 0) continue;
    fillX(row, -wall, wall, y < 30 ? Tissue.muscle : Tissue.visceralFat);
    const inner = halfWidth(y, wallOuter + ABDOMINAL_WALL, BODY.skin + SUBCUT_POSTERIOR);
    if (inner > 0) fillX(row, -inner, inner, Tissue.visceralFat);
    // Erector spinae + multifidus: an ellipse each side of the spinous processes, behind the laminae.
    // D-shaped: flat against the spinous processes and laminae medially, rounded laterally.
    const ty = (y - muscleY) / 28;
    if (ty * ty < 1) {
      const hw = 36 * Math.sqrt(1 - ty * ty);
      fillX(row, 1, Math.min(28 + hw, wall), Tissue.paraspinal);
      fillX(row, Math.max(-28 - hw, -wall), -1, Tissue.paraspinal);
    }
  }
}

const byLevel = (levels: readonly LevelSpec[], f: (l: LevelSpec) => Vec3): Vec3[] => levels.map((l) => f(l));

export interface SoftTissueBuild {
  /** Painted over visceral fat only, before bone. */
  organs: { shape: Shape; label: number }[];
  vessels: NoGoStructure[];
  kidneys: NoGoStructure[];
}

/**
 * Psoas, quadratus lumborum, liver, bowel, aorta and IVC with their iliac branches, kidneys. `lumbar` is T12
 * then the lumbar-type vertebrae (5, or 6 for the six-lumbar variant), cranial to caudal.
 */
export function buildSoftTissue(
  rng: Rng,
  lumbar: readonly LevelSpec[],
  s1: LevelSpec,
  siCentreLps: Record<'left' | 'right', Vec3>,
  zRange: [number, number],
): SoftTissueBuild {
  const organs: { shape: Shape; label: number }[] = [];
  const l1ToL5 = lumbar.filter((l) => l.name !== 'T12');
  const ds1 = levelDims(s1);
  // Psoas radius grows caudally: 7, 10, 14, 17, 19 mm over L1-L5 (interpolated for six lumbar vertebrae).
  const psoasMeans = [7, 10, 14, 17, 19];
  const psoasR = l1ToL5.map((_, k) => {
    const f = (k * 4) / (l1ToL5.length - 1);
    const lo = Math.floor(f);
    return psoasMeans[lo]! + (f - lo) * ((psoasMeans[lo + 1] ?? psoasMeans[lo]!) - psoasMeans[lo]!);
  });
  for (const s of [1, -1]) {
    const si = s > 0 ? siCentreLps.left : siCentreLps.right;
    const psoas = byLevel(l1ToL5, (l) =>
      toWorld(l.frame, [s * (levelDims(l).rx + psoasR[l1ToL5.indexOf(l)]! * 0.7), -2, 0]),
    );
    psoas.push(add(si, [-s * 8, -42, -30]), add(si, [s * 10, -60, -80]));
    organs.push(...tubeSegments(psoas, [...psoasR, 19, 17]).map((shape) => ({ shape, label: Tissue.psoas })));
    const ql = byLevel(l1ToL5.slice(0, -1), (l) =>
      toWorld(l.frame, [s * (l.tpTipMm + 6), levelDims(l).wallY + 14, 0]),
    );
    ql.push(add(si, [s * 25, 25, 45]));
    const qlR = ql.map((_, k) => (k === 0 ? 8 : k === ql.length - 1 ? 8 : k === 1 ? 10 : 11));
    organs.push(...tubeSegments(ql, qlR).map((shape) => ({ shape, label: Tissue.muscle })));
  }
  // Liver: right upper quadrant, its lower edge at about L2 (centre 15 mm above T12's).
  organs.push({
    shape: ellipsoid(
      worldFrame([-75, -30, lumbar[0]!.frame.originLps[2] + 15], [1, 0, 0], [0, 1, 0]),
      [85, 75, 70],
    ),
    label: Tissue.liver,
  });
  for (let b = 0; b < 26; b++) {
    const r: Vec3 = [rng.range(12, 24), rng.range(10, 20), rng.range(15, 35)];
    const c: Vec3 = [
      rng.range(-105 + r[0], 105 - r[0]),
      rng.range(-85 + r[1], -30),
      rng.range(zRange[0], zRange[1]),
    ];
    const frame = worldFrame(c, [1, 0, 0], [0, 1, 0]);
    organs.push({ shape: ellipsoid(frame, r), label: Tissue.bowel });
    if (rng.next() < 0.45)
      organs.push({ shape: ellipsoid(frame, [r[0] * 0.55, r[1] * 0.5, r[2] * 0.6]), label: Tissue.bowelGas });
  }

  // Aorta anterior-left of the bodies, bifurcating at L4; IVC anterior-right, confluence at L5 (Gray's Anatomy):
  // at the last-but-one and the last lumbar-type vertebra.
  const aortaLevels = lumbar.slice(0, -1);
  const aorta = byLevel(aortaLevels, (l) => toWorld(l.frame, [14, -(levelDims(l).ry + 12), 0]));
  aorta.unshift(add(aorta[0]!, [0, 0, 40]));
  const l4 = lumbar[lumbar.length - 2]!;
  const bif = toWorld(l4.frame, [8, -(levelDims(l4).ry + 12), -8]);
  aorta.push(bif);
  const ivcPts = byLevel(lumbar, (l) => toWorld(l.frame, [-20, -(levelDims(l).ry + 9), 0]));
  ivcPts.unshift(add(ivcPts[0]!, [0, 0, 40]));
  const l5 = lumbar[lumbar.length - 1]!;
  const confluence = toWorld(l5.frame, [-8, -(levelDims(l5).ry + 9), -6]);
  ivcPts.push(confluence);
  // Common iliac arteries run anterior to their veins.
  const iliac = (s: number, start: Vec3, dy: number): Vec3[] => [
    start,
    toWorld(s1.frame, [s * (ds1.rx + 10), -ds1.ry - 10 - dy, 0]),
    toWorld(s1.frame, [s * (ds1.rx + 30), -ds1.ry - 20 - dy, -40]),
  ];
  const vessels: NoGoStructure[] = [
    {
      name: 'aorta',
      kind: 'aorta',
      label: Tissue.aorta,
      geometry: {
        type: 'tubes',
        tubes: [
          { pointsLps: aorta, radiiMm: aorta.map((_, i) => 11 - (1.5 * i) / aorta.length) },
          { pointsLps: iliac(1, bif, 8), radiiMm: [7, 6.5, 6] },
          { pointsLps: iliac(-1, bif, 8), radiiMm: [7, 6.5, 6] },
        ],
      },
    },
    {
      name: 'ivc',
      kind: 'ivc',
      label: Tissue.ivc,
      geometry: {
        type: 'tubes',
        tubes: [
          { pointsLps: ivcPts, radiiMm: ivcPts.map(() => 11.5) },
          { pointsLps: iliac(1, confluence, -8), radiiMm: [7.5, 7.5, 7] },
          { pointsLps: iliac(-1, confluence, -8), radiiMm: [7.5, 7.5, 7] },
        ],
      },
    },
  ];
  // Kidneys: upper pole medial and posterior, hilum facing anteromedially; the right one lower (liver).
  const l1 = lumbar.find((l) => l.name === 'L1')!;
  const l2 = lumbar.find((l) => l.name === 'L2')!;
  const kidneys: NoGoStructure[] = (
    [
      ['left', 1, toWorld(l1.frame, [80, levelDims(l1).ry * 0.4, -18])],
      ['right', -1, toWorld(l2.frame, [-80, levelDims(l2).ry * 0.4, 0])],
    ] as const
  ).map(([side, s, centre]) => {
    const long = normalize([-s * 0.25, 0.15, 1]);
    const wide0: Vec3 = [1, -s * 0.5, 0];
    const wide = normalize(cross(cross(long, wide0), long));
    const ap = cross(long, wide);
    return {
      name: `kidney-${side}`,
      kind: 'kidney' as const,
      label: Tissue.kidney,
      geometry: {
        type: 'ellipsoid' as const,
        centreLps: centre,
        axes: [wide, ap, long] as [Vec3, Vec3, Vec3],
        radiiMm: [29, 21, 54] as Vec3,
      },
    };
  });
  return { organs, vessels, kidneys };
}
