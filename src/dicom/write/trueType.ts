/**
 * Reads what the PDF writer needs from a TrueType font program (OpenType specification 1.9, "TrueType"
 * outlines): the table directory, head (units per em, bounding box, loca format), hhea (ascender, descender,
 * number of horizontal metrics), maxp (number of glyphs), hmtx (advance widths, left side bearings), loca and
 * glyf (each glyph's bytes; composite glyphs' components), cmap (format 4 and format 12 subtables: Unicode
 * code point -> glyph id), post (italic angle), OS/2 (cap height) and name (PostScript name). Pure and
 * DOM-free: the bytes come from the caller.
 */

export interface TableRecord {
  offset: number;
  length: number;
}

/** One component reference inside a composite glyph (glyf, "Composite Glyph Description"). */
export interface GlyphComponent {
  /** Byte offset of the component's uint16 glyphIndex inside the glyph's own bytes. */
  glyphIndexAt: number;
  glyphId: number;
}

export interface TrueTypeFont {
  readonly bytes: Uint8Array;
  readonly tables: ReadonlyMap<string, TableRecord>;
  readonly unitsPerEm: number;
  readonly numGlyphs: number;
  /** head xMin, yMin, xMax, yMax in font units. */
  readonly bbox: readonly [number, number, number, number];
  /** hhea ascender / descender in font units (descender negative). */
  readonly ascender: number;
  readonly descender: number;
  /** OS/2 sCapHeight (version 2 and later), else the ascender. */
  readonly capHeight: number;
  /** post italicAngle in degrees. */
  readonly italicAngle: number;
  /** name table nameID 6, e.g. "DejaVuSans-Bold". */
  readonly postScriptName: string;
  readonly advanceWidths: Uint16Array;
  readonly leftSideBearings: Int16Array;
  /** Unicode code point -> glyph id, from the best Unicode cmap subtable. */
  readonly cmap: ReadonlyMap<number, number>;
  /** The glyph's bytes in glyf (empty for a glyph without outline, such as the space). */
  glyph(glyphId: number): Uint8Array;
  /** The glyphs a composite glyph is built from (none for a simple or empty glyph). */
  components(glyphId: number): GlyphComponent[];
}

const tagAt = (b: Uint8Array, at: number) => String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);

function fail(what: string): never {
  throw new Error(`font program: ${what}`);
}

/** Parses a TrueType font program (sfnt version 0x00010000 or 'true'); throws with the reason when it is not one. */
export function parseTrueType(bytes: Uint8Array): TrueTypeFont {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 12) fail(`${bytes.length} bytes is too short for a table directory`);
  const version = view.getUint32(0);
  if (version !== 0x00010000 && version !== 0x74727565)
    fail(
      version === 0x4f54544f
        ? 'CFF outlines (OTTO) are not TrueType outlines'
        : `not a TrueType font (sfnt version 0x${version.toString(16)})`,
    );
  const numTables = view.getUint16(4);
  const tables = new Map<string, TableRecord>();
  for (let i = 0; i < numTables; i++) {
    const at = 12 + 16 * i;
    if (at + 16 > bytes.length) fail('table directory runs past the end');
    const offset = view.getUint32(at + 8);
    const length = view.getUint32(at + 12);
    if (offset + length > bytes.length) fail(`table ${tagAt(bytes, at)} runs past the end`);
    tables.set(tagAt(bytes, at), { offset, length });
  }
  const table = (tag: string): TableRecord => tables.get(tag) ?? fail(`no ${tag} table`);

  // head: unitsPerEm at 18, xMin..yMax at 36..43, indexToLocFormat at 50.
  const head = table('head').offset;
  const unitsPerEm = view.getUint16(head + 18);
  const bbox = [
    view.getInt16(head + 36),
    view.getInt16(head + 38),
    view.getInt16(head + 40),
    view.getInt16(head + 42),
  ] as const;
  const longLoca = view.getInt16(head + 50) === 1;
  // maxp: numGlyphs at 4. hhea: ascender 4, descender 6, numberOfHMetrics 34.
  const numGlyphs = view.getUint16(table('maxp').offset + 4);
  const hhea = table('hhea').offset;
  const ascender = view.getInt16(hhea + 4);
  const descender = view.getInt16(hhea + 6);
  const numberOfHMetrics = view.getUint16(hhea + 34);
  if (numberOfHMetrics === 0 || numberOfHMetrics > numGlyphs) fail(`hhea has ${numberOfHMetrics} metrics`);

  // hmtx: numberOfHMetrics (advanceWidth, lsb) pairs, then lsb only; the last advance repeats.
  const hmtx = table('hmtx');
  if (hmtx.length < 4 * numberOfHMetrics + 2 * (numGlyphs - numberOfHMetrics)) fail('hmtx is too short');
  const advanceWidths = new Uint16Array(numGlyphs);
  const leftSideBearings = new Int16Array(numGlyphs);
  for (let g = 0; g < numGlyphs; g++) {
    if (g < numberOfHMetrics) {
      advanceWidths[g] = view.getUint16(hmtx.offset + 4 * g);
      leftSideBearings[g] = view.getInt16(hmtx.offset + 4 * g + 2);
    } else {
      advanceWidths[g] = advanceWidths[numberOfHMetrics - 1]!;
      leftSideBearings[g] = view.getInt16(hmtx.offset + 4 * numberOfHMetrics + 2 * (g - numberOfHMetrics));
    }
  }

  // loca: numGlyphs + 1 offsets into glyf (short format: offset / 2 as uint16).
  const loca = table('loca');
  const glyf = table('glyf');
  if (loca.length < (numGlyphs + 1) * (longLoca ? 4 : 2)) fail('loca is too short');
  const glyphStart = (g: number) =>
    longLoca ? view.getUint32(loca.offset + 4 * g) : 2 * view.getUint16(loca.offset + 2 * g);
  const glyph = (glyphId: number): Uint8Array => {
    if (!Number.isInteger(glyphId) || glyphId < 0 || glyphId >= numGlyphs) fail(`no glyph ${glyphId}`);
    const start = glyphStart(glyphId);
    const end = glyphStart(glyphId + 1);
    if (end < start || end > glyf.length) fail(`glyph ${glyphId} lies outside glyf`);
    return bytes.subarray(glyf.offset + start, glyf.offset + end);
  };
  const components = (glyphId: number): GlyphComponent[] => {
    const g = glyph(glyphId);
    if (g.length < 10) return [];
    const gv = new DataView(g.buffer, g.byteOffset, g.byteLength);
    if (gv.getInt16(0) >= 0) return [];
    // Composite glyph description: flags, glyphIndex, two arguments (bytes or words), then an optional scale,
    // x/y scale or 2x2 matrix (F2DOT14), repeated while MORE_COMPONENTS (0x0020) is set.
    const out: GlyphComponent[] = [];
    let at = 10;
    for (;;) {
      if (at + 4 > g.length) fail(`composite glyph ${glyphId} is cut short`);
      const flags = gv.getUint16(at);
      out.push({ glyphIndexAt: at + 2, glyphId: gv.getUint16(at + 2) });
      at += 4 + (flags & 0x0001 ? 4 : 2);
      if (flags & 0x0008) at += 2;
      else if (flags & 0x0040) at += 4;
      else if (flags & 0x0080) at += 8;
      if (!(flags & 0x0020)) return out;
    }
  };

  return {
    bytes,
    tables,
    unitsPerEm,
    numGlyphs,
    bbox,
    ascender,
    descender,
    capHeight: os2CapHeight(view, tables.get('OS/2')) ?? ascender,
    italicAngle: tables.has('post') ? view.getInt32(table('post').offset + 4) / 65536 : 0,
    postScriptName: postScriptNameOf(view, tables.get('name')) ?? 'Font',
    advanceWidths,
    leftSideBearings,
    cmap: readCmap(view, table('cmap'), numGlyphs),
    glyph,
    components,
  };
}

function os2CapHeight(view: DataView, os2: TableRecord | undefined): number | undefined {
  // OS/2 version 2 and later hold sCapHeight at offset 88.
  if (!os2 || os2.length < 90 || view.getUint16(os2.offset) < 2) return undefined;
  return view.getInt16(os2.offset + 88);
}

/** nameID 6 (PostScript name): Windows Unicode (3, 1) in UTF-16BE, else Macintosh Roman (1, 0) as ASCII. */
function postScriptNameOf(view: DataView, name: TableRecord | undefined): string | undefined {
  if (!name) return undefined;
  const count = view.getUint16(name.offset + 2);
  const strings = name.offset + view.getUint16(name.offset + 4);
  let found: string | undefined;
  for (let i = 0; i < count; i++) {
    const r = name.offset + 6 + 12 * i;
    const [platform, encoding, nameId] = [view.getUint16(r), view.getUint16(r + 2), view.getUint16(r + 6)];
    if (nameId !== 6) continue;
    const length = view.getUint16(r + 8);
    const at = strings + view.getUint16(r + 10);
    let s = '';
    if (platform === 3 && encoding === 1)
      for (let k = 0; k + 1 < length; k += 2) s += String.fromCharCode(view.getUint16(at + k));
    else if (platform === 1 && encoding === 0)
      for (let k = 0; k < length; k++) s += String.fromCharCode(view.getUint8(at + k));
    else continue;
    // A PostScript name is printable ASCII without the PDF name delimiters (7.3.5).
    found = s.replace(/[^!-~]|[()<>[\]{}/%#]/g, '');
    if (platform === 3) break;
  }
  return found || undefined;
}

/**
 * Unicode -> glyph id from the cmap table: a format 12 subtable (3, 10) or (0, 4+) covers every plane; else a
 * format 4 subtable (3, 1) or (0, 3 and lower) covers the Basic Multilingual Plane.
 */
function readCmap(view: DataView, cmap: TableRecord, numGlyphs: number): Map<number, number> {
  const count = view.getUint16(cmap.offset + 2);
  let format4: number | undefined;
  let format12: number | undefined;
  for (let i = 0; i < count; i++) {
    const r = cmap.offset + 4 + 8 * i;
    const platform = view.getUint16(r);
    const encoding = view.getUint16(r + 2);
    const at = cmap.offset + view.getUint32(r + 4);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    const format = view.getUint16(at);
    if (format === 12) format12 ??= at;
    else if (format === 4) format4 ??= at;
  }
  const map = new Map<number, number>();
  const put = (codePoint: number, glyphId: number) => {
    if (glyphId > 0 && glyphId < numGlyphs && !map.has(codePoint)) map.set(codePoint, glyphId);
  };
  if (format12 !== undefined) {
    // Format 12: nGroups of (startCharCode, endCharCode, startGlyphID), all uint32.
    const groups = view.getUint32(format12 + 12);
    for (let i = 0; i < groups; i++) {
      const g = format12 + 16 + 12 * i;
      const start = view.getUint32(g);
      const end = view.getUint32(g + 4);
      const glyph = view.getUint32(g + 8);
      if (end < start || end - start > 0x10ffff) fail('cmap format 12 has a bad group');
      for (let c = start; c <= end; c++) put(c, glyph + c - start);
    }
    return map;
  }
  if (format4 === undefined) fail('no Unicode cmap subtable of format 4 or 12');
  // Format 4: segCountX2, then endCode[], reservedPad, startCode[], idDelta[], idRangeOffset[], glyphIdArray[].
  const segCount = view.getUint16(format4 + 6) / 2;
  const ends = format4 + 14;
  const starts = ends + 2 * segCount + 2;
  const deltas = starts + 2 * segCount;
  const rangeOffsets = deltas + 2 * segCount;
  for (let s = 0; s < segCount; s++) {
    const end = view.getUint16(ends + 2 * s);
    const start = view.getUint16(starts + 2 * s);
    const delta = view.getInt16(deltas + 2 * s);
    const rangeOffsetAt = rangeOffsets + 2 * s;
    const rangeOffset = view.getUint16(rangeOffsetAt);
    for (let c = start; c <= end && c !== 0xffff; c++) {
      if (rangeOffset === 0) put(c, (c + delta) & 0xffff);
      else {
        // The offset counts from the idRangeOffset entry itself into glyphIdArray.
        const g = view.getUint16(rangeOffsetAt + rangeOffset + 2 * (c - start));
        if (g !== 0) put(c, (g + delta) & 0xffff);
      }
    }
  }
  return map;
}
