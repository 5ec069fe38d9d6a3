import { errorMessage } from '../core/errors';
import type { ByteRange } from './parse/frameFragments';
import type { FrameReader } from './series/assemble';
import type { ParsedDicom } from './types';

/**
 * One frame of a file parsed header first (ParsedDicom.file set): only that frame's bytes are read from
 * the file (Blob.slice), so a series never holds more than the frames in flight besides its volume.
 * The result holds just those bytes, with the frame at its own index (a 1-bit frame's first bit depends
 * on it: PS3.5 8.1.1) and offset 0 (a frame at an odd offset in the file lands aligned). A file parsed
 * from its whole bytes is returned as it is.
 * @throws an Error naming the file when it can no longer be read (moved, changed or deleted since)
 */
export async function readFileFrame(parsed: ParsedDicom, frameIndex: number): Promise<ParsedDicom> {
  const { file } = parsed;
  const ranges = parsed.frameFragments[frameIndex];
  // Header-first files are native: one range per frame. Anything else is left to the decoder to name.
  if (!file || ranges?.length !== 1) return parsed;
  const { offset, length } = ranges[0]!;
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await file.slice(offset, offset + length).arrayBuffer());
  } catch (thrown) {
    throw new Error(
      `${parsed.instance.path}: could not be read again (${errorMessage(thrown)}): it was moved, changed or deleted after it was opened`,
    );
  }
  if (bytes.length !== length) {
    throw new Error(
      `${parsed.instance.path}: frame ${frameIndex + 1} lies beyond the end of the file: it changed since it was opened`,
    );
  }
  const frames: ByteRange[][] = [];
  frames[frameIndex] = [{ offset: 0, length }];
  return { instance: parsed.instance, bytes, frameFragments: frames };
}

/** ES2024 ArrayBuffer.prototype.transfer (Chromium 114+, Node 21+): detaching frees the bytes at once. */
type Transferable = ArrayBuffer & { transfer?: (length?: number) => ArrayBuffer };

/**
 * Frees bytes read from a file (a frame, a header window) now rather than at the next garbage collection,
 * where the platform can (ArrayBuffer transfer detaches the buffer): a series' frames add up to its whole
 * volume, and the collector lets tens of MB of dropped buffers pile up before it runs. Only for a buffer
 * of our own that nothing reads again.
 */
export function releaseBytes(bytes: Uint8Array): void {
  const buffer = bytes.buffer as Transferable;
  if (buffer instanceof ArrayBuffer && buffer.byteLength > 0) buffer.transfer?.(0);
}

/** The frame reader buildVolume uses for files parsed header first. */
export const fileFrames: FrameReader<ParsedDicom> = {
  read: readFileFrame,
  release: (frame) => releaseBytes(frame.bytes),
};
