import { describe, expect, it } from 'vitest';
import { transformPoint } from '../../src/core/mat4';
import { distance, type Vec3 } from '../../src/core/vec3';
import { generatePhantom } from '../../src/phantom/index';
import { printRequestFromAnalysis } from '../../src/planning/printSetup';
import { buildPrintModel, type PrintModel, signedVolumeMm3 } from '../../src/volume/surface/printModel';
import { analysisFromTruth } from './analysis-fixtures';
import { phantomVolume } from './volume-fixtures';

/** Undirected edge key -> uses, and directed edge key -> uses (each must be 2 and 1 on a closed, oriented 2-manifold). */
function edgeCounts(indices: Uint32Array): { undirectedBad: number; directedBad: number; edges: number } {
  const undirected = new Map<number, number>();
  const directed = new Map<number, number>();
  const key = (a: number, b: number) => a * 67_108_864 + b;
  for (let t = 0; t < indices.length; t += 3)
    for (let e = 0; e < 3; e++) {
      const a = indices[t + e]!;
      const b = indices[t + ((e + 1) % 3)]!;
      directed.set(key(a, b), (directed.get(key(a, b)) ?? 0) + 1);
      const u = key(Math.min(a, b), Math.max(a, b));
      undirected.set(u, (undirected.get(u) ?? 0) + 1);
    }
  let undirectedBad = 0;
  for (const c of undirected.values()) if (c !== 2) undirectedBad++;
  let directedBad = 0;
  for (const c of directed.values()) if (c !== 1) directedBad++;
  return { undirectedBad, directedBad, edges: undirected.size };
}

type Tri = [Vec3, Vec3, Vec3];
const sub = (a: Vec3, b: Vec3): Vec3 => [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
const cross = (a: Vec3, b: Vec3): Vec3 => [
  a[1] * b[2] - a[2] * b[1],
  a[2] * b[0] - a[0] * b[2],
  a[0] * b[1] - a[1] * b[0],
];
const dot = (a: Vec3, b: Vec3) => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/** Segment p-q crosses triangle t strictly inside both (Moller & Trumbore 1997 with a margin). */
function segmentCrosses(p: Vec3, q: Vec3, t: Tri): boolean {
  const eps = 1e-6;
  const d = sub(q, p);
  const e1 = sub(t[1], t[0]);
  const e2 = sub(t[2], t[0]);
  const h = cross(d, e2);
  const a = dot(e1, h);
  if (Math.abs(a) < 1e-12) return false;
  const s = sub(p, t[0]);
  const u = dot(s, h) / a;
  const qv = cross(s, e1);
  const v = dot(d, qv) / a;
  const w = dot(e2, qv) / a;
  return u > eps && v > eps && u + v < 1 - eps && w > eps && w < 1 - eps;
}

/** Pairs of triangles (no shared vertex) within `radius` of `centre` whose edges cross each other's interiors. */
function selfIntersections(model: PrintModel, centre: Vec3, radius: number): number {
  const { positions: p, indices } = model.mesh;
  const near: { ids: number[]; tri: Tri }[] = [];
  for (let t = 0; t < indices.length; t += 3) {
    const ids = [indices[t]!, indices[t + 1]!, indices[t + 2]!];
    const tri = ids.map((v) => [p[3 * v]!, p[3 * v + 1]!, p[3 * v + 2]!] as Vec3) as Tri;
    if (tri.some((x) => distance(x, centre) < radius)) near.push({ ids, tri });
  }
  let hits = 0;
  for (let a = 0; a < near.length; a++)
    for (let b = a + 1; b < near.length; b++) {
      const A = near[a]!;
      const B = near[b]!;
      if (A.ids.some((v) => B.ids.includes(v))) continue;
      const crosses = (X: Tri, Y: Tri) => [0, 1, 2].some((e) => segmentCrosses(X[e]!, X[(e + 1) % 3]!, Y));
      if (crosses(A.tri, B.tri) || crosses(B.tri, A.tri)) hits++;
    }
  return hits;
}

/**
 * Ray parity along a fixed oblique ray (never grazing the grid-aligned faces): odd = inside the closed
 * mesh. Moller-Trumbore unrolled over the typed arrays (no allocation per triangle).
 */
function insideMesh(model: PrintModel, point: Vec3): boolean {
  const d: Vec3 = [0.37, 1, 0.23];
  const { positions: p, indices } = model.mesh;
  let crossings = 0;
  for (let t = 0; t < indices.length; t += 3) {
    const a = 3 * indices[t]!;
    const b = 3 * indices[t + 1]!;
    const c = 3 * indices[t + 2]!;
    const e1x = p[b]! - p[a]!;
    const e1y = p[b + 1]! - p[a + 1]!;
    const e1z = p[b + 2]! - p[a + 2]!;
    const e2x = p[c]! - p[a]!;
    const e2y = p[c + 1]! - p[a + 1]!;
    const e2z = p[c + 2]! - p[a + 2]!;
    const hx = d[1] * e2z - d[2] * e2y;
    const hy = d[2] * e2x - d[0] * e2z;
    const hz = d[0] * e2y - d[1] * e2x;
    const det = e1x * hx + e1y * hy + e1z * hz;
    if (Math.abs(det) < 1e-12) continue;
    const sx = point[0] - p[a]!;
    const sy = point[1] - p[a + 1]!;
    const sz = point[2] - p[a + 2]!;
    const u = (sx * hx + sy * hy + sz * hz) / det;
    if (u < 0 || u > 1) continue;
    const qx = sy * e1z - sz * e1y;
    const qy = sz * e1x - sx * e1z;
    const qz = sx * e1y - sy * e1x;
    const v = (d[0] * qx + d[1] * qy + d[2] * qz) / det;
    if (v < 0 || u + v > 1) continue;
    if ((e2x * qx + e2y * qy + e2z * qz) / det > 0) crossings++;
  }
  return crossings % 2 === 1;
}

describe('skin shell of the print (a separate part over the back)', () => {
  it('small phantom seed 2, L2-L4: closed, clear of the bone print, standing on the base', () => {
    const phantom = generatePhantom({ size: 'small', seed: 2 });
    const volume = phantomVolume(phantom, { id: 'shell', metadata: { modality: 'CT' } });
    const analysis = analysisFromTruth(phantom.truth, volume);
    const request = printRequestFromAnalysis(analysis, {
      fromVertebra: 'L2',
      toVertebra: 'L4',
      skinShell: true,
    });
    if (typeof request === 'string') throw new Error(request);
    const model = buildPrintModel(volume, request);
    const shell = model.shell;
    if (!shell) throw new Error(`no shell: ${model.warnings.join(' ')}`);
    const edges = edgeCounts(shell.indices);
    expect(edges.undirectedBad).toBe(0);
    expect(edges.directedBad).toBe(0);
    const volumeMm3 = signedVolumeMm3(shell);
    expect(volumeMm3).toBeGreaterThan(0);
    // Its lowest points stand on the base's top face (within a voxel).
    let minY = Infinity;
    let maxY = -Infinity;
    for (let v = 1; v < shell.positions.length; v += 3) {
      minY = Math.min(minY, shell.positions[v]!);
      maxY = Math.max(maxY, shell.positions[v]!);
    }
    const baseTop = request.boxMinLps[1] + request.baseThicknessMm;
    expect(Math.abs(minY - baseTop)).toBeLessThan(request.spacingMm * 1.5);
    // Its top is the back skin, posterior to every spinous tip.
    for (const v of analysis.vertebrae.filter((x) => ['L2', 'L3', 'L4'].includes(x.name)))
      expect(maxY).toBeGreaterThan(v.spinousProcessTipLps![1] + 10);
    // No part of it inside the bone print: sampled shell vertices are all outside the print.
    for (let v = 0; v < shell.positions.length; v += 3 * 997) {
      const p: Vec3 = [shell.positions[v]!, shell.positions[v + 1]!, shell.positions[v + 2]!];
      expect(insideMesh(model, p)).toBe(false);
    }
  });
});

describe('print model of the spine (watertight, pits where the plan says)', () => {
  for (const [seed, from, to] of [
    [1, 'L3', 'L5'],
    [4, 'L1', 'L2'],
  ] as const) {
    it(`small phantom seed ${seed}, ${from}-${to}`, () => {
      const phantom = generatePhantom({ size: 'small', seed });
      const volume = phantomVolume(phantom, { id: `print-${seed}`, metadata: { modality: 'CT' } });
      const analysis = analysisFromTruth(phantom.truth, volume);
      const request = printRequestFromAnalysis(analysis, { fromVertebra: from, toVertebra: to });
      if (typeof request === 'string') throw new Error(request);
      const model = buildPrintModel(volume, request);

      const edges = edgeCounts(model.mesh.indices);
      expect(edges.edges).toBeGreaterThan(10_000);
      expect(edges.undirectedBad).toBe(0); // every edge shared by exactly two triangles
      expect(edges.directedBad).toBe(0); // and used once each way: consistently wound
      expect(model.stats.volumeMm3).toBeGreaterThan(0); // outward winding
      // Bone volume: the chosen vertebrae (each ~30-60 cm3 solid) plus a 5 mm base plate.
      expect(model.stats.volumeMm3 / 1000).toBeGreaterThan(20);

      // Four base pits and two spinous pits, each a divot: its centre empty, the solid just below it.
      expect(model.fiducials.map((f) => f.id).sort()).toEqual(
        [
          'base-left-caudal',
          'base-left-cranial',
          'base-right-caudal',
          'base-right-cranial',
          'spinous-cranial',
          'spinous-caudal',
        ].sort(),
      );
      const r = request.pitRadiusMm;
      for (const f of model.fiducials) {
        const c = f.positionLps;
        expect(insideMesh(model, c), `${f.id} centre is empty`).toBe(false);
        // Anterior of the centre (into the material) by the pit depth plus a voxel: solid again.
        expect(insideMesh(model, [c[0] + 0.1, c[1] - r - 1.2, c[2] + 0.1]), `${f.id} floor is solid`).toBe(
          true,
        );
        // The divot's wall: the nearest surface vertex lies about one radius from the centre.
        let nearest = Infinity;
        const p = model.mesh.positions;
        for (let v = 0; v < p.length; v += 3)
          nearest = Math.min(nearest, distance([p[v]!, p[v + 1]!, p[v + 2]!], c));
        expect(nearest).toBeGreaterThan(r - request.spacingMm);
        expect(nearest).toBeLessThan(r + request.spacingMm);
        expect(selfIntersections(model, c, r + 2), `${f.id} self-intersections`).toBe(0);
      }
      // Spinous pits on the chosen processes' posterior surface, within a few mm of the tips.
      for (const [name, id] of [
        [from, 'spinous-cranial'],
        [to, 'spinous-caudal'],
      ] as const) {
        const tip = analysis.vertebrae.find((v) => v.name === name)!.spinousProcessTipLps!;
        const pit = model.fiducials.find((f) => f.id === id)!;
        expect(distance(pit.positionLps, tip)).toBeLessThan(6);
      }
      // Print frame: the base's underside at z = 0, every vertex above it.
      let minZ = Infinity;
      const p = model.mesh.positions;
      for (let v = 0; v < p.length; v += 3)
        minZ = Math.min(minZ, transformPoint(model.lpsToPrint, [p[v]!, p[v + 1]!, p[v + 2]!])[2]);
      expect(Math.abs(minZ)).toBeLessThan(0.6);
    });
  }
});
