import type { Vec3 } from '../core/vec3';
import { toWorld } from './frame';
import { TISSUE_HU, Tissue } from './labels';
import { noGoShapes } from './noGo';
import { createRng, gaussianTable } from './prng';
import { type Grid, type PaintOp, paint } from './raster';
import { buildPelvis } from './sacrum';
import { buildSegment } from './segment';
import { tubeSegments } from './shapes';
import { buildSoftTissue, paintBackgroundSlice } from './softTissue';
import { buildSpine, levelDims } from './spine';
import type { NoGoStructure, PhantomTruth, TissueSample } from './truth';
import { buildVertebra } from './vertebra';

export interface PhantomOptions {
  /** 'default': 512 x 512 at 0.75 mm, 1 mm slices; 'small': 160 x 160 at 2.4 mm, 3 mm slices (tests). */
  size: 'default' | 'small';
  seed: number;
}

export interface Phantom {
  /** HU per voxel, i fastest then j then k (k = slices from inferior to superior). */
  hu: Int16Array;
  /** Tissue label per voxel (labels.ts), same layout. */
  labels: Uint8Array;
  dims: [number, number, number];
  /** [column (x), row (y), slice (z)] spacing in mm. */
  spacingMm: [number, number, number];
  /** LPS mm of voxel (0, 0, 0)'s centre; axes are aligned with LPS. */
  originLps: [number, number, number];
  truth: PhantomTruth;
}

const PRESETS = {
  default: { n: 512, pixelMm: 0.75, sliceMm: 1 },
  small: { n: 160, pixelMm: 2.4, sliceMm: 3 },
} as const;

/** Cortical shell thickness of vertebrae and pelvis, mm. */
const CORTEX_MM = 1.2;
/** CT noise standard deviation, HU (typical of a 120 kVp abdominal CT at 1 mm). */
const NOISE_SD_HU = 12;

/**
 * In-plane [1 2 1]/4 x [1 2 1]/4 blur of one slice (in place): a point-spread function of ~0.7 pixel
 * standard deviation, so edges look reconstructed rather than cut out.
 */
function smoothSlice(hu: Int16Array, start: number, nx: number, ny: number, tmp: Int32Array): void {
  for (let j = 0; j < ny; j++) {
    const row = start + j * nx;
    for (let i = 0; i < nx; i++) {
      const l = hu[row + (i > 0 ? i - 1 : i)]!;
      const r = hu[row + (i < nx - 1 ? i + 1 : i)]!;
      tmp[j * nx + i] = l + 2 * hu[row + i]! + r;
    }
  }
  for (let j = 0; j < ny; j++) {
    const up = (j > 0 ? j - 1 : j) * nx;
    const down = (j < ny - 1 ? j + 1 : j) * nx;
    for (let i = 0; i < nx; i++)
      hu[start + j * nx + i] = Math.round((tmp[up + i]! + 2 * tmp[j * nx + i]! + tmp[down + i]!) / 16);
  }
}

/**
 * Generates the demo lumbar spine phantom: pure and deterministic from the seed (no DOM, runs in a
 * worker or Node). `onProgress(done, total)` is called as steps finish.
 */
export function generatePhantom(
  opts: PhantomOptions,
  onProgress?: (done: number, total: number) => void,
): Phantom {
  const rng = createRng(opts.seed);
  const spine = buildSpine(rng);
  const s1 = spine.levels.find((l) => l.name === 'S1')!;
  const lumbar = spine.levels.filter((l) => l.name !== 'S1');
  const vertebrae = spine.levels.map(buildVertebra);
  const segments = spine.levels.slice(0, -1).map((u, i) => buildSegment(u, spine.levels[i + 1]!));
  const pelvis = buildPelvis(s1);

  const preset = PRESETS[opts.size];
  const t12 = lumbar[0]!;
  const zTop = t12.frame.originLps[2];
  const zBottom = pelvis.lowestZ - 8;
  const nz = Math.floor((zTop - zBottom) / preset.sliceMm) + 1;
  const half = ((preset.n - 1) / 2) * preset.pixelMm;
  const grid: Grid = {
    dims: [preset.n, preset.n, nz],
    spacingMm: [preset.pixelMm, preset.pixelMm, preset.sliceMm],
    originLps: [-half, -half, zBottom],
  };

  // Spinal canal (epidural fat) and thecal sac (ends at S2), through every level's canal centre.
  const canalPts: Vec3[] = spine.levels.map((l) => toWorld(l.frame, [0, levelDims(l).canalY, 0]));
  canalPts.unshift(toWorld(t12.frame, [0, levelDims(t12).canalY, 40]));
  const sacPts: Vec3[] = spine.levels.map((l) => toWorld(l.frame, [0, levelDims(l).canalY - 1, 0]));
  sacPts.unshift(toWorld(t12.frame, [0, levelDims(t12).canalY - 1, 40]));
  const ds1 = levelDims(s1);
  sacPts.push(toWorld(s1.frame, [0, ds1.ry + 5, -22]));
  const sacRadii = [6.5, 6.5, 6.5, 6.5, 6.5, 6.5, 6, 5, 1.5];
  const byZ = [...canalPts].sort((a, b) => a[2] - b[2]);
  const canalYAt = (z: number): number => {
    if (z <= byZ[0]![2]) return byZ[0]![1];
    for (let i = 1; i < byZ.length; i++)
      if (z <= byZ[i]![2]) {
        const t = (z - byZ[i - 1]![2]) / (byZ[i]![2] - byZ[i - 1]![2]);
        return byZ[i - 1]![1] + t * (byZ[i]![1] - byZ[i - 1]![1]);
      }
    return byZ[byZ.length - 1]![1];
  };

  const soft = buildSoftTissue(rng, lumbar, s1, pelvis.siCentreLps, [zBottom, zTop]);
  const noGo: NoGoStructure[] = [
    {
      name: 'thecal-sac',
      kind: 'thecal-sac',
      label: Tissue.csf,
      geometry: { type: 'tubes', tubes: [{ pointsLps: sacPts, radiiMm: sacRadii }] },
    },
    ...soft.vessels,
    ...soft.kidneys,
    ...segments.flatMap((s) => s.roots),
    ...pelvis.roots,
  ];

  const bones = [...vertebrae.flatMap((v) => v.bones), ...segments.flatMap((s) => s.bones), ...pelvis.bones];
  const ops: PaintOp[] = [
    ...soft.organs.map((o) => ({
      shape: o.shape,
      label: o.label,
      onlyOverLabel: o.label === Tissue.bowelGas ? Tissue.bowel : Tissue.visceralFat,
    })),
    ...pelvis.muscles.map((shape) => ({ shape, label: Tissue.muscle, onlyOverLabel: Tissue.visceralFat })),
    ...tubeSegments(
      canalPts,
      canalPts.map(() => 10),
    ).map((shape) => ({ shape, label: Tissue.epiduralFat })),
    ...segments.flatMap((s) => s.foramenFat.map((shape) => ({ shape, label: Tissue.epiduralFat }))),
    ...segments.map((s) => ({ shape: s.discs.annulus, label: Tissue.discAnnulus })),
    ...segments.map((s) => ({
      shape: s.discs.nucleus,
      label: Tissue.discNucleus,
      onlyOverLabel: Tissue.discAnnulus,
    })),
    ...bones.map((shape) => ({
      shape,
      label: Tissue.cortical,
      core: { label: Tissue.cancellous, depthMm: CORTEX_MM },
    })),
    ...segments.flatMap((s) => s.facetGaps.map((shape) => ({ shape, label: Tissue.facetJoint }))),
    ...pelvis.siGaps.map((shape) => ({ shape, label: Tissue.siJoint })),
    ...pelvis.carveFat.map((shape) => ({ shape, label: Tissue.epiduralFat })),
    ...noGo.flatMap((s) => noGoShapes(s).map((shape) => ({ shape, label: s.label }))),
  ];

  const total = nz + ops.length + nz;
  let done = 0;
  const step = (): void => {
    done++;
    onProgress?.(done, total);
  };
  const [nx, ny] = grid.dims;
  const labels = new Uint8Array(nx * ny * nz);
  const ctx = { canalYAt, iliacCrestZ: pelvis.iliacCrestZ };
  for (let k = 0; k < nz; k++) {
    paintBackgroundSlice(labels, grid, k, ctx);
    step();
  }
  for (const op of ops) {
    paint(labels, grid, op);
    step();
  }

  const hu = new Int16Array(labels.length);
  const lut = new Int16Array(256);
  for (const [label, value] of Object.entries(TISSUE_HU)) lut[Number(label)] = value;
  const noise = gaussianTable(rng, NOISE_SD_HU);
  let state = (opts.seed * 2654435761) >>> 0 || 1;
  const perSlice = nx * ny;
  const blurred = new Int32Array(perSlice);
  for (let k = 0; k < nz; k++) {
    const start = k * perSlice;
    for (let idx = 0; idx < perSlice; idx++) hu[start + idx] = lut[labels[start + idx]!]!;
    smoothSlice(hu, start, nx, ny, blurred);
    for (let idx = start; idx < start + perSlice; idx++) {
      // xorshift32 (Marsaglia 2003) picks a gaussian table entry per voxel.
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      hu[idx] = hu[idx]! + noise[state & 0xffff]!;
    }
    step();
  }

  const l3 = lumbar.find((l) => l.name === 'L3')!;
  const zL3 = l3.frame.originLps[2];
  const l3l4 = segments.find((s) => s.truth.name === 'L3-L4')!;
  const tissueSamples: TissueSample[] = [
    { name: 'anterior subcutaneous fat at L3', label: Tissue.fat, pointLps: [0, -111, zL3] },
    {
      name: 'left paraspinal muscle at L3',
      label: Tissue.paraspinal,
      pointLps: [34, canalYAt(zL3) + 30, zL3],
    },
    {
      name: 'right paraspinal muscle at L3',
      label: Tissue.paraspinal,
      pointLps: [-34, canalYAt(zL3) + 30, zL3],
    },
    {
      name: 'thecal sac at L3',
      label: Tissue.csf,
      pointLps: toWorld(l3.frame, [0, levelDims(l3).canalY - 1, 0]),
    },
    { name: 'L3 body centre', label: Tissue.cancellous, pointLps: l3.frame.originLps },
    { name: 'L3-L4 nucleus', label: Tissue.discNucleus, pointLps: l3l4.truth.discCentreLps },
  ];
  // The medial branch target sits 1 mm off the bone where the SAP meets the TP: march posteriorly from
  // inside the TP root until the bone surface is 1 mm behind.
  const boneSd = (q: Vec3): number => {
    let best = Infinity;
    for (const b of bones) {
      if (q[0] < b.minLps[0] || q[1] < b.minLps[1] || q[2] < b.minLps[2]) continue;
      if (q[0] > b.maxLps[0] || q[1] > b.maxLps[1] || q[2] > b.maxLps[2]) continue;
      best = Math.min(best, b.sd(q[0], q[1], q[2]));
    }
    return best;
  };
  const vertebraTruths = vertebrae.slice(0, -1).map((v, i) => {
    const posterior = spine.levels[i]!.frame.ey;
    const offBone = (start: Vec3): Vec3 => {
      let wasInside = false;
      for (let t = -8; t <= 20; t += 0.1) {
        const q: Vec3 = [
          start[0] + t * posterior[0],
          start[1] + t * posterior[1],
          start[2] + t * posterior[2],
        ];
        const d = boneSd(q);
        if (d < 0) wasInside = true;
        else if (wasInside && d >= 1) return q;
      }
      return start;
    };
    return {
      ...v.truth,
      left: { ...v.truth.left, sapTpJunctionLps: offBone(v.truth.left.sapTpJunctionLps) },
      right: { ...v.truth.right, sapTpJunctionLps: offBone(v.truth.right.sapTpJunctionLps) },
    };
  });
  const truth: PhantomTruth = {
    schemaVersion: 1,
    units: 'mm (DICOM LPS)',
    seed: opts.seed,
    vertebrae: vertebraTruths,
    segments: segments.map((s) => s.truth),
    sacrum: pelvis.truth,
    noGo,
    tissueSamples,
  };
  return {
    hu,
    labels,
    dims: [nx, ny, nz],
    spacingMm: [grid.spacingMm[0], grid.spacingMm[1], grid.spacingMm[2]],
    originLps: [grid.originLps[0], grid.originLps[1], grid.originLps[2]],
    truth,
  };
}
