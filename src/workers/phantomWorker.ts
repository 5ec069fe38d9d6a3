/// <reference lib="webworker" />
/**
 * Builds the demo phantom off the main thread and hands the page its slab for the loader: the parsed
 * headers of its DICOM files and its voxels (phantom/handOver.ts), so the page assembles the volume with the
 * loader's own code without reading or parsing files (issue 20). The ground truth travels with them.
 *
 * Two ways, by what the page can share:
 * - shared (`seriesPort`, a cross-origin isolated page): the worker reports its slab, the page answers with
 *   the whole series' voxels in shared memory, the worker writes its clamped HU into its place there and
 *   hands over headers only; the files are written later, when the page asks (a `write` request to a fresh
 *   worker with the same shared voxels), after the demo is on screen;
 * - otherwise: the files are written first and handed over with the headers and the slab's voxels (transferred).
 */
import { type RpcScope, serveRpc } from '../core/workerRpc';
import { PREVIEW_SIDE } from '../dicom/openSources';
import type { GreyImage } from '../dicom/previewImage';
import type { ParsedDicom } from '../dicom/types';
import {
  dropHeaderBytes,
  gridOf,
  handOverPart,
  handOverPartShared,
  headersOfSlab,
  type PhantomSlabGrid,
  partPicture,
  slabPicture,
  writeSlabFiles,
} from '../phantom/handOver';
import { generatePhantomPart, type PhantomOptions, type PhantomTruth, phantomTruth } from '../phantom/index';

/**
 * Generate: with `part`, build only that share of the slices (one worker per core, issue 20: each worker
 * finds its own slices, so none waits for another); without, the whole series. With `seriesPort`, hand over
 * into shared memory (above). Write: a slab's files from its handed-over voxels.
 */
export type PhantomWorkerRequest =
  | { options: PhantomOptions; part?: { index: number; count: number }; seriesPort?: MessagePort }
  | { write: { options: PhantomOptions; grid: PhantomSlabGrid; voxels: Int16Array } };

/** The files as Blobs made here: the page passes them on (to IndexedDB, exports) without copying their bytes on its thread. */
export type PhantomFileBlobs = { path: string; blob: Blob }[];

/** A `write` request's answer: the slab's files, and its voxels as a Blob (the demo cache keeps them, demoCache.ts). */
export interface PhantomWrittenSlab {
  files: PhantomFileBlobs;
  voxels: Blob;
}

export interface PhantomWorkerAnswer {
  /** The slab's files; empty when handed over shared (written on a later `write` request). */
  files: PhantomFileBlobs;
  truth: PhantomTruth;
  /** Each file's parsed header (bytes dropped), in slice order. */
  headers: ParsedDicom[];
  /** The slab's HU as the files hold them, slice after slice: transferred, or its run of the shared series. */
  voxels: Int16Array;
  /** The slab's grid (for the later `write` request); absent for an empty part. */
  grid?: PhantomSlabGrid;
}

/** The page's answer on `seriesPort`: the series' voxels in shared memory, or undefined (hand over the files then). */
export interface SeriesVoxelsMessage {
  series: Int16Array | undefined;
}

/**
 * Generation steps done; a picture of the slab's middle slice for the loading screen (as soon as the slab
 * exists); or, shared, the slab's place in the series (the page allocates the series once every part said).
 */
export type PhantomProgress =
  | { done: number; total: number }
  | { picture: { image: GreyImage; caption: string } }
  | { slab: { firstSlice: number; slices: number; sliceVoxels: number } };

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

const toBlobs = (files: { path: string; bytes: Uint8Array }[]): PhantomFileBlobs =>
  files.map((f) => ({ path: f.path, blob: new Blob([f.bytes as BlobPart], { type: 'application/dicom' }) }));

const caption = (headers: readonly ParsedDicom[]) =>
  `Demo phantom generated: image ${headers[Math.floor(headers.length / 2)]?.instance.instanceNumber ?? ''}`.trim();

/** Voxels as a Blob, one slice at a time: shared memory cannot go into a Blob, so each slice is copied out first. */
function voxelBlob(voxels: Int16Array, sliceVoxels: number): Blob {
  const parts: BlobPart[] = [];
  for (let at = 0; at < voxels.length; at += sliceVoxels) parts.push(voxels.slice(at, at + sliceVoxels));
  return new Blob(parts);
}

/** The page's one message on `port`. */
const seriesFrom = (port: MessagePort) =>
  new Promise<Int16Array | undefined>((resolve) => {
    port.onmessage = (event: MessageEvent<SeriesVoxelsMessage>) => {
      port.close();
      resolve(event.data.series);
    };
  });

serveRpc<PhantomWorkerRequest, PhantomWorkerAnswer | PhantomWrittenSlab, PhantomProgress>(
  scope as unknown as RpcScope,
  'demo phantom',
  async (request, context) => {
    if ('write' in request) {
      const { options, grid, voxels } = request.write;
      return {
        files: toBlobs(writeSlabFiles(grid, voxels, options)),
        voxels: voxelBlob(voxels, grid.dims[0] * grid.dims[1]),
      };
    }
    const { options, part, seriesPort } = request;
    const progress = throttledProgress(context.progress);
    const phantom = generatePhantomPart(options, part ?? { index: 0, count: 1 }, progress);
    if (!phantom) {
      // An empty part (more workers than slices) still tells the page, which waits for every part.
      context.progress({ slab: { firstSlice: 0, slices: 0, sliceVoxels: 0 } });
      seriesPort?.close();
      const truth = phantomTruth(options.seed, options.variant);
      return { files: [], truth, headers: [], voxels: new Int16Array(0) };
    }
    const [nx, ny, nz] = phantom.dims;
    if (seriesPort) {
      const series = seriesFrom(seriesPort);
      context.progress({ slab: { firstSlice: phantom.firstSlice, slices: nz, sliceVoxels: nx * ny } });
      const headers = headersOfSlab(gridOf(phantom), options);
      const image = slabPicture(phantom, headers, PREVIEW_SIDE);
      if (image) context.progress({ picture: { image, caption: caption(headers) } });
      const shared = await series;
      if (shared) {
        const handed = handOverPartShared(phantom, headers, shared);
        return { files: [], truth: phantom.truth, ...handed };
      }
    }
    const opened = handOverPart(phantom, options);
    const image = seriesPort ? undefined : partPicture(opened, PREVIEW_SIDE);
    if (image) context.progress({ picture: { image, caption: caption(opened.headers) } });
    dropHeaderBytes(opened);
    return {
      files: toBlobs(opened.files),
      truth: phantom.truth,
      headers: opened.headers,
      voxels: opened.voxels,
      grid: gridOf(phantom),
    };
  },
  // Shared voxels are posted shared: a SharedArrayBuffer cannot be transferred.
  (answer) =>
    answer.voxels instanceof Blob || !(answer.voxels.buffer instanceof ArrayBuffer)
      ? []
      : [answer.voxels.buffer as ArrayBuffer],
);
