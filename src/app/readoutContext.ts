import type { Vec3 } from '../core/vec3';
import { noGoDistanceMm, type PhantomTruth } from '../phantom/index';
import type { ClearanceStructure } from '../planning/clearance';
import { endplateNormalFor } from '../planning/endplates';
import type { LpsSampler } from '../planning/pathProfile';
import type { ProposalOptions, TemplateTruth } from '../planning/proposal';
import type { ReadoutContext } from '../planning/readouts';
import type { StudyState } from '../state/studyStore';
import { lpsSampler } from '../volume/sample';
import type { Volume } from '../volume/volume';

/**
 * Why this lives in src/app: readouts need the Volume (HU sampler) and the demo's ground truth (phantom),
 * which the UI layer may not import. This module builds a `ReadoutContext` (a planning type, so the UI
 * can consume it) and hands it over through a small `ReadoutSource` object that main.tsx passes to the
 * plan panel as a prop; the panel reads it with `useSyncExternalStore`. No store in src/state is needed
 * and the UI never sees a Volume.
 */

/** The phantom's no-go structures as signed distance fields (exact for tubes; see phantom/noGo.ts). */
export function truthStructures(truth: PhantomTruth): ClearanceStructure[] {
  return truth.noGo.map((s) => ({
    id: s.name,
    name: s.name,
    geometry: { kind: 'field', signedDistanceMm: (p: Vec3) => noGoDistanceMm(truth, s.name, p) },
  }));
}

/** Everything the readouts can use for a trajectory at `level` on `volume` (truth only for the demo). */
export function buildReadoutContext(
  volume: Volume | null,
  truth: PhantomTruth | undefined,
  level: string,
  sampler: LpsSampler | undefined = volume ? lpsSampler(volume) : undefined,
): ReadoutContext {
  return {
    sampler,
    structures: truth ? truthStructures(truth) : undefined,
    endplateNormal: truth ? endplateNormalFor(truth, level) : undefined,
  };
}

/** What the plan panel reads: the context for a level, proposal inputs, and a change signal. */
export interface ReadoutSource {
  contextFor: (level: string) => ReadoutContext;
  /** What template proposals may use now: the demo's truth (demo only) and the volume's HU for the skin. */
  proposalInputs: () => ProposalInputs;
  subscribe: (listener: () => void) => () => void;
  /** Changes whenever `contextFor` or `proposalInputs` would answer differently. */
  version: () => number;
}

/** Inputs of planning/proposal.ts: ground truth for `proposeFromTruth`, options for either proposer. */
export interface ProposalInputs {
  truth: TemplateTruth | undefined;
  options: ProposalOptions;
}

type StudyView = Pick<StudyState, 'volume' | 'demoTruth'>;

interface StudyStoreApi {
  getState: () => StudyView;
  subscribe: (listener: (state: StudyView, previous: StudyView) => void) => () => void;
}

/** Thecal sac signed distance from the truth (proposal.ts puts a lumbar puncture tip inside it). */
function thecalSacField(truth: PhantomTruth): ((lps: Vec3) => number) | undefined {
  if (!truth.noGo.some((s) => s.kind === 'thecal-sac')) return undefined;
  return (p: Vec3) => noGoDistanceMm(truth, 'thecal-sac', p);
}

/**
 * Follows the study store's volume and, for the demo, the ground truth that arrives with the demo series
 * (studyStore `demoTruth`, set by main.tsx): no regeneration of the phantom here.
 */
export function createReadoutSource(study: StudyStoreApi): ReadoutSource {
  const listeners = new Set<() => void>();
  let version = 0;
  let volume: Volume | null = null;
  let sampler: LpsSampler | undefined;
  let truth: PhantomTruth | undefined;
  const follow = (s: StudyView) => {
    // Truth only for a demo volume: a patient series opened after the demo must never get phantom structures.
    const nextTruth = s.volume?.metadata.isDemo ? (s.demoTruth ?? undefined) : undefined;
    if (s.volume === volume && nextTruth === truth) return;
    if (s.volume !== volume) sampler = s.volume ? lpsSampler(s.volume) : undefined;
    volume = s.volume;
    truth = nextTruth;
    version++;
    for (const l of listeners) l();
  };
  follow(study.getState());
  study.subscribe((s) => follow(s));
  return {
    contextFor: (level) => buildReadoutContext(volume, truth, level, sampler),
    proposalInputs: () => ({
      truth,
      options: { skinSampler: sampler, thecalSacDistanceMm: truth && thecalSacField(truth) },
    }),
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    version: () => version,
  };
}
