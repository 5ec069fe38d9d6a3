import { Decoder } from '@cornerstonejs/jpeg-lossless-decoder-js';
import { errorMessage } from '../../core/errors';
import type { RawImage } from './rawImage';

/**
 * JPEG lossless, processes 14 and 14 SV1 (ITU T.81 H). Pure JS, so no initialisation.
 * @param bytesPerSample 1 for BitsAllocated 8, else 2
 */
export function decodeJpegLossless(encoded: Uint8Array, bytesPerSample: number): RawImage {
  try {
    const decoder = new Decoder();
    const decoded = decoder.decode(
      encoded.buffer as ArrayBuffer,
      encoded.byteOffset,
      encoded.length,
      bytesPerSample,
    );
    const { dimX, dimY, numComp } = decoder.frame;
    const samples = decoded instanceof Uint8Array ? decoded : new Uint16Array(decoded);
    if (!(dimX > 0 && dimY > 0) || samples.length < dimX * dimY * numComp) {
      throw new Error(`decoded ${samples.length} samples for a ${dimX}x${dimY}x${numComp} frame`);
    }
    return { width: dimX, height: dimY, components: numComp, samples };
  } catch (thrown) {
    throw new Error(`JPEG lossless: ${errorMessage(thrown)}`);
  }
}
