/**
 * Writes a TrueType font program holding only some glyphs of another (OpenType specification 1.9): the glyphs
 * are renumbered in the order given (.notdef, glyph 0, first), composite glyphs bring their components (glyf,
 * "Composite Glyph Description"; their glyphIndex fields are rewritten), and head, hhea, maxp, hmtx, loca,
 * glyf and post (format 3, no glyph names) are rebuilt.
 *
 * - For a PDF (the default) the program has no cmap, name or OS/2: a CIDFontType2 selects glyphs by CID through
 *   CIDToGIDMap (ISO 32000-1 9.7.4.2) and its metrics come from W and the font descriptor. Its hinting
 *   instructions (the glyphs' own, and the cvt, fpgm and prep tables they call) are left out: they are more
 *   than half of DejaVu's glyph bytes, and a PDF is printed or zoomed far above the pixel sizes they serve.
 * - As a stand-alone font (`unicodeToGlyph` given) it keeps the hinting, name and OS/2 and gets a cmap
 *   (format 4, platform 3 encoding 1).
 */
import { concatBytes } from '../../core/bytes';
import type { TrueTypeFont } from './trueType';

export interface TrueTypeSubset {
  bytes: Uint8Array;
  /** Original glyph id -> glyph id in the subset. */
  newGlyphIdOf: ReadonlyMap<number, number>;
  numGlyphs: number;
}

/**
 * The subset of `font` with `glyphIds` (original ids; glyph 0 is always put first) and the components they
 * need. `unicodeToGlyph` (code point -> original glyph id, Basic Multilingual Plane) makes it a stand-alone
 * font: a cmap, name, OS/2 and the hinting are kept.
 */
export function subsetTrueType(
  font: TrueTypeFont,
  glyphIds: readonly number[],
  unicodeToGlyph?: ReadonlyMap<number, number>,
): TrueTypeSubset {
  const hinted = unicodeToGlyph !== undefined;
  const order: number[] = [];
  const newGlyphIdOf = new Map<number, number>();
  const add = (g: number) => {
    if (newGlyphIdOf.has(g)) return;
    newGlyphIdOf.set(g, order.length);
    order.push(g);
  };
  add(0);
  for (const g of glyphIds) add(g);
  // Composite glyphs' components, and theirs (nested composites), appended after the glyphs asked for.
  for (let i = 0; i < order.length; i++) for (const c of font.components(order[i]!)) add(c.glyphId);
  if (order.length > 0xffff) throw new Error(`a subset of ${order.length} glyphs is more than 65535`);

  const glyphs = order.map((g) => {
    const components = font.components(g);
    const data = hinted ? font.glyph(g) : withoutInstructions(font.glyph(g));
    if (components.length === 0) return data;
    const copy = data.slice();
    const view = new DataView(copy.buffer);
    for (const c of components) view.setUint16(c.glyphIndexAt, newGlyphIdOf.get(c.glyphId)!);
    return copy;
  });
  // glyf: each glyph padded to a 4-byte boundary; loca in the long format (offsets as uint32).
  const padded = glyphs.map((g) => g.length + ((4 - (g.length % 4)) % 4));
  const glyf = new Uint8Array(padded.reduce((a, b) => a + b, 0));
  const loca = new DataView(new ArrayBuffer(4 * (order.length + 1)));
  let at = 0;
  glyphs.forEach((g, i) => {
    loca.setUint32(4 * i, at);
    glyf.set(g, at);
    at += padded[i]!;
  });
  loca.setUint32(4 * order.length, at);

  const hmtx = new DataView(new ArrayBuffer(4 * order.length));
  order.forEach((g, i) => {
    hmtx.setUint16(4 * i, font.advanceWidths[g]!);
    hmtx.setInt16(4 * i + 2, font.leftSideBearings[g]!);
  });

  const copyOf = (tag: string) => {
    const t = font.tables.get(tag);
    return t ? font.bytes.slice(t.offset, t.offset + t.length) : undefined;
  };
  const head = copyOf('head')!;
  const headView = new DataView(head.buffer);
  headView.setUint32(8, 0); // checkSumAdjustment, set after the whole file is summed
  headView.setInt16(50, 1); // indexToLocFormat: long
  const hhea = copyOf('hhea')!;
  new DataView(hhea.buffer).setUint16(34, order.length); // numberOfHMetrics: every glyph has its own
  const maxp = copyOf('maxp')!;
  new DataView(maxp.buffer).setUint16(4, order.length);
  const postSource = copyOf('post');
  const post = new Uint8Array(32);
  if (postSource && postSource.length >= 32) post.set(postSource.subarray(0, 32));
  new DataView(post.buffer).setUint32(0, 0x00030000); // version 3: no glyph names

  const tables = new Map<string, Uint8Array>([
    ['head', head],
    ['hhea', hhea],
    ['maxp', maxp],
    ['hmtx', new Uint8Array(hmtx.buffer)],
    ['loca', new Uint8Array(loca.buffer)],
    ['glyf', glyf],
    ['post', post],
  ]);
  for (const tag of hinted ? ['cvt ', 'fpgm', 'prep', 'gasp'] : []) {
    const t = copyOf(tag);
    if (t) tables.set(tag, t);
  }
  if (unicodeToGlyph) {
    const mapped = new Map<number, number>();
    for (const [codePoint, g] of unicodeToGlyph)
      if (codePoint <= 0xffff && newGlyphIdOf.has(g)) mapped.set(codePoint, newGlyphIdOf.get(g)!);
    tables.set('cmap', cmapFormat4(mapped));
    const name = copyOf('name');
    if (name) tables.set('name', name);
    const os2 = copyOf('OS/2');
    if (os2 && os2.length >= 68) {
      // usFirstCharIndex / usLastCharIndex (offsets 64, 66) for the characters the subset keeps.
      const codes = [...mapped.keys()];
      const v = new DataView(os2.buffer);
      v.setUint16(64, Math.min(...codes, 0xffff));
      v.setUint16(66, Math.max(...codes, 0));
      tables.set('OS/2', os2);
    }
  }
  return { bytes: sfnt(tables), newGlyphIdOf, numGlyphs: order.length };
}

/**
 * A glyph without its hinting instructions (glyf): a simple glyph's instructionLength becomes 0 and its
 * instructions go; a composite glyph loses WE_HAVE_INSTRUCTIONS (0x0100) and the instructions after its last
 * component. Outlines, flags and coordinates are unchanged.
 */
function withoutInstructions(glyph: Uint8Array): Uint8Array {
  if (glyph.length < 10) return glyph;
  const view = new DataView(glyph.buffer, glyph.byteOffset, glyph.byteLength);
  const contours = view.getInt16(0);
  if (contours >= 0) {
    const at = 10 + 2 * contours; // after endPtsOfContours[]
    const length = view.getUint16(at);
    const out = new Uint8Array(glyph.length - length);
    out.set(glyph.subarray(0, at));
    out.set(glyph.subarray(at + 2 + length), at + 2); // instructionLength stays 0
    return out;
  }
  const out = glyph.slice();
  const outView = new DataView(out.buffer);
  let at = 10;
  for (;;) {
    const flags = outView.getUint16(at);
    outView.setUint16(at, flags & ~0x0100);
    at += 4 + (flags & 0x0001 ? 4 : 2);
    if (flags & 0x0008) at += 2;
    else if (flags & 0x0040) at += 4;
    else if (flags & 0x0080) at += 8;
    if (!(flags & 0x0020)) return out.subarray(0, at);
  }
}

/** cmap with one format 4 subtable (3, 1): segments of consecutive code points with consecutive glyph ids. */
function cmapFormat4(map: ReadonlyMap<number, number>): Uint8Array {
  const codes = [...map.keys()].filter((c) => c < 0xffff).sort((a, b) => a - b);
  const segments: { start: number; end: number; delta: number }[] = [];
  for (const c of codes) {
    const g = map.get(c)!;
    const last = segments[segments.length - 1];
    if (last && c === last.end + 1 && ((g - c) & 0xffff) === last.delta) last.end = c;
    else segments.push({ start: c, end: c, delta: (g - c) & 0xffff });
  }
  segments.push({ start: 0xffff, end: 0xffff, delta: 1 }); // the required last segment
  const segCount = segments.length;
  const length = 16 + 8 * segCount;
  const v = new DataView(new ArrayBuffer(4 + 8 + length));
  v.setUint16(0, 0); // cmap version
  v.setUint16(2, 1); // one encoding record
  v.setUint16(4, 3);
  v.setUint16(6, 1);
  v.setUint32(8, 12);
  const t = 12;
  const searchRange = 2 * 2 ** Math.floor(Math.log2(segCount));
  v.setUint16(t, 4);
  v.setUint16(t + 2, length);
  v.setUint16(t + 4, 0); // language
  v.setUint16(t + 6, 2 * segCount);
  v.setUint16(t + 8, searchRange);
  v.setUint16(t + 10, Math.log2(searchRange / 2));
  v.setUint16(t + 12, 2 * segCount - searchRange);
  const ends = t + 14;
  const starts = ends + 2 * segCount + 2;
  const deltas = starts + 2 * segCount;
  segments.forEach((s, i) => {
    v.setUint16(ends + 2 * i, s.end);
    v.setUint16(starts + 2 * i, s.start);
    v.setUint16(deltas + 2 * i, s.delta);
    // idRangeOffset (after deltas) stays 0: glyph = code + idDelta.
  });
  return new Uint8Array(v.buffer);
}

/** Sum of big-endian uint32 words, the last one zero-padded ("Calculating Checksums"). */
function checksum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i += 4)
    sum =
      (sum +
        (((bytes[i]! << 24) |
          ((bytes[i + 1] ?? 0) << 16) |
          ((bytes[i + 2] ?? 0) << 8) |
          (bytes[i + 3] ?? 0)) >>>
          0)) >>>
      0;
  return sum;
}

/** The table directory (tags in ascending order) and the tables, each 4-byte aligned; head's checkSumAdjustment. */
function sfnt(tables: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const tags = [...tables.keys()].sort();
  const numTables = tags.length;
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 16 * 2 ** entrySelector;
  const directory = new DataView(new ArrayBuffer(12 + 16 * numTables));
  directory.setUint32(0, 0x00010000);
  directory.setUint16(4, numTables);
  directory.setUint16(6, searchRange);
  directory.setUint16(8, entrySelector);
  directory.setUint16(10, 16 * numTables - searchRange);
  const chunks: Uint8Array[] = [new Uint8Array(directory.buffer)];
  let offset = directory.byteLength;
  let headAt = 0;
  tags.forEach((tag, i) => {
    const data = tables.get(tag)!;
    const r = 12 + 16 * i;
    for (let k = 0; k < 4; k++) directory.setUint8(r + k, tag.charCodeAt(k));
    directory.setUint32(r + 4, checksum(data));
    directory.setUint32(r + 8, offset);
    directory.setUint32(r + 12, data.length);
    if (tag === 'head') headAt = offset;
    const pad = (4 - (data.length % 4)) % 4;
    chunks.push(data, new Uint8Array(pad));
    offset += data.length + pad;
  });
  const out = concatBytes(chunks);
  // head.checkSumAdjustment = 0xB1B0AFBA - sum of the whole font (with the field at zero).
  new DataView(out.buffer).setUint32(headAt + 8, (0xb1b0afba - checksum(out)) >>> 0);
  return out;
}
