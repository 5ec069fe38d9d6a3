import { applyWindow, type DisplayWindow, initialWindow } from '../volume/windowPresets';
import { writeNativeFrame } from './series/nativeFrame';
import { choosePixelPolicy, type PixelPolicy, writeFrame } from './series/pixels';
import type { DecodedFrame, DicomInstance, ParsedDicom } from './types';

/** An 8-bit grey picture, row-major: the loading screen's preview and the series picker's thumbnails. */
export interface GreyImage {
  width: number;
  height: number;
  grey: Uint8Array;
}

/**
 * The window a picture of this image is shown with: the same one the slice views open with (the header's
 * window, else the bone window for CT: volume/windowPresets initialWindow); for other modalities without a
 * window in the header, the frame's own value range.
 */
function pictureWindow(
  inst: DicomInstance,
  values: Int16Array,
  toReal: (v: number) => number,
): DisplayWindow {
  if (inst.modality === 'CT' || (inst.windowCenter !== undefined && (inst.windowWidth ?? 0) > 0)) {
    return initialWindow(inst);
  }
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const a = toReal(lo);
  const b = toReal(hi);
  return { width: Math.max(1, Math.abs(b - a)), level: (a + b) / 2 };
}

/**
 * One frame's voxels (as the volume stores them: `policy` applied) -> windowed grey, box-averaged by a whole
 * factor so that neither side exceeds `maxSide` (a 512 x 512 CT slice stays 512 x 512 at maxSide 512).
 */
function greyOfVoxels(
  voxels: Int16Array,
  inst: DicomInstance,
  policy: PixelPolicy,
  maxSide: number,
): GreyImage {
  const { columns, rows } = inst;
  const toReal = (v: number) => v * policy.volumeSlope + policy.volumeIntercept;
  const window = pictureWindow(inst, voxels, toReal);
  const factor = Math.max(1, Math.ceil(Math.max(columns, rows) / maxSide));
  const width = Math.max(1, Math.floor(columns / factor));
  const height = Math.max(1, Math.floor(rows / factor));
  const grey = new Uint8Array(width * height);
  const perPixel = 1 / (factor * factor);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = 0; dy < factor; dy++) {
        const row = (y * factor + dy) * columns + x * factor;
        for (let dx = 0; dx < factor; dx++) sum += voxels[row + dx]!;
      }
      grey[y * width + x] = Math.round(255 * applyWindow(toReal(sum * perPixel), window));
    }
  }
  return { width, height, grey };
}

/**
 * A grey picture of one frame of one file, converted exactly as the volume will be (pixel policy of this
 * file alone: HU for CT) and windowed as the slice views open. `decoded` is the frame already decoded
 * (compressed syntaxes, decoded by the caller's decoder); without it only native frames the fast path reads
 * straight from the file bytes are drawn. Undefined when the frame cannot be drawn this way (colour,
 * compressed without `decoded`, truncated): a picture is a courtesy, the volume build names any error.
 */
export function previewOfFrame(
  parsed: ParsedDicom,
  frameIndex: number,
  maxSide: number,
  decoded?: DecodedFrame,
): GreyImage | undefined {
  const inst = parsed.instance;
  if (inst.rows < 1 || inst.columns < 1 || inst.samplesPerPixel !== 1) return undefined;
  const { policy } = choosePixelPolicy([inst]);
  const voxels = new Int16Array(inst.rows * inst.columns);
  try {
    const written = decoded
      ? writeFrame(decoded, inst, policy, voxels, 0)
      : writeNativeFrame(parsed, frameIndex, policy, voxels, 0);
    if (written === undefined) return undefined;
  } catch {
    return undefined;
  }
  return greyOfVoxels(voxels, inst, policy, maxSide);
}
