import type { RawImage } from './rawImage';

const HEADER_BYTES = 64;

/** PackBits run-length decoding of one segment (PS3.5 G.3.1) into every `stride`-th byte of `out`. */
function unpackSegment(
  src: Uint8Array,
  start: number,
  end: number,
  out: Uint8Array,
  first: number,
  stride: number,
) {
  let o = first;
  let i = start;
  while (i < end && o < out.length) {
    const n = (src[i++]! << 24) >> 24; // signed header byte
    if (n >= 0) {
      for (let k = 0; k <= n && i < end && o < out.length; k++, o += stride) out[o] = src[i++]!;
    } else if (n !== -128) {
      const value = src[i++]!;
      for (let k = 0; k < 1 - n && o < out.length; k++, o += stride) out[o] = value;
    }
  }
  return (o - first) / stride;
}

/**
 * RLE Lossless (PS3.5 Annex G): a 64-byte header of segment count and offsets, then one segment per byte
 * of each sample, most significant byte first, components one after another (G.2). Output is
 * interleaved little-endian samples of `bitsAllocated` (8, 16 or 32).
 */
export function decodeRle(
  encoded: Uint8Array,
  rows: number,
  columns: number,
  components: number,
  bitsAllocated: number,
): RawImage {
  if (bitsAllocated !== 8 && bitsAllocated !== 16 && bitsAllocated !== 32) {
    throw new Error(`RLE: BitsAllocated ${bitsAllocated} is not supported (8, 16 or 32)`);
  }
  if (encoded.length < HEADER_BYTES)
    throw new Error(`RLE: ${encoded.length} bytes is shorter than the RLE header`);
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.length);
  const segmentCount = view.getUint32(0, true);
  const bytesPerSample = bitsAllocated / 8;
  if (segmentCount !== components * bytesPerSample) {
    throw new Error(`RLE: ${segmentCount} segments, expected ${components * bytesPerSample}`);
  }
  const pixels = rows * columns;
  const out = new Uint8Array(pixels * components * bytesPerSample);
  const stride = components * bytesPerSample;
  for (let s = 0; s < segmentCount; s++) {
    const start = view.getUint32(4 + 4 * s, true);
    const end = s + 1 < segmentCount ? view.getUint32(8 + 4 * s, true) : encoded.length;
    if (start < HEADER_BYTES || end > encoded.length || end < start) {
      throw new Error(
        `RLE: segment ${s + 1} offsets ${start}-${end} lie outside the ${encoded.length}-byte frame`,
      );
    }
    const component = Math.floor(s / bytesPerSample);
    const byteFromMsb = s % bytesPerSample;
    const first = component * bytesPerSample + (bytesPerSample - 1 - byteFromMsb);
    const written = unpackSegment(encoded, start, end, out, first, stride);
    if (written < pixels) throw new Error(`RLE: segment ${s + 1} holds ${written} of ${pixels} values`);
  }
  // Little-endian views: every platform a browser or Node runs on here is little endian.
  const samples =
    bytesPerSample === 1
      ? out
      : bytesPerSample === 2
        ? new Uint16Array(out.buffer)
        : new Uint32Array(out.buffer);
  return { width: columns, height: rows, components, samples };
}
