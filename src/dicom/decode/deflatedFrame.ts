import { inflateSync } from 'fflate';
import { errorMessage } from '../../core/errors';

/**
 * Deflated Image Frame Compression (1.2.840.10008.1.2.8.1, DICOM Supplement 244): each frame is the
 * native frame compressed with raw deflate (RFC 1951).
 */
export function inflateFrame(encoded: Uint8Array): Uint8Array {
  try {
    return inflateSync(encoded);
  } catch (thrown) {
    throw new Error(`deflated frame does not inflate: ${errorMessage(thrown)}`);
  }
}
