import type { DicomInstance } from '../types';
import { interleave, type RawImage } from './rawImage';

/** 1-bit pixels (PS3.5 8.1.1, D.2): bit 0 of the first byte is the first pixel; frames are not byte aligned. */
function unpackBits(frame: Uint8Array, firstBit: number, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const bit = firstBit + i;
    out[i] = (frame[bit >> 3]! >> (bit & 7)) & 1;
  }
  return out;
}

/** YBR_FULL_422 (PS3.3 C.7.6.3.1.2): Y1 Y2 Cb Cr per pixel pair, expanded to Y Cb Cr per pixel. */
function expandYbr422(frame: Uint8Array, pixels: number): Uint8Array {
  const out = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p += 2) {
    const q = p * 2;
    const cb = frame[q + 2]!;
    const cr = frame[q + 3]!;
    out.set([frame[q]!, cb, cr], p * 3);
    if (p + 1 < pixels) out.set([frame[q + 1]!, cb, cr], p * 3 + 3);
  }
  return out;
}

/** Byte-swaps words of `size` bytes in place (Explicit VR Big Endian, PS3.5 A.3). */
function swapBytes(bytes: Uint8Array, size: number): void {
  for (let i = 0; i + size <= bytes.length; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

/**
 * Native (uncompressed) pixel data of one frame as sample bit patterns. `frame` is the frame's byte range
 * (for 1-bit data: the bytes it touches); the result is a fresh copy, never a view of the file.
 */
export function decodeNative(
  frame: Uint8Array,
  instance: DicomInstance,
  frameIndex: number,
  bigEndian: boolean,
): RawImage {
  const { rows, columns, samplesPerPixel, bitsAllocated } = instance;
  const pixels = rows * columns;
  const count = pixels * samplesPerPixel;
  const firstBit = bitsAllocated === 1 ? (frameIndex * count) % 8 : 0;
  const samplesStored = instance.photometricInterpretation === 'YBR_FULL_422' ? pixels * 2 : count;
  const needed = Math.ceil((firstBit + samplesStored * bitsAllocated) / 8);
  if (frame.length < needed) {
    throw new Error(
      `native frame holds ${frame.length} bytes but ${rows}x${columns}x${samplesPerPixel} needs ${needed}`,
    );
  }
  const image = (samples: RawImage['samples']): RawImage => ({
    width: columns,
    height: rows,
    components: samplesPerPixel,
    samples: instance.planarConfiguration === 1 ? interleave(samples, samplesPerPixel) : samples,
  });
  if (bitsAllocated === 1) return image(unpackBits(frame, firstBit, count));
  if (bitsAllocated === 8) {
    if (instance.photometricInterpretation === 'YBR_FULL_422') {
      return { width: columns, height: rows, components: 3, samples: expandYbr422(frame, pixels) };
    }
    return image(frame.slice(0, count));
  }
  const size = bitsAllocated / 8;
  const bytes = frame.slice(0, count * size);
  if (bigEndian) swapBytes(bytes, size);
  return image(size === 2 ? new Uint16Array(bytes.buffer) : new Uint32Array(bytes.buffer));
}
