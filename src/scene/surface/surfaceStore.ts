import { useSyncExternalStore } from 'react';
import type { SurfaceStats } from '../../volume/surface/extract';
import { DEFAULT_TRIANGLE_BUDGET } from '../../volume/surface/extract';
import { BONE_THRESHOLD_HU } from '../../volume/surface/marchingCubes';
import type { SurfaceMesh } from '../../volume/surface/mesh';

/**
 * Bone-surface settings and result: data only (typed arrays and numbers, no three.js objects).
 * A tiny external store rather than zustand because the scene layer may not import zustand and
 * src/state/ belongs to another change; it can move into src/state/ as it is.
 */
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

let state: SurfaceState = {
  enabled: false,
  isoHu: BONE_THRESHOLD_HU,
  maxTriangles: DEFAULT_TRIANGLE_BUDGET,
  phase: 'idle',
  progress: 0,
  meshKey: null,
  mesh: null,
  stats: null,
  error: null,
};
const listeners = new Set<() => void>();

export const surfaceStore = {
  getState: (): SurfaceState => state,
  setState(patch: Partial<SurfaceState>): void {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** Identifies a mesh by its source volume and the settings that shape it. */
export const surfaceKey = (volumeId: string, isoHu: number, maxTriangles: number): string =>
  `${volumeId}|${isoHu}|${maxTriangles}`;

/** React binding: re-renders when the selected slice of the state changes (compare by identity). */
export function useSurfaceStore<T>(select: (s: SurfaceState) => T): T {
  return useSyncExternalStore(surfaceStore.subscribe, () => select(state));
}
