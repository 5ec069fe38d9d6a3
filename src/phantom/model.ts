import type { Vec3 } from '../core/vec3';
import { toWorld, worldFrame } from './frame';
import { Tissue } from './labels';
import { geometryDistanceMm, noGoShapes } from './noGo';
import { createRng, type Rng } from './prng';
import type { PaintOp } from './raster';
import { buildRibs } from './ribs';
import { buildPelvis } from './sacrum';
import { buildSegment } from './segment';
import { ellipsoid, type Shape, tubeSegments } from './shapes';
import { buildSoftTissue } from './softTissue';
import { buildSpine, levelDims, type PhantomVariant } from './spine';
import type { NoGoStructure, PhantomTruth, Side, TissueSample } from './truth';
import { buildVertebra, SIDES } from './vertebra';

/** Cortical shell thickness of vertebrae and pelvis, mm. */
const CORTEX_MM = 1.2;

/** Everything about the phantom except its voxels: shapes to rasterise in order, and the truth. */
export interface PhantomModel {
  /** The generator, advanced past the anatomy: voxel noise continues from it. */
  rng: Rng;
  ops: PaintOp[];
  truth: PhantomTruth;
  /** LPS z range the volume covers (lower third of T11 to just below the sacrum), mm. */
  zTopMm: number;
  zBottomMm: number;
  canalYAt: (z: number) => number;
  iliacCrestZ: number;
}

/** Lays out the anatomy from the seed (pure, ~milliseconds): the truth does not depend on the voxel size. */
export function buildPhantomModel(seed: number, variant: PhantomVariant = 'normal'): PhantomModel {
  const rng = createRng(seed);
  const spine = buildSpine(rng, variant);
  const s1 = spine.levels.find((l) => l.name === 'S1')!;
  const t11 = spine.levels[0]!;
  const t12 = spine.levels[1]!;
  /** T12 and the lumbar-type vertebrae, cranial to caudal. */
  const lumbar = spine.levels.filter((l) => l.name !== 'S1' && l.name !== 'T11');
  const vertebrae = spine.levels.map((l, i, all) => buildVertebra(l, all[i - 1], all[i + 1]));
  const segments = spine.levels.slice(0, -1).map((u, i) => buildSegment(u, spine.levels[i + 1]!));
  const pelvis = buildPelvis(s1);

  // From a third of the way up T11's body (so T12, its ribs and the T11-T12 disc are complete).
  const zTop = toWorld(t11.frame, [0, 0, -levelDims(t11).hz + 7])[2];
  const zBottom = pelvis.lowestZ - 8;

  // Spinal canal (epidural fat) and thecal sac (ends at S2), through every level's canal centre.
  const canalPts: Vec3[] = spine.levels.map((l) => toWorld(l.frame, [0, levelDims(l).canalY, 0]));
  canalPts.unshift(toWorld(t11.frame, [0, levelDims(t11).canalY, 40]));
  const sacPts: Vec3[] = spine.levels.map((l) => toWorld(l.frame, [0, levelDims(l).canalY - 1, 0]));
  sacPts.unshift(toWorld(t11.frame, [0, levelDims(t11).canalY - 1, 40]));
  const ds1 = levelDims(s1);
  sacPts.push(toWorld(s1.frame, [0, ds1.ry + 5, -22]));
  const sacRadii = sacPts.map((_, i) => [6, 5, 1.5][i - (sacPts.length - 3)] ?? 6.5);
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
  const ribs = buildRibs(t12, vertebrae[1]!.bones, soft.kidneys);
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

  // Sacralised L5 (Castellvi IIIb): each transverse process fused to the sacral ala by a bony mass.
  const fused = lumbar.find((l) => l.fusedToSacrum);
  const fusionBones = fused
    ? SIDES.flatMap(([, s]) => {
        const df = levelDims(fused);
        return tubeSegments(
          [
            toWorld(fused.frame, [s * fused.tpTipMm * 0.75, df.wallY + 13, df.pedZ - 2]),
            toWorld(s1.frame, [s * (ds1.rx + 10), 10, 4]),
          ],
          [10, 11],
        );
      })
    : [];
  const bones = [
    ...fusionBones,
    ...vertebrae.flatMap((v) => v.bones),
    ...segments.flatMap((s) => s.bones),
    ...pelvis.bones,
    ...ribs.bones,
  ];
  const boneSd = (q: Vec3): number => {
    let best = Infinity;
    for (const b of bones) {
      if (q[0] < b.minLps[0] || q[1] < b.minLps[1] || q[2] < b.minLps[2]) continue;
      if (q[0] > b.maxLps[0] || q[1] > b.maxLps[1] || q[2] > b.maxLps[2]) continue;
      best = Math.min(best, b.sd(q[0], q[1], q[2]));
    }
    return best;
  };

  // Kambin targets: the most medial candidate 2 mm from the roots that ipsilateral oblique paths of 25-45 deg
  // reach with 1 mm of clearance from bone and roots over their first 70 mm, with 0.5 mm to spare (else the
  // candidate with the most clearance).
  const roots = noGo.filter((n) => n.kind === 'nerve-root');
  const sac = noGo[0]!.geometry;
  // A loop, not Math.min(...map): this runs ~10^5 times while the targets are searched.
  const rootSd = (q: Vec3): number => {
    let best = Infinity;
    for (const r of roots) best = Math.min(best, geometryDistanceMm(r.geometry, q));
    return best;
  };
  const kambinFat: Shape[] = [];
  const kambinTargets = segments.map((seg) => {
    const pick = {} as Record<Side, Vec3>;
    for (const [side] of SIDES) {
      const { candidates, outward } = seg.kambin[side];
      let best: { q: Vec3; clear: number } | undefined;
      for (const q of candidates) {
        // Margin over the requirements (>= 0 passes): target 2 mm from roots, 3 mm from the sac; paths
        // 1 mm from bone and roots.
        let clear = Math.min(rootSd(q) - 2, geometryDistanceMm(sac, q) - 3, boneSd(q) - 1);
        for (let deg = 25; deg <= 45 && clear > (best?.clear ?? -Infinity); deg += 5) {
          const d = outward(deg);
          for (let t = 1.5; t <= 70 && clear > (best?.clear ?? -Infinity); t += 0.75) {
            const p: Vec3 = [q[0] + t * d[0], q[1] + t * d[1], q[2] + t * d[2]];
            clear = Math.min(clear, boneSd(p) - 1, rootSd(p) - 1);
          }
        }
        if (!best || clear > best.clear) best = { q, clear };
        if (clear >= 0.5) break;
      }
      pick[side] = best!.q;
      kambinFat.push(ellipsoid(worldFrame(best!.q, [1, 0, 0], [0, 1, 0]), [4, 4, 4]));
    }
    return pick;
  });

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
    ...kambinFat.map((shape) => ({ shape, label: Tissue.epiduralFat })),
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
  const vertebraTruths = vertebrae.slice(1, -1).map((v, i) => {
    const posterior = spine.levels[i + 1]!.frame.ey;
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
    seed,
    variant,
    lumbarCount: lumbar.length - 1 - (fused ? 1 : 0),
    ...(fused
      ? {
          lumbarCountNote:
            'L5 is sacralised (Castellvi IIIb: both transverse processes fused to the sacral ala, only a disc ' +
            'remnant at L5-S1): 4 mobile lumbar vertebrae above a sacrum-like block; counted from the sacrum ' +
            'alone, L4 would be taken for L5.',
        }
      : {}),
    lastRibLevel: t12.name,
    ribs: ribs.truth,
    vertebrae: vertebraTruths,
    segments: segments.slice(1).map((s, i) => ({
      ...s.truth,
      left: { ...s.truth.left, kambinTriangleCentreLps: kambinTargets[i + 1]!.left },
      right: { ...s.truth.right, kambinTriangleCentreLps: kambinTargets[i + 1]!.right },
    })),
    sacrum: pelvis.truth,
    noGo,
    tissueSamples,
  };
  return { rng, ops, truth, zTopMm: zTop, zBottomMm: zBottom, canalYAt, iliacCrestZ: pelvis.iliacCrestZ };
}

/** The ground truth of the phantom for a seed, without generating voxels (identical to generatePhantom's). */
export const phantomTruth = (seed: number, variant: PhantomVariant = 'normal'): PhantomTruth =>
  buildPhantomModel(seed, variant).truth;
