/**
 * Equal-quality check between two renderings of the same view: both draw bone over black, so a pixel is
 * "bone" where its luma exceeds `thresholdGrey`. Reported: the masks' intersection over union, the
 * fraction of pixels whose mask differs (the mean absolute difference of the two binary masks), and the
 * mean absolute luma difference over the union of the masks (grey levels of 255).
 */
export interface ImageAgreement {
  boneFractionA: number;
  boneFractionB: number;
  maskIoU: number;
  maskMeanAbsDiff: number;
  meanAbsLumaDiffInBone: number;
  /** IoU of the masks of well-lit pixels (luma > `opaqueGrey`): the bone itself, not faint partial volume. */
  opaqueMaskIoU: number;
  /** Largest difference of one colour channel anywhere (grey levels of 255; 0: the same image). */
  maxChannelDiff: number;
  /** Fraction of pixels with a channel more than 2 grey levels apart. */
  pixelsOver2Grey: number;
}

const luma = (p: Uint8Array, i: number): number => 0.299 * p[i]! + 0.587 * p[i + 1]! + 0.114 * p[i + 2]!;

export function compareRenderings(
  a: Uint8Array,
  b: Uint8Array,
  thresholdGrey = 20,
  opaqueGrey = 64,
): ImageAgreement {
  if (a.length !== b.length) throw new Error(`image sizes differ (${a.length} vs ${b.length} bytes)`);
  let inA = 0;
  let inB = 0;
  let both = 0;
  let either = 0;
  let lumaDiff = 0;
  let opaqueBoth = 0;
  let opaqueEither = 0;
  const pixels = a.length / 4;
  let maxChannelDiff = 0;
  let over2 = 0;
  for (let i = 0; i < a.length; i += 4) {
    const d = Math.max(
      Math.abs(a[i]! - b[i]!),
      Math.abs(a[i + 1]! - b[i + 1]!),
      Math.abs(a[i + 2]! - b[i + 2]!),
    );
    if (d > maxChannelDiff) maxChannelDiff = d;
    if (d > 2) over2++;
    const la = luma(a, i);
    const lb = luma(b, i);
    const ma = la > thresholdGrey;
    const mb = lb > thresholdGrey;
    if (ma) inA++;
    if (mb) inB++;
    if (ma && mb) both++;
    if (la > opaqueGrey && lb > opaqueGrey) opaqueBoth++;
    if (la > opaqueGrey || lb > opaqueGrey) opaqueEither++;
    if (ma || mb) {
      either++;
      lumaDiff += Math.abs(la - lb);
    }
  }
  return {
    boneFractionA: inA / pixels,
    boneFractionB: inB / pixels,
    maskIoU: either === 0 ? 1 : both / either,
    maskMeanAbsDiff: (either - both) / pixels,
    meanAbsLumaDiffInBone: either === 0 ? 0 : lumaDiff / either,
    opaqueMaskIoU: opaqueEither === 0 ? 1 : opaqueBoth / opaqueEither,
    maxChannelDiff,
    pixelsOver2Grey: over2 / pixels,
  };
}

/** GL rows (bottom first) as a PNG data URL, top row first, for saving and looking at. */
export function pixelsToPngDataUrl(rgba: Uint8Array, width: number, height: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d')!;
  const image = context.createImageData(width, height);
  for (let row = 0; row < height; row++) {
    const from = (height - 1 - row) * width * 4;
    image.data.set(rgba.subarray(from, from + width * 4), row * width * 4);
  }
  context.putImageData(image, 0, 0);
  return canvas.toDataURL('image/png');
}
