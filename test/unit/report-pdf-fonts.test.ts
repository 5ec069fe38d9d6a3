/**
 * The report PDF's text in an embedded Unicode font (dicom/write/pdfFont.ts, trueType.ts, trueTypeSubset.ts):
 * names in Polish, Czech, Greek and Russian come back exactly from poppler's pdftotext; pdffonts sees two
 * embedded subset CID TrueType fonts with ToUnicode; qpdf --check finds no error; fontTools (an independent
 * font reader) finds in the embedded subsets the very outlines and advances of Debian's DejaVu fonts for each
 * character (composite glyphs included); W and the writer's text widths are the fonts' advances; characters
 * the font lacks print as .notdef and are still copied as written.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadReportFonts } from '../../src/app/reportFonts';
import { type PdfFontPrograms, PdfWriter } from '../../src/dicom/write/pdfWriter';
import { parseTrueType } from '../../src/dicom/write/trueType';
import { pdfText } from '../e2e/pdfText';

const NAMES = ['Łukasz Wiśniewski', 'Dvořák', 'Παπαδόπουλος', 'Иванов'];
const NOTE = 'Врач: Пётр Чайковский — ďakujem, Ærøskøbing, İstanbul, Nguyễn Thị Ánh, 90° ≤ 2 mm ✓';
const DEBIAN_FONTS = '/usr/share/fonts/truetype/dejavu';
const PYTHON = '/usr/bin/python3'; // Debian's, with python3-fonttools (test/tools/setup-system.sh)

const dir = mkdtempSync(join(tmpdir(), 'spineplan-pdf-fonts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let fonts: PdfFontPrograms;
beforeAll(async () => {
  fonts = await loadReportFonts();
});

/** A page with the names in bold and regular, the note, and a CJK name. */
function namesPdf(): { bytes: Uint8Array; writer: PdfWriter } {
  const writer = new PdfWriter({ title: `Plan - ${NAMES[0]}`, fonts });
  writer.addPage();
  NAMES.forEach((name, i) => {
    writer.text(10, 20 + 10 * i, name, { sizePt: 14, bold: true });
    writer.text(110, 20 + 10 * i, name, { sizePt: 12 });
  });
  writer.text(10, 70, NOTE, { sizePt: 9 });
  writer.text(10, 80, 'CJK: 山田太郎. 😀', { sizePt: 12 });
  return { bytes: writer.bytes(), writer };
}

const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });

/** Objects by number: dictionary text and inflated stream (the writer's layout: "N 0 obj", /Length, FlateDecode). */
function pdfObjects(pdf: Buffer): Map<number, { dict: string; stream?: Buffer }> {
  const text = pdf.toString('latin1');
  const out = new Map<number, { dict: string; stream?: Buffer }>();
  for (const m of text.matchAll(/(\d+) 0 obj\n/g)) {
    const start = m.index + m[0].length;
    const streamAt = text.indexOf('\nstream\n', start);
    const endAt = text.indexOf('\nendobj', start);
    if (streamAt < 0 || streamAt > endAt) {
      out.set(Number(m[1]), { dict: text.slice(start, endAt) });
      continue;
    }
    const dict = text.slice(start, streamAt);
    const length = Number(/\/Length (\d+)/.exec(dict)![1]);
    const raw = pdf.subarray(streamAt + 8, streamAt + 8 + length);
    out.set(Number(m[1]), { dict, stream: inflateSync(raw) });
  }
  return out;
}

const refOf = (dict: string, key: string) => Number(new RegExp(`/${key} \\[?(\\d+) 0 R`).exec(dict)![1]);

/** Per embedded font: its BaseFont, program, CID -> glyph id, CID -> text, and W. */
function embeddedFonts(pdf: Buffer) {
  const objects = pdfObjects(pdf);
  return [...objects.values()]
    .filter((o) => o.dict.includes('/Subtype /Type0'))
    .map((type0) => {
      const cidFont = objects.get(refOf(type0.dict, 'DescendantFonts'))!.dict;
      const descriptor = objects.get(refOf(cidFont, 'FontDescriptor'))!.dict;
      const program = objects.get(refOf(descriptor, 'FontFile2'))!.stream!;
      const map = objects.get(refOf(cidFont, 'CIDToGIDMap'))!.stream!;
      const cmap = objects.get(refOf(type0.dict, 'ToUnicode'))!.stream!.toString('latin1');
      const textOfCid = new Map<number, string>();
      const bfchar = [...cmap.matchAll(/beginbfchar\n([\s\S]*?)endbfchar/g)].map((m) => m[1]).join('');
      for (const [, cid, utf16] of bfchar.matchAll(/<([0-9A-F]{4})> <([0-9A-F]+)>/g))
        textOfCid.set(Number.parseInt(cid!, 16), Buffer.from(utf16!, 'hex').swap16().toString('utf16le'));
      const w = /\/W \[0 \[([\d ]+)\]\]/.exec(cidFont)![1]!.split(' ').map(Number);
      return {
        baseFont: /\/BaseFont \/(\S+)/.exec(type0.dict)![1]!,
        program,
        gidOfCid: (cid: number) => map.readUInt16BE(2 * cid),
        textOfCid,
        w,
        length1: Number(/\/Length1 (\d+)/.exec(objects.get(refOf(descriptor, 'FontFile2'))!.dict)![1]),
      };
    });
}

/**
 * fontTools reads each pair (font A, glyph id) and (font B, glyph id): outline points (composites resolved),
 * contour ends and advance width; prints the pairs that differ. Glyph ids in A come from A's own cmap (by
 * character) when given as a string.
 */
const COMPARE_GLYPHS = `
import json, sys
from fontTools.ttLib import TTFont
a_path, b_path, pairs = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
a, b = TTFont(a_path), TTFont(b_path)
a_cmap = a.getBestCmap()
def shape(font, gid):
    name = font.getGlyphOrder()[gid]
    coords, ends, flags = font['glyf'][name].getCoordinates(font['glyf'])
    return [list(map(list, coords)), list(ends), font['hmtx'][name][0]]
diff = []
for key, gid_b in pairs:
    gid_a = a.getGlyphID(a_cmap[ord(key)]) if isinstance(key, str) else key
    if shape(a, gid_a) != shape(b, gid_b): diff.append([key, gid_b])
print(json.dumps({'diff': diff, 'glyphsB': b['maxp'].numGlyphs, 'unitsPerEm': a['head'].unitsPerEm}))
`;

describe('the report PDF in an embedded Unicode font', () => {
  it('poppler reads the names back exactly; two embedded subset CID TrueType fonts with ToUnicode; qpdf finds no error', () => {
    const { bytes } = namesPdf();
    const path = join(dir, 'names.pdf');
    writeFileSync(path, bytes);
    const text = run('pdftotext', ['-layout', path, '-']);
    for (const name of NAMES) expect(text.split(name).length - 1, name).toBe(2);
    expect(text).toContain(NOTE);
    expect(text).not.toContain('?');
    // pdffonts: name, type, encoding, emb, sub, uni for each font.
    const fontRows = run('pdffonts', [path]).trim().split('\n').slice(2);
    expect(fontRows).toHaveLength(2);
    const names = fontRows.map((row) => {
      expect(row).toMatch(/^[A-Z]{6}\+DejaVuSans(-Bold)?\s+CID TrueType\s+Identity-H\s+yes yes yes\s/);
      return row.split(/\s+/)[0]!;
    });
    expect(names.map((n) => n.slice(7)).sort()).toEqual(['DejaVuSans', 'DejaVuSans-Bold']);
    expect(names[0]!.slice(0, 6)).not.toBe(names[1]!.slice(0, 6));
    expect(run('qpdf', ['--check', path])).toContain('No syntax or stream encoding errors found');
    // The document title (Info, UTF-16BE text string) as written.
    expect(run('pdfinfo', [path])).toContain(`Title:           Plan - ${NAMES[0]}\n`);
    // The e2e tests' own PDF text reader gets the same text through the ToUnicode maps.
    const own = pdfText(Buffer.from(bytes));
    for (const name of NAMES) expect(own).toContain(name);
  });

  it('the embedded subsets hold DejaVu’s own outlines and advances for every character shown (fontTools)', () => {
    const { bytes } = namesPdf();
    const embedded = embeddedFonts(Buffer.from(bytes));
    expect(embedded).toHaveLength(2);
    for (const font of embedded) {
      const bold = font.baseFont.endsWith('-Bold');
      const programPath = join(dir, `${font.baseFont}.ttf`);
      writeFileSync(programPath, font.program);
      expect(font.program.length).toBe(font.length1);
      // Every CID that shows a character the font has (not .notdef): its glyph against Debian's original font.
      const pairs = [...font.textOfCid]
        .filter(([cid]) => font.gidOfCid(cid) !== 0)
        .map(([cid, ch]) => [ch, font.gidOfCid(cid)]);
      expect(pairs.length).toBeGreaterThan(bold ? 30 : 60);
      const original = join(DEBIAN_FONTS, bold ? 'DejaVuSans-Bold.ttf' : 'DejaVuSans.ttf');
      const result = JSON.parse(
        run(PYTHON, ['-c', COMPARE_GLYPHS, original, programPath, JSON.stringify(pairs)]),
      ) as { diff: unknown[]; glyphsB: number; unitsPerEm: number };
      expect(result.diff).toEqual([]);
      // Subset: a few glyphs (those shown, their composite parts, .notdef), not DejaVu's ~6000.
      expect(result.glyphsB).toBeLessThan(pairs.length + 40);
      expect(font.program.length).toBeLessThan(12_000); // ~75 glyphs without hinting: ~6 KB
      // W: each CID's advance in 1/1000 em, as fontTools reads hmtx of the original.
      const advances = JSON.parse(
        run(PYTHON, [
          '-c',
          `import json,sys\nfrom fontTools.ttLib import TTFont\nf=TTFont(sys.argv[1]);m=f.getBestCmap()\nprint(json.dumps([f['hmtx'][m[ord(c)]][0] for c in json.loads(sys.argv[2])]))`,
          original,
          JSON.stringify(pairs.map(([ch]) => ch)),
        ]),
      ) as number[];
      pairs.forEach(([ch], i) => {
        const cid = [...font.textOfCid].find(([, t]) => t === ch)![0];
        expect(font.w[cid], ch as string).toBe(Math.round((advances[i]! * 1000) / result.unitsPerEm));
      });
    }
  });

  it('text widths for wrapping are the widths poppler lays the words out with', () => {
    const { bytes, writer } = namesPdf();
    const path = join(dir, 'widths.pdf');
    writeFileSync(path, bytes);
    // pdftotext -bbox: each word's box in points, placed by the W widths.
    const boxes = [
      ...run('pdftotext', ['-bbox', path, '-']).matchAll(
        /<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]+)<\/word>/g,
      ),
    ].map(([, x0, x1, word]) => ({ word: word!, widthMm: ((Number(x1) - Number(x0)) * 25.4) / 72 }));
    // Each name is shown twice on its line: bold 14 pt on the left, then regular 12 pt.
    const check = (word: string, sizePt: number, bold: boolean) => {
      const box = boxes.filter((b) => b.word === word)[bold ? 0 : 1]!;
      expect(box, word).toBeDefined();
      expect(writer.textWidthMm(word, sizePt, bold)).toBeCloseTo(box.widthMm, 1);
    };
    for (const word of ['Wiśniewski', 'Dvořák', 'Παπαδόπουλος', 'Иванов']) {
      check(word, 14, true);
      check(word, 12, false);
    }
    // Bold is wider than regular, and wrapping breaks where the real widths say.
    expect(writer.textWidthMm('Иванов', 12, true)).toBeGreaterThan(writer.textWidthMm('Иванов', 12, false));
    const width = writer.textWidthMm('Łukasz Wiśniewski', 10);
    expect(writer.wrapText('Łukasz Wiśniewski', width + 0.01, 10)).toEqual(['Łukasz Wiśniewski']);
    expect(writer.wrapText('Łukasz Wiśniewski', width - 0.01, 10)).toEqual(['Łukasz', 'Wiśniewski']);
  });

  it('a character the font lacks prints as .notdef yet is copied as written; decomposed text is composed', () => {
    const { bytes, writer } = namesPdf();
    expect(writer.missingCharacters).toEqual(['山', '田', '太', '郎', '😀']);
    const path = join(dir, 'cjk.pdf');
    writeFileSync(path, bytes);
    // An emoji too (above the Basic Multilingual Plane: a surrogate pair in ToUnicode).
    expect(run('pdftotext', [path, '-'])).toContain('CJK: 山田太郎. 😀');
    const regular = embeddedFonts(Buffer.from(bytes)).find((f) => !f.baseFont.endsWith('-Bold'))!;
    const cjk = [...regular.textOfCid].filter(([, t]) => /[\u3400-\u9fff]/.test(t));
    expect(cjk.map(([, t]) => t)).toEqual(['山', '田', '太', '郎']);
    for (const [cid] of cjk) expect(regular.gidOfCid(cid)).toBe(0);
    // "Dvořák" typed with combining marks (NFD) is drawn with the precomposed glyphs and copied as NFC.
    const nfd = new PdfWriter({ title: 't', fonts });
    nfd.text(10, 10, 'Dvor\u030ca\u0301k');
    writeFileSync(path, nfd.bytes());
    expect(run('pdftotext', [path, '-']).trim()).toBe('Dvořák');
  });

  it('deterministic; the shipped fonts are DejaVu Sans / Bold with Latin, Greek and Cyrillic; a damaged font is refused with the reason', () => {
    expect(Buffer.from(namesPdf().bytes).equals(Buffer.from(namesPdf().bytes))).toBe(true);
    const regular = parseTrueType(fonts.regular);
    const bold = parseTrueType(fonts.bold);
    expect([regular.postScriptName, bold.postScriptName]).toEqual(['DejaVuSans', 'DejaVuSans-Bold']);
    for (const font of [regular, bold])
      for (const ch of [...NAMES.join(''), ...NOTE, 'Ё', 'ẞ', 'ų', 'ğ', 'ő'])
        expect(font.cmap.has(ch.codePointAt(0)!), ch).toBe(true);
    expect(regular.cmap.has(0x5c71)).toBe(false); // 山: no CJK in DejaVu
    // Each shipped subset is a font of its own that fontTools opens, with DejaVu's outlines for its characters.
    const shipped = join(dir, 'shipped');
    mkdirSync(shipped, { recursive: true });
    writeFileSync(join(shipped, 'regular.ttf'), fonts.regular);
    const sample = [...'ŁśřάПЖ€→✓ﬁ'];
    const pairs = sample.map((ch) => [ch, regular.cmap.get(ch.codePointAt(0)!)!]);
    const result = JSON.parse(
      run(PYTHON, [
        '-c',
        COMPARE_GLYPHS,
        join(DEBIAN_FONTS, 'DejaVuSans.ttf'),
        join(shipped, 'regular.ttf'),
        JSON.stringify(pairs),
      ]),
    ) as { diff: unknown[] };
    expect(result.diff).toEqual([]);
    expect(() => parseTrueType(fonts.regular.subarray(0, 2000))).toThrow(/font program: .*past the end/);
    expect(() => parseTrueType(new TextEncoder().encode('<html>not a font</html>'))).toThrow(
      /not a TrueType font/,
    );
    expect(
      () => new PdfWriter({ title: 't', fonts: { regular: new Uint8Array(4), bold: fonts.bold } }),
    ).toThrow(/font program/);
  });
});
