import { useEffect, useState } from 'react';
import type { StructureSet } from '../analysis/index';
import type {
  StructureMesh,
  StructureSurfaceMessage,
  StructureSurfaceRequest,
} from '../analysis/structureSurfaces';

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
    const worker = new Worker(new URL('../workers/structureSurfaceWorker.ts', import.meta.url), {
      type: 'module',
    });
    worker.onmessage = (event: MessageEvent<StructureSurfaceMessage>) => {
      worker.terminate();
      const m = event.data;
      if (m.type === 'done') {
        cache.set(structures, m.meshes);
        setMeshes(m.meshes);
      } else console.warn(m.error);
    };
    worker.onerror = (event) => {
      worker.terminate();
      console.warn(`no-go structure surfaces: ${event.message}`);
    };
    worker.postMessage({ structures } satisfies StructureSurfaceRequest);
    return () => worker.terminate();
  }, [structures]);
  return meshes;
}
