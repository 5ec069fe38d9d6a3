import type { DecodedFrame, DicomInstance } from '../types';
import type { RawImage } from './rawImage';

type Pixels = DecodedFrame['pixels'];

function outputArray(bitsAllocated: number, signed: boolean, length: number): Pixels {
  if (bitsAllocated <= 8) return signed ? new Int8Array(length) : new Uint8Array(length);
  if (bitsAllocated <= 16) return signed ? new Int16Array(length) : new Uint16Array(length);
  return signed ? new Int32Array(length) : new Uint32Array(length);
}

/**
 * Stored values from sample bit patterns (PS3.5 8.1.1, PS3.3 C.7.6.3.1): take BitsStored bits ending at
 * HighBit, drop the rest (some writers leave garbage above), and sign-extend from the top stored bit
 * when PixelRepresentation is 1. The output type follows BitsAllocated and signedness.
 */
export function toStoredValues(raw: RawImage, instance: DicomInstance): Pixels {
  const { bitsAllocated, bitsStored, pixelRepresentation } = instance;
  const signed = pixelRepresentation === 1;
  const bits = Math.min(bitsStored, 32);
  const shift = Math.max(0, instance.highBit + 1 - bits);
  const src = raw.samples;
  const out = outputArray(bitsAllocated, signed, src.length);
  if (bits === 32) {
    for (let i = 0; i < src.length; i++) out[i] = src[i]!;
    return out;
  }
  const mask = bits === 31 ? 0x7fffffff : (1 << bits) - 1;
  const extend = 32 - bits;
  if (signed) {
    // Shift the top stored bit into bit 31 and back: arithmetic shift copies it (two's complement).
    for (let i = 0; i < src.length; i++) out[i] = (((src[i]! >>> shift) & mask) << extend) >> extend;
  } else {
    for (let i = 0; i < src.length; i++) out[i] = (src[i]! >>> shift) & mask;
  }
  return out;
}
