/// <reference lib="webworker" />
import { type GpuProbeAnswer, readGpuCapabilities } from './probeGpu';

/** Answers once with what an OffscreenCanvas's WebGL2 context reports (null without one), see `probeGpuOffMainThread`. */
let answer: GpuProbeAnswer = null;
try {
  answer = readGpuCapabilities(new OffscreenCanvas(1, 1).getContext('webgl2'));
} catch {
  answer = null;
}
if (answer && !answer.webgl2) answer = null;
postMessage(answer);
