/**
 * De-identifying a series through the de-identification worker's protocol (serveRpc/runRpc, messages
 * through structuredClone with their transfer lists) gives byte for byte the files, removal log and UID
 * replacements of the in-thread deidentifyFiles with one map, and the page's map goes on mapping the plan's
 * UIDs as the files were mapped. randomUUID is made a counter so both runs draw the same UIDs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deidentifySeriesInWorker } from '../../src/app/deidentifySeries';
import type { RpcWorker } from '../../src/core/workerRpc';
import { createUidMap, deidentifyFiles, type NamedDicomFile, RemovalLog } from '../../src/dicom/deid';
import { deidentifySeriesJob, deidSeriesTransferables } from '../../src/workers/deidSeries';
import { testDataPath } from '../testData';
import { sameThreadWorker } from './sameThreadWorker';

const PANCREAS = testDataPath('ct-series/pancreas-ct-cb001');

const seriesFiles = (): NamedDicomFile[] =>
  readdirSync(PANCREAS)
    .sort()
    .slice(0, 8)
    .map((f) => ({ path: f, bytes: new Uint8Array(readFileSync(resolve(PANCREAS, f))) }));

function countedUuids(): void {
  let n = 0;
  vi.spyOn(globalThis.crypto, 'randomUUID').mockImplementation(() => {
    n++;
    return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}` as ReturnType<Crypto['randomUUID']>;
  });
}

afterEach(() => vi.restoreAllMocks());

describe('de-identification worker', () => {
  it('gives the in-thread bytes, log and UID map; handed-over files move, kept ones are copied', async () => {
    countedUuids();
    const hereMap = createUidMap();
    const here = deidentifyFiles(seriesFiles(), hereMap, new RemovalLog());
    if (!here.ok) throw new Error(here.error);
    vi.restoreAllMocks();

    const originals = seriesFiles();
    countedUuids();
    const transferred: ArrayBuffer[] = [];
    const worker = (): RpcWorker =>
      sameThreadWorker(deidentifySeriesJob, deidSeriesTransferables, transferred);
    const viaWorker = await deidentifySeriesInWorker(worker)(originals, { handOver: false });
    if (!viaWorker.ok) throw new Error(viaWorker.error);

    expect(viaWorker.value.files.map((f) => f.path)).toEqual(here.value.files.map((f) => f.path));
    for (const [i, f] of viaWorker.value.files.entries())
      expect(Buffer.from(f.bytes).equals(Buffer.from(here.value.files[i]!.bytes))).toBe(true);
    expect(viaWorker.value.removed).toEqual(here.value.log.lines());
    expect(viaWorker.value.removed).toContain("Patient's Name: emptied (8)");
    expect(viaWorker.value.uidMap.size).toBe(hereMap.size);
    expect(hereMap.size).toBeGreaterThan(8); // study, series, frame of reference, an instance UID per file
    for (const [original, replacement] of hereMap.entries())
      expect(viaWorker.value.uidMap.map(original)).toBe(replacement);
    // A plan UID the files did not hold gets one new UID, the same every time it is asked.
    const other = viaWorker.value.uidMap.map('1.2.3.4.5');
    expect(other).not.toBe('1.2.3.4.5');
    expect(viaWorker.value.uidMap.map('1.2.3.4.5')).toBe(other);
    // The de-identified files came back moved; the loader's originals stayed whole (copied, not moved).
    expect(transferred.length).toBe(8);
    expect(originals.every((f) => f.bytes.byteLength > 0)).toBe(true);

    const handed = seriesFiles();
    const moved = await deidentifySeriesInWorker(worker)(handed, { handOver: true });
    expect(moved.ok).toBe(true);
    expect(handed.every((f) => f.bytes.byteLength === 0)).toBe(true);
  });

  it('names the file that cannot be de-identified', async () => {
    const files = [...seriesFiles().slice(0, 2), { path: 'broken/IM9.dcm', bytes: new Uint8Array(400) }];
    const r = await deidentifySeriesInWorker(() =>
      sameThreadWorker(deidentifySeriesJob, deidSeriesTransferables),
    )(files);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^broken\/IM9\.dcm could not be de-identified/);
  });

  it('a worker that cannot start: kept files are de-identified in this thread, handed-over ones fail clearly', async () => {
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
    const kept = await deidentifySeriesInWorker(failing)(seriesFiles().slice(0, 2));
    expect(kept.ok && kept.value.files.map((f) => f.path)).toEqual([
      'series/IM00001.dcm',
      'series/IM00002.dcm',
    ]);
    const handed = await deidentifySeriesInWorker(failing)(seriesFiles().slice(0, 2), { handOver: true });
    expect(!handed.ok && handed.error).toBe('de-identification stopped: worker failed: script not loadable');
  });
});
