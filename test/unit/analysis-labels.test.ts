/**
 * The analysis result's compact label data (issue 20, resident memory): the structures' labels cropped to
 * their block, the body mask as row runs. Every read must answer as the full grids did, and every
 * consumer's output on the small phantom must be the same as with the full grids (a block covering the
 * whole grid is the old full-grid layout, read by the same code).
 */
import { describe, expect, it } from 'vitest';
import { analyzeSpine, type SpineAnalysis } from '../../src/analysis/index';
import {
  bodyLabelAt,
  compactBody,
  cropStructures,
  fullStructureLabels,
  structureLabelAt,
} from '../../src/analysis/labels';
import { structureMeshes } from '../../src/analysis/structureSurfaces';
import {
  type AnalysisGrid,
  BODY_COUCH,
  BODY_INSIDE,
  type StructureInfo,
  type StructureSet,
} from '../../src/analysis/types';
import { transformPoint } from '../../src/core/mat4';
import type { Vec3 } from '../../src/core/vec3';
import { generatePhantom } from '../../src/phantom/index';
import {
  analysisInsideBody,
  analysisStructures,
  maskSignedDistance,
} from '../../src/planning/analysisInputs';
import { clearances } from '../../src/planning/clearance';
import { couchClip } from '../../src/planning/couchClip';
import { automaticSegments } from '../../src/planning/noGoSegments';
import { printRequestFromAnalysis } from '../../src/planning/printSetup';
import { decodeRowRuns, encodeRowRuns, rowRunLabelAt } from '../../src/volume/rowRunLabels';
import { phantomVolume } from './volume-fixtures';

/** A small deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Labels in runs of random length and value (0 often), touching the row ends. */
function randomLabels(dims: readonly [number, number, number], seed: number): Uint8Array {
  const next = random(seed);
  const out = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let p = 0; p < out.length; ) {
    const len = 1 + Math.floor(next() * 9);
    const v = next() < 0.4 ? 0 : 1 + Math.floor(next() * 3);
    out.fill(v, p, Math.min(out.length, p + len));
    p += len;
  }
  return out;
}

const grid = (dims: [number, number, number]): AnalysisGrid => ({
  dims,
  spacingMm: 2,
  ijkToLps: [2, 0, 0, -20, 0, 2, 0, -30, 0, 0, 2, 40, 0, 0, 0, 1],
});

/** The old full-grid layout: a block that is the whole grid. */
const wholeGridSet = (set: StructureSet): StructureSet => ({
  ...set,
  box: { lo: [0, 0, 0], dims: set.grid.dims },
  boxLabels: fullStructureLabels(set),
});

describe('row runs of a label grid', () => {
  it('answer every voxel as the grid, 0 off the grid, and decode to the same bytes', () => {
    const dims: [number, number, number] = [17, 5, 4];
    const labels = randomLabels(dims, 3);
    const runs = encodeRowRuns(labels, dims);
    expect(Buffer.from(decodeRowRuns(runs)).equals(Buffer.from(labels))).toBe(true);
    for (let k = 0; k < dims[2]; k++)
      for (let j = 0; j < dims[1]; j++)
        for (let i = 0; i < dims[0]; i++)
          expect(rowRunLabelAt(runs, i, j, k)).toBe(labels[i + dims[0] * (j + dims[1] * k)]);
    for (const [i, j, k] of [
      [-1, 0, 0],
      [17, 0, 0],
      [0, 5, 0],
      [0, 0, 4],
      [0, -1, 3],
    ] as const)
      expect(rowRunLabelAt(runs, i, j, k)).toBe(0);
  });

  it('are small for a body-like mask: one run a row', () => {
    const dims: [number, number, number] = [100, 80, 30];
    const labels = new Uint8Array(100 * 80 * 30);
    for (let r = 0; r < 80 * 30; r++) labels.fill(BODY_INSIDE, 100 * r + 20, 100 * r + 80);
    const runs = encodeRowRuns(labels, dims);
    expect(runs.start.length).toBe(80 * 30);
    const bytes =
      runs.rowFirst.byteLength + runs.start.byteLength + runs.end.byteLength + runs.label.byteLength;
    expect(bytes / labels.byteLength).toBeLessThan(0.1);
  });

  it('refuse a grid wider than their 16-bit columns or labels of another size', () => {
    expect(() => encodeRowRuns(new Uint8Array(70_000), [70_000, 1, 1])).toThrow(/over 65535/);
    expect(() => encodeRowRuns(new Uint8Array(10), [4, 2, 2])).toThrow(/10 labels for a 4x2x2 grid/);
  });
});

describe('structure labels cropped to their block', () => {
  const info: StructureInfo[] = [
    { id: 'thecal-sac', name: 'Thecal sac', kind: 'thecal-sac', label: 1, estimated: false, confidence: 1 },
  ];

  it('keep only the labelled block and read back voxel for voxel', () => {
    const dims: [number, number, number] = [20, 16, 12];
    const labels = new Uint8Array(20 * 16 * 12);
    labels[3 + 20 * (4 + 16 * 5)] = 1;
    labels[9 + 20 * (11 + 16 * 7)] = 2;
    const set = cropStructures(grid(dims), labels, info);
    expect(set.box).toEqual({ lo: [3, 4, 5], dims: [7, 8, 3] });
    expect(set.boxLabels.length).toBe(7 * 8 * 3);
    expect(Buffer.from(fullStructureLabels(set)).equals(Buffer.from(labels))).toBe(true);
    for (let k = -1; k <= dims[2]; k++)
      for (let j = -1; j <= dims[1]; j++)
        for (let i = -1; i <= dims[0]; i++) {
          const inGrid = i >= 0 && j >= 0 && k >= 0 && i < dims[0] && j < dims[1] && k < dims[2];
          expect(structureLabelAt(set, i, j, k)).toBe(inGrid ? labels[i + 20 * (j + 16 * k)] : 0);
        }
  });

  it('an empty set keeps no bytes and reads 0', () => {
    const set = cropStructures(grid([8, 8, 8]), new Uint8Array(512), []);
    expect(set.boxLabels.length).toBe(0);
    expect(structureLabelAt(set, 2, 2, 2)).toBe(0);
    expect(automaticSegments(set, { dims: [8, 8, 8], ijkToLps: set.grid.ijkToLps })).toEqual([]);
    expect(structureMeshes(set)).toEqual([]);
  });
});

/** The couch plane as it was computed voxel by voxel on the full body grid (the reference). */
function couchClipOnGrid(a: SpineAnalysis, labels: Uint8Array) {
  const [nx, ny, nz] = a.body.grid.dims;
  const couch: Vec3[] = [];
  let si = 0;
  let sj = 0;
  let sk = 0;
  let n = 0;
  const stride = Math.max(1, Math.round(nz / 40));
  for (let k = 0; k < nz; k += stride)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const l = labels[i + nx * (j + ny * k)];
        if (l === BODY_INSIDE) {
          si += i;
          sj += j;
          sk += k;
          n++;
        } else if (l === BODY_COUCH) couch.push(transformPoint(a.body.grid.ijkToLps, [i, j, k]));
      }
  return { centre: [si / n, sj / n, sk / n] as Vec3, couch: couch.length };
}

describe.each([1, 7])('every consumer on the small phantom seed %i: compact labels == full grids', (seed) => {
  const volume = phantomVolume(generatePhantom({ seed, size: 'small' }));
  const a = analyzeSpine(volume);
  const body = decodeRowRuns(a.body.runs);
  const whole: SpineAnalysis = { ...a, structures: wholeGridSet(a.structures) };

  it('holds a fraction of the full grids', () => {
    const voxels = a.body.grid.dims.reduce((x, y) => x * y, 1);
    const runs = a.body.runs;
    const held =
      a.structures.boxLabels.byteLength +
      runs.rowFirst.byteLength +
      runs.start.byteLength +
      runs.end.byteLength +
      runs.label.byteLength;
    expect(held / (2 * voxels)).toBeLessThan(0.25);
    // The body runs are the body grid, and its voxels read through bodyLabelAt.
    const again = compactBody({ grid: a.body.grid, labels: body, couchFound: a.body.couchFound });
    expect(Buffer.from(again.runs.start).equals(Buffer.from(runs.start))).toBe(true);
    const [nx, ny] = a.body.grid.dims;
    for (const [i, j, k] of [
      [nx >> 1, ny >> 1, 20],
      [0, 0, 0],
      [nx - 1, ny - 1, 30],
      [nx >> 2, (3 * ny) >> 2, 40],
    ] as const)
      expect(bodyLabelAt(a.body, i, j, k)).toBe(body[i + nx * (j + ny * k)]);
  });

  it('no-go segments on the CT grid (the SEG frames) and structure surfaces', () => {
    const ct = { dims: volume.dims, ijkToLps: volume.ijkToLps };
    const segs = automaticSegments(a.structures, ct);
    expect(segs.length).toBeGreaterThan(5);
    expect(segs).toEqual(automaticSegments(whole.structures, ct));
    const meshes = structureMeshes(a.structures);
    const wholeMeshes = structureMeshes(whole.structures);
    expect(meshes.map((m) => [m.id, m.positions.length])).toEqual(
      wholeMeshes.map((m) => [m.id, m.positions.length]),
    );
    meshes.forEach((m, n) => {
      expect(Buffer.from(m.positions.buffer).equals(Buffer.from(wholeMeshes[n]!.positions.buffer))).toBe(
        true,
      );
    });
  });

  it('clearances along trajectories at every level and side, signed distances, inside-body', () => {
    const paths: [Vec3, Vec3][] = [];
    for (const s of a.segments)
      for (const side of ['left', 'right'] as const) {
        const t = s[side].safeTriangleCentreLps;
        const sign = side === 'left' ? 1 : -1;
        paths.push([[t[0] + sign * 60, t[1] + 70, t[2] + 10], t]);
        paths.push([[s.discCentreLps[0], s.discCentreLps[1] + 90, s.discCentreLps[2]], s.discCentreLps]);
      }
    expect(paths.length).toBeGreaterThan(4);
    const mine = analysisStructures(a);
    const ref = analysisStructures(whole);
    let violations = 0;
    for (const [entryLps, tipLps] of paths) {
      const needle = { entryLps, tipLps, radiusMm: 0.36 };
      const r = clearances(needle, mine);
      expect(r).toEqual(clearances(needle, ref));
      violations += r.filter((x) => x.violates).length;
    }
    expect(violations).toBeGreaterThan(0);
    const points = paths.flat();
    const kinds = ['thecal-sac', 'nerve-root', 'aorta', 'ivc', 'kidney'] as const;
    const d = maskSignedDistance(a, kinds)!;
    const dRef = maskSignedDistance(whole, kinds)!;
    expect(points.map(d)).toEqual(points.map(dRef));
    // Inside the body, against the full body grid read at the nearest voxel.
    const inside = analysisInsideBody(a);
    const g = a.body.grid;
    const [nx, ny, nz] = g.dims;
    const m = g.ijkToLps;
    for (const p of points) {
      const [i, j, k] = [0, 1, 2].map((c) => Math.round((p[c]! - m[4 * c + 3]!) / g.spacingMm));
      const inGrid = i! >= 0 && j! >= 0 && k! >= 0 && i! < nx && j! < ny && k! < nz;
      expect(inside(p)).toBe(inGrid && body[i! + nx * (j! + ny * k!)] === BODY_INSIDE);
    }
  });

  it('couch plane and print request with the couch excluded', () => {
    expect(a.body.couchFound).toBe(true);
    const clip = couchClip(a.body)!;
    const ref = couchClipOnGrid(a, body);
    expect(ref.couch).toBeGreaterThan(0);
    // The plane's point off the couch axis is the body centre, as the voxel-by-voxel sums give it.
    const centre = transformPoint(a.body.grid.ijkToLps, ref.centre);
    const axis = clip.normalLps[1] !== 0 ? 1 : 0;
    for (let c = 0; c < 3; c++) if (c !== axis) expect(clip.pointLps[c]).toBe(centre[c]);
    const names = a.vertebrae.map((v) => v.name);
    const req = printRequestFromAnalysis(a, {
      fromVertebra: names[1]!,
      toVertebra: names[2]!,
      skinShell: true,
    });
    if (typeof req === 'string') throw new Error(req);
    expect(req.skinShell).toBeDefined();
    expect(req.exclude?.label).toBe(BODY_COUCH);
    expect(req.exclude?.runs).toBe(a.body.runs);
  });
});
