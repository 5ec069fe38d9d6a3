import type { DicomInstance } from '../types';
import type { Element, Fragment } from './dicomParserLib';

export interface ByteRange {
  offset: number;
  length: number;
}

export type FrameFragmentsResult =
  | { ok: true; frames: ByteRange[][] }
  | { ok: false; kind: 'truncated' | 'inconsistent'; message: string };

/**
 * Bits of one native frame (PS3.5 8.1.1); 1-bit frames are packed without padding between them.
 * YBR_FULL_422 stores two luminance and one pair of chroma values per two pixels (PS3.3 C.7.6.3.1.2).
 */
export function nativeFrameBits(instance: DicomInstance): number {
  const samples = instance.photometricInterpretation === 'YBR_FULL_422' ? 2 : instance.samplesPerPixel;
  return instance.rows * instance.columns * samples * instance.bitsAllocated;
}

/**
 * Native pixel data (PS3.5 8.1.1): frames follow each other. For 1-bit data a frame may start
 * mid-byte; its range then covers the bytes it touches (the decoder re-derives the bit offset).
 */
function nativeFrames(instance: DicomInstance, element: Element, available: number): FrameFragmentsResult {
  const bits = nativeFrameBits(instance);
  const needed = Math.ceil((bits * instance.numberOfFrames) / 8);
  if (needed > available) {
    return {
      ok: false,
      kind: 'truncated',
      message: `pixel data holds ${available} bytes but ${instance.numberOfFrames} frame(s) of ${instance.rows}x${instance.columns}x${instance.samplesPerPixel} at ${instance.bitsAllocated} bits need ${needed}`,
    };
  }
  const frames: ByteRange[][] = [];
  for (let f = 0; f < instance.numberOfFrames; f++) {
    const startByte = Math.floor((f * bits) / 8);
    const endByte = Math.ceil(((f + 1) * bits) / 8);
    frames.push([{ offset: element.dataOffset + startByte, length: endByte - startByte }]);
  }
  return { ok: true, frames };
}

/** Does this fragment open a new compressed frame? Markers: JPEG SOI (ITU T.81 B.1.1.3), J2K SOC (T.800 A.4.1), JP2 signature box. */
function startsCodestream(bytes: Uint8Array, fragment: Fragment): boolean {
  const p = fragment.position;
  const b0 = bytes[p];
  const b1 = bytes[p + 1];
  if (b0 === 0xff && (b1 === 0xd8 || b1 === 0x4f)) return true;
  return (
    b0 === 0x00 && b1 === 0x00 && bytes[p + 2] === 0x00 && bytes[p + 3] === 0x0c && bytes[p + 4] === 0x6a
  );
}

const toRange = (f: Fragment): ByteRange => ({ offset: f.position, length: f.length });

/**
 * Encapsulated pixel data (PS3.5 A.4): a frame is one or more fragments. Use the Basic Offset Table when
 * it has one entry per frame; else one fragment per frame if the counts match; else split where a
 * fragment starts a new codestream.
 */
function encapsulatedFrames(
  instance: DicomInstance,
  element: Element,
  bytes: Uint8Array,
): FrameFragmentsResult {
  const fragments = element.fragments ?? [];
  const count = instance.numberOfFrames;
  if (fragments.length === 0)
    return { ok: false, kind: 'truncated', message: 'encapsulated pixel data has no fragments' };
  if (count === 1) return { ok: true, frames: [fragments.map(toRange)] };
  const table = element.basicOffsetTable ?? [];
  if (table.length === count) {
    const frames = table.map((start, f) => {
      const end = table[f + 1] ?? Number.POSITIVE_INFINITY;
      return fragments.filter((g) => g.offset >= start && g.offset < end).map(toRange);
    });
    if (frames.every((frame) => frame.length > 0)) return { ok: true, frames };
  }
  if (fragments.length === count) return { ok: true, frames: fragments.map((g) => [toRange(g)]) };
  const frames: ByteRange[][] = [];
  for (const fragment of fragments) {
    const last = frames[frames.length - 1];
    if (!last || startsCodestream(bytes, fragment)) frames.push([toRange(fragment)]);
    else last.push(toRange(fragment));
  }
  if (frames.length < count) {
    return {
      ok: false,
      kind: 'truncated',
      message: `NumberOfFrames is ${count} but the ${fragments.length} pixel data fragments hold only ${frames.length} frame(s)`,
    };
  }
  if (frames.length > count) {
    return {
      ok: false,
      kind: 'inconsistent',
      message: `NumberOfFrames is ${count} but the pixel data fragments hold ${frames.length} frames and no usable Basic Offset Table`,
    };
  }
  return { ok: true, frames };
}

/**
 * Byte ranges of every frame's encoded data, within `bytes` (the dataset's byte array), or within the file
 * of `fileLength` bytes whose header `bytes` is (native pixel data after a header-only read).
 */
export function frameFragments(
  instance: DicomInstance,
  element: Element,
  bytes: Uint8Array,
  fileLength: number = bytes.length,
): FrameFragmentsResult {
  if (element.encapsulatedPixelData) return encapsulatedFrames(instance, element, bytes);
  const available = Math.max(0, Math.min(element.length, fileLength - element.dataOffset));
  return nativeFrames(instance, element, available);
}
