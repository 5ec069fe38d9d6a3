/**
 * Text decoding by Specific Character Set (0008,0005), PS3.3 C.12.1.1.2, for the VRs it applies to (SH, LO,
 * ST, LT, PN, UT, UC). Single-byte and UTF-8/GB sets are decoded; code extensions (ISO 2022 escape
 * sequences, several terms) are not: their bytes are read one per character and the caller is told.
 */

export interface TextDecoding {
  decode: (bytes: Uint8Array) => string;
  /** Set when the character set could not be honoured, e.g. "ISO 2022 IR 87 (code extensions)". */
  unsupported?: string;
}

/** One byte, one character (the default repertoire and Latin-1), in chunks that fit an argument list. */
export function byteChars(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 8192) out += String.fromCharCode(...bytes.subarray(i, i + 8192));
  return out;
}

/** Defined terms (single value, no code extensions) -> WHATWG encoding labels (PS3.3 Table C.12-2, C.12-5). */
const SINGLE_SET_LABELS: Record<string, string> = {
  'ISO_IR 192': 'utf-8',
  GB18030: 'gb18030',
  GBK: 'gbk',
  'ISO_IR 101': 'iso-8859-2',
  'ISO_IR 109': 'iso-8859-3',
  'ISO_IR 110': 'iso-8859-4',
  'ISO_IR 144': 'iso-8859-5',
  'ISO_IR 127': 'iso-8859-6',
  'ISO_IR 126': 'iso-8859-7',
  'ISO_IR 138': 'iso-8859-8',
  'ISO_IR 148': 'iso-8859-9',
  'ISO_IR 203': 'iso-8859-15',
  'ISO_IR 166': 'windows-874',
};

export function textDecodingFor(specificCharacterSet: string): TextDecoding {
  const terms = specificCharacterSet
    .split('\\')
    .map((t) => t.trim())
    .filter((t, i) => t !== '' || i === 0);
  const first = terms[0] ?? '';
  // The default repertoire and Latin-1 (ISO_IR 100; WHATWG's 'iso-8859-1' label means windows-1252).
  if (terms.length <= 1 && (first === '' || first === 'ISO_IR 6' || first === 'ISO_IR 100'))
    return { decode: byteChars };
  const label = terms.length === 1 ? SINGLE_SET_LABELS[first] : undefined;
  if (label) {
    const decoder = new TextDecoder(label);
    return { decode: (b) => decoder.decode(b) };
  }
  return { decode: byteChars, unsupported: `${specificCharacterSet} (code extensions are not read)` };
}
