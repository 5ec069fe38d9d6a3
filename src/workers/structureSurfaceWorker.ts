/// <reference lib="webworker" />
/**
 * Surfaces of the spine analysis's no-go masks for the headset (analysis/structureSurfaces.ts), off the main
 * thread: up to a few seconds on a loaded machine would freeze a headset's frames. The label grid arrives as
 * a copy; the mesh buffers go back transferred.
 */
import {
  type StructureMesh,
  type StructureSurfaceRequest,
  structureMeshes,
  structureMeshTransferables,
} from '../analysis/structureSurfaces';
import { type RpcScope, serveRpc } from '../core/workerRpc';

serveRpc<StructureSurfaceRequest, StructureMesh[], never>(
  self as unknown as RpcScope,
  'no-go structure surfaces',
  (request) => structureMeshes(request.structures, request.budget),
  structureMeshTransferables,
);
