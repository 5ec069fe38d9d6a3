import { inflateSync } from 'node:zlib';

/**
 * Just enough PDF reading for the report tests (PDF 32000-1:2008): count the page objects and pull the text
 * out of Chromium's (Skia's) printed PDF and of the app's own report PDF (dicom/write/pdfWriter.ts), both of
 * which show text as hex codes (Tj / TJ) in Type0 fonts whose ToUnicode CMaps (9.10.3) map them back to
 * characters.
 */

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function readObjects(pdf: Buffer): Map<number, PdfObject> {
  const objects = new Map<number, PdfObject>();
  const text = pdf.toString('latin1');
  const header = /(\d+) 0 obj\b/g;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endobj', start);
    if (end < 0) break;
    const body = text.slice(start, end);
    const streamAt = body.indexOf('stream');
    if (streamAt < 0) {
      objects.set(Number(m[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, streamAt);
    let dataStart = start + streamAt + 'stream'.length;
    if (text[dataStart] === '\r') dataStart++;
    if (text[dataStart] === '\n') dataStart++;
    const dataEnd = text.lastIndexOf('endstream', end);
    let data = pdf.subarray(dataStart, dataEnd);
    if (/\/FlateDecode/.test(dict)) {
      try {
        data = inflateSync(data);
      } catch {
        // A stream that does not inflate (trailing bytes): keep the raw bytes, the text check will say so.
      }
    }
    objects.set(Number(m[1]), { dict, stream: data });
    header.lastIndex = end;
  }
  return objects;
}

/** Number of page objects (/Type /Page, not /Pages). */
export function pdfPageCount(pdf: Buffer): number {
  return [...readObjects(pdf).values()].filter((o) => /\/Type\s*\/Page(?![a-zA-Z])/.test(o.dict)).length;
}

const hexToString = (hex: string): string => {
  let out = '';
  for (let i = 0; i + 4 <= hex.length; i += 4)
    out += String.fromCharCode(Number.parseInt(hex.slice(i, i + 4), 16));
  return out;
};

/** glyph id (4 hex digits, upper case) -> text, from bfchar and bfrange sections. */
function parseCMap(cmap: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const [, src, dst] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g))
      map.set(src!.toUpperCase().padStart(4, '0'), hexToString(dst!));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g))
    for (const [, lo, hi, dst] of block[1]!.matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g,
    )) {
      const first = Number.parseInt(dst!, 16);
      for (let g = Number.parseInt(lo!, 16); g <= Number.parseInt(hi!, 16); g++)
        map.set(
          g.toString(16).toUpperCase().padStart(4, '0'),
          String.fromCharCode(first + g - Number.parseInt(lo!, 16)),
        );
    }
  return map;
}

const ref = (dict: string, key: string): number | undefined => {
  const m = new RegExp(`/${key}\\s+(\\d+)\\s+0\\s+R`).exec(dict);
  return m ? Number(m[1]) : undefined;
};

/** All text shown on all pages, in content-stream order. */
export function pdfText(pdf: Buffer): string {
  const objects = readObjects(pdf);
  // Font resource name -> CMap, from every /Font dictionary (Chromium names fonts per page; one page here).
  const fontMaps = new Map<string, Map<string, string>>();
  for (const o of objects.values()) {
    const fontDict = /\/Font\s*<<([^>]*)>>/.exec(o.dict)?.[1];
    if (!fontDict) continue;
    for (const [, name, num] of fontDict.matchAll(/\/([^\s/]+)\s+(\d+)\s+0\s+R/g)) {
      const toUnicode = ref(objects.get(Number(num))?.dict ?? '', 'ToUnicode');
      const cmap = toUnicode === undefined ? undefined : objects.get(toUnicode)?.stream;
      if (cmap) fontMaps.set(name!, parseCMap(cmap.toString('latin1')));
    }
  }
  let out = '';
  const contents = [...objects.values()]
    .filter((o) => /\/Type\s*\/Page(?![a-zA-Z])/.test(o.dict))
    .flatMap((page) => {
      const one = ref(page.dict, 'Contents');
      if (one !== undefined) return [one];
      const many = /\/Contents\s*\[([^\]]*)\]/.exec(page.dict)?.[1] ?? '';
      return [...many.matchAll(/(\d+)\s+0\s+R/g)].map((m) => Number(m[1]));
    });
  for (const num of contents) {
    const content = objects.get(num)?.stream?.toString('latin1') ?? '';
    let font: Map<string, string> | undefined;
    const tokens = /\/([^\s/<>[\]()]+)\s+[\d.]+\s+Tf|<([0-9A-Fa-f]*)>|\bT[Jj]\b|\bET\b/g;
    for (const m of content.matchAll(tokens)) {
      if (m[1] !== undefined) font = fontMaps.get(m[1]);
      else if (m[2] !== undefined)
        for (let i = 0; i + 4 <= m[2].length; i += 4)
          out += font?.get(m[2].slice(i, i + 4).toUpperCase()) ?? '';
      else if (m[0] === 'ET') out += '\n';
    }
  }
  return out;
}
