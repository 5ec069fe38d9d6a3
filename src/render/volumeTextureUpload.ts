import type * as THREE from 'three';
import { type BrickRanges, computeBrickRanges, createBrickRangeBuilder } from '../volume/bricks';
import type { Volume } from '../volume/volume';
import { halfFloatVolumeTexture } from './volumeTexture';
import { halfFloatHuTable, storedToHalfFloatHu } from './volumeTextureHalf';

type UploadVolume = Pick<Volume, 'data' | 'dims' | 'rescaleSlope' | 'rescaleIntercept'>;

/**
 * Main-thread time one step may take before it yields (issue 20: no task over 200 ms while a case opens;
 * the browser counts a task over 50 ms as long, so a step stays near that and input and frames get in).
 */
const STEP_BUDGET_MS = 40;
/**
 * Bytes of texels one step may hand to the GPU process (8 slices of 512x512 half floats): Chromium copies
 * them into a transfer buffer of a few MB, and a texSubImage3D that finds it full waits on the page's main
 * thread until the GPU process has read it (seen: one 40 ms step taking 850 ms while SwiftShader compiled a
 * shader). With a fence after each step (below) the next step starts only once those are consumed.
 */
const BYTES_PER_STEP = 4 << 20;
/** Wait before asking again whether the GPU process has consumed the last step's slabs. */
const FENCE_POLL_MS = 4;

/**
 * Voxels per texSubImage3D call (~0.5 MB of half floats, one 512x512 slice): whole slices, at least one.
 * Small calls keep each wait short when Chromium's transfer buffer to the GPU process is full.
 */
const VOXELS_PER_CALL = 1 << 18;

/**
 * Makes a volume's brick ranges away from the page's main thread (a worker reading shared voxels), or
 * returns null when the upload should make them itself as the slices go up.
 */
export type BrickRangesMaker = (
  volume: UploadVolume,
  brickSize: number,
  signal: AbortSignal,
) => Promise<BrickRanges> | null;

export interface VolumeUploadState {
  slicesDone: number;
  sliceCount: number;
  /** Every slice is on the GPU and the brick ranges are made. */
  complete: boolean;
  /** Brick HU ranges for empty-space skipping (volume/bricks.ts), once complete. */
  ranges: BrickRanges | null;
}

/**
 * Slab order: the middle slab first (the axial view opens on the middle slice), then outwards.
 * Chunks are [k0, k1) slice ranges covering 0..nz once.
 */
export function slabOrder(nz: number, slicesPerCall: number): [number, number][] {
  const chunks: [number, number][] = [];
  for (let k = 0; k < nz; k += slicesPerCall) chunks.push([k, Math.min(nz, k + slicesPerCall)]);
  const middle = Math.min(chunks.length - 1, Math.floor(nz / 2 / slicesPerCall));
  const ordered: [number, number][] = [];
  for (let d = 0; ordered.length < chunks.length; d++) {
    if (middle + d < chunks.length) ordered.push(chunks[middle + d]!);
    if (d > 0 && middle - d >= 0) ordered.push(chunks[middle - d]!);
  }
  return ordered;
}

/**
 * Fills a volume texture on the GPU slab by slab across tasks (issue 20): three.js allocates the R16F
 * storage (texStorage3D) without data (`source.dataReady = false`), then each step converts a few slices
 * to half floats into one slab-sized buffer, uploads them with texSubImage3D and adds them to the brick
 * ranges (unless a `BrickRangesMaker` makes them in a worker meanwhile: then the texture is complete once
 * both are done), until its time or byte budget is spent, then yields (setTimeout); the next step waits for a fence
 * (without blocking) until the GPU process has taken the previous one. No full-size texel copy is ever made:
 * the page holds the Int16 volume and one slab of half floats (~2 MB) while this runs, nothing after.
 * A lost WebGL context is not refilled (three.js would re-allocate an empty texture); the views then show
 * the browser's context-lost state as before.
 */
export class VolumeTextureUpload {
  private readonly listeners = new Set<() => void>();
  private readonly chunks: [number, number][];
  private next = 0;
  private slab: Uint16Array | null;
  private readonly table: Uint16Array;
  /** Made here as the slices go up, unless a maker makes the ranges elsewhere (`rangesElsewhere`). */
  private readonly bricks: ReturnType<typeof createBrickRangeBuilder> | null;
  private readonly rangesElsewhere: Promise<BrickRanges> | null;
  private readonly abort = new AbortController();
  private cancelled = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Signalled once the GPU process has executed the last step's uploads. */
  private fence: WebGLSync | null = null;
  private resolveFinished: () => void = () => undefined;
  /** Resolves once every slice is on the GPU (never, when cancelled first). */
  readonly finished: Promise<void>;
  state: VolumeUploadState;

  constructor(
    private readonly volume: UploadVolume,
    private readonly texture: THREE.Data3DTexture,
    private readonly renderer: THREE.WebGLRenderer,
    private readonly brickSize: number,
    makeRanges?: BrickRangesMaker,
  ) {
    const [nx, ny, nz] = volume.dims;
    const slicesPerCall = Math.max(1, Math.min(nz, Math.floor(VOXELS_PER_CALL / (nx * ny))));
    this.chunks = slabOrder(nz, slicesPerCall);
    this.slab = new Uint16Array(nx * ny * slicesPerCall);
    this.table = halfFloatHuTable(volume.rescaleSlope, volume.rescaleIntercept);
    this.rangesElsewhere = makeRanges?.(volume, brickSize, this.abort.signal) ?? null;
    // Settled later (completeWithRangesFromElsewhere); a rejection before then is not unhandled.
    this.rangesElsewhere?.catch(() => undefined);
    this.bricks = this.rangesElsewhere ? null : createBrickRangeBuilder(volume, brickSize);
    this.state = { slicesDone: 0, sliceCount: nz, complete: false, ranges: null };
    this.finished = new Promise((resolve) => {
      this.resolveFinished = resolve;
    });
    this.timer = setTimeout(this.step, 0);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  cancel(): void {
    this.cancelled = true;
    this.abort.abort();
    clearTimeout(this.timer);
    if (this.fence) {
      const gl = this.renderer.getContext() as WebGL2RenderingContext;
      if (!gl.isContextLost()) gl.deleteSync(this.fence);
      this.fence = null;
    }
    this.slab = null;
    this.listeners.clear();
  }

  private readonly step = (): void => {
    if (this.cancelled || !this.slab) return;
    const started = performance.now();
    const gl = this.renderer.getContext() as WebGL2RenderingContext;
    if (gl.isContextLost()) return;
    if (this.fence) {
      // The status changes only between tasks (WebGL 2.0 sec. 5.27): ask again shortly, never block.
      if (gl.getSyncParameter(this.fence, gl.SYNC_STATUS) !== gl.SIGNALED) {
        this.timer = setTimeout(this.step, FENCE_POLL_MS);
        return;
      }
      gl.deleteSync(this.fence);
      this.fence = null;
    }
    // three.js makes the WebGL texture and its storage once (no data: source.dataReady is false).
    this.renderer.initTexture(this.texture);
    const glTexture = (this.renderer.properties.get(this.texture) as { __webglTexture?: WebGLTexture })
      .__webglTexture;
    if (!glTexture) throw new Error('the volume texture was not allocated');
    const state = this.renderer.state;
    state.bindTexture(gl.TEXTURE_3D, glTexture);
    // Through three.js's state cache, so its own later uploads see the values set here.
    state.pixelStorei(gl.UNPACK_ALIGNMENT, 1);
    state.pixelStorei(gl.UNPACK_FLIP_Y_WEBGL, false);
    state.pixelStorei(gl.UNPACK_PREMULTIPLY_ALPHA_WEBGL, false);
    state.pixelStorei(gl.UNPACK_ROW_LENGTH, 0);
    state.pixelStorei(gl.UNPACK_IMAGE_HEIGHT, 0);
    state.pixelStorei(gl.UNPACK_SKIP_PIXELS, 0);
    state.pixelStorei(gl.UNPACK_SKIP_ROWS, 0);
    state.pixelStorei(gl.UNPACK_SKIP_IMAGES, 0);
    const [nx, ny] = this.volume.dims;
    const plane = nx * ny;
    let bytes = 0;
    do {
      const [k0, k1] = this.chunks[this.next++]!;
      const texels = this.slab.subarray(0, (k1 - k0) * plane);
      storedToHalfFloatHu(this.volume.data.subarray(k0 * plane, k1 * plane), this.table, texels);
      gl.texSubImage3D(gl.TEXTURE_3D, 0, 0, 0, k0, nx, ny, k1 - k0, gl.RED, gl.HALF_FLOAT, texels);
      this.bricks?.addSlices(k0, k1);
      this.state = { ...this.state, slicesDone: this.state.slicesDone + (k1 - k0) };
      bytes += texels.byteLength;
    } while (
      this.next < this.chunks.length &&
      bytes < BYTES_PER_STEP &&
      performance.now() - started < STEP_BUDGET_MS
    );
    const texelsDone = this.next === this.chunks.length;
    if (texelsDone) {
      this.slab = null;
      if (this.bricks) this.state = { ...this.state, complete: true, ranges: this.bricks.finish() };
    }
    performance.measure('volume texture slab upload', { start: started });
    for (const listener of [...this.listeners]) listener();
    if (this.state.complete) this.resolveFinished();
    else if (texelsDone) void this.completeWithRangesFromElsewhere();
    else {
      this.fence = gl.fenceSync(gl.SYNC_GPU_COMMANDS_COMPLETE, 0);
      gl.flush();
      this.timer = setTimeout(this.step, 0);
    }
  };

  /** Every slice is up; the ranges come from the maker (or, should it fail, are made here in one go). */
  private async completeWithRangesFromElsewhere(): Promise<void> {
    let ranges: BrickRanges;
    try {
      ranges = await this.rangesElsewhere!;
    } catch (error) {
      if (this.cancelled) return;
      console.warn('brick ranges: made on the page, the worker failed:', error);
      ranges = computeBrickRanges(this.volume, this.brickSize);
    }
    if (this.cancelled) return;
    this.state = { ...this.state, complete: true, ranges };
    for (const listener of [...this.listeners]) listener();
    this.resolveFinished();
  }
}

/**
 * The R16F volume texture (as createVolumeTexture in volumeTexture.ts) with no data of its own: storage only,
 * filled by a VolumeTextureUpload.
 */
export function createEmptyVolumeTexture(dims: readonly [number, number, number]): THREE.Data3DTexture {
  const texture = halfFloatVolumeTexture(dims);
  texture.source.dataReady = false;
  texture.needsUpdate = true;
  return texture;
}
