import { resampleToGrid } from '../../src/analysis/grid';
import type { SpineAnalysis, StructureInfo, VertebraAnalysis } from '../../src/analysis/index';
import { compactBody, cropStructures } from '../../src/analysis/labels';
import { BODY_INSIDE, BODY_OUTSIDE } from '../../src/analysis/types';
import type { Vec3 } from '../../src/core/vec3';
import { noGoDistanceMm, type PhantomTruth } from '../../src/phantom/index';
import type { Volume } from '../../src/volume/volume';

/** A centreline cranial to caudal (the truth's tube may run either way). */
function cranialFirst(points: Vec3[], radii: number[]): SpineAnalysis['canal'] {
  const flip = points.length > 1 && points[0]![2] < points[points.length - 1]![2];
  return flip
    ? { pointsLps: [...points].reverse(), radiiMm: [...radii].reverse() }
    : { pointsLps: [...points], radiiMm: [...radii] };
}

/**
 * A SpineAnalysis built from the demo phantom's ground truth, as the automatic analysis should find it:
 * for testing the app side (readouts, proposals, labels, relabel, CLI shape) before the analysis works.
 * No-go structures are rasterised on the analysis grid from the truth's signed distance functions.
 */
export function analysisFromTruth(truth: PhantomTruth, volume: Volume, spacingMm = 2): SpineAnalysis {
  const gv = resampleToGrid(volume, spacingMm);
  const { grid } = gv;
  const [nx, ny] = grid.dims;
  const body = new Uint8Array(gv.hu.length);
  for (let i = 0; i < body.length; i++) body[i] = gv.hu[i]! > -500 ? BODY_INSIDE : BODY_OUTSIDE;
  const labels = new Uint8Array(gv.hu.length);
  const structures: StructureInfo[] = truth.noGo.map((s, n) => ({
    id: s.name,
    name: s.name,
    kind: s.kind,
    label: n + 1,
    estimated: s.kind === 'nerve-root',
    confidence: 1,
  }));
  const m = grid.ijkToLps;
  const o: Vec3 = [m[3]!, m[7]!, m[11]!];
  // Each structure is rasterised inside its own box (tubes: points +- radius; ellipsoids: centre +- radius).
  truth.noGo.forEach((s, n) => {
    const g = s.geometry;
    const pts = g.type === 'tubes' ? g.tubes.flatMap((t) => t.pointsLps) : [g.centreLps];
    const r = g.type === 'tubes' ? Math.max(...g.tubes.flatMap((t) => t.radiiMm)) : Math.max(...g.radiiMm);
    const lo = [0, 1, 2].map((a) =>
      Math.max(0, Math.floor((Math.min(...pts.map((p) => p[a]!)) - r - o[a]!) / spacingMm)),
    );
    const hi = [0, 1, 2].map((a) =>
      Math.min(grid.dims[a]! - 1, Math.ceil((Math.max(...pts.map((p) => p[a]!)) + r - o[a]!) / spacingMm)),
    );
    for (let k = lo[2]!; k <= hi[2]!; k++)
      for (let j = lo[1]!; j <= hi[1]!; j++)
        for (let i = lo[0]!; i <= hi[0]!; i++) {
          const p: Vec3 = [o[0] + i * spacingMm, o[1] + j * spacingMm, o[2] + k * spacingMm];
          if (noGoDistanceMm(truth, s.name, p) < 0) labels[i + nx * (j + ny * k)] = n + 1;
        }
  });
  const vertebrae: VertebraAnalysis[] = truth.vertebrae.map((v) => ({
    name: v.name,
    confidence: 0.9,
    bodyCentreLps: v.bodyCentreLps,
    superiorEndplateCentreLps: v.superiorEndplateCentreLps,
    superiorEndplateNormal: v.superiorEndplateNormal,
    inferiorEndplateCentreLps: v.inferiorEndplateCentreLps,
    inferiorEndplateNormal: [
      -v.superiorEndplateNormal[0],
      -v.superiorEndplateNormal[1],
      -v.superiorEndplateNormal[2],
    ],
    spinousProcessTipLps: v.spinousProcessTipLps,
    ribs: { left: v.name === 'T12', right: v.name === 'T12' },
    left: { ...v.left, confidence: 0.9 },
    right: { ...v.right, confidence: 0.9 },
  }));
  const sac = truth.noGo.find((s) => s.kind === 'thecal-sac');
  const tube = sac?.geometry.type === 'tubes' ? sac.geometry.tubes[0] : undefined;
  const side = (s: PhantomTruth['segments'][number]['left'], v: VertebraAnalysis | undefined) => ({
    foramenCentreLps: s.safeTriangleCentreLps,
    safeTriangleCentreLps: s.safeTriangleCentreLps,
    kambinTriangleCentreLps: s.kambinTriangleCentreLps,
    sapTipLps: v?.left.sapTpJunctionLps ?? s.facetJointCentreLps,
    confidence: 0.9,
  });
  return {
    schemaVersion: 1,
    found: true,
    summary: 'Lumbar spine T12-S1 found: 5 lumbar vertebrae, last rib at T12',
    lumbarCount: 5,
    lastRibLevel: 'T12',
    countedFrom: 'sacrum-and-rib',
    uncertain: false,
    warnings: [],
    vertebrae,
    segments: truth.segments.map((s) => ({
      name: s.name,
      discCentreLps: s.discCentreLps,
      interlaminarWindowCentreLps: s.interlaminarWindowCentreLps,
      confidence: 0.9,
      left: side(s.left, undefined),
      right: side(s.right, undefined),
    })),
    sacrum: { ...truth.sacrum, confidence: 0.9 },
    canal: cranialFirst(tube?.pointsLps ?? [], tube?.radiiMm ?? []),
    structures: cropStructures(grid, labels, structures),
    body: compactBody({ grid, labels: body, couchFound: false }),
    timingsMs: {},
  };
}
