import type { DecodedFrame, DicomInstance } from '../dicom/types';

/**
 * A small 8-bit grey picture of one decoded image for the series picker, windowed with the header's
 * window (or bone-ish CT default), nearest-neighbour downsampled to at most `size` pixels per side.
 */
export function thumbnailOf(
  frame: DecodedFrame,
  instance: DicomInstance,
  size = 64,
): { width: number; height: number; grey: Uint8Array } {
  const scale = Math.max(frame.columns, frame.rows) / size;
  const width = Math.max(1, Math.round(frame.columns / scale));
  const height = Math.max(1, Math.round(frame.rows / scale));
  const centre = instance.windowCenter ?? (instance.modality === 'CT' ? 300 : 0);
  const widthW = instance.windowWidth ?? (instance.modality === 'CT' ? 1500 : 0);
  const spp = frame.samplesPerPixel;
  let lo = centre - widthW / 2;
  let hi = centre + widthW / 2;
  if (widthW <= 0) {
    lo = Number.POSITIVE_INFINITY;
    hi = Number.NEGATIVE_INFINITY;
    for (let p = 0; p < frame.pixels.length; p += spp) {
      const v = frame.pixels[p]! * instance.rescaleSlope + instance.rescaleIntercept;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const range = Math.max(1e-6, hi - lo);
  const invert = instance.photometricInterpretation === 'MONOCHROME1';
  const grey = new Uint8Array(width * height);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const sx = Math.min(frame.columns - 1, Math.floor(x * scale));
      const sy = Math.min(frame.rows - 1, Math.floor(y * scale));
      const v =
        frame.pixels[(sy * frame.columns + sx) * spp]! * instance.rescaleSlope + instance.rescaleIntercept;
      const g = Math.round((255 * (Math.min(hi, Math.max(lo, v)) - lo)) / range);
      grey[y * width + x] = invert ? 255 - g : g;
    }
  return { width, height, grey };
}
