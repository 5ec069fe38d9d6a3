/**
 * Seeded mutations of real DICOM files for fuzzing ingest (issue 24): byte flips, truncation, length
 * fields inflated (element VR lengths, sequence and item lengths), NumberOfFrames / Rows / Columns
 * inflated, transfer syntax swapped, and zip headers of an archive of the file mutated. Every mutation
 * is reproducible from (source, seed, index).
 */
import dicomParser from 'dicom-parser';
import { zipSync } from 'fflate';

/** mulberry32: a tiny seeded PRNG, so every run mutates the same way. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const MUTATION_KINDS = [
  'byte-flips',
  'truncation',
  'element-length',
  'sequence-length',
  'item-length',
  'number-of-frames',
  'rows-columns',
  'transfer-syntax',
  'zip-header',
] as const;
export type MutationKind = (typeof MUTATION_KINDS)[number];

export interface Mutant {
  kind: MutationKind;
  /** Short description of what was changed (for the report of a failing case). */
  detail: string;
  bytes: Uint8Array;
  /** The bytes are a .zip archive holding the mutated file. */
  zip: boolean;
}

/** Where the length fields are: one entry per element, item and sequence, found once per source file. */
export interface LengthMap {
  /** Offsets of 16-bit (explicit VR short) and 32-bit element length fields, by kind. */
  elements: { at: number; bytes: 2 | 4 }[];
  sequences: number[];
  items: number[];
  /** Offsets of the element headers (tag) of (0028,0008), (0028,0010), (0028,0011), (0002,0010). */
  numberOfFrames?: { header: number; valueAt: number; length: number; shortLength: boolean };
  rows?: number;
  columns?: number;
  transferSyntax?: { header: number; valueAt: number; length: number };
  groupLengthValueAt?: number;
  /** Where (0028,xxxx) group elements start, to insert NumberOfFrames before Rows when absent. */
  rowsHeader?: number;
  explicit: boolean;
  littleEndian: boolean;
}

const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);

/** Finds length fields with dicom-parser's element offsets (the length sits just before the value). */
export function mapLengths(bytes: Uint8Array): LengthMap {
  const map: LengthMap = { elements: [], sequences: [], items: [], explicit: true, littleEndian: true };
  let dataSet: dicomParser.DataSet;
  try {
    dataSet = dicomParser.parseDicom(bytes, { untilTag: 'x7fe00010' });
  } catch {
    // A deflated dataset (PS3.5 A.5) has no offsets in the file's own bytes: its meta header still has.
    try {
      dataSet = dicomParser.readPart10Header(bytes);
    } catch {
      return map;
    }
  }
  const ts = dataSet.string('x00020010') ?? '';
  map.explicit = ts !== '1.2.840.10008.1.2';
  map.littleEndian = ts !== '1.2.840.10008.1.2.2';
  const visit = (ds: dicomParser.DataSet, topLevel: boolean) => {
    for (const [tag, el] of Object.entries(ds.elements)) {
      const explicit = tag.startsWith('x0002') || map.explicit;
      if (el.dataOffset === undefined) continue;
      const long = !explicit || LONG_VRS.has(el.vr ?? '');
      map.elements.push({ at: el.dataOffset - (long ? 4 : 2), bytes: long ? 4 : 2 });
      if (el.items) {
        // Defined and undefined (0xFFFFFFFF) lengths alike: both are length fields to corrupt.
        map.sequences.push(el.dataOffset - 4);
        for (const item of el.items) {
          // Item header: (FFFE,E000) then a 32-bit length, value at dataOffset.
          map.items.push(item.dataOffset - 4);
          if (item.dataSet) visit(item.dataSet, false);
        }
      }
      if (topLevel && tag === 'x00020010')
        map.transferSyntax = { header: el.dataOffset - 8, valueAt: el.dataOffset, length: el.length };
      if (topLevel && tag === 'x00020000') map.groupLengthValueAt = el.dataOffset;
      if (!topLevel) continue;
      const header = el.dataOffset - (long && explicit ? 12 : 8);
      if (tag === 'x00280008')
        map.numberOfFrames = { header, valueAt: el.dataOffset, length: el.length, shortLength: explicit };
      if (tag === 'x00280010') {
        map.rows = el.dataOffset;
        map.rowsHeader = header;
      }
      if (tag === 'x00280011') map.columns = el.dataOffset;
    }
  };
  visit(dataSet, true);
  return map;
}

const splice = (bytes: Uint8Array, at: number, remove: number, insert: Uint8Array): Uint8Array => {
  const out = new Uint8Array(bytes.length - remove + insert.length);
  out.set(bytes.subarray(0, at), 0);
  out.set(insert, at);
  out.set(bytes.subarray(at + remove), at + insert.length);
  return out;
};

const writeUint = (bytes: Uint8Array, at: number, size: 2 | 4, value: number, little = true) => {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (at < 0 || at + size > bytes.length) return;
  if (size === 2) view.setUint16(at, value & 0xffff, little);
  else view.setUint32(at, value >>> 0, little);
};

const TRANSFER_SYNTAXES = [
  '1.2.840.10008.1.2',
  '1.2.840.10008.1.2.1',
  '1.2.840.10008.1.2.2',
  '1.2.840.10008.1.2.1.99',
  '1.2.840.10008.1.2.4.50',
  '1.2.840.10008.1.2.4.57',
  '1.2.840.10008.1.2.4.70',
  '1.2.840.10008.1.2.4.80',
  '1.2.840.10008.1.2.4.90',
  '1.2.840.10008.1.2.4.201',
  '1.2.840.10008.1.2.5',
  '1.2.840.10008.1.2.8.1',
  '1.2.3.4',
  '',
];

/** A hostile length: huge, just past the end, odd, zero, or the undefined-length marker. */
function hostileLength(random: () => number, fileLength: number, size: 2 | 4): number {
  const choices =
    size === 2
      ? [0xffff, 0xfffe, 0, 1, Math.floor(random() * 0x10000)]
      : [
          0xffffffff,
          0xfffffffe,
          0x7fffffff,
          fileLength,
          fileLength + 1,
          0,
          3,
          Math.floor(random() * 2 ** 32),
        ];
  return choices[Math.floor(random() * choices.length)]!;
}

/** An IS value for NumberOfFrames (even length, PS3.5 6.2). */
const isValue = (n: string) => new TextEncoder().encode(n.length % 2 ? `${n} ` : n);

function mutateFrames(original: Uint8Array, map: LengthMap, random: () => number): Mutant | undefined {
  const claims = ['2000000000', '1000000', '65536', '4294967296', '-1', '0', 'NaN', '99999999999999999999'];
  const claim = claims[Math.floor(random() * claims.length)]!;
  const value = isValue(claim);
  if (!map.explicit || !map.littleEndian) return undefined;
  const nf = map.numberOfFrames;
  if (nf?.shortLength) {
    const out = splice(original, nf.valueAt, nf.length, value);
    writeUint(out, nf.valueAt - 2, 2, value.length);
    return { kind: 'number-of-frames', detail: `NumberOfFrames ${claim}`, bytes: out, zip: false };
  }
  if (map.rowsHeader === undefined) return undefined;
  // Not there: insert (0028,0008) IS before Rows, where it sorts (PS3.5 7.1: ascending tags).
  const header = Uint8Array.of(0x28, 0x00, 0x08, 0x00, 0x49, 0x53, value.length & 0xff, value.length >> 8);
  const element = new Uint8Array(header.length + value.length);
  element.set(header);
  element.set(value, header.length);
  return {
    kind: 'number-of-frames',
    detail: `NumberOfFrames ${claim} inserted`,
    bytes: splice(original, map.rowsHeader, 0, element),
    zip: false,
  };
}

function swapTransferSyntax(original: Uint8Array, map: LengthMap, random: () => number): Mutant | undefined {
  const ts = map.transferSyntax;
  if (!ts) return undefined;
  const uid = TRANSFER_SYNTAXES[Math.floor(random() * TRANSFER_SYNTAXES.length)]!;
  const padded = new TextEncoder().encode(uid.length % 2 ? `${uid}\0` : uid);
  const out = splice(original, ts.valueAt, ts.length, padded);
  writeUint(out, ts.valueAt - 2, 2, padded.length);
  if (map.groupLengthValueAt !== undefined) {
    const view = new DataView(out.buffer);
    view.setUint32(
      map.groupLengthValueAt,
      view.getUint32(map.groupLengthValueAt, true) + padded.length - ts.length,
      true,
    );
  }
  return { kind: 'transfer-syntax', detail: `transfer syntax -> '${uid}'`, bytes: out, zip: false };
}

/** Signatures of the zip records whose fields are mutated (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16). */
const ZIP_FIELDS: { signature: number; fields: { offset: number; size: 2 | 4; name: string }[] }[] = [
  {
    signature: 0x04034b50,
    fields: [
      { offset: 8, size: 2, name: 'local method' },
      { offset: 18, size: 4, name: 'local compressed size' },
      { offset: 22, size: 4, name: 'local uncompressed size' },
      { offset: 26, size: 2, name: 'local name length' },
      { offset: 28, size: 2, name: 'local extra length' },
    ],
  },
  {
    signature: 0x02014b50,
    fields: [
      { offset: 8, size: 2, name: 'central flags' },
      { offset: 10, size: 2, name: 'central method' },
      { offset: 20, size: 4, name: 'central compressed size' },
      { offset: 24, size: 4, name: 'central uncompressed size' },
      { offset: 28, size: 2, name: 'central name length' },
      { offset: 30, size: 2, name: 'central extra length' },
      { offset: 42, size: 4, name: 'central local header offset' },
    ],
  },
  {
    signature: 0x06054b50,
    fields: [
      { offset: 10, size: 2, name: 'end entry count' },
      { offset: 12, size: 4, name: 'end directory size' },
      { offset: 16, size: 4, name: 'end directory offset' },
      { offset: 20, size: 2, name: 'end comment length' },
    ],
  },
];

function mutateZip(original: Uint8Array, random: () => number, index: number): Mutant {
  const deflate = random() < 0.7;
  const archive = zipSync(
    { [`case${index}/a.dcm`]: original, 'nested.zip': zipSync({ 'b.dcm': original.subarray(0, 2048) }) },
    { level: deflate ? 1 : 0 },
  );
  const view = new DataView(archive.buffer);
  const records: { at: number; fields: (typeof ZIP_FIELDS)[number]['fields'] }[] = [];
  for (let p = 0; p + 4 <= archive.length; p++) {
    const signature = view.getUint32(p, true);
    const known = ZIP_FIELDS.find((z) => z.signature === signature);
    if (known) records.push({ at: p, fields: known.fields });
  }
  const changes: string[] = [];
  for (let n = 1 + Math.floor(random() * 3); n > 0 && records.length > 0; n--) {
    const record = records[Math.floor(random() * records.length)]!;
    const field = record.fields[Math.floor(random() * record.fields.length)]!;
    const value = hostileLength(random, archive.length, field.size);
    writeUint(archive, record.at + field.offset, field.size, value);
    changes.push(`${field.name}=${value}`);
  }
  return { kind: 'zip-header', detail: changes.join(', '), bytes: archive, zip: true };
}

/**
 * The `index`-th mutation of `original` (kinds in turn, details from the seeded PRNG). Returns the
 * original's kind with a byte flip when a kind does not apply to this file (no such field).
 */
export function mutate(original: Uint8Array, map: LengthMap, seed: number, index: number): Mutant {
  const random = prng(seed * 1_000_003 + index);
  const kind = MUTATION_KINDS[index % MUTATION_KINDS.length]!;
  const at = (n: number) => Math.floor(random() * n);
  const lengthAt = (
    offsets: readonly { at: number; bytes: 2 | 4 }[],
    what: MutationKind,
  ): Mutant | undefined => {
    if (offsets.length === 0) return undefined;
    const bytes = original.slice();
    const field = offsets[at(offsets.length)]!;
    const value = hostileLength(random, bytes.length, field.bytes);
    writeUint(bytes, field.at, field.bytes, value, map.littleEndian || field.at < 132 + 256);
    return { kind: what, detail: `length at ${field.at} -> ${value}`, bytes, zip: false };
  };
  let mutant: Mutant | undefined;
  if (kind === 'truncation') {
    const cut = at(original.length);
    mutant = { kind, detail: `cut at ${cut}`, bytes: original.slice(0, cut), zip: false };
  } else if (kind === 'element-length') mutant = lengthAt(map.elements, kind);
  else if (kind === 'sequence-length')
    mutant = lengthAt(
      map.sequences.map((p) => ({ at: p, bytes: 4 as const })),
      kind,
    );
  else if (kind === 'item-length')
    mutant = lengthAt(
      map.items.map((p) => ({ at: p, bytes: 4 as const })),
      kind,
    );
  else if (kind === 'number-of-frames') mutant = mutateFrames(original, map, random);
  else if (kind === 'rows-columns' && map.rows !== undefined && map.columns !== undefined) {
    const bytes = original.slice();
    const values = [0xffff, 0, 1, at(0x10000)];
    const rows = values[at(values.length)]!;
    const columns = values[at(values.length)]!;
    writeUint(bytes, map.rows, 2, rows, map.littleEndian);
    writeUint(bytes, map.columns, 2, columns, map.littleEndian);
    mutant = { kind, detail: `Rows ${rows}, Columns ${columns}`, bytes, zip: false };
  } else if (kind === 'transfer-syntax') mutant = swapTransferSyntax(original, map, random);
  else if (kind === 'zip-header') mutant = mutateZip(original, random, index);
  if (mutant) return mutant;
  // byte flips (also the fallback): half in the last quarter, where pixel data and codestream headers sit.
  const bytes = original.slice();
  const flips: number[] = [];
  for (let i = 0, n = 1 + at(8); i < n; i++) {
    const p = random() < 0.5 ? at(bytes.length) : bytes.length - 1 - at(bytes.length >> 2);
    bytes[p] = at(256);
    flips.push(p);
  }
  return { kind: 'byte-flips', detail: `bytes at ${flips.join(',')}`, bytes, zip: false };
}
