/// <reference lib="webworker" />
/**
 * Builds the demo phantom and writes it as a DICOM series off the main thread, and hands the page the files
 * together with their parsed headers and the slab's voxels (phantom/handOver.ts): the page assembles the
 * volume with the loader's own code without reading or parsing the files again (issue 20). The ground
 * truth travels with the files.
 */
import { type RpcScope, serveRpc } from '../core/workerRpc';
import { PREVIEW_SIDE } from '../dicom/openSources';
import type { GreyImage } from '../dicom/previewImage';
import type { ParsedDicom } from '../dicom/types';
import { dropHeaderBytes, handOverPart, partPicture } from '../phantom/handOver';
import { generatePhantomPart, type PhantomOptions, type PhantomTruth, phantomTruth } from '../phantom/index';

/**
 * With `part`: build and write only that share of the slices (one worker per core, issue 20: each worker finds
 * its own slices, so none waits for another); without: the whole series.
 */
export interface PhantomWorkerRequest {
  options: PhantomOptions;
  part?: { index: number; count: number };
}

/**
 * The files as Blobs made here: the page passes them on (to the ingest worker, to IndexedDB) without copying
 * the series' bytes on its own thread.
 */
export interface PhantomWorkerAnswer {
  files: { path: string; blob: Blob }[];
  truth: PhantomTruth;
  /** Each file's parsed header (bytes dropped), same order as `files`. */
  headers: ParsedDicom[];
  /** The slab's HU as the files hold them, slice after slice in file order (transferred). */
  voxels: Int16Array;
}

/** Generation steps done, or (once this part's files are written) a picture of its middle slice for the loading screen. */
export type PhantomProgress =
  | { done: number; total: number }
  | { picture: { image: GreyImage; caption: string } };

const scope = self as unknown as DedicatedWorkerGlobalScope;

/**
 * Progress at most every PROGRESS_INTERVAL_MS (and at the end): each message re-renders the page's loading
 * screen, and on a 2-core machine ~700 of them per worker took CPU from the generation itself.
 */
const PROGRESS_INTERVAL_MS = 100;
function throttledProgress(
  report: (p: { done: number; total: number }) => void,
): (done: number, total: number) => void {
  let last = Number.NEGATIVE_INFINITY;
  return (done, total) => {
    const now = performance.now();
    if (done < total && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    report({ done, total });
  };
}

serveRpc<PhantomWorkerRequest, PhantomWorkerAnswer, PhantomProgress>(
  scope as unknown as RpcScope,
  'demo phantom',
  (request, context) => {
    const { options, part } = request;
    const progress = throttledProgress(context.progress);
    const phantom = generatePhantomPart(options, part ?? { index: 0, count: 1 }, progress);
    if (!phantom) {
      const truth = phantomTruth(options.seed, options.variant);
      return { files: [], truth, headers: [], voxels: new Int16Array(0) };
    }
    const opened = handOverPart(phantom, options);
    const image = partPicture(opened, PREVIEW_SIDE);
    const slice = opened.headers[Math.floor(opened.headers.length / 2)]?.instance.instanceNumber;
    if (image) {
      const caption = `Demo phantom generated: image ${slice ?? ''}`.trim();
      context.progress({ picture: { image, caption } });
    }
    dropHeaderBytes(opened);
    const files = opened.files.map((f) => ({
      path: f.path,
      blob: new Blob([f.bytes as BlobPart], { type: 'application/dicom' }),
    }));
    return {
      files,
      truth: phantom.truth,
      headers: opened.headers,
      voxels: opened.voxels,
    };
  },
  (answer) => [answer.voxels.buffer as ArrayBuffer],
);
