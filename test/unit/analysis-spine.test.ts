/**
 * The automatic spine analysis (src/analysis) against ground truth: the demo phantom's truth on every seed
 * and both sizes, the two counting variants, and real CT series annotated by hand (see PANCREAS_LEVELS).
 * Landmark figures are printed so the issue notes can quote them.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeSpine, type SpineAnalysis, structureLabelAt } from '../../src/analysis/index';
import { readTree } from '../../src/cli/readTree';
import { multiply4 } from '../../src/core/mat4';
import { angleDeg, distance, type Vec3 } from '../../src/core/vec3';
import { buildVolume, scanFiles } from '../../src/dicom/ingest';
import { generatePhantom, noGoDistanceMm, type Phantom } from '../../src/phantom/index';
import type { Volume } from '../../src/volume/volume';
import { testDataPath } from '../testData';
import { phantomVolume } from './volume-fixtures';

const SERIES = testDataPath('ct-series');

async function seriesVolume(name: string): Promise<Volume> {
  const { files } = await readTree(path.join(SERIES, name));
  return buildVolume(scanFiles(files).candidates[0]!);
}

interface Errors {
  endplateDeg: number[];
  pedicleMm: number[];
  safeTriangleMm: number[];
  sapTipMm: number[];
  bodyMm: number[];
  sacDice: number[];
}

/** Errors of the lumbar landmarks (L1-L5 and their segments, L5-S1 included) against the truth. */
function landmarkErrors(a: SpineAnalysis, p: Phantom): Errors {
  const e: Errors = {
    endplateDeg: [],
    pedicleMm: [],
    safeTriangleMm: [],
    sapTipMm: [],
    bodyMm: [],
    sacDice: [],
  };
  e.sacDice.push(sacDice(a, p));
  for (const tv of p.truth.vertebrae) {
    if (!tv.name.startsWith('L')) continue;
    const av = a.vertebrae.find((v) => v.name === tv.name)!;
    e.bodyMm.push(distance(av.bodyCentreLps, tv.bodyCentreLps));
    e.endplateDeg.push(angleDeg(av.superiorEndplateNormal, tv.superiorEndplateNormal));
    for (const side of ['left', 'right'] as const)
      e.pedicleMm.push(distance(av[side].pedicleCentreLps, tv[side].pedicleCentreLps));
  }
  for (const ts of p.truth.segments) {
    if (ts.name.startsWith('T')) continue;
    const as = a.segments.find((s) => s.name === ts.name)!;
    for (const side of ['left', 'right'] as const) {
      e.safeTriangleMm.push(distance(as[side].safeTriangleCentreLps, ts[side].safeTriangleCentreLps));
      e.sapTipMm.push(distance(as[side].sapTipLps, ts[side].sapTipLps));
    }
  }
  return e;
}

/** Dice of the analysis's thecal sac mask against the truth's sac, on the analysis grid near the canal. */
function sacDice(a: SpineAnalysis, p: Phantom): number {
  const set = a.structures;
  const { dims, ijkToLps: o, spacingMm: s } = set.grid;
  const [nx, ny, nz] = dims;
  const label = set.structures.find((x) => x.id === 'thecal-sac')?.label;
  let na = 0;
  let nb = 0;
  let both = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const inA = structureLabelAt(set, i, j, k) === label;
        if (inA) na++;
        const pt: Vec3 = [o[3]! + i * s, o[7]! + j * s, o[11]! + k * s];
        // The truth's sac lies within this box around the phantom's midline.
        if (Math.abs(pt[0]) > 30 || pt[1] < -10 || pt[1] > 90) continue;
        const inB = noGoDistanceMm(p.truth, 'thecal-sac', pt) < 0;
        if (inB) nb++;
        if (inA && inB) both++;
      }
  return (2 * both) / (na + nb);
}

const max = (v: readonly number[]) => Math.max(...v);
const median = (v: readonly number[]) => [...v].sort((x, y) => x - y)[v.length >> 1]!;
const fmt = (v: readonly number[]) => `median ${median(v).toFixed(1)}, max ${max(v).toFixed(1)}`;

function analysePhantom(size: 'small' | 'default', seed: number, variant?: 'six-lumbar' | 'sacralised-l5') {
  const phantom = generatePhantom({ size, seed, variant });
  return { phantom, analysis: analyzeSpine(phantomVolume(phantom)) };
}

/** The names the truth expects, cranial to caudal, with S1 (the truth lists T12..L5 or L6; the volume may start in T11). */
function expectNamesMatch(a: SpineAnalysis, p: Phantom): void {
  const truthNames = [...p.truth.vertebrae.map((v) => v.name), 'S1'];
  const found = a.vertebrae.map((v) => v.name);
  // A partial T11 at the top of the volume is named too (the phantom starts a third of the way up T11).
  expect(found.filter((n) => n !== 'T11')).toEqual(truthNames);
  for (const tv of p.truth.vertebrae) {
    const av = a.vertebrae.find((v) => v.name === tv.name)!;
    // The right name on the right body: within 5 mm of that vertebra's true centre.
    expect(distance(av.bodyCentreLps, tv.bodyCentreLps)).toBeLessThan(5);
  }
}

/**
 * Bounds per size. The issue asks 3 mm and 3 deg: met as medians at both sizes and as maxima for pedicles and
 * endplates at the default size; the small size (2.4 mm pixels, 3 mm slices rasterised without partial volume)
 * gets wider single-point bounds. SAP tip maxima (a tip touching the process above) are reported, not bounded.
 */
const SIZES = [
  {
    size: 'small',
    title: 'small (160x160, 2.4 mm pixels, 3 mm slices)',
    pedicleMaxMm: 4.5,
    safeTriangleMaxMm: 4,
    // One seed's median of 10 tips: 4.02 mm with the robust endplate fit (3.45 before), while the median over
    // all 11 seeds went from 2.9 to 2.8 mm; the voxels are 2.4 x 2.4 x 3 mm.
    sapTipMedianMm: 4.5,
    endplateDeg: { median: 3, max: Infinity },
    sacDiceMin: 0.75,
  },
  {
    size: 'default',
    title: 'default size (512x512, 0.75 mm pixels, 1 mm slices)',
    pedicleMaxMm: 3,
    safeTriangleMaxMm: 4,
    sapTipMedianMm: 3,
    endplateDeg: { median: 3, max: 3 },
    sacDiceMin: 0.85,
  },
] as const;

for (const b of SIZES)
  describe(`spine analysis: demo phantom, ${b.title}`, () => {
    const all: Errors = {
      endplateDeg: [],
      pedicleMm: [],
      safeTriangleMm: [],
      sapTipMm: [],
      bodyMm: [],
      sacDice: [],
    };
    for (let seed = 1; seed <= 11; seed++)
      it(`seed ${seed}: every level named right, counted from the sacrum and the last rib`, {
        timeout: 120_000,
      }, () => {
        const { phantom, analysis } = analysePhantom(b.size, seed);
        expect(analysis.found).toBe(true);
        expectNamesMatch(analysis, phantom);
        expect(analysis.lumbarCount).toBe(5);
        expect(analysis.lastRibLevel).toBe('T12');
        expect(analysis.countedFrom).toBe('sacrum-and-rib');
        expect(analysis.uncertain).toBe(false);
        const e = landmarkErrors(analysis, phantom);
        for (const k of Object.keys(all) as (keyof Errors)[]) all[k].push(...e[k]);
        expect(max(e.bodyMm)).toBeLessThan(4);
        expect(median(e.endplateDeg)).toBeLessThan(b.endplateDeg.median);
        expect(max(e.endplateDeg)).toBeLessThan(b.endplateDeg.max);
        expect(median(e.pedicleMm)).toBeLessThan(3);
        expect(max(e.pedicleMm)).toBeLessThan(b.pedicleMaxMm);
        expect(median(e.safeTriangleMm)).toBeLessThan(3);
        expect(max(e.safeTriangleMm)).toBeLessThan(b.safeTriangleMaxMm);
        expect(median(e.sapTipMm)).toBeLessThan(b.sapTipMedianMm);
        expect(e.sacDice[0]).toBeGreaterThan(b.sacDiceMin);
      });
    it('landmark figures over seeds 1-11', () => {
      console.log(
        `${b.size} phantom, seeds 1-11, L1-L5: body ${fmt(all.bodyMm)} mm; endplate ${fmt(all.endplateDeg)} deg; ` +
          `pedicle ${fmt(all.pedicleMm)} mm; safe triangle ${fmt(all.safeTriangleMm)} mm; SAP tip ${fmt(all.sapTipMm)} mm; ` +
          `sac Dice min ${Math.min(...all.sacDice).toFixed(3)}`,
      );
      expect(all.pedicleMm.length).toBe(11 * 10);
    });
  });

describe('spine analysis: unusual counts are reported and flagged', () => {
  for (const seed of [1, 2, 3]) {
    it(`six lumbar-type vertebrae (seed ${seed}): count 6, uncertain, warning`, () => {
      const { phantom, analysis } = analysePhantom('small', seed, 'six-lumbar');
      expect(analysis.lumbarCount).toBe(6);
      expect(analysis.uncertain).toBe(true);
      expect(analysis.warnings.join(' ')).toMatch(/6 lumbar-type vertebrae/);
      expectNamesMatch(analysis, phantom);
    });
    it(`sacralised L5 (seed ${seed}): transitional anatomy reported, level check uncertain`, () => {
      const { phantom, analysis } = analysePhantom('small', seed, 'sacralised-l5');
      expect(analysis.uncertain).toBe(true);
      const names = analysis.vertebrae.map((v) => v.name).filter((n) => n !== 'T11');
      if (analysis.lumbarCount === 4) {
        // The fused L5 block read as the sacrum: 4 mobile lumbar vertebrae against the last rib.
        expect(analysis.warnings.join(' ')).toMatch(/4 lumbar-type vertebrae.*sacralised L5/);
        expect(names).toEqual(['T12', 'L1', 'L2', 'L3', 'L4', 'S1']);
      } else {
        // L5 read as a vertebra of its own above a disc remnant: counted 5, the remnant stated.
        expect(analysis.lumbarCount).toBe(5);
        expect(analysis.warnings.join(' ')).toMatch(/remnant.*transitional vertebra.*sacralised L5/);
        expect(names).toEqual(['T12', 'L1', 'L2', 'L3', 'L4', 'L5', 'S1']);
      }
      for (const name of ['L1', 'L2', 'L3', 'L4']) {
        const t = phantom.truth.vertebrae.find((v) => v.name === name)!;
        const a = analysis.vertebrae.find((v) => v.name === name)!;
        expect(distance(a.bodyCentreLps, t.bodyCentreLps)).toBeLessThan(5);
      }
    });
  }
});

/**
 * Pancreas-CT-CB001 (TCIA Pancreatic-CT-CBCT-SEG), annotated by hand on a posterior coronal maximum
 * intensity projection and the mid-sagittal reformat: the long 12th ribs articulate with the vertebra whose
 * body centre is at z = 321 mm (T12); five rib-free vertebrae follow (L1-L5); below them the sacrum, whose
 * S1 body (z = 118 mm) carries the alae and the sacroiliac joints. Body centre heights (LPS z, mm).
 */
const PANCREAS_LEVELS: Record<string, number> = {
  T11: 350,
  T12: 321,
  L1: 289,
  L2: 254,
  L3: 219,
  L4: 181,
  L5: 146,
  S1: 118,
};

type StorageOrder = 'reversed' | 'ik-swapped' | 'jk-swapped';

/** The same voxels and patient geometry in another storage order: new index (i', j', k') of old (i, j, k). */
function storedInOrder(v: Volume, order: StorageOrder): Volume {
  const [nx, ny, nz] = v.dims;
  const to = {
    reversed: (i: number, j: number, k: number): Vec3 => [nx - 1 - i, ny - 1 - j, nz - 1 - k],
    'ik-swapped': (i: number, j: number, k: number): Vec3 => [k, j, i],
    'jk-swapped': (i: number, j: number, k: number): Vec3 => [i, k, j],
  }[order];
  // Old ijk of a new index (row-major 4x4): the inverse of `to`.
  const oldOfNew = {
    reversed: [-1, 0, 0, nx - 1, 0, -1, 0, ny - 1, 0, 0, -1, nz - 1, 0, 0, 0, 1],
    'ik-swapped': [0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1],
    'jk-swapped': [1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1],
  }[order];
  // Axis lengths and spacings follow the axes (a reversal keeps them).
  const axes = (t: readonly [number, number, number]): [number, number, number] =>
    order === 'reversed'
      ? [t[0], t[1], t[2]]
      : order === 'ik-swapped'
        ? [t[2], t[1], t[0]]
        : [t[0], t[2], t[1]];
  const dims = axes(v.dims);
  const data = new Int16Array(v.data.length);
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        const [p, q, r] = to(i, j, k);
        data[p + dims[0] * (q + dims[1] * r)] = v.data[i + nx * (j + ny * k)]!;
      }
  return { ...v, dims, spacingMm: axes(v.spacingMm), data, ijkToLps: multiply4(v.ijkToLps, oldOfNew) };
}

describe('spine analysis: real CT series', () => {
  it('pancreas CT: T12-S1 named as annotated, 5 lumbar vertebrae, last rib T12', {
    timeout: 60_000,
  }, async () => {
    const a = analyzeSpine(await seriesVolume('pancreas-ct-cb001'));
    expect(a.found).toBe(true);
    expect(a.lumbarCount).toBe(5);
    expect(a.lastRibLevel).toBe('T12');
    expect(a.countedFrom).toBe('sacrum-and-rib');
    expect(a.uncertain).toBe(false);
    for (const [name, z] of Object.entries(PANCREAS_LEVELS)) {
      const v = a.vertebrae.find((x) => x.name === name);
      expect(v, name).toBeDefined();
      expect(Math.abs(v!.bodyCentreLps[2] - z), name).toBeLessThan(8);
    }
    // Pedicles beside the canal, behind the body, at every lumbar level.
    for (const v of a.vertebrae.filter((x) => x.name.startsWith('L')))
      for (const side of ['left', 'right'] as const) {
        const p: Vec3 = v[side].pedicleCentreLps;
        expect(Math.sign(p[0] - v.bodyCentreLps[0]), `${v.name} ${side}`).toBe(side === 'left' ? 1 : -1);
        expect(p[1] - v.bodyCentreLps[1], `${v.name} ${side}`).toBeGreaterThan(10);
        expect(Math.abs(p[2] - v.bodyCentreLps[2]), `${v.name} ${side}`).toBeLessThan(15);
      }
  });

  // The same CT stored in other voxel orders, with the same patient geometry (PS3.3 C.7.6.2.1.1): the spine
  // must come out the same. Before the endplates were fitted robustly, the columns-slices swap tilted the L5
  // inferior endplate the other way and moved the L5 pedicles 8 mm.
  const orders: { name: string; order: StorageOrder }[] = [
    { name: 'reversed (rows, columns and slices)', order: 'reversed' },
    { name: 'with columns and slices swapped (as a sagittal acquisition would be)', order: 'ik-swapped' },
    { name: 'with rows and slices swapped (as a coronal acquisition would be)', order: 'jk-swapped' },
  ];
  for (const { name, order } of orders)
    it(`pancreas CT stored ${name}: same levels, L1-S1 bodies and pedicles within 2 mm, endplates within 8 deg (up to 5.7 seen; a flipped tilt is tens)`, {
      timeout: 90_000,
    }, async () => {
      const v = await seriesVolume('pancreas-ct-cb001');
      const a = analyzeSpine(v);
      const b = analyzeSpine(storedInOrder(v, order));
      expect(b.vertebrae.map((x) => x.name)).toEqual(a.vertebrae.map((x) => x.name));
      for (const x of a.vertebrae.filter((q) => /^(L|S)/.test(q.name))) {
        const y = b.vertebrae.find((q) => q.name === x.name)!;
        expect(distance(x.bodyCentreLps, y.bodyCentreLps), x.name).toBeLessThan(2);
        for (const side of ['left', 'right'] as const)
          expect(
            distance(x[side].pedicleCentreLps, y[side].pedicleCentreLps),
            `${x.name} ${side}`,
          ).toBeLessThan(2);
        expect(angleDeg(x.superiorEndplateNormal, y.superiorEndplateNormal), x.name).toBeLessThan(8);
        expect(angleDeg(x.inferiorEndplateNormal, y.inferiorEndplateNormal), x.name).toBeLessThan(8);
      }
    });

  it('LIDC chest (thoracic only, feet first): no lumbar or sacral level invented', {
    timeout: 60_000,
  }, async () => {
    const a = analyzeSpine(await seriesVolume('lidc-idri-0314'));
    expect(a.vertebrae.some((v) => /^[LS]/.test(v.name))).toBe(false);
    expect(a.lumbarCount).toBeUndefined();
    expect(a.warnings.join(' ')).toMatch(/no level is named|not cross-checked/);
  });

  it('a 20-slice upper-abdomen CT (40 mm of spine): no spine found, and the reason is the length of the scan', {
    timeout: 60_000,
  }, async () => {
    const a = analyzeSpine(await seriesVolume('totalseg-example-ct-j2k'));
    expect(a.found).toBe(false);
    const covered = Number(/covers (\d+) mm head to foot/.exec(a.summary)?.[1]);
    expect(covered).toBeGreaterThan(30);
    expect(covered).toBeLessThan(50);
    expect(a.summary).toMatch(/needs at least 50 mm of spine/);
  });

  it('GE head CT (tilted gantry): no spine found, no crash', { timeout: 60_000 }, async () => {
    const a = analyzeSpine(await seriesVolume('ge-head-gantry-tilt'));
    expect(a.found).toBe(false);
    expect(a.summary).toMatch(/No spine found/);
    expect(a.vertebrae).toEqual([]);
  });
});
