import { invert4, transformPoint } from '../core/mat4';
import type { Vec3 } from '../core/vec3';
import { noGoDistanceMm, type PhantomTruth } from '../phantom/index';
import type { ClearanceStructure } from '../planning/clearance';
import type { LpsSampler } from '../planning/pathProfile';
import type { ReadoutContext } from '../planning/readouts';
import type { StudyState } from '../state/studyStore';
import { sampleTrilinearIjk } from '../volume/sample';
import type { Volume } from '../volume/volume';

/**
 * Why this lives in src/app: readouts need the Volume (HU sampler) and the demo's ground truth (phantom),
 * which the UI layer may not import. This module builds a `ReadoutContext` (a planning type, so the UI
 * can consume it) and hands it over through a small `ReadoutSource` object that main.tsx passes to the
 * plan panel as a prop; the panel reads it with `useSyncExternalStore`. No store in src/state is needed
 * and the UI never sees a Volume.
 */

/** HU at an LPS point, trilinear (volume/sample.ts), with the inverse matrix computed once, not per sample. */
export function volumeSampler(volume: Volume): LpsSampler {
  const lpsToIjk = invert4(volume.ijkToLps);
  return (lps) => sampleTrilinearIjk(volume, transformPoint(lpsToIjk, lps));
}

/** The phantom's no-go structures as signed distance fields (exact for tubes; see phantom/noGo.ts). */
export function truthStructures(truth: PhantomTruth): ClearanceStructure[] {
  return truth.noGo.map((s) => ({
    id: s.name,
    name: s.name,
    geometry: { kind: 'field', signedDistanceMm: (p: Vec3) => noGoDistanceMm(truth, s.name, p) },
  }));
}

/**
 * Superior endplate normal of a level ('L4', or the upper level of a segment written 'L4-L5'), from the
 * truth; undefined when the truth does not know the level.
 */
export function endplateNormalFor(truth: PhantomTruth, level: string): Vec3 | undefined {
  const name = level.trim().toUpperCase().split(/[-/ ]/)[0] ?? '';
  if (name === 'S1') return truth.sacrum.s1SuperiorEndplateNormal;
  return truth.vertebrae.find((v) => v.name === name)?.superiorEndplateNormal;
}

/** Everything the readouts can use for a trajectory at `level` on `volume` (truth only for the demo). */
export function buildReadoutContext(
  volume: Volume | null,
  truth: PhantomTruth | undefined,
  level: string,
  sampler: LpsSampler | undefined = volume ? volumeSampler(volume) : undefined,
): ReadoutContext {
  return {
    sampler,
    structures: truth ? truthStructures(truth) : undefined,
    endplateNormal: truth ? endplateNormalFor(truth, level) : undefined,
  };
}

/** The demo is generated with this seed (app/demoCase.ts posts `seed: 1`); its truth depends only on it. */
export const DEMO_SEED = 1;

/** Loads the demo's ground truth (PhantomTruth) off the main thread; resolves undefined on failure. */
export type DemoTruthLoader = (seed: number) => Promise<PhantomTruth | undefined>;

export const loadDemoTruthInWorker: DemoTruthLoader = (seed) =>
  new Promise((resolve) => {
    const worker = new Worker(new URL('./demoTruthWorker.ts', import.meta.url), { type: 'module' });
    const done = (truth: PhantomTruth | undefined) => {
      worker.terminate();
      resolve(truth);
    };
    worker.onmessage = (e: MessageEvent<{ truth?: PhantomTruth }>) => done(e.data.truth);
    worker.onerror = () => done(undefined);
    worker.postMessage({ seed });
  });

/** What the plan panel reads: the context for a level, and a change signal (volume or truth arrived). */
export interface ReadoutSource {
  contextFor: (level: string) => ReadoutContext;
  subscribe: (listener: () => void) => () => void;
  /** Changes whenever `contextFor` would answer differently. */
  version: () => number;
}

interface StudyStoreApi {
  getState: () => StudyState;
  subscribe: (listener: (state: StudyState, previous: StudyState) => void) => () => void;
}

/** Follows the study store's volume; for the demo, loads its truth once (no-go structures, endplates). */
export function createReadoutSource(
  study: StudyStoreApi,
  loadTruth: DemoTruthLoader = loadDemoTruthInWorker,
): ReadoutSource {
  const listeners = new Set<() => void>();
  let version = 0;
  let volume: Volume | null = null;
  let sampler: LpsSampler | undefined;
  let truth: PhantomTruth | undefined;
  let demoTruth: Promise<PhantomTruth | undefined> | undefined;
  const changed = () => {
    version++;
    for (const l of listeners) l();
  };
  const follow = (next: Volume | null) => {
    if (next === volume) return;
    volume = next;
    sampler = next ? volumeSampler(next) : undefined;
    truth = undefined;
    changed();
    if (!next?.metadata.isDemo) return;
    demoTruth ??= loadTruth(DEMO_SEED);
    void demoTruth.then((t) => {
      if (volume !== next || !t) return;
      truth = t;
      changed();
    });
  };
  follow(study.getState().volume);
  study.subscribe((s) => follow(s.volume));
  return {
    contextFor: (level) => buildReadoutContext(volume, truth, level, sampler),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    version: () => version,
  };
}
