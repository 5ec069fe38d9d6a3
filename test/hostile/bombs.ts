/**
 * Hostile inputs made in the test, never committed (issue 24 class 3): zips whose headers lie, a real
 * deflate bomb, zip64 sizes, nested archives, a deflated dataset bomb, enhanced CT headers claiming 2e9 and
 * 1e6 frames. Node only (node:zlib makes the deflate bomb in ~0.1 s).
 */

import { constants, deflateRawSync } from 'node:zlib';
import { concatBytes } from '../../src/core/bytes';

/** Bytes in little-endian order, built by appending (large blocks kept as they are, not copied into arrays). */
class Writer {
  private chunks: Uint8Array[] = [];
  private small: number[] = [];
  private size = 0;
  private flush() {
    if (this.small.length === 0) return;
    this.chunks.push(Uint8Array.from(this.small));
    this.small = [];
  }
  u8(...values: number[]) {
    for (const v of values) this.small.push(v & 0xff);
    this.size += values.length;
    return this;
  }
  u16(v: number) {
    return this.u8(v, v >>> 8);
  }
  u32(v: number) {
    return this.u8(v, v >>> 8, v >>> 16, v >>> 24);
  }
  u64(v: number) {
    const big = BigInt(v);
    for (let i = 0n; i < 8n; i++) this.u8(Number((big >> (8n * i)) & 0xffn));
    return this;
  }
  bytes(b: Uint8Array) {
    this.flush();
    this.chunks.push(b);
    this.size += b.length;
    return this;
  }
  ascii(s: string) {
    return this.bytes(new TextEncoder().encode(s));
  }
  get length() {
    return this.size;
  }
  done(): Uint8Array {
    this.flush();
    return concatBytes(this.chunks);
  }
}

/**
 * Raw deflate (RFC 1951) of `inflatedBytes` zero bytes, ~1/1000 of that size: one sync-flushed 16 MB block
 * (it ends byte-aligned with an empty stored block, and its matches only reach back into zeros) repeated,
 * then a final empty stored block.
 */
export function deflateBomb(inflatedBytes: number): Uint8Array {
  const blockBytes = 16 * 1024 * 1024;
  const block = new Uint8Array(
    deflateRawSync(new Uint8Array(blockBytes), { level: 9, finishFlush: constants.Z_SYNC_FLUSH }),
  );
  const copies = Math.ceil(inflatedBytes / blockBytes);
  const finalEmptyStored = Uint8Array.of(0x01, 0x00, 0x00, 0xff, 0xff);
  return concatBytes([...Array.from({ length: copies }, () => block), finalEmptyStored]);
}

export interface ZipEntrySpec {
  name: string;
  /** The entry's data as stored in the archive (already deflated for method 8). */
  data: Uint8Array;
  method?: 0 | 8;
  /** Sizes written in the headers (default: the true ones; lies allowed). */
  declaredUncompressed?: number;
  declaredCompressed?: number;
  /** Write the sizes in a zip64 extra field (APPNOTE 4.5.3) with 0xFFFFFFFF in the 32-bit fields. */
  zip64?: boolean;
}

/** A zip (APPNOTE.TXT 4.3) written by hand, so its headers can say anything. CRCs are left 0 (not checked). */
export function makeZip(entries: readonly ZipEntrySpec[], options: { zip64End?: boolean } = {}): Uint8Array {
  const body = new Writer();
  const central = new Writer();
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const method = e.method ?? 0;
    const compressed = e.declaredCompressed ?? e.data.length;
    const uncompressed = e.declaredUncompressed ?? e.data.length;
    const extra = new Writer();
    if (e.zip64) extra.u16(0x0001).u16(16).u64(uncompressed).u64(compressed);
    const extraBytes = extra.done();
    const offset = body.length;
    const sizes = (w: Writer) =>
      e.zip64 ? w.u32(0xffffffff).u32(0xffffffff) : w.u32(compressed).u32(uncompressed);
    body.u32(0x04034b50).u16(45).u16(0x0800).u16(method).u16(0).u16(0).u32(0);
    sizes(body).u16(name.length).u16(extraBytes.length).bytes(name).bytes(extraBytes).bytes(e.data);
    central.u32(0x02014b50).u16(45).u16(45).u16(0x0800).u16(method).u16(0).u16(0).u32(0);
    sizes(central).u16(name.length).u16(extraBytes.length).u16(0).u16(0).u16(0).u32(0).u32(offset);
    central.bytes(name).bytes(extraBytes);
  }
  const centralBytes = central.done();
  const bodyBytes = body.done();
  const end = new Writer();
  const centralOffset = bodyBytes.length;
  if (options.zip64End) {
    const end64At = centralOffset + centralBytes.length;
    end.u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0);
    end.u64(entries.length).u64(entries.length).u64(centralBytes.length).u64(centralOffset);
    end.u32(0x07064b50).u32(0).u64(end64At).u32(1);
    end
      .u32(0x06054b50)
      .u16(0xffff)
      .u16(0xffff)
      .u16(0xffff)
      .u16(0xffff)
      .u32(0xffffffff)
      .u32(0xffffffff)
      .u16(0);
  } else {
    end.u32(0x06054b50).u16(0).u16(0).u16(entries.length).u16(entries.length);
    end.u32(centralBytes.length).u32(centralOffset).u16(0);
  }
  return concatBytes([bodyBytes, centralBytes, end.done()]);
}

/** Explicit VR little endian elements (PS3.5 7.1.2), values padded to even length. */
class DataSetWriter {
  readonly w = new Writer();
  private static readonly LONG = new Set(['OB', 'OW', 'SQ', 'UN', 'UT', 'OF']);
  element(group: number, element: number, vr: string, value: Uint8Array | string | number) {
    let bytes: Uint8Array;
    if (typeof value === 'number') bytes = new Writer().u16(value).done();
    else if (typeof value === 'string') {
      const padded = value.length % 2 ? `${value}${vr === 'UI' ? '\0' : ' '}` : value;
      bytes = new TextEncoder().encode(padded);
    } else bytes = value;
    this.w.u16(group).u16(element).ascii(vr);
    if (DataSetWriter.LONG.has(vr)) this.w.u16(0).u32(bytes.length);
    else this.w.u16(bytes.length);
    this.w.bytes(bytes);
    return this;
  }
  /** A sequence of one item holding `inner`, with defined lengths. */
  sequence(group: number, element: number, inner: Uint8Array) {
    const item = new Writer().u16(0xfffe).u16(0xe000).u32(inner.length).bytes(inner).done();
    return this.element(group, element, 'SQ', item);
  }
  done() {
    return this.w.done();
  }
}

const EXPLICIT_VR_LE = '1.2.840.10008.1.2.1';
export const DEFLATED_EXPLICIT_VR_LE = '1.2.840.10008.1.2.1.99';
const ENHANCED_CT = '1.2.840.10008.5.1.4.1.1.2.1';

/** Preamble, 'DICM' and a File Meta Information group with its group length (PS3.10 7.1). */
function part10(transferSyntax: string, sopClass: string, dataSet: Uint8Array): Uint8Array {
  const meta = new DataSetWriter()
    .element(0x0002, 0x0001, 'OB', Uint8Array.of(0, 1))
    .element(0x0002, 0x0002, 'UI', sopClass)
    .element(0x0002, 0x0003, 'UI', '1.2.826.0.1.3680043.2.1125.24.1')
    .element(0x0002, 0x0010, 'UI', transferSyntax)
    .done();
  const groupLength = new DataSetWriter()
    .element(0x0002, 0x0000, 'UL', new Writer().u32(meta.length).done())
    .done();
  return concatBytes([new Uint8Array(128), new TextEncoder().encode('DICM'), groupLength, meta, dataSet]);
}

/**
 * An Enhanced CT header (PS3.3 A.38) of a few KB claiming `frames` frames of 512 x 512 x 16 bits, with
 * shared plane orientation / pixel measures and one per-frame item: a parser that trusts NumberOfFrames
 * makes one geometry per claimed frame.
 */
export function enhancedCtClaiming(frames: number, pixelBytes = 4096): Uint8Array {
  const orientation = new DataSetWriter().element(0x0020, 0x0037, 'DS', '1\\0\\0\\0\\1\\0').done();
  const measures = new DataSetWriter()
    .element(0x0018, 0x0050, 'DS', '1')
    .element(0x0028, 0x0030, 'DS', '0.5\\0.5')
    .done();
  const position = new DataSetWriter().element(0x0020, 0x0032, 'DS', '0\\0\\0').done();
  const shared = new DataSetWriter()
    .sequence(0x0020, 0x9116, orientation)
    .sequence(0x0028, 0x9110, measures)
    .done();
  const perFrame = new DataSetWriter().sequence(0x0020, 0x9113, position).done();
  const dataSet = new DataSetWriter()
    .element(0x0008, 0x0016, 'UI', ENHANCED_CT)
    .element(0x0008, 0x0018, 'UI', '1.2.826.0.1.3680043.2.1125.24.2')
    .element(0x0008, 0x0060, 'CS', 'CT')
    .element(0x0020, 0x000d, 'UI', '1.2.826.0.1.3680043.2.1125.24.3')
    .element(0x0020, 0x000e, 'UI', '1.2.826.0.1.3680043.2.1125.24.4')
    .element(0x0020, 0x0052, 'UI', '1.2.826.0.1.3680043.2.1125.24.5')
    .element(0x0028, 0x0002, 'US', 1)
    .element(0x0028, 0x0004, 'CS', 'MONOCHROME2')
    .element(0x0028, 0x0008, 'IS', String(frames))
    .element(0x0028, 0x0010, 'US', 512)
    .element(0x0028, 0x0011, 'US', 512)
    .element(0x0028, 0x0100, 'US', 16)
    .element(0x0028, 0x0101, 'US', 12)
    .element(0x0028, 0x0102, 'US', 11)
    .element(0x0028, 0x0103, 'US', 0)
    .sequence(0x5200, 0x9229, shared)
    .sequence(0x5200, 0x9230, perFrame)
    .element(0x7fe0, 0x0010, 'OW', new Uint8Array(pixelBytes))
    .done();
  return part10(EXPLICIT_VR_LE, ENHANCED_CT, dataSet);
}

/**
 * A Deflated Explicit VR Little Endian file (PS3.5 A.5) whose dataset inflates to `inflatedBytes` of
 * zeros (~1/1000 of that on disk): what a parser trusting the deflate stream would hold in memory.
 */
export function deflatedDataSetBomb(inflatedBytes: number): Uint8Array {
  return part10(DEFLATED_EXPLICIT_VR_LE, ENHANCED_CT, deflateBomb(inflatedBytes));
}
