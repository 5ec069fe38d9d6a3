import { isBigEndianSyntax, pixelCodecFor } from '../transferSyntaxes';
import type { DicomInstance, ParsedDicom } from '../types';
import { type FrameConversion, frameConversion, type PixelPolicy, writeFrame } from './pixels';

/**
 * Where a native grayscale frame of 8 or 16 bits lies in the file, and how its samples become stored
 * values; undefined when the fast path does not apply (the generic decode + writeFrame handles it, and
 * names any error).
 */
function nativeLayout(parsed: ParsedDicom, frameIndex: number) {
  const inst = parsed.instance;
  const { bitsAllocated, bitsStored, highBit, samplesPerPixel } = inst;
  if (pixelCodecFor(inst.transferSyntaxUid) !== 'native' || samplesPerPixel !== 1) return undefined;
  if (bitsAllocated !== 8 && bitsAllocated !== 16) return undefined;
  // Odd headers (more bits stored than allocated, HighBit outside the sample) go the generic way.
  if (!(bitsStored >= 1 && bitsStored <= bitsAllocated && highBit < bitsAllocated)) return undefined;
  const ranges = parsed.frameFragments[frameIndex];
  if (ranges?.length !== 1) return undefined;
  const count = inst.rows * inst.columns;
  const bytesPerSample = bitsAllocated / 8;
  const { offset, length } = ranges[0]!;
  if (offset < 0 || length < count * bytesPerSample || offset + length > parsed.bytes.length)
    return undefined;
  return {
    count,
    bytesPerSample,
    start: parsed.bytes.byteOffset + offset,
    bigEndian: isBigEndianSyntax(inst.transferSyntaxUid),
    // As toStoredValues: BitsStored bits ending at HighBit (PS3.5 8.1.1), sign-extended if PixelRepresentation 1.
    shift: Math.max(0, highBit + 1 - bitsStored),
    mask: (1 << bitsStored) - 1,
    extend: inst.pixelRepresentation === 1 ? 32 - bitsStored : 0,
  };
}

type Layout = NonNullable<ReturnType<typeof nativeLayout>>;

/** The frame's sample bit patterns: a view of the file when little endian and aligned, else one copy. */
function samplesOf(parsed: ParsedDicom, l: Layout): Uint8Array | Uint16Array {
  const { buffer } = parsed.bytes;
  if (l.bytesPerSample === 1) return new Uint8Array(buffer, l.start, l.count);
  if (!l.bigEndian && l.start % 2 === 0) return new Uint16Array(buffer, l.start, l.count);
  // Explicit VR Big Endian (PS3.5 A.3, retired) or an odd offset: read word by word.
  const view = new DataView(buffer, l.start, l.count * 2);
  const out = new Uint16Array(l.count);
  for (let p = 0; p < l.count; p++) out[p] = view.getUint16(p * 2, !l.bigEndian);
  return out;
}

/**
 * Masks, sign-extends and converts in one loop (the stored value never lands in an array). Same rules as
 * toStoredValues followed by writeFrame.
 */
function writeMasked(src: Uint8Array | Uint16Array, l: Layout, c: FrameConversion, dst: Int16Array): number {
  const { count, shift, mask, extend } = l;
  const { pad, padVoxel, flipSum, slope, intercept, integral } = c;
  if (c.addOnly) {
    if (pad === undefined) {
      for (let p = 0; p < count; p++)
        dst[p] = ((((src[p]! >>> shift) & mask) << extend) >> extend) + intercept;
    } else {
      for (let p = 0; p < count; p++) {
        const stored = (((src[p]! >>> shift) & mask) << extend) >> extend;
        dst[p] = stored === pad ? padVoxel : stored + intercept;
      }
    }
    return 0;
  }
  let clipped = 0;
  for (let p = 0; p < count; p++) {
    let stored = (((src[p]! >>> shift) & mask) << extend) >> extend;
    if (stored === pad) {
      dst[p] = padVoxel;
      continue;
    }
    if (flipSum !== undefined) stored = flipSum - stored;
    let v = stored * slope + intercept;
    if (!integral) v = Math.round(v);
    if (v > 32767) {
      v = 32767;
      clipped++;
    } else if (v < -32768) {
      v = -32768;
      clipped++;
    }
    dst[p] = v;
  }
  return clipped;
}

/**
 * Writes a native (uncompressed) grayscale frame from the file bytes straight into `target` at `offset`:
 * no decoded copy, one pass over the pixels (a byte-swapping copy first only for big endian or odd offsets).
 * Gives exactly what decodeFrame + writeFrame give.
 * @returns voxels clipped to the Int16 range, or undefined when the frame needs the generic decoder
 * (compressed, colour, 1 or 32 bits, odd header, truncated).
 */
export function writeNativeFrame(
  parsed: ParsedDicom,
  frameIndex: number,
  policy: PixelPolicy,
  target: Int16Array,
  offset: number,
): number | undefined {
  const layout = nativeLayout(parsed, frameIndex);
  if (!layout) return undefined;
  const inst: DicomInstance = parsed.instance;
  const src = samplesOf(parsed, layout);
  const { count, shift, extend, bytesPerSample } = layout;
  const fullWord = shift === 0 && inst.bitsStored === bytesPerSample * 8;
  if (fullWord) {
    // No bits to drop: a typed view of the right signedness already holds the stored values.
    const signed = extend > 0;
    const pixels = !signed
      ? src
      : src instanceof Uint8Array
        ? new Int8Array(src.buffer, src.byteOffset, count)
        : new Int16Array(src.buffer, src.byteOffset, count);
    return writeFrame(
      { rows: inst.rows, columns: inst.columns, samplesPerPixel: 1, pixels },
      inst,
      policy,
      target,
      offset,
    );
  }
  return writeMasked(src, layout, frameConversion(inst, policy), target.subarray(offset, offset + count));
}
