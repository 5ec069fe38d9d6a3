/**
 * The analysis worker's copy of the CT is let go once the stages that read it are done (issue 20): the
 * body outline and the no-go structures run on the 2 mm grid alone, after the release, and the result is
 * the one analyzeSpine gives (every landmark, every label voxel).
 */
import { describe, expect, it } from 'vitest';
import {
  type AnalysisProgress,
  analyzeSpine,
  analyzeSpineReleasing,
  type SpineAnalysis,
} from '../../src/analysis/index';
import { generatePhantom } from '../../src/phantom/index';
import { decodeRowRuns } from '../../src/volume/rowRunLabels';
import type { Volume } from '../../src/volume/volume';
import { phantomVolume } from './volume-fixtures';

describe('spine analysis releasing its CT', () => {
  it('holds the CT through the CT stages only, and finds what analyzeSpine finds', {
    timeout: 120_000,
  }, () => {
    const volume = phantomVolume(generatePhantom({ size: 'small', seed: 1 }));
    const held: { volume: Volume | null } = { volume };
    const heldAt: Record<string, boolean> = {};
    const stages: string[] = [];
    const released = analyzeSpineReleasing(held, {
      onProgress: (p: AnalysisProgress) => {
        stages.push(p.stage);
        heldAt[p.stage] = held.volume !== null;
      },
    });
    expect(stages).toEqual([
      'resample',
      'canal',
      'column',
      'ribs',
      'landmarks',
      'sacrum',
      'body',
      'structures',
    ]);
    // Still held after the last stage that samples the CT, gone before the grid-only stages.
    expect(heldAt).toMatchObject({ sacrum: true, body: false, structures: false });
    expect(released.found).toBe(true);
    expect(volume.data.length).toBeGreaterThan(0);
    const expected = analyzeSpine(volume);
    // Label grids compared as bytes (an element-wise deep compare of 4 M voxels takes minutes).
    const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a).equals(Buffer.from(b));
    expect(released.structures.box).toEqual(expected.structures.box);
    expect(same(released.structures.boxLabels, expected.structures.boxLabels)).toBe(true);
    expect(same(decodeRowRuns(released.body.runs), decodeRowRuns(expected.body.runs))).toBe(true);
    const plain = (a: SpineAnalysis) => ({
      ...a,
      timingsMs: undefined,
      structures: { ...a.structures, labels: undefined },
      body: { ...a.body, labels: undefined },
    });
    expect(plain(released)).toEqual(plain(expected));
  });
});
