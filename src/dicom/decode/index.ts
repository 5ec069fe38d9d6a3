import { errorMessage } from '../../core/errors';
import { nativeFrameBits } from '../parse/frameFragments';
import {
  describeTransferSyntax,
  isBigEndianSyntax,
  type PixelCodec,
  pixelCodecFor,
} from '../transferSyntaxes';
import type { DecodedFrame, DicomInstance, ParsedDicom } from '../types';
import { inflateFrame } from './deflatedFrame';
import { decodeJpegLossless } from './jpegLossless';
import { decodeNative } from './native';
import type { RawImage } from './rawImage';
import { decodeRle } from './rle';
import { toStoredValues } from './storedValues';
import { decodeHtj2k, decodeJpeg2000, decodeJpegBaseline, decodeJpegLs } from './wasmCodecs';

/** True when decodeFrame can decode pixel data in this transfer syntax. */
export function isTransferSyntaxSupported(uid: string): boolean {
  return pixelCodecFor(uid) !== undefined;
}

/** The frame's encoded bytes: its fragments joined (PS3.5 A.4), or the native frame's range. */
function frameBytes(parsed: ParsedDicom, frameIndex: number): Uint8Array {
  const ranges = parsed.frameFragments[frameIndex];
  if (!ranges || ranges.length === 0) {
    throw new Error(`frame ${frameIndex + 1} does not exist (the file has ${parsed.frameFragments.length})`);
  }
  const { bytes } = parsed;
  for (const r of ranges) {
    if (r.offset < 0 || r.length < 0 || r.offset + r.length > bytes.length) {
      throw new Error(`frame ${frameIndex + 1} lies beyond the end of the file: it is truncated`);
    }
  }
  if (ranges.length === 1) return bytes.subarray(ranges[0]!.offset, ranges[0]!.offset + ranges[0]!.length);
  const joined = new Uint8Array(ranges.reduce((sum, r) => sum + r.length, 0));
  let at = 0;
  for (const r of ranges) {
    joined.set(bytes.subarray(r.offset, r.offset + r.length), at);
    at += r.length;
  }
  return joined;
}

function runCodec(codec: PixelCodec, encoded: Uint8Array, instance: DicomInstance, frameIndex: number) {
  const { rows, columns, samplesPerPixel, bitsAllocated } = instance;
  switch (codec) {
    case 'native':
      return decodeNative(encoded, instance, frameIndex, isBigEndianSyntax(instance.transferSyntaxUid));
    case 'deflated-frame':
      return decodeNative(
        inflateFrame(encoded, Math.ceil(nativeFrameBits(instance) / 8)),
        instance,
        0,
        false,
      );
    case 'rle':
      return decodeRle(encoded, rows, columns, samplesPerPixel, bitsAllocated);
    case 'jpeg-lossless':
      return decodeJpegLossless(encoded, bitsAllocated <= 8 ? 1 : 2);
    case 'jpeg-baseline':
      return decodeJpegBaseline(encoded);
    case 'jpeg-ls':
      return decodeJpegLs(encoded);
    case 'jpeg2000':
      return decodeJpeg2000(encoded);
    case 'htj2k':
      return decodeHtj2k(encoded);
  }
}

/**
 * A JPEG 2000 codestream that declares signed samples while PixelRepresentation says unsigned is read as
 * signed (as GDCM does): otherwise negative CT values would wrap to 65,535. The opposite mismatch
 * (unsigned codestream, PixelRepresentation 1) needs nothing: sign-extension from BitsStored handles it.
 */
function withCodestreamSign(raw: RawImage, instance: DicomInstance): DicomInstance {
  return raw.signed === true && instance.pixelRepresentation === 0
    ? { ...instance, pixelRepresentation: 1 }
    : instance;
}

function checkShape(raw: RawImage, instance: DicomInstance): void {
  const expected = `${instance.columns}x${instance.rows}x${instance.samplesPerPixel}`;
  const got = `${raw.width}x${raw.height}x${raw.components}`;
  if (
    raw.width !== instance.columns ||
    raw.height !== instance.rows ||
    raw.components !== instance.samplesPerPixel
  ) {
    throw new Error(`decoded image is ${got} (columns x rows x samples) but the header says ${expected}`);
  }
}

/**
 * Decodes one frame to stored values (masked to BitsStored, sign-extended; rescale not applied).
 * Colour frames come back interleaved (R G B R G B ..., or Y Cb Cr for native YBR). Throws an Error
 * whose message names the transfer syntax, the frame and the problem (not the file: callers add it).
 */
export async function decodeFrame(parsed: ParsedDicom, frameIndex: number): Promise<DecodedFrame> {
  const { instance } = parsed;
  const syntax = describeTransferSyntax(instance.transferSyntaxUid);
  const codec = pixelCodecFor(instance.transferSyntaxUid);
  if (!codec) throw new Error(`${syntax} is not supported`);
  try {
    const encoded = frameBytes(parsed, frameIndex);
    const raw = await runCodec(codec, encoded, instance, frameIndex);
    checkShape(raw, instance);
    return {
      rows: instance.rows,
      columns: instance.columns,
      samplesPerPixel: instance.samplesPerPixel,
      pixels: toStoredValues(raw, withCodestreamSign(raw, instance)),
    };
  } catch (thrown) {
    throw new Error(`cannot decode frame ${frameIndex + 1} (${syntax}): ${errorMessage(thrown)}`);
  }
}
