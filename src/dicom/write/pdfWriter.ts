/**
 * A small PDF writer (ISO 32000-1:2008) for the plan report that an Encapsulated PDF carries: pages of text
 * in the standard Helvetica fonts (9.6.2.2, WinAnsiEncoding, Annex D), grey images (8.9.5, DeviceGray,
 * FlateDecode), lines, rectangles and circles. Coordinates are millimetres from the page's top-left corner.
 * The output is deterministic: the same calls give the same bytes (no clock, no random ids).
 */
import { zlibSync } from 'fflate';
import { concatBytes } from '../../core/bytes';

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

/**
 * Helvetica advance widths (per 1000 em) of WinAnsi 32..126, from Adobe's Helvetica AFM; other characters
 * count as 556 (the digits' width). Used only to wrap lines.
 */
const HELVETICA_WIDTHS = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556,
  556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278,
  500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469,
  556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500,
  278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
];

/** Unicode -> WinAnsiEncoding byte (PDF 32000 Annex D.2) for the characters above 0x7E that it holds. */
const WIN_ANSI_EXTRA: Record<number, number> = {
  8364: 0x80,
  8230: 0x85,
  8211: 0x96,
  8212: 0x97,
  8216: 0x91,
  8217: 0x92,
  8220: 0x93,
  8221: 0x94,
  8226: 0x95,
};

/** Text as WinAnsi bytes; characters the encoding lacks become '?'. */
export function winAnsi(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c >= 0x20 && c <= 0x7e) out.push(c);
    else if (c >= 0xa0 && c <= 0xff) out.push(c);
    else if (WIN_ANSI_EXTRA[c] !== undefined) out.push(WIN_ANSI_EXTRA[c]!);
    else if (c === 0x2192) out.push(0x2d, 0x3e);
    else if (c === 0x2212) out.push(0x2d);
    else if (c === 0x2265) out.push(0x3e, 0x3d);
    else if (c === 0x2264) out.push(0x3c, 0x3d);
    else out.push(0x3f);
  }
  return out;
}

/** Width of a text in mm at a size in points. */
export function textWidthMm(text: string, sizePt: number, bold = false): number {
  let units = 0;
  for (const b of winAnsi(text)) units += HELVETICA_WIDTHS[b - 32] ?? 556;
  // Helvetica-Bold is about 6% wider on average; enough for wrapping.
  return (units / 1000) * sizePt * (bold ? 1.06 : 1) * (25.4 / 72);
}

/** Greedy word wrap to a width in mm. */
export function wrapText(text: string, widthMm: number, sizePt: number, bold = false): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (line && textWidthMm(candidate, sizePt, bold) > widthMm) {
        lines.push(line);
        line = word;
      } else line = candidate;
    }
    lines.push(line);
  }
  return lines;
}

/** A PDF string literal (7.3.4.2): bytes, with (, ) and \ escaped and non-ASCII as octal escapes. */
function pdfString(text: string): string {
  let out = '(';
  for (const b of winAnsi(text)) {
    if (b === 0x28 || b === 0x29 || b === 0x5c) out += `\\${String.fromCharCode(b)}`;
    else if (b < 0x20 || b > 0x7e) out += `\\${b.toString(8).padStart(3, '0')}`;
    else out += String.fromCharCode(b);
  }
  return `${out})`;
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

  constructor(options: { title: string; widthMm?: number; heightMm?: number }) {
    this.title = options.title;
    this.widthMm = options.widthMm ?? A4_MM.width;
    this.heightMm = options.heightMm ?? A4_MM.height;
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
    const font = style.bold ? '/F2' : '/F1';
    this.page.ops.push(
      `BT ${colour(style.colour)} rg ${font} ${n(style.sizePt ?? 9)} Tf ${this.x(xMm)} ${this.y(yMm)} Td ${pdfString(text)} Tj ET`,
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
    // Object ids: 1 catalog, 2 pages, 3-4 fonts, 5 info, then per image one, then per page two.
    const imageBase = 6;
    const pageBase = imageBase + this.imageList.length;
    const pageIds = this.pages.map((_, i) => pageBase + 2 * i);
    // A binary comment after the header marks the file as binary (7.5.2).
    push(latin1('%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n'));
    object(1, '<< /Type /Catalog /Pages 2 0 R >>');
    object(
      2,
      `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${this.pages.length} >>`,
    );
    object(3, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
    object(4, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>');
    offsets[5] = size;
    push(latin1(`5 0 obj\n<< /Title ${pdfString(this.title)} /Producer (Spineplan) >>\nendobj\n`));
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
        `<< /Type /Page /Parent 2 0 R /MediaBox ${mediaBox} /Resources << /Font << /F1 3 0 R /F2 4 0 R >>${xobjects ? ` /XObject << ${xobjects} >>` : ''} >> /Contents ${pageIds[i]! + 1} 0 R >>`,
      );
      object(pageIds[i]! + 1, `<< /Length ${content.length} /Filter /FlateDecode >>`, content);
    });
    const count = pageBase + 2 * this.pages.length;
    const xref = size;
    const rows = ['xref', `0 ${count}`, '0000000000 65535 f '];
    for (let id = 1; id < count; id++) rows.push(`${String(offsets[id]).padStart(10, '0')} 00000 n `);
    push(
      enc.encode(
        `${rows.join('\n')}\ntrailer\n<< /Size ${count} /Root 1 0 R /Info 5 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
      ),
    );
    return concatBytes(chunks);
  }
}
