/**
 * Data sets with sequences (SQ, PS3.5 7.5) in explicit VR little endian, on top of part10.ts's flat writer.
 * Sequences and items use defined lengths (PS3.5 7.5.1, Table 7.5-1), computed bottom-up.
 */
import { type DicomElement, encodeElements, type TextEncoding, textEncodingOf, writePart10 } from './part10';

export interface SequenceElement {
  tag: number;
  vr: 'SQ';
  /** Each item is a data set; an empty array writes an empty sequence (a type 2 "present but empty"). */
  items: readonly NestedElement[][];
}
export type NestedElement = DicomElement | SequenceElement;

const isSequence = (e: NestedElement): e is SequenceElement => e.vr === 'SQ';

const byteLength = (chunks: readonly Uint8Array[]) => chunks.reduce((n, c) => n + c.length, 0);

function tagHeader(tag: number, extra: number): { bytes: Uint8Array; view: DataView } {
  const bytes = new Uint8Array(4 + extra);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, tag >>> 16, true);
  view.setUint16(2, tag & 0xffff, true);
  return { bytes, view };
}

/**
 * Encodes a data set (sorted by tag, PS3.5 7.1) whose elements may be sequences. Items inherit the text
 * encoding of the data set they are in (PS3.5 6.1.2.3: (0008,0005) applies to the sequences it contains).
 */
export function encodeNested(
  elements: readonly NestedElement[],
  encoding: TextEncoding = 'default',
): Uint8Array[] {
  const sorted = [...elements].sort((a, b) => a.tag - b.tag);
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const el = sorted[i]!;
    if (i > 0 && sorted[i - 1]!.tag === el.tag) throw new Error(`duplicate tag ${el.tag.toString(16)}`);
    if (!isSequence(el)) {
      chunks.push(...encodeElements([el], encoding));
      continue;
    }
    const itemChunks: Uint8Array[] = [];
    for (const item of el.items) {
      const body = encodeNested(item, encoding);
      // Item (FFFE,E000) with its length (PS3.5 7.5.2): no VR, 4-byte length.
      const { bytes, view } = tagHeader(0xfffee000, 4);
      view.setUint32(4, byteLength(body), true);
      itemChunks.push(bytes, ...body);
    }
    // Explicit VR SQ: tag, "SQ", 2 reserved bytes, 4-byte length (PS3.5 7.1.2).
    const { bytes, view } = tagHeader(el.tag, 8);
    bytes[4] = 0x53;
    bytes[5] = 0x51;
    view.setUint32(8, byteLength(itemChunks), true);
    chunks.push(bytes, ...itemChunks);
  }
  return chunks;
}

/**
 * A Part 10 file of a data set with sequences. The File Meta Information is part10.ts's own: written for
 * the SOP class/instance elements alone, whose encoded bytes are then replaced by the full data set.
 */
export function writePart10Nested(dataSet: readonly NestedElement[]): Uint8Array {
  const ids = dataSet.filter(
    (e): e is DicomElement => !isSequence(e) && (e.tag === 0x00080016 || e.tag === 0x00080018),
  );
  if (ids.length !== 2) throw new Error('data set lacks (0008,0016) or (0008,0018)');
  const metaAndIds = writePart10(ids);
  const meta = metaAndIds.subarray(0, metaAndIds.length - byteLength(encodeElements(ids)));
  const charset = dataSet.find((e) => e.tag === 0x00080005);
  const encoding = textEncodingOf(charset && !isSequence(charset) ? String(charset.value) : undefined);
  const body = encodeNested(dataSet, encoding);
  const out = new Uint8Array(meta.length + byteLength(body));
  out.set(meta, 0);
  let at = meta.length;
  for (const c of body) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A random "2.25" UID from a v4 UUID (PS3.5 B.2): for objects that must be new each time (reports). */
export function randomUid(): string {
  const hex = globalThis.crypto.randomUUID().replaceAll('-', '');
  return `2.25.${BigInt(`0x${hex}`).toString(10)}`;
}
