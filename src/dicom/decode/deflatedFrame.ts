import { inflateBounded } from '../inflateBounded';

/**
 * Deflated Image Frame Compression (1.2.840.10008.1.2.8.1, DICOM Supplement 244): each frame is the
 * native frame compressed with raw deflate (RFC 1951). Inflation stops just past the frame's own size
 * (a pad byte allowed), so a bomb of a frame costs at most that, never what it would inflate to.
 * @param frameBytes the native frame's size from Rows x Columns x Samples x BitsAllocated
 */
export function inflateFrame(encoded: Uint8Array, frameBytes: number): Uint8Array {
  const inflated = inflateBounded(encoded, frameBytes + 2);
  if (inflated.ok) return inflated.bytes;
  if (inflated.overCap)
    throw new Error(`deflated frame inflates past the frame's ${frameBytes} bytes; stopped there`);
  throw new Error(`deflated frame does not inflate: ${inflated.error}`);
}
