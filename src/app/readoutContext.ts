import type { SpineAnalysis } from '../analysis/index';
import type { Vec3 } from '../core/vec3';
import { noGoDistanceMm, type PhantomTruth } from '../phantom/index';
import {
  analysisClearanceMm,
  analysisEndplateNormal,
  analysisInsideBody,
  analysisStructures,
  analysisTemplateTruth,
  maskSignedDistance,
} from '../planning/analysisInputs';
import type { ClearanceStructure, ClearanceStructure as Structure } from '../planning/clearance';
import { endplateNormalFor } from '../planning/endplates';
import type { LpsSampler } from '../planning/pathProfile';
import type { ClearanceKind } from '../planning/procedures';
import type { ProposalOptions, TemplateTruth } from '../planning/proposal';
import type { ReadoutContext } from '../planning/readouts';
import type { StudyState } from '../state/studyStore';
import { lpsSampler } from '../volume/sample';
import type { Volume } from '../volume/volume';

/**
 * Why this lives in src/app: readouts need the Volume (HU sampler) and the demo's ground truth (phantom),
 * which the UI layer may not import. On patient CT the automatic spine analysis (issue 16; app/spineAnalysis.ts)
 * stands in for the truth: its no-go masks, endplate normals and landmarks. This module builds a `ReadoutContext` (a planning type, so the UI
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

/** The analysis's structures, built once per analysis (the readouts ask per render). */
const structuresOf = new WeakMap<SpineAnalysis, Structure[]>();
function cachedAnalysisStructures(a: SpineAnalysis): Structure[] {
  const cached = structuresOf.get(a);
  if (cached) return cached;
  const s = analysisStructures(a);
  structuresOf.set(a, s);
  return s;
}

/**
 * Everything the readouts can use for a trajectory at `level` on `volume`: the demo's truth when there is
 * one, else the found spine analysis of this volume, else the HU alone.
 */
export function buildReadoutContext(
  volume: Volume | null,
  truth: PhantomTruth | undefined,
  level: string,
  sampler: LpsSampler | undefined = volume ? lpsSampler(volume) : undefined,
  analysis?: SpineAnalysis,
): ReadoutContext {
  if (truth)
    return { sampler, structures: truthStructures(truth), endplateNormal: endplateNormalFor(truth, level) };
  if (analysis?.found)
    return {
      sampler,
      structures: cachedAnalysisStructures(analysis),
      endplateNormal: analysisEndplateNormal(analysis, level),
    };
  return { sampler, structures: undefined, endplateNormal: undefined };
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
  /** The demo's truth, or the found spine analysis of a patient CT (which has the same shape). */
  truth: TemplateTruth | undefined;
  /** Where `truth` comes from: the phantom's ground truth or the automatic analysis. */
  origin: 'demo' | 'analysis' | undefined;
  options: ProposalOptions;
}

/** The part of the analysis store the readouts follow. */
export interface AnalysisView {
  volumeId: string | null;
  analysis: SpineAnalysis | null;
}

interface AnalysisStoreApi {
  getState: () => AnalysisView;
  subscribe: (listener: (state: AnalysisView, previous: AnalysisView) => void) => () => void;
}

type StudyView = Pick<StudyState, 'volume' | 'demoTruth'>;

interface StudyStoreApi {
  getState: () => StudyView;
  subscribe: (listener: (state: StudyView, previous: StudyView) => void) => () => void;
}

/** The phantom's no-go kinds behind each kind a procedure keeps a margin to (procedures.ts ClearanceKind). */
const TRUTH_KINDS: Record<ClearanceKind, readonly string[]> = {
  'thecal-sac': ['thecal-sac'],
  'nerve-root': ['nerve-root'],
  vessel: ['aorta', 'ivc'],
};

/** ProposalOptions.clearanceMm from the demo's truth: signed distance to the nearest structure of a kind. */
function truthClearanceMm(truth: PhantomTruth): NonNullable<ProposalOptions['clearanceMm']> {
  return (kind, p) => {
    const present = TRUTH_KINDS[kind].filter((k) => truth.noGo.some((s) => s.kind === k));
    return present.length === 0 ? Infinity : Math.min(...present.map((k) => noGoDistanceMm(truth, k, p)));
  };
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
export function createReadoutSource(study: StudyStoreApi, analysisStore?: AnalysisStoreApi): ReadoutSource {
  const listeners = new Set<() => void>();
  let version = 0;
  let volume: Volume | null = null;
  let sampler: LpsSampler | undefined;
  let truth: PhantomTruth | undefined;
  let analysis: SpineAnalysis | undefined;
  let sacField: { of: SpineAnalysis; field: ((p: Vec3) => number) | undefined } | undefined;
  const follow = () => {
    const s = study.getState();
    // Truth only for a demo volume: a patient series opened after the demo must never get phantom structures.
    const nextTruth = s.volume?.metadata.isDemo ? (s.demoTruth ?? undefined) : undefined;
    // The analysis only of this very volume (it may still describe the previous series for a moment).
    const a = analysisStore?.getState();
    const nextAnalysis = a?.analysis && s.volume && a.volumeId === s.volume.id ? a.analysis : undefined;
    if (s.volume === volume && nextTruth === truth && nextAnalysis === analysis) return;
    if (s.volume !== volume) sampler = s.volume ? lpsSampler(s.volume) : undefined;
    volume = s.volume;
    truth = nextTruth;
    analysis = nextAnalysis;
    version++;
    for (const l of listeners) l();
  };
  follow();
  study.subscribe(() => follow());
  analysisStore?.subscribe(() => follow());
  const thecalSacFromAnalysis = (a: SpineAnalysis) => {
    if (sacField?.of !== a) sacField = { of: a, field: maskSignedDistance(a, ['thecal-sac']) };
    return sacField.field;
  };
  const proposalInputs = (): ProposalInputs => {
    if (truth)
      return {
        truth,
        origin: 'demo',
        options: {
          skinSampler: sampler,
          thecalSacDistanceMm: thecalSacField(truth),
          clearanceMm: truthClearanceMm(truth),
        },
      };
    const t = analysis && analysisTemplateTruth(analysis);
    if (analysis && t) {
      const options: ProposalOptions = {
        skinSampler: sampler,
        insideBody: analysisInsideBody(analysis),
        clearanceMm: analysisClearanceMm(analysis),
      };
      const sac = thecalSacFromAnalysis(analysis);
      if (sac) options.thecalSacDistanceMm = sac;
      return { truth: t, origin: 'analysis', options };
    }
    return { truth: undefined, origin: undefined, options: { skinSampler: sampler } };
  };
  return {
    contextFor: (level) => buildReadoutContext(volume, truth, level, sampler, analysis),
    proposalInputs,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    version: () => version,
  };
}
