/**
 * No-go structures as a binary DICOM Segmentation (issue 21): painted regions and automatic structures
 * written on the CT's grid, checked by dicom3tools' dciodvfy and by pydicom (independent readers), and read
 * back by our own reader voxel for voxel.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import dcmjsModule from 'dcmjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cropStructures, fullStructureLabels } from '../../src/analysis/labels';
import type { StructureSet } from '../../src/analysis/types';
import { buildCaseSegmentation, caseSegments, regionsFromSegmentation } from '../../src/app/planSegmentation';
import type { Mat4 } from '../../src/core/mat4';
import { invert4, transformPoint } from '../../src/core/mat4';
import type { Vec3 } from '../../src/core/vec3';
import { buildVolume, scanFiles } from '../../src/dicom/ingest';
import { readSegmentation } from '../../src/dicom/parse/segmentation';
import { dicomLabToRgb, rgbToDicomLab } from '../../src/dicom/write/segColour';
import { decodeRuns, type PaintedRegion, paintDab, paintedVoxelCount } from '../../src/planning/noGoMask';
import { emptyPlan } from '../../src/planning/planFile';
import type { Volume } from '../../src/volume/volume';
import { testDataPath } from '../testData';

const PANCREAS = testDataPath('ct-series/pancreas-ct-cb001');
const TILTED = testDataPath('ct-series/ge-head-gantry-tilt');
const NOW = new Date('2026-12-07T01:02:03Z');

async function volumeOf(dir: string, files: readonly string[]): Promise<Volume> {
  const inputs = files.map((f) => ({ path: f, bytes: new Uint8Array(readFileSync(resolve(dir, f))) }));
  return buildVolume(scanFiles(inputs).candidates[0]!);
}

const studyOf = (v: Volume) => ({
  studyInstanceUid: v.metadata.studyInstanceUid,
  patientName: v.metadata.patientName,
  patientId: v.metadata.patientId,
  studyDate: v.metadata.studyDate,
});

/** Two regions painted with the brush on the volume's grid: axial dabs over 4 slices, and a sagittal one. */
function paintRegions(v: Volume): PaintedRegion[] {
  const grid = { dims: v.dims, ijkToLps: v.ijkToLps };
  const at = (i: number, j: number, k: number) => transformPoint(v.ijkToLps, [i, j, k]);
  let a: PaintedRegion = { id: 'a', name: 'Segmental artery L2 left', marginMm: 2, grid, slices: [] };
  for (let k = 0; k < Math.min(4, v.dims[2]); k++)
    a = paintDab(a, { centreLps: at(300, 260, k), normalLps: [0, 0, 1], radiusMm: 6 + k });
  let b: PaintedRegion = { id: 'b', name: 'Bowel loop – ä', grid, slices: [] };
  b = paintDab(b, { centreLps: at(v.dims[0] - 3, 100, 1), normalLps: [1, 0, 0], radiusMm: 9 });
  return [a, b];
}

/** A 2 mm LPS structure set around the volume's centre: a ball (thecal sac) and a box (left kidney). */
function structuresAround(v: Volume): StructureSet {
  const centre = transformPoint(v.ijkToLps, [v.dims[0] / 2, v.dims[1] / 2, (v.dims[2] - 1) / 2]);
  const dims: [number, number, number] = [40, 40, 12];
  const origin: Vec3 = [centre[0] - 40, centre[1] - 40, centre[2] - 12];
  const ijkToLps: Mat4 = [2, 0, 0, origin[0], 0, 2, 0, origin[1], 0, 0, 2, origin[2], 0, 0, 0, 1];
  const labels = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++) {
        const idx = i + dims[0] * (j + dims[1] * k);
        if ((i - 12) ** 2 + (j - 12) ** 2 + (k - 6) ** 2 <= 36) labels[idx] = 1;
        if (i >= 26 && i <= 34 && j >= 24 && j <= 36 && k >= 2) labels[idx] = 2;
      }
  return cropStructures({ dims, spacingMm: 2, ijkToLps }, labels, [
    {
      id: 'thecal-sac',
      name: 'Thecal sac',
      kind: 'thecal-sac',
      label: 1,
      estimated: false,
      confidence: 0.9,
    },
    { id: 'kidney-left', name: 'Kidney left', kind: 'kidney', label: 2, estimated: false, confidence: 0.8 },
  ]);
}

/** dcmjs 0.52.2's Segmentation derivation (it has no types; only what this test calls). */
interface DcmjsLib {
  data: {
    DicomMessage: {
      readFile(buffer: ArrayBuffer): { dict: Record<string, unknown>; meta: Record<string, unknown> };
    };
    DicomMetaDictionary: {
      naturalizeDataset(dict: Record<string, unknown>): Record<string, unknown>;
      namifyDataset(dict: Record<string, unknown>): Record<string, unknown>;
    };
    datasetToDict(dataset: Record<string, unknown>): { write(): ArrayBuffer };
  };
  normalizers: { Normalizer: { normalizeToDataset(datasets: Record<string, unknown>[]): MultiFrame } };
  derivations: { Segmentation: new (datasets: MultiFrame[]) => DcmjsSegmentation };
}
interface MultiFrame {
  PerFrameFunctionalGroupsSequence: {
    PlanePositionSequence: { ImagePositionPatient: number[] } | { ImagePositionPatient: number[] }[];
  }[];
}
interface DcmjsSegmentation {
  dataset: Record<string, unknown>;
  setNumberOfFrames(n: number): void;
  addSegmentFromLabelmap(
    segment: Record<string, unknown>,
    labelmaps: Uint8Array[],
    index: number,
    frames: number[],
  ): void;
  bitPackPixelData(): void;
}
const dcmjs = ((dcmjsModule as unknown as { default?: DcmjsLib }).default ??
  dcmjsModule) as unknown as DcmjsLib;

/** The slices' voxels as a dcmjs Segmentation of the CT files (frames matched to slices by position). */
function segmentationByDcmjs(
  files: readonly string[],
  v: Volume,
  slices: PaintedRegion['slices'],
): Uint8Array {
  const datasets = files.map((f) => {
    const b = readFileSync(resolve(PANCREAS, f));
    const dict = dcmjs.data.DicomMessage.readFile(
      b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer,
    );
    const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict);
    ds._meta = dcmjs.data.DicomMetaDictionary.namifyDataset(dict.meta);
    return ds;
  });
  const multiframe = dcmjs.normalizers.Normalizer.normalizeToDataset(datasets);
  const seg = new dcmjs.derivations.Segmentation([multiframe]);
  const toIjk = invert4(v.ijkToLps);
  const used = multiframe.PerFrameFunctionalGroupsSequence.map((g, f) => {
    const pp = g.PlanePositionSequence;
    const ipp = (Array.isArray(pp) ? pp[0]! : pp).ImagePositionPatient.map(Number) as unknown as Vec3;
    return { frame: f + 1, slice: slices.find((s) => s.k === Math.round(transformPoint(toIjk, ipp)[2])) };
  }).filter((u) => u.slice !== undefined);
  seg.setNumberOfFrames(used.length);
  const code = (value: string, scheme: string, meaning: string) => ({
    CodeValue: value,
    CodingSchemeDesignator: scheme,
    CodeMeaning: meaning,
  });
  seg.addSegmentFromLabelmap(
    {
      SegmentNumber: 1,
      SegmentLabel: 'From dcmjs',
      SegmentAlgorithmType: 'MANUAL',
      RecommendedDisplayCIELabValue: rgbToDicomLab([214, 39, 40]),
      SegmentedPropertyCategoryCodeSequence: code('91723000', 'SCT', 'Anatomical Structure'),
      SegmentedPropertyTypeCodeSequence: code('15825003', 'SCT', 'Aorta'),
    },
    used.map((u) => decodeRuns(u.slice!.runs, new Uint8Array(v.dims[0] * v.dims[1]))),
    1,
    used.map((u) => u.frame),
  );
  seg.bitPackPixelData();
  return new Uint8Array(dcmjs.data.datasetToDict(seg.dataset).write());
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'spineplan-seg-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dciodvfyErrors(bytes: Uint8Array, name: string): string[] {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  let out = '';
  try {
    out = execFileSync('dciodvfy', [path], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (thrown) {
    const e = thrown as { stdout?: string; stderr?: string };
    out = `${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
  return out.split('\n').filter((l) => /^Error/.test(l));
}

function pydicomRead(bytes: Uint8Array, name: string) {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const json = execFileSync(
    '/usr/bin/python3',
    [resolve(import.meta.dirname, '../tools/read-seg.py'), path],
    {
      encoding: 'utf8',
    },
  );
  return JSON.parse(json) as {
    sopClassUid: string;
    frames: number;
    segmentationType: string;
    segments: {
      number: number;
      label: string;
      algorithmType: string;
      lab: number[];
      type: { value: string };
    }[];
    voxels: Record<string, number>;
  };
}

const voxelsOf = (slices: readonly { runs: readonly number[] }[]) =>
  paintedVoxelCount({ slices: slices.map((s) => ({ k: 0, runs: [...s.runs] })) });

describe('no-go structures as a DICOM Segmentation', () => {
  it('colours survive the CIELab scaling of PS3.3 C.10.7.1.1', () => {
    for (const rgb of [
      [255, 60, 120],
      [0, 0, 0],
      [255, 255, 255],
      [31, 95, 191],
      [240, 228, 66],
    ] as const)
      expect(dicomLabToRgb(rgbToDicomLab(rgb))).toEqual([...rgb]);
  });

  it('painted regions and automatic structures: dciodvfy clean, pydicom reads the segments, regions back voxel for voxel', async () => {
    const files = readdirSync(PANCREAS).sort().slice(0, 6);
    const volume = await volumeOf(PANCREAS, files);
    expect(volume.metadata.sliceImages?.every((s) => s !== null)).toBe(true);
    const plan = {
      ...emptyPlan(volume.metadata.seriesInstanceUid, NOW.toISOString()),
      noGoMasks: paintRegions(volume),
    };
    const structures = structuresAround(volume);
    const seg = buildCaseSegmentation({ plan, volume, structures, study: studyOf(volume), now: NOW })!;
    expect(seg.segments.map((s) => s.label)).toEqual([
      'Segmental artery L2 left',
      'Bowel loop – ä',
      'Thecal sac',
      'Kidney left',
    ]);

    expect(dciodvfyErrors(seg.bytes, 'seg.dcm')).toEqual([]);

    const py = pydicomRead(seg.bytes, 'seg-py.dcm');
    expect(py.sopClassUid).toBe('1.2.840.10008.5.1.4.1.1.66.4');
    expect(py.segmentationType).toBe('BINARY');
    expect(py.frames).toBe(seg.frameCount);
    expect(py.segments.map((s) => [s.number, s.algorithmType, s.type.value])).toEqual([
      [1, 'MANUAL', 'NO-GO-REGION'],
      [2, 'MANUAL', 'NO-GO-REGION'],
      [3, 'AUTOMATIC', 'THECAL-SAC'],
      [4, 'AUTOMATIC', '64033007'],
    ]);
    // UTF-8 (Specific Character Set ISO_IR 192): names in any language survive.
    expect(py.segments[1]!.label).toBe('Bowel loop – ä');
    for (const [i, s] of seg.segments.entries()) expect(py.voxels[String(i + 1)]).toBe(voxelsOf(s.slices));

    let n = 0;
    const back = regionsFromSegmentation(seg.bytes, volume, () => `read-${n++}`);
    expect(back.losses).toEqual([]);
    expect(back.automatic).toEqual([false, false, true, true]);
    expect(back.regions.map((r) => r.slices)).toEqual(seg.segments.map((s) => s.slices));
    expect(back.regions[0]!.slices).toEqual(plan.noGoMasks[0]!.slices);
    expect(back.regions[1]!.slices).toEqual(plan.noGoMasks[1]!.slices);
    expect(back.regions[0]!.marginMm).toBe(2);
    expect(back.regions.map((r) => r.name)).toEqual(seg.segments.map((s) => s.label));
    const read = readSegmentation(seg.bytes, { dims: volume.dims, ijkToLps: volume.ijkToLps });
    expect(read.segments[2]!.kind).toEqual({ kind: 'thecal-sac' });
    expect(read.segments[3]!.kind).toEqual({ kind: 'kidney', side: 'left' });
    expect(read.segments[3]!.colourRgb).toEqual([160, 82, 45]);
    expect(read.referencedSeriesUid).toBe(volume.metadata.seriesInstanceUid);
  });

  it('an automatic structure resampled onto the CT grid keeps its volume (nearest neighbour)', async () => {
    const files = readdirSync(PANCREAS).sort().slice(0, 6);
    const volume = await volumeOf(PANCREAS, files);
    const structures = structuresAround(volume);
    const segments = caseSegments({ noGoMasks: [] }, volume, structures);
    const voxelMm3 = volume.spacingMm[0] * volume.spacingMm[1] * volume.spacingMm[2];
    for (const s of segments) {
      const label = structures.structures.find((x) => x.id === s.id)!.label;
      // The analysis voxels of this label inside the CT's slab, times 8 mm^3, against the CT voxels.
      const [gx, gy] = structures.grid.dims;
      const slabLo = transformPoint(volume.ijkToLps, [0, 0, -0.5])[2];
      const slabHi = transformPoint(volume.ijkToLps, [0, 0, volume.dims[2] - 0.5])[2];
      let analysisMm3 = 0;
      fullStructureLabels(structures).forEach((l, idx) => {
        const k = Math.floor(idx / (gx * gy));
        const z = structures.grid.ijkToLps[11]! + 2 * k;
        if (l === label)
          analysisMm3 +=
            (8 *
              Math.max(
                0,
                Math.min(z + 1, Math.max(slabLo, slabHi)) - Math.max(z - 1, Math.min(slabLo, slabHi)),
              )) /
            2;
      });
      const ctMm3 = voxelsOf(s.slices) * voxelMm3;
      expect(ctMm3 / analysisMm3).toBeGreaterThan(0.85);
      expect(ctMm3 / analysisMm3).toBeLessThan(1.15);
    }
  });

  it('a gantry-tilted CT: frames on its sheared slices, read back voxel for voxel, dciodvfy clean', async () => {
    const files = readdirSync(TILTED).sort();
    const volume = await volumeOf(TILTED, files);
    const regions = paintRegions(volume);
    const plan = { ...emptyPlan(volume.metadata.seriesInstanceUid, NOW.toISOString()), noGoMasks: regions };
    const seg = buildCaseSegmentation({
      plan,
      volume,
      structures: undefined,
      study: studyOf(volume),
      now: NOW,
    })!;
    expect(dciodvfyErrors(seg.bytes, 'tilted.dcm')).toEqual([]);
    const back = regionsFromSegmentation(seg.bytes, volume, () => 'x');
    expect(back.losses).toEqual([]);
    expect(back.regions.map((r) => r.slices)).toEqual(
      regions.filter((r) => r.slices.length > 0).map((r) => r.slices),
    );
  });

  it('a Segmentation written by dcmjs (an independent writer) reads back onto the CT voxel for voxel', async () => {
    const files = readdirSync(PANCREAS).sort().slice(0, 6);
    const volume = await volumeOf(PANCREAS, files);
    const region = paintRegions(volume)[0]!;
    const bytes = segmentationByDcmjs(files, volume, region.slices);
    const read = readSegmentation(bytes, { dims: volume.dims, ijkToLps: volume.ijkToLps });
    expect(read.losses).toEqual([]);
    expect(read.segments.map((x) => [x.label, x.kind])).toEqual([['From dcmjs', { kind: 'aorta' }]]);
    expect(read.segments[0]!.slices).toEqual(region.slices);
  });

  it('a Segmentation made on another grid is not guessed at: its frames are listed as lost', async () => {
    const files = readdirSync(PANCREAS).sort().slice(0, 6);
    const volume = await volumeOf(PANCREAS, files);
    const plan = {
      ...emptyPlan(volume.metadata.seriesInstanceUid, NOW.toISOString()),
      noGoMasks: paintRegions(volume),
    };
    const seg = buildCaseSegmentation({
      plan,
      volume,
      structures: undefined,
      study: studyOf(volume),
      now: NOW,
    })!;
    const shifted = { ...volume, ijkToLps: volume.ijkToLps.map((v, i) => (i === 3 ? v + 0.4 : v)) as Mat4 };
    const back = regionsFromSegmentation(seg.bytes, shifted, () => 'x');
    expect(back.regions).toEqual([]);
    expect(back.losses[0]).toMatch(/^\d+ of \d+ frames do not lie on the open CT's slices/);
  });
});
