/**
 * The no-go Segmentation built through the SEG worker's protocol (serveRpc/runRpc, every message through
 * structuredClone as postMessage does, the file's buffer transferred) is byte for byte the Segmentation
 * built in this thread. randomUUID is made a counter so both runs get the same UIDs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cropStructures } from '../../src/analysis/labels';
import type { StructureSet } from '../../src/analysis/types';
import { buildCaseSegmentation, caseSegmentationInWorker } from '../../src/app/planSegmentation';
import type { Mat4 } from '../../src/core/mat4';
import { transformPoint } from '../../src/core/mat4';
import type { RpcWorker } from '../../src/core/workerRpc';
import { buildVolume, scanFiles } from '../../src/dicom/ingest';
import { type PaintedRegion, paintDab } from '../../src/planning/noGoMask';
import type { Volume } from '../../src/volume/volume';
import { caseSegmentationFile, caseSegmentationTransferables } from '../../src/workers/caseSegmentation';
import { testDataPath } from '../testData';
import { sameThreadWorker } from './sameThreadWorker';

const PANCREAS = testDataPath('ct-series/pancreas-ct-cb001');
const NOW = new Date('2026-12-07T01:02:03Z');

const sameThreadSegWorker = (transferred: ArrayBuffer[]) =>
  sameThreadWorker(caseSegmentationFile, caseSegmentationTransferables, transferred);

async function volumeOf(): Promise<Volume> {
  const files = readdirSync(PANCREAS).sort().slice(0, 6);
  const inputs = files.map((f) => ({ path: f, bytes: new Uint8Array(readFileSync(resolve(PANCREAS, f))) }));
  return buildVolume(scanFiles(inputs).candidates[0]!);
}

function paintedRegion(v: Volume): PaintedRegion {
  const grid = { dims: v.dims, ijkToLps: v.ijkToLps };
  let a: PaintedRegion = { id: 'a', name: 'Segmental artery – ä', marginMm: 2, grid, slices: [] };
  for (let k = 0; k < 4; k++)
    a = paintDab(a, {
      centreLps: transformPoint(v.ijkToLps, [300, 260, k]),
      normalLps: [0, 0, 1],
      radiusMm: 6 + k,
    });
  return a;
}

function ballStructure(v: Volume): StructureSet {
  const c = transformPoint(v.ijkToLps, [v.dims[0] / 2, v.dims[1] / 2, (v.dims[2] - 1) / 2]);
  const dims: [number, number, number] = [30, 30, 10];
  const ijkToLps: Mat4 = [2, 0, 0, c[0] - 30, 0, 2, 0, c[1] - 30, 0, 0, 2, c[2] - 10, 0, 0, 0, 1];
  const labels = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0; k < dims[2]; k++)
    for (let j = 0; j < dims[1]; j++)
      for (let i = 0; i < dims[0]; i++)
        if ((i - 15) ** 2 + (j - 15) ** 2 + (k - 5) ** 2 <= 36) labels[i + dims[0] * (j + dims[1] * k)] = 1;
  return cropStructures({ dims, spacingMm: 2, ijkToLps }, labels, [
    {
      id: 'thecal-sac',
      name: 'Thecal sac',
      kind: 'thecal-sac',
      label: 1,
      estimated: false,
      confidence: 0.9,
    },
  ]);
}

/** randomUUID as a counter from 1: the same UIDs for each build. */
function countedUuids(): void {
  let n = 0;
  vi.spyOn(globalThis.crypto, 'randomUUID').mockImplementation(() => {
    n++;
    return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}` as ReturnType<Crypto['randomUUID']>;
  });
}

afterEach(() => vi.restoreAllMocks());

describe('SEG worker', () => {
  it('gives the same Segmentation bytes as the in-thread build, the file transferred, the page keeping its label grid', async () => {
    const volume = await volumeOf();
    const structures = ballStructure(volume);
    const input = {
      plan: { noGoMasks: [paintedRegion(volume)] },
      volume,
      structures,
      study: {
        studyInstanceUid: volume.metadata.studyInstanceUid,
        patientName: volume.metadata.patientName,
        patientId: volume.metadata.patientId,
        studyDate: volume.metadata.studyDate,
      },
      now: NOW,
    };
    countedUuids();
    const here = buildCaseSegmentation(input)!;
    vi.restoreAllMocks();
    countedUuids();
    const transferred: ArrayBuffer[] = [];
    const viaWorker = (await caseSegmentationInWorker(() => sameThreadSegWorker(transferred))(input))!;

    expect(here.segments.map((s) => s.label)).toEqual(['Segmental artery – ä', 'Thecal sac']);
    expect(viaWorker.segments).toEqual([
      { label: 'Segmental artery – ä', automatic: false },
      { label: 'Thecal sac', automatic: true },
    ]);
    expect(viaWorker.sopInstanceUid).toBe(here.sopInstanceUid);
    expect(viaWorker.frameCount).toBe(here.frameCount);
    expect(viaWorker.bytes.length).toBe(here.bytes.length);
    expect(Buffer.from(viaWorker.bytes).equals(Buffer.from(here.bytes))).toBe(true);
    // Only the file went back by transfer; the request was copied, so the page's labels are intact.
    expect(transferred.length).toBe(1);
    expect(structures.boxLabels.byteLength).toBeGreaterThan(0);
  });

  it('answers null for a case without no-go structures', async () => {
    const volume = await volumeOf();
    const r = await caseSegmentationInWorker(() => sameThreadSegWorker([]))({
      plan: { noGoMasks: [] },
      volume,
      structures: undefined,
      study: { studyInstanceUid: '1.2.3', patientName: '', patientId: '', studyDate: '' },
      now: NOW,
    });
    expect(r).toBeNull();
  });

  it('builds in this thread when the worker cannot start', async () => {
    const volume = await volumeOf();
    const failing = (): RpcWorker => {
      const w: RpcWorker = {
        onmessage: null,
        onerror: null,
        postMessage: () =>
          queueMicrotask(() => w.onerror?.({ message: 'script not loadable' } as ErrorEvent)),
        terminate: () => {},
      };
      return w;
    };
    const r = await caseSegmentationInWorker(failing)({
      plan: { noGoMasks: [paintedRegion(volume)] },
      volume,
      structures: undefined,
      study: { studyInstanceUid: '1.2.3', patientName: '', patientId: '', studyDate: '' },
      now: NOW,
    });
    expect(r?.segments).toEqual([{ label: 'Segmental artery – ä', automatic: false }]);
  });
});
