import type { Volume } from '../volume/volume';
import { findBody } from './body';
import { resampleToGrid } from './grid';
import { buildStructures } from './structures';
import type { AnalysisOptions, SpineAnalysis } from './types';

/** Runs every stage on a CT volume (see index.ts). */
export function analyzeSpine(volume: Volume, options: AnalysisOptions = {}): SpineAnalysis {
  const timingsMs: Record<string, number> = {};
  let t = performance.now();
  const lap = (stage: string, fraction: number) => {
    if (options.signal?.aborted) {
      const e = new Error('spine analysis cancelled');
      e.name = 'AbortError';
      throw e;
    }
    const now = performance.now();
    timingsMs[stage] = now - t;
    t = now;
    options.onProgress?.({ stage, fraction });
  };
  const gv = resampleToGrid(volume);
  lap('resample', 0.2);
  const body = findBody(gv);
  lap('body', 0.3);
  const structures = buildStructures(gv, body, {
    canal: { pointsLps: [], radiiMm: [] },
    vertebrae: [],
    segments: [],
  });
  lap('structures', 1);
  return {
    schemaVersion: 1,
    found: false,
    summary: 'No spine found',
    lumbarCount: undefined,
    lastRibLevel: undefined,
    countedFrom: 'none',
    uncertain: false,
    warnings: [],
    vertebrae: [],
    segments: [],
    sacrum: undefined,
    canal: { pointsLps: [], radiiMm: [] },
    structures,
    body,
    timingsMs,
  };
}
