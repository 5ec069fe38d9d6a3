import { create } from 'zustand';
import type { SurfaceStats } from '../volume/surface/extract';
import { DEFAULT_TRIANGLE_BUDGET } from '../volume/surface/extract';
import { BONE_THRESHOLD_HU } from '../volume/surface/marchingCubes';
import type { SurfaceMesh } from '../volume/surface/mesh';

/** Bone-surface settings and result: data only (typed arrays and numbers, no three.js objects). */
export interface SurfaceState {
  enabled: boolean;
  isoHu: number;
  maxTriangles: number;
  phase: 'idle' | 'working' | 'ready' | 'error';
  /** 0..1 while working. */
  progress: number;
  /** What the mesh was made from (`surfaceKey`): a mesh with another key is stale. */
  meshKey: string | null;
  mesh: SurfaceMesh | null;
  stats: SurfaceStats | null;
  error: string | null;
}

export const useSurfaceStore = create<SurfaceState>()(() => ({
  enabled: false,
  isoHu: BONE_THRESHOLD_HU,
  maxTriangles: DEFAULT_TRIANGLE_BUDGET,
  phase: 'idle',
  progress: 0,
  meshKey: null,
  mesh: null,
  stats: null,
  error: null,
}));

/** Identifies a mesh by its source volume and the settings that shape it. */
export const surfaceKey = (volumeId: string, isoHu: number, maxTriangles: number): string =>
  `${volumeId}|${isoHu}|${maxTriangles}`;
