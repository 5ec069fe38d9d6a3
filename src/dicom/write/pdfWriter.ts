/**
 * A small PDF writer (ISO 32000-1:2008) for the plan report that an Encapsulated PDF carries: pages of text in
 * an embedded Unicode TrueType font, regular and bold (pdfFont.ts: Type 0 / CIDFontType2, Identity-H, subset,
 * ToUnicode), so any patient's name prints as written; grey images (8.9.5, DeviceGray, FlateDecode), lines,
 * rectangles and circles. Coordinates are millimetres from the page's top-left corner. The output is
 * deterministic: the same calls give the same bytes (no clock, no random ids).
 */
import { zlibSync } from 'fflate';
import { concatBytes } from '../../core/bytes';
import { PdfFont } from './pdfFont';
import { parseTrueType, type TrueTypeFont } from './trueType';

const PT_PER_MM = 72 / 25.4;
export const A4_MM = { width: 210, height: 297 } as const;

export type Rgb01 = readonly [number, number, number];
export interface TextStyle {
  sizePt?: number;
  bold?: boolean;
  colour?: Rgb01;
}
export interface StrokeStyle {
  widthMm?: number;
  colour?: Rgb01;
}

/** Greedy word wrap to a width in mm, with a text's width in mm from `widthMm`. */
export function wrapWords(text: string, widthMm: number, measureMm: (text: string) => number): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && measureMm(candidate) > widthMm) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    lines.push(line);
  }
  return lines;
}

/**
 * A text string outside content streams (7.9.2.2): a literal in PDFDocEncoding when it is printable ASCII,
 * else UTF-16BE with its byte order mark, as a hexadecimal string.
 */
export function pdfTextString(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[()\\]/g, (c) => `\\${c}`)})`;
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

/** The TrueType programs of the report's regular and bold text (the app loads them; this layer never fetches). */
export interface PdfFontPrograms {
  regular: Uint8Array;
  bold: Uint8Array;
}

/** Parsed programs, kept while their bytes live (a report made twice parses its fonts once). */
const parsedPrograms = new WeakMap<Uint8Array, TrueTypeFont>();
function parsedProgram(bytes: Uint8Array): TrueTypeFont {
  let font = parsedPrograms.get(bytes);
  if (!font) {
    font = parseTrueType(bytes);
    parsedPrograms.set(bytes, font);
  }
  return font;
}

const n = (v: number) => {
  const r = Math.round(v * 1000) / 1000;
  return Object.is(r, -0) ? '0' : String(r);
};
const colour = (c: Rgb01 | undefined) => (c ?? [0, 0, 0]).map(n).join(' ');

interface PdfImage {
  width: number;
  height: number;
  data: Uint8Array;
}

interface Page {
  ops: string[];
  images: number[];
}

/** Builds a PDF page by page; `bytes()` writes the file. */
export class PdfWriter {
  private readonly pages: Page[] = [];
  private readonly imageList: PdfImage[] = [];
  readonly widthMm: number;
  readonly heightMm: number;
  private readonly title: string;
  private readonly regular: PdfFont;
  private readonly boldFont: PdfFont;

  constructor(options: { title: string; fonts: PdfFontPrograms; widthMm?: number; heightMm?: number }) {
    this.title = options.title;
    this.widthMm = options.widthMm ?? A4_MM.width;
    this.heightMm = options.heightMm ?? A4_MM.height;
    this.regular = new PdfFont(parsedProgram(options.fonts.regular));
    this.boldFont = new PdfFont(parsedProgram(options.fonts.bold));
  }

  private font(bold: boolean | undefined): PdfFont {
    return bold ? this.boldFont : this.regular;
  }

  /** Width of a text in mm at a size in points, from the embedded font's advance widths (hmtx, as in W). */
  textWidthMm(text: string, sizePt: number, bold = false): number {
    return (this.font(bold).widthUnits(text) / 1000) * sizePt * (25.4 / 72);
  }

  /** Greedy word wrap to a width in mm, measured with the font the text is drawn in. */
  wrapText(text: string, widthMm: number, sizePt: number, bold = false): string[] {
    return wrapWords(text, widthMm, (t) => this.textWidthMm(t, sizePt, bold));
  }

  /** Characters drawn so far that the fonts lack (shown as .notdef boxes; ToUnicode still names them). */
  get missingCharacters(): string[] {
    return [...new Set([...this.regular.missing, ...this.boldFont.missing])];
  }

  get pageCount(): number {
    return this.pages.length;
  }

  addPage(): void {
    this.pages.push({ ops: [], images: [] });
  }

  private get page(): Page {
    if (this.pages.length === 0) this.addPage();
    return this.pages[this.pages.length - 1]!;
  }

  private x = (mm: number) => n(mm * PT_PER_MM);
  private y = (mm: number) => n((this.heightMm - mm) * PT_PER_MM);

  /** Text with its baseline at (x, y) mm. */
  text(xMm: number, yMm: number, text: string, style: TextStyle = {}): void {
    const resource = style.bold ? '/F2' : '/F1';
    this.page.ops.push(
      `BT ${colour(style.colour)} rg ${resource} ${n(style.sizePt ?? 9)} Tf ${this.x(xMm)} ${this.y(yMm)} Td ${this.font(style.bold).encode(text)} Tj ET`,
    );
  }

  line(x1: number, y1: number, x2: number, y2: number, style: StrokeStyle = {}): void {
    this.page.ops.push(
      `q ${colour(style.colour)} RG ${n((style.widthMm ?? 0.25) * PT_PER_MM)} w 1 J ${this.x(x1)} ${this.y(y1)} m ${this.x(x2)} ${this.y(y2)} l S Q`,
    );
  }

  rect(xMm: number, yMm: number, wMm: number, hMm: number, fill?: Rgb01, stroke?: StrokeStyle): void {
    const path = `${this.x(xMm)} ${this.y(yMm + hMm)} ${n(wMm * PT_PER_MM)} ${n(hMm * PT_PER_MM)} re`;
    const ops = ['q'];
    if (fill) ops.push(`${colour(fill)} rg`);
    if (stroke) ops.push(`${colour(stroke.colour)} RG ${n((stroke.widthMm ?? 0.25) * PT_PER_MM)} w`);
    ops.push(path, fill && stroke ? 'B' : fill ? 'f' : 'S', 'Q');
    this.page.ops.push(ops.join(' '));
  }

  /** A circle from four Bezier arcs (k = 0.5523, the usual quarter-circle constant). */
  circle(cxMm: number, cyMm: number, rMm: number, fill?: Rgb01, stroke?: StrokeStyle): void {
    const k = 0.5523 * rMm;
    const p = (x: number, y: number) => `${this.x(x)} ${this.y(y)}`;
    const path = [
      `${p(cxMm + rMm, cyMm)} m`,
      `${p(cxMm + rMm, cyMm + k)} ${p(cxMm + k, cyMm + rMm)} ${p(cxMm, cyMm + rMm)} c`,
      `${p(cxMm - k, cyMm + rMm)} ${p(cxMm - rMm, cyMm + k)} ${p(cxMm - rMm, cyMm)} c`,
      `${p(cxMm - rMm, cyMm - k)} ${p(cxMm - k, cyMm - rMm)} ${p(cxMm, cyMm - rMm)} c`,
      `${p(cxMm + k, cyMm - rMm)} ${p(cxMm + rMm, cyMm - k)} ${p(cxMm + rMm, cyMm)} c`,
    ].join(' ');
    const ops = ['q'];
    if (fill) ops.push(`${colour(fill)} rg`);
    if (stroke) ops.push(`${colour(stroke.colour)} RG ${n((stroke.widthMm ?? 0.25) * PT_PER_MM)} w`);
    ops.push(path, fill && stroke ? 'B' : fill ? 'f' : 'S', 'Q');
    this.page.ops.push(ops.join(' '));
  }

  /** An 8-bit grey image (row-major, top row first) drawn into the box at (x, y) mm of size w x h mm. */
  greyImage(
    grey: ArrayLike<number>,
    width: number,
    height: number,
    xMm: number,
    yMm: number,
    wMm: number,
    hMm: number,
  ): void {
    if (grey.length !== width * height)
      throw new RangeError(`image of ${width} x ${height} has ${grey.length} pixels`);
    const index = this.imageList.length;
    this.imageList.push({ width, height, data: Uint8Array.from(grey) });
    this.page.images.push(index);
    this.page.ops.push(
      `q ${n(wMm * PT_PER_MM)} 0 0 ${n(hMm * PT_PER_MM)} ${this.x(xMm)} ${this.y(yMm + hMm)} cm /Im${index} Do Q`,
    );
  }

  /** The PDF file (7.5: header, objects, cross-reference table, trailer). */
  bytes(): Uint8Array {
    if (this.pages.length === 0) this.addPage();
    const enc = new TextEncoder();
    const chunks: Uint8Array[] = [];
    const offsets: number[] = [];
    let size = 0;
    const push = (c: Uint8Array) => {
      chunks.push(c);
      size += c.length;
    };
    const latin1 = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0xff);
    const object = (id: number, dict: string, stream?: Uint8Array) => {
      offsets[id] = size;
      if (!stream) {
        push(enc.encode(`${id} 0 obj\n${dict}\nendobj\n`));
        return;
      }
      push(enc.encode(`${id} 0 obj\n${dict}\nstream\n`));
      push(stream);
      push(enc.encode('\nendstream\nendobj\n'));
    };
    // Object ids: 1 catalog, 2 pages, 3 info, then six per font used, then per image one, then per page two.
    const fonts = (
      [
        ['F1', this.regular],
        ['F2', this.boldFont],
      ] as const
    ).filter(([, font]) => font.used);
    const fontBase = 4;
    const imageBase = fontBase + 6 * fonts.length;
    const pageBase = imageBase + this.imageList.length;
    const pageIds = this.pages.map((_, i) => pageBase + 2 * i);
    // A binary comment after the header marks the file as binary (7.5.2).
    push(latin1('%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n'));
    object(1, '<< /Type /Catalog /Pages 2 0 R >>');
    object(
      2,
      `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${this.pages.length} >>`,
    );
    object(3, `<< /Title ${pdfTextString(this.title)} /Producer (Spineplan) >>`);
    fonts.forEach(([, font], i) => {
      for (const [k, o] of font.objects(fontBase + 6 * i).entries()) {
        if (!o.stream) {
          object(fontBase + 6 * i + k, o.dict);
          continue;
        }
        const data = zlibSync(o.stream, { level: 6 });
        object(
          fontBase + 6 * i + k,
          `${o.dict.slice(0, -2)}/Length ${data.length} /Filter /FlateDecode >>`,
          data,
        );
      }
    });
    const fontResources = fonts.map(([name], i) => `/${name} ${fontBase + 6 * i} 0 R`).join(' ');
    this.imageList.forEach((image, i) => {
      const data = zlibSync(image.data, { level: 6 });
      object(
        imageBase + i,
        `<< /Type /XObject /Subtype /Image /Width ${image.width} /Height ${image.height} /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode /Length ${data.length} >>`,
        data,
      );
    });
    const mediaBox = `[0 0 ${n(this.widthMm * PT_PER_MM)} ${n(this.heightMm * PT_PER_MM)}]`;
    this.pages.forEach((page, i) => {
      const content = zlibSync(latin1(page.ops.join('\n')), { level: 6 });
      const xobjects = page.images.map((im) => `/Im${im} ${imageBase + im} 0 R`).join(' ');
      object(
        pageIds[i]!,
        `<< /Type /Page /Parent 2 0 R /MediaBox ${mediaBox} /Resources << /Font << ${fontResources} >>${xobjects ? ` /XObject << ${xobjects} >>` : ''} >> /Contents ${pageIds[i]! + 1} 0 R >>`,
      );
      object(pageIds[i]! + 1, `<< /Length ${content.length} /Filter /FlateDecode >>`, content);
    });
    const count = pageBase + 2 * this.pages.length;
    const xref = size;
    const rows = ['xref', `0 ${count}`, '0000000000 65535 f '];
    for (let id = 1; id < count; id++) rows.push(`${String(offsets[id]).padStart(10, '0')} 00000 n `);
    push(
      enc.encode(
        `${rows.join('\n')}\ntrailer\n<< /Size ${count} /Root 1 0 R /Info 3 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
      ),
    );
    return concatBytes(chunks);
  }
}
