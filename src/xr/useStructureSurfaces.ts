import { useEffect, useState } from 'react';
import type { StructureSet } from '../analysis/index';
import type { StructureMesh, StructureSurfaceRequest } from '../analysis/structureSurfaces';
import { runRpc } from '../core/workerRpc';

/** Meshes per analysed structure set: built once per analysis, kept while the page lives. */
const cache = new WeakMap<StructureSet, StructureMesh[]>();

/**
 * The automatic no-go structures' surfaces, built in a worker (workers/structureSurfaceWorker.ts) so the
 * headset keeps its frames meanwhile; empty until they arrive, or when the worker fails (logged: the plan's
 * own no-go shapes and painted regions still draw).
 */
export function useStructureSurfaces(structures: StructureSet): StructureMesh[] {
  const [meshes, setMeshes] = useState<StructureMesh[]>(() => cache.get(structures) ?? []);
  useEffect(() => {
    const cached = cache.get(structures);
    if (cached) {
      setMeshes(cached);
      return;
    }
    setMeshes([]);
    const controller = new AbortController();
    runRpc<StructureSurfaceRequest, StructureMesh[], never>(
      () => new Worker(new URL('../workers/structureSurfaceWorker.ts', import.meta.url), { type: 'module' }),
      { structures },
      { signal: controller.signal },
    ).then(
      (built) => {
        cache.set(structures, built);
        setMeshes(built);
      },
      (thrown: unknown) => {
        if (!controller.signal.aborted) console.warn(thrown instanceof Error ? thrown.message : thrown);
      },
    );
    return () => controller.abort();
  }, [structures]);
  return meshes;
}
