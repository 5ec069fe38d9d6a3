import { type RpcWorker, runRpc } from '../core/workerRpc';
import { readSegmentation } from '../dicom/parse/segmentation';
import type { PaintedRegion } from '../planning/noGoMask';
import { regionsFromSegments } from '../planning/noGoSegments';
import type { Volume } from '../volume/volume';
import {
  ANALYSIS_ALGORITHM_NAME,
  type CaseSegmentationFile,
  type CaseSegmentationInput,
  caseSegmentationFile,
  gridOfVolume,
  marginOf,
} from '../workers/caseSegmentation';
import type { SegRequest, SegResult } from '../workers/segWorker';

/**
 * The case's no-go structures as a DICOM Segmentation and back. Building it (workers/caseSegmentation.ts)
 * runs in the SEG worker once main.tsx has given its factory (issue 20: no long task on the page), else
 * in this thread (Node tests, the PACS round-trip test).
 */
export {
  ANALYSIS_ALGORITHM_NAME,
  buildCaseSegmentation,
  type CaseSegmentationFile,
  caseSegments,
  gridOfVolume,
  SEG_SERIES_DESCRIPTION,
} from '../workers/caseSegmentation';

/** Builds the Segmentation file of a case: null when it has no no-go structure. */
export type CaseSegmentationBuilder = (input: CaseSegmentationInput) => Promise<CaseSegmentationFile | null>;

/** In this thread (what the worker runs). */
export const buildCaseSegmentationHere: CaseSegmentationBuilder = async (input) =>
  caseSegmentationFile(input);

/**
 * In a fresh SEG worker (segWorker.ts): the inputs are copied by postMessage (the page keeps its plan,
 * volume geometry and label grid), the file comes back transferred.
 */
export const caseSegmentationInWorker =
  (createWorker: () => RpcWorker): CaseSegmentationBuilder =>
  async (input) => {
    try {
      return await runRpc<SegRequest, SegResult, never>(createWorker, {
        plan: { noGoMasks: input.plan.noGoMasks },
        volume: { dims: input.volume.dims, ijkToLps: input.volume.ijkToLps, metadata: input.volume.metadata },
        structures: input.structures,
        study: input.study,
        now: input.now,
      });
    } catch {
      // A worker that cannot start (its script not loadable, e.g. offline before it was ever fetched) or
      // dies: the inputs were copied, so this thread builds the same file (slower, but the plan is stored).
      return caseSegmentationFile(input);
    }
  };

let defaultBuilder: CaseSegmentationBuilder = buildCaseSegmentationHere;

/** main.tsx: every Segmentation the app builds ("Store plan", "Export DICOM") is built in this worker. */
export function setSegmentationWorker(createWorker: () => RpcWorker): void {
  defaultBuilder = caseSegmentationInWorker(createWorker);
}

/** The builder in use: the SEG worker once main.tsx has set it, else this thread. */
export const caseSegmentationBuilder = (): CaseSegmentationBuilder => defaultBuilder;

/** What a Segmentation gives back on the open CT: painted regions (one per segment) and what was lost. */
export interface SegmentationRegions {
  regions: PaintedRegion[];
  /** Per region: whether it is one of this app's automatic structures (the analysis recomputes those). */
  automatic: boolean[];
  losses: string[];
  seriesInstanceUid: string;
}

/** Reads a Segmentation onto the open volume's grid as painted no-go regions. */
export function regionsFromSegmentation(
  bytes: Uint8Array,
  volume: Pick<Volume, 'dims' | 'ijkToLps' | 'metadata'>,
  newId: () => string,
): SegmentationRegions {
  const grid = gridOfVolume(volume);
  const read = readSegmentation(bytes, { ...grid, frameOfReferenceUid: volume.metadata.frameOfReferenceUid });
  const kept = read.segments.filter((s) => s.slices.length > 0);
  const regions = regionsFromSegments(kept, grid, newId);
  kept.forEach((s, i) => {
    const margin = marginOf(s.description);
    if (margin !== undefined) regions[i]!.marginMm = margin;
  });
  const empty = read.segments.filter((s) => s.slices.length === 0).map((s) => `"${s.label}"`);
  const losses = [...read.losses];
  if (empty.length > 0) losses.push(`segments with no voxel on this CT: ${empty.join(', ')}`);
  return {
    regions,
    automatic: kept.map(
      (s) => s.algorithmType === 'AUTOMATIC' && s.algorithmName === ANALYSIS_ALGORITHM_NAME,
    ),
    losses,
    seriesInstanceUid: read.seriesInstanceUid,
  };
}
