import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestLimits } from '../../src/dicom/ingestLimits';
import { openSources, openTransferables } from '../../src/dicom/openSources';
import type { SourceFile } from '../../src/dicom/readSources';
import { allocateVoxels, canShareVoxels, isSharedVoxels } from '../../src/volume/voxelStorage';
import { testDataPath } from '../testData';

/**
 * Issue 20, memory: in a cross-origin isolated page the volume is assembled in shared memory, so the page
 * gets it from the ingest worker without a transfer and the analysis reads it without a copy. Node has
 * SharedArrayBuffer but no isolation flag: the tests set `crossOriginIsolated` as a browser would.
 */
const sources = (folder: string, count = Infinity): SourceFile[] =>
  readdirSync(folder)
    .sort()
    .slice(0, count)
    .map((name) => ({ path: name, blob: new Blob([new Uint8Array(readFileSync(resolve(folder, name)))]) }));
const isolated = (on: boolean) => {
  (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated = on;
};
const bytesOf = (a: Int16Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

afterEach(() => {
  delete (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
});

describe('voxel storage', () => {
  it('is shared only where the context is cross-origin isolated', () => {
    expect(canShareVoxels()).toBe(false);
    expect(isSharedVoxels(allocateVoxels(8))).toBe(false);
    isolated(true);
    expect(canShareVoxels()).toBe(true);
    const shared = allocateVoxels(8);
    expect(isSharedVoxels(shared)).toBe(true);
    expect(shared.length).toBe(8);
    expect(isSharedVoxels(allocateVoxels(8, false))).toBe(false);
  });

  // An even stack (written in place) and a gantry-tilted one (resampled into a second array).
  for (const [name, folder, count] of [
    ['LIDC-0314 (even stack)', testDataPath('ct-series/lidc-idri-0314'), 24],
    ['GE head, gantry tilt (resampled)', testDataPath('ct-series/ge-head-gantry-tilt'), Infinity],
  ] as const) {
    it(`${name}: the shared volume equals the plain one voxel for voxel and is not in the transfer list`, async () => {
      const limits = ingestLimits();
      const plain = await openSources({ files: sources(folder, count), limits }, () => {});
      isolated(true);
      const shared = await openSources({ files: sources(folder, count), limits }, () => {});
      expect(plain.volume && shared.volume).toBeTruthy();
      expect(isSharedVoxels(plain.volume!.data)).toBe(false);
      expect(isSharedVoxels(shared.volume!.data)).toBe(true);
      expect(shared.volume!.dims).toEqual(plain.volume!.dims);
      expect(shared.volume!.ijkToLps).toEqual(plain.volume!.ijkToLps);
      expect(Buffer.compare(bytesOf(shared.volume!.data), bytesOf(plain.volume!.data))).toBe(0);
      expect(openTransferables(shared)).not.toContain(shared.volume!.data.buffer);
      expect(openTransferables(plain)).toContain(plain.volume!.data.buffer);
    });
  }
});
