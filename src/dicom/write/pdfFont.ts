/**
 * One embedded Unicode font of a PDF (ISO 32000-1:2008): a Type 0 font (9.7.6) with the Identity-H encoding
 * (two-byte codes, code = CID; 9.7.5.2) over a CIDFontType2 descendant (9.7.4) whose TrueType program is embedded
 * as FontFile2 (9.9), subset to the glyphs the document shows (9.6.4: the name gets a six-letter tag and "+").
 * Its W array holds each CID's advance width (9.7.4.3), CIDToGIDMap maps CIDs to the subset's glyphs, and a
 * ToUnicode CMap (9.10.3) gives each CID its character, so text can be searched and copied.
 *
 * CIDs are given per character in the order of first use (CID 0 is .notdef), so two characters drawn with the
 * same glyph, or two characters the font lacks (drawn as .notdef), still keep their own character in ToUnicode.
 */

import type { TrueTypeFont } from './trueType';
import { subsetTrueType } from './trueTypeSubset';

/** A PDF object body: a dictionary, and the stream's (not yet compressed) bytes if it is a stream. */
export interface PdfFontObject {
  dict: string;
  stream?: Uint8Array;
}

const NOTDEF = 0;

/** The code point as drawn: controls (tab, line feed) as a space; everything else as itself. */
const drawnCodePoint = (c: number) => (c < 0x20 || (c >= 0x7f && c < 0xa0) ? 0x20 : c);

export class PdfFont {
  /** Code point -> CID, in the order of first use. */
  private readonly cids = new Map<number, number>();
  /** CID -> original glyph id (index = CID). */
  private readonly glyphOfCid: number[] = [NOTDEF];
  /** CID -> code point (index = CID; CID 0 has none). */
  private readonly codePointOfCid: number[] = [-1];
  /** Width in 1/1000 em per original glyph, as written in W and used to measure text. */
  private readonly widths = new Map<number, number>();

  constructor(readonly program: TrueTypeFont) {}

  get used(): boolean {
    return this.glyphOfCid.length > 1;
  }

  /**
   * The glyphs for a text: per character the font's glyph; a character the font lacks is drawn from its
   * canonical decomposition (base letter and combining marks) when the font has all of those, and only
   * otherwise as .notdef.
   */
  private glyphRun(text: string): number[] {
    const out: number[] = [];
    for (const ch of text.normalize('NFC')) {
      const c = drawnCodePoint(ch.codePointAt(0)!);
      if (this.program.cmap.has(c)) out.push(c);
      else {
        const parts = [...String.fromCodePoint(c).normalize('NFD')].map((p) => p.codePointAt(0)!);
        if (parts.length > 1 && parts.every((p) => this.program.cmap.has(p))) out.push(...parts);
        else out.push(c);
      }
    }
    return out;
  }

  private widthOfGlyph(glyph: number): number {
    let w = this.widths.get(glyph);
    if (w === undefined) {
      w = Math.round((this.program.advanceWidths[glyph]! * 1000) / this.program.unitsPerEm);
      this.widths.set(glyph, w);
    }
    return w;
  }

  /** Advance width of a text in 1/1000 em (no kerning), with the widths written in W. */
  widthUnits(text: string): number {
    let units = 0;
    for (const c of this.glyphRun(text)) units += this.widthOfGlyph(this.program.cmap.get(c) ?? NOTDEF);
    return units;
  }

  /** The text as a PDF hexadecimal string (7.3.4.3) of two-byte CIDs, giving CIDs to new characters. */
  encode(text: string): string {
    let hex = '';
    for (const c of this.glyphRun(text)) {
      let cid = this.cids.get(c);
      if (cid === undefined) {
        cid = this.glyphOfCid.length;
        if (cid > 0xffff) throw new Error('more than 65535 different characters in one font');
        this.cids.set(c, cid);
        this.glyphOfCid.push(this.program.cmap.get(c) ?? NOTDEF);
        this.codePointOfCid.push(c);
      }
      hex += cid.toString(16).toUpperCase().padStart(4, '0');
    }
    return `<${hex}>`;
  }

  /** Characters drawn as .notdef because the font lacks them (for a caller's warning). */
  get missing(): string[] {
    return this.codePointOfCid
      .filter((_, cid) => cid > 0 && this.glyphOfCid[cid] === NOTDEF)
      .map((c) => String.fromCodePoint(c));
  }

  /**
   * The font's objects, numbered from `firstId`: [Type0 font, CIDFont, FontDescriptor, FontFile2, ToUnicode,
   * CIDToGIDMap]. The Type 0 font is `firstId`.
   */
  objects(firstId: number): PdfFontObject[] {
    const [cidFont, descriptor, fontFile, toUnicode, cidToGid] = [1, 2, 3, 4, 5].map((k) => firstId + k);
    const subset = subsetTrueType(this.program, this.glyphOfCid);
    const name = `${subsetTag(this.program.postScriptName, this.glyphOfCid)}+${this.program.postScriptName}`;
    const p = this.program;
    const em = (v: number) => Math.round((v * 1000) / p.unitsPerEm);
    const widths = this.glyphOfCid.map((g) => this.widthOfGlyph(g));
    // CIDToGIDMap (9.7.4.2, Table 117): the glyph index of CID c as a big-endian uint16 at byte 2c.
    const map = new Uint8Array(2 * this.glyphOfCid.length);
    this.glyphOfCid.forEach((g, cid) => {
      const gid = subset.newGlyphIdOf.get(g)!;
      map[2 * cid] = gid >> 8;
      map[2 * cid + 1] = gid & 0xff;
    });
    const bold = /bold/i.test(p.postScriptName);
    return [
      {
        dict: `<< /Type /Font /Subtype /Type0 /BaseFont /${name} /Encoding /Identity-H /DescendantFonts [${cidFont} 0 R] /ToUnicode ${toUnicode} 0 R >>`,
      },
      {
        dict: `<< /Type /Font /Subtype /CIDFontType2 /BaseFont /${name} /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor ${descriptor} 0 R /DW ${widths[0]} /W [0 [${widths.join(' ')}]] /CIDToGIDMap ${cidToGid} 0 R >>`,
      },
      {
        // Flags (9.8.2, Table 123): 4 = Symbolic, the font has glyphs outside the standard Latin set (Greek,
        // Cyrillic), so no standard encoding applies. StemV (required) has no TrueType source: a typical value.
        dict: `<< /Type /FontDescriptor /FontName /${name} /Flags 4 /FontBBox [${p.bbox.map(em).join(' ')}] /ItalicAngle ${p.italicAngle} /Ascent ${em(p.ascender)} /Descent ${em(p.descender)} /CapHeight ${em(p.capHeight)} /StemV ${bold ? 140 : 80} /FontFile2 ${fontFile} 0 R >>`,
      },
      // Length1 (9.9, Table 127): the length of the font program before compression.
      { dict: `<< /Length1 ${subset.bytes.length} >>`, stream: subset.bytes },
      { dict: '<< >>', stream: new TextEncoder().encode(toUnicodeCMap(this.codePointOfCid)) },
      { dict: '<< >>', stream: map },
    ];
  }
}

/**
 * The subset tag (9.6.4): six upper-case letters, here from a hash of the font's name and glyphs, so the same
 * document gives the same tag and the regular and bold subsets get different ones.
 */
function subsetTag(postScriptName: string, glyphs: readonly number[]): string {
  let h = 0x811c9dc5; // FNV-1a, 32 bits
  const mix = (v: number) => {
    h ^= v & 0xffff;
    h = Math.imul(h, 0x01000193) >>> 0;
  };
  for (const ch of postScriptName) mix(ch.charCodeAt(0));
  for (const g of glyphs) mix(g);
  let tag = '';
  for (let i = 0; i < 6; i++) {
    tag += String.fromCharCode(65 + (h % 26));
    h = Math.floor(h / 26) ^ (Math.imul(h, 0x9e3779b1) >>> 7);
  }
  return tag;
}

const hex4 = (v: number) => v.toString(16).toUpperCase().padStart(4, '0');
/** A code point in UTF-16BE as hex (surrogate pairs above the Basic Multilingual Plane). */
const utf16Hex = (c: number) =>
  c <= 0xffff ? hex4(c) : hex4(0xd800 + ((c - 0x10000) >> 10)) + hex4(0xdc00 + ((c - 0x10000) & 0x3ff));

/**
 * ToUnicode CMap (9.10.3, in the CMap syntax of Adobe Technical Note #5014): a two-byte
 * codespace and bfchar entries CID -> UTF-16BE, at most 100 to a block.
 */
function toUnicodeCMap(codePointOfCid: readonly number[]): string {
  const entries: string[] = [];
  codePointOfCid.forEach((c, cid) => {
    if (cid > 0) entries.push(`<${hex4(cid)}> <${utf16Hex(c)}>`);
  });
  const blocks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const block = entries.slice(i, i + 100);
    blocks.push(`${block.length} beginbfchar\n${block.join('\n')}\nendbfchar`);
  }
  return [
    '/CIDInit /ProcSet findresource begin',
    '12 dict begin',
    'begincmap',
    '/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def',
    '/CMapName /Adobe-Identity-UCS def',
    '/CMapType 2 def',
    '1 begincodespacerange',
    '<0000> <FFFF>',
    'endcodespacerange',
    ...blocks,
    'endcmap',
    'CMapName currentdict /CMap defineresource pop',
    'end',
    'end',
  ].join('\n');
}
