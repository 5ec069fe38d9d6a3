import type { Volume } from '../volume';
import type { SurfaceOptions, SurfaceStats } from './extract';
import type { SlabMesh } from './marchingCubes';
import type { SurfaceMesh } from './mesh';
import type { Slab } from './slabs';

type SurfaceVolume = Pick<
  Volume,
  'dims' | 'spacingMm' | 'ijkToLps' | 'data' | 'rescaleSlope' | 'rescaleIntercept'
>;

/**
 * The requests of the surface worker (src/workers/surfaceWorker.ts), here so the page and the worker
 * share one contract without the page importing the worker module. A job is either the whole volume in
 * one worker, or slabs marched in several workers (one per core) and then finished in one of them.
 */
export type SurfaceRequest =
  | { kind: 'whole'; volume: SurfaceVolume; options: Omit<SurfaceOptions, 'onProgress'> }
  /** One slab's slices only (slabs.ts slabVolume), marched at `step`. */
  | {
      kind: 'slab';
      volume: Omit<SurfaceVolume, 'spacingMm'>;
      ends: Slab['ends'];
      isoValue: number;
      step: [number, number, number];
    }
  /** The slabs' meshes, bottom to top: welded, specks dropped, simplified, normals. */
  | {
      kind: 'finish';
      slabs: SlabMesh[];
      isoValue: number;
      step: [number, number, number];
      options: Pick<SurfaceOptions, 'minComponentTriangles' | 'maxTriangles'>;
    };

/** The worker's answer (core/workerRpc.ts carries it): a slab's mesh, or the finished surface. */
export type SurfaceAnswer =
  | { kind: 'slab'; mesh: SlabMesh }
  | { kind: 'surface'; mesh: SurfaceMesh; stats: SurfaceStats };

/** Progress of marching cubes: planes done of planes in the job. */
export interface SurfaceProgress {
  done: number;
  total: number;
}

/** The buffers of a slab mesh, for postMessage's transfer list. */
export const slabTransferables = (m: SlabMesh): ArrayBuffer[] =>
  [m.positions, m.indices, m.lowPlane.x, m.lowPlane.y, m.highPlane.x, m.highPlane.y].map(
    (a) => a.buffer as ArrayBuffer,
  );
