/// <reference lib="webworker" />
/**
 * Rebuilds the demo phantom's ground truth off the main thread for the plan readouts (no-go structures,
 * endplate normals). The truth's geometry depends on the seed only, not on the voxel grid, so the small
 * grid (~0.5 s) gives the same truth as the default one the demo series was made from.
 */
import { generatePhantom } from '../phantom/index';

const scope = self as unknown as DedicatedWorkerGlobalScope;
scope.onmessage = (event: MessageEvent<{ seed: number }>) => {
  try {
    scope.postMessage({ truth: generatePhantom({ size: 'small', seed: event.data.seed }).truth });
  } catch {
    scope.postMessage({});
  }
};
