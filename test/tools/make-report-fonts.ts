/**
 * Makes the report fonts the app ships (src/app/fonts/): DejaVu Sans and DejaVu Sans Bold from Debian's
 * fonts-dejavu-core (test/tools/setup-system.sh installs it), subset to the scripts a patient's name or a
 * physician's note is likely written in: Latin with its extensions (Latin-1, Extended-A/B/Additional, IPA and
 * combining marks), Greek, Cyrillic, and the punctuation, arrows, maths and shapes a plan's text uses. The
 * subset keeps the fonts' own hinting, name and OS/2 tables and gets a format 4 cmap (dicom/write/trueTypeSubset.ts,
 * the same code that subsets them again per report). Run: npx tsx test/tools/make-report-fonts.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseTrueType } from '../../src/dicom/write/trueType';
import { subsetTrueType } from '../../src/dicom/write/trueTypeSubset';

const SOURCE = '/usr/share/fonts/truetype/dejavu';
const OUT = resolve(import.meta.dirname, '../../src/app/fonts');

/** Unicode blocks kept (first, last code point). */
export const REPORT_FONT_RANGES: readonly (readonly [number, number])[] = [
  [0x0020, 0x007e], // Basic Latin
  [0x00a0, 0x024f], // Latin-1 Supplement, Latin Extended-A and -B
  [0x0250, 0x036f], // IPA Extensions, Spacing Modifier Letters, Combining Diacritical Marks
  [0x0370, 0x03ff], // Greek and Coptic
  [0x0400, 0x052f], // Cyrillic, Cyrillic Supplement
  [0x1e00, 0x1fff], // Latin Extended Additional (Vietnamese), Greek Extended
  [0x2000, 0x206f], // General Punctuation
  [0x2070, 0x20cf], // Superscripts and Subscripts, Currency Symbols
  [0x2100, 0x218f], // Letterlike Symbols, Number Forms
  [0x2190, 0x22ff], // Arrows, Mathematical Operators
  [0x2300, 0x23ff], // Miscellaneous Technical (the diameter sign)
  [0x25a0, 0x25ff], // Geometric Shapes
  [0x2700, 0x27bf], // Dingbats (check marks)
  [0x2c60, 0x2c7f], // Latin Extended-C
  [0x2de0, 0x2dff], // Cyrillic Extended-A
  [0xa640, 0xa69f], // Cyrillic Extended-B
  [0xa720, 0xa7ff], // Latin Extended-D
  [0xfb00, 0xfb06], // Latin ligatures
  [0xfffd, 0xfffd], // replacement character
];

for (const [source, target] of [
  ['DejaVuSans.ttf', 'DejaVuSans-LGC.ttf'],
  ['DejaVuSans-Bold.ttf', 'DejaVuSans-Bold-LGC.ttf'],
]) {
  const bytes = new Uint8Array(readFileSync(resolve(SOURCE, source!)));
  const font = parseTrueType(bytes);
  const kept = new Map<number, number>();
  for (const [first, last] of REPORT_FONT_RANGES)
    for (let c = first; c <= last; c++) {
      const g = font.cmap.get(c);
      if (g !== undefined) kept.set(c, g);
    }
  const glyphs = [...new Set([...kept.values()])].sort((a, b) => a - b);
  const subset = subsetTrueType(font, glyphs, kept);
  writeFileSync(resolve(OUT, target!), subset.bytes);
  console.log(
    `${target}: ${kept.size} characters, ${subset.numGlyphs} of ${font.numGlyphs} glyphs, ${bytes.length} -> ${subset.bytes.length} bytes`,
  );
}
