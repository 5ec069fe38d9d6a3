/// <reference lib="webworker" />
/**
 * Surfaces of the spine analysis's no-go masks for the headset (analysis/structureSurfaces.ts), off the main
 * thread: up to a few seconds on a loaded machine would freeze a headset's frames. The label grid arrives as
 * a copy; the mesh buffers go back transferred.
 */
import {
  type StructureSurfaceMessage,
  type StructureSurfaceRequest,
  structureMeshes,
  structureMeshTransferables,
} from '../analysis/structureSurfaces';
import { errorMessage } from '../core/errors';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<StructureSurfaceRequest>) => {
  try {
    const meshes = structureMeshes(event.data.structures, event.data.budget);
    scope.postMessage(
      { type: 'done', meshes } satisfies StructureSurfaceMessage,
      structureMeshTransferables(meshes),
    );
  } catch (thrown) {
    scope.postMessage({
      type: 'error',
      error: `no-go structure surfaces: ${errorMessage(thrown)}`,
    } satisfies StructureSurfaceMessage);
  }
};
