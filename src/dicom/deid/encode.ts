import { LONG_LENGTH_VRS } from '../write/part10';

/**
 * Element headers in any uncompressed encoding (PS3.5 7.1: implicit or explicit VR, little or big endian),
 * so a de-identified data set keeps its source's transfer syntax and its pixel bytes are copied unchanged.
 */

export interface DataSetEncoding {
  explicit: boolean;
  littleEndian: boolean;
}

export const UNDEFINED_LENGTH = 0xffffffff;
export const ITEM = 0xfffee000;
export const ITEM_DELIMITATION = 0xfffee00d;
export const SEQUENCE_DELIMITATION = 0xfffee0dd;

/** Collects output chunks. */
export class ByteSink {
  readonly chunks: Uint8Array[] = [];
  length = 0;
  push(chunk: Uint8Array): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/**
 * An element header. `vr` is ignored in implicit VR; an explicit short-length VR whose value is too long for
 * its 2-byte length is an error (callers only write short values there).
 */
export function elementHeader(tag: number, vr: string, length: number, enc: DataSetEncoding): Uint8Array {
  const long = enc.explicit && LONG_LENGTH_VRS.has(vr);
  const header = new Uint8Array(long ? 12 : 8);
  const view = new DataView(header.buffer);
  const le = enc.littleEndian;
  view.setUint16(0, tag >>> 16, le);
  view.setUint16(2, tag & 0xffff, le);
  if (!enc.explicit) {
    view.setUint32(4, length, le);
    return header;
  }
  header[4] = vr.charCodeAt(0);
  header[5] = vr.charCodeAt(1);
  if (long) view.setUint32(8, length, le);
  else {
    if (length > 0xffff) throw new RangeError(`value of (${tag.toString(16)}) too long for VR ${vr}`);
    view.setUint16(6, length, le);
  }
  return header;
}

/** Item, item delimitation and sequence delimitation headers: tag and a 4-byte length, never a VR (PS3.5 7.5). */
export function itemHeader(tag: number, length: number, enc: DataSetEncoding): Uint8Array {
  const header = new Uint8Array(8);
  const view = new DataView(header.buffer);
  view.setUint16(0, tag >>> 16, enc.littleEndian);
  view.setUint16(2, tag & 0xffff, enc.littleEndian);
  view.setUint32(4, length, enc.littleEndian);
  return header;
}

/** A text value in the default repertoire, padded to even length (UI with NUL, others with space; PS3.5 6.2). */
export function textValue(text: string, vr: string): Uint8Array {
  const bytes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    bytes.push(c < 0x80 ? c : 0x3f);
  }
  if (bytes.length % 2 === 1) bytes.push(vr === 'UI' ? 0 : 0x20);
  return Uint8Array.from(bytes);
}

/** An element with a value, header included. */
export function writeElement(
  sink: ByteSink,
  tag: number,
  vr: string,
  value: Uint8Array,
  enc: DataSetEncoding,
): void {
  sink.push(elementHeader(tag, vr, value.length, enc));
  if (value.length > 0) sink.push(value);
}
