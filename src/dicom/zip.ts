import { inflateBounded } from './inflateBounded';
import type { InputFile } from './ingest';
import { type ByteBudget, formatBytes } from './ingestLimits';
import type { SkipReason } from './types';

/** Local file header signature "PK\x03\x04" (APPNOTE.TXT 4.3.7); an empty archive starts "PK\x05\x06". */
export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05)
  );
}

/** Archive clutter from macOS and Windows, never DICOM. */
const isClutter = (name: string): boolean =>
  name.endsWith('/') || name.startsWith('__MACOSX/') || /(^|\/)(\.DS_Store|Thumbs\.db)$/.test(name);

/** One central directory record (APPNOTE.TXT 4.3.12), sizes as declared (zip64 extra applied). */
interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  compressedBytes: number;
  uncompressedBytes: number;
  localHeaderOffset: number;
}

export interface ExpandResult {
  files: InputFile[];
  /** Archives or entries refused, each named "<zip path>/<entry>" with the limit and the numbers. */
  refused: SkipReason[];
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const U16_MAX = 0xffff;
const U32_MAX = 0xffffffff;

class ZipFormatError extends Error {}

function u64(view: DataView, at: number): number {
  const value = view.getBigUint64(at, true);
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.POSITIVE_INFINITY : Number(value);
}

function need(view: DataView, at: number, bytes: number, what: string): void {
  if (!(at >= 0) || at + bytes > view.byteLength) {
    throw new ZipFormatError(`${what} lies outside the archive (at byte ${at} of ${view.byteLength})`);
  }
}

/** End of central directory (APPNOTE 4.3.16), searched back over the <= 64 KB comment; zip64 (4.3.14-15) when flagged. */
function readDirectoryEnd(view: DataView): { count: number; offset: number; size: number } {
  const last = view.byteLength - 22;
  let at = -1;
  for (let p = last; p >= Math.max(0, last - U16_MAX); p--) {
    if (view.getUint32(p, true) === SIG_EOCD) {
      at = p;
      break;
    }
  }
  if (at < 0) throw new ZipFormatError('no end of central directory record (the archive is cut short?)');
  let count = view.getUint16(at + 10, true);
  let size = view.getUint32(at + 12, true);
  let offset = view.getUint32(at + 16, true);
  if (count === U16_MAX || size === U32_MAX || offset === U32_MAX) {
    const locator = at - 20;
    need(view, locator, 20, 'the zip64 end of central directory locator');
    if (view.getUint32(locator, true) !== SIG_ZIP64_LOCATOR)
      throw new ZipFormatError('zip64 sizes are flagged but the zip64 locator is missing');
    const end64 = u64(view, locator + 8);
    need(view, end64, 56, 'the zip64 end of central directory');
    if (view.getUint32(end64, true) !== SIG_ZIP64_EOCD)
      throw new ZipFormatError('the zip64 end of central directory record is missing');
    count = u64(view, end64 + 32);
    size = u64(view, end64 + 40);
    offset = u64(view, end64 + 48);
  }
  return { count, offset, size };
}

const decoder = new TextDecoder('utf-8');

/** Central directory records; sizes marked 0xFFFFFFFF are read from the zip64 extra field (APPNOTE 4.5.3). */
function readCentralDirectory(view: DataView, bytes: Uint8Array, maxEntries: number): CentralEntry[] {
  const end = readDirectoryEnd(view);
  if (end.count > maxEntries) {
    throw new ZipFormatError(
      `its central directory declares ${end.count} entries, over the limit of ${maxEntries}`,
    );
  }
  need(view, end.offset, end.size, `the central directory (${end.size} bytes)`);
  const entries: CentralEntry[] = [];
  let p = end.offset;
  for (let i = 0; i < end.count; i++) {
    need(view, p, 46, `central directory record ${i + 1}`);
    if (view.getUint32(p, true) !== SIG_CENTRAL)
      throw new ZipFormatError(`central directory record ${i + 1} has a wrong signature`);
    const nameLength = view.getUint16(p + 28, true);
    const extraLength = view.getUint16(p + 30, true);
    const commentLength = view.getUint16(p + 32, true);
    need(view, p + 46, nameLength + extraLength, `the name of central directory record ${i + 1}`);
    let uncompressedBytes = view.getUint32(p + 24, true);
    let compressedBytes = view.getUint32(p + 20, true);
    let localHeaderOffset = view.getUint32(p + 42, true);
    // Zip64 extended information (header 0x0001): only the fields whose 32-bit value is 0xFFFFFFFF, in this order.
    for (let x = p + 46 + nameLength; x + 4 <= p + 46 + nameLength + extraLength; ) {
      const id = view.getUint16(x, true);
      const length = view.getUint16(x + 2, true);
      if (id === 0x0001) {
        let f = x + 4;
        const field = () => {
          need(view, f, 8, 'a zip64 extra field');
          const value = u64(view, f);
          f += 8;
          return value;
        };
        if (uncompressedBytes === U32_MAX) uncompressedBytes = field();
        if (compressedBytes === U32_MAX) compressedBytes = field();
        if (localHeaderOffset === U32_MAX) localHeaderOffset = field();
      }
      x += 4 + length;
    }
    entries.push({
      name: decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)),
      flags: view.getUint16(p + 8, true),
      method: view.getUint16(p + 10, true),
      compressedBytes,
      uncompressedBytes,
      localHeaderOffset,
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Where an entry's data starts: after its local header (APPNOTE 4.3.7), whose name and extra lengths may differ. */
function dataStart(view: DataView, entry: CentralEntry): number {
  need(view, entry.localHeaderOffset, 30, 'its local header');
  if (view.getUint32(entry.localHeaderOffset, true) !== SIG_LOCAL)
    throw new ZipFormatError('its local header has a wrong signature');
  return (
    entry.localHeaderOffset +
    30 +
    view.getUint16(entry.localHeaderOffset + 26, true) +
    view.getUint16(entry.localHeaderOffset + 28, true)
  );
}

type EntryOutcome = { ok: true; bytes: Uint8Array } | { ok: false; skip: SkipReason };

/** Checks an entry's declared sizes against the archive, the ratio cap and the budget, then inflates it. */
function readEntry(
  view: DataView,
  bytes: Uint8Array,
  entry: CentralEntry,
  path: string,
  budget: ByteBudget,
): EntryOutcome {
  const refuse = (kind: SkipReason['kind'], problem: string): EntryOutcome => ({
    ok: false,
    skip: { path, kind, message: `${path}: ${problem}` },
  });
  if (entry.flags & 1) return refuse('inconsistent', 'is encrypted in the zip archive; extract it first');
  if (entry.method !== 0 && entry.method !== 8) {
    return refuse(
      'inconsistent',
      `uses zip compression method ${entry.method}, not stored (0) or deflate (8)`,
    );
  }
  let start: number;
  try {
    start = dataStart(view, entry);
  } catch (thrown) {
    return refuse('truncated', `cannot be read from the zip archive: ${(thrown as Error).message}`);
  }
  const declared = `declares ${formatBytes(entry.uncompressedBytes)} uncompressed`;
  if (!(start + entry.compressedBytes <= bytes.length)) {
    return refuse(
      'too-large',
      `refused: the zip entry declares ${formatBytes(entry.compressedBytes)} compressed at byte ${start}, but the archive is only ${formatBytes(bytes.length)}`,
    );
  }
  if (entry.method === 0 && entry.compressedBytes !== entry.uncompressedBytes) {
    return refuse(
      'inconsistent',
      `is stored uncompressed but ${declared} and ${formatBytes(entry.compressedBytes)} compressed`,
    );
  }
  const ratio = budget.ratioProblem(
    entry.uncompressedBytes,
    entry.compressedBytes,
    'refused: the zip entry declares',
  );
  if (ratio) return refuse('too-large', ratio);
  const overBudget = budget.reserve(entry.uncompressedBytes, 'refused: the zip entry');
  if (overBudget) return refuse('too-large', `${overBudget} (it ${declared})`);
  const data = bytes.subarray(start, start + entry.compressedBytes);
  let done = 0;
  let inflated: ReturnType<typeof inflateBounded>;
  try {
    if (entry.method === 0) return { ok: true, bytes: data.slice() };
    inflated = inflateBounded(data, entry.uncompressedBytes, {
      exactBytes: entry.uncompressedBytes,
      onInflated: (n) => {
        budget.inflatedBytes += n;
        done += n;
        budget.onInflating?.(path, done, entry.uncompressedBytes);
      },
    });
  } catch (thrown) {
    // Within the budget but more than this JavaScript engine will allocate at once (RangeError).
    budget.release(entry.uncompressedBytes);
    return refuse(
      'too-large',
      `refused: the zip entry ${declared}, more than could be allocated here (${thrown instanceof Error ? thrown.message : String(thrown)})`,
    );
  }
  if (inflated.ok) return { ok: true, bytes: inflated.bytes };
  budget.release(entry.uncompressedBytes);
  return inflated.overCap
    ? refuse(
        'too-large',
        `refused: the zip entry ${declared} but inflates to more (stopped at ${formatBytes(inflated.producedBytes)})`,
      )
    : refuse('truncated', `does not inflate (${inflated.error})`);
}

/**
 * The files inside a .zip (nested archives expanded up to the depth limit), each named "<zip path>/<entry
 * path>", read from the central directory (APPNOTE.TXT 4.3.12). Every declared size is checked against the
 * archive's real size, the inflation ratio cap and the memory budget BEFORE anything is inflated, and an
 * entry inflating past its declared size is stopped there. A file that is not a zip comes back unchanged.
 * Never throws: a corrupt archive or a refused entry comes back in `refused` with the reason.
 * The caller has reserved the archive's own bytes in `budget`; the entries are reserved here.
 * @param keep when given, only entries it keeps are inflated (re-reading one series of an archive opened
 * before: the other entries are never expanded); it must keep the path of an inner archive holding a kept entry.
 */
export function expandZip(
  file: InputFile,
  budget: ByteBudget,
  depth = 0,
  keep?: (path: string) => boolean,
): ExpandResult {
  if (!isZip(file.bytes)) return { files: [file], refused: [] };
  const { maxNestedZipDepth, maxZipEntries } = budget.limits;
  if (depth > maxNestedZipDepth) {
    return {
      files: [],
      refused: [
        {
          path: file.path,
          kind: 'too-large',
          message: `${file.path}: refused: a zip nested ${depth} archives deep; archives inside archives are opened ${maxNestedZipDepth} level(s) deep at most`,
        },
      ],
    };
  }
  const view = new DataView(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  let entries: CentralEntry[];
  try {
    entries = readCentralDirectory(view, file.bytes, maxZipEntries);
  } catch (thrown) {
    const kind =
      thrown instanceof ZipFormatError && /over the limit/.test(thrown.message) ? 'too-large' : 'truncated';
    return {
      files: [],
      refused: [
        {
          path: file.path,
          kind,
          message: `${file.path}: cannot open the zip archive (${thrown instanceof Error ? thrown.message : String(thrown)})`,
        },
      ],
    };
  }
  const result: ExpandResult = { files: [], refused: [] };
  // The ratio cap on the archive as a whole too: many entries each under the 16 MB floor (16 MB of zeros
  // deflate to 16 KB) would otherwise pass one by one. Entries failing their own ratio, or whose data would
  // lie past the archive's end, are left out of the sum: they are refused one by one below, by name.
  const passing = entries.filter(
    (e) =>
      !budget.ratioProblem(e.uncompressedBytes, e.compressedBytes, '') &&
      e.localHeaderOffset + 30 + e.compressedBytes <= file.bytes.length,
  );
  const declaredTotal = passing.reduce((sum, e) => sum + e.uncompressedBytes, 0);
  const overall = budget.ratioProblem(
    declaredTotal,
    file.bytes.length,
    `refused: its ${passing.length} entries declare`,
  );
  if (overall) {
    return {
      files: [],
      refused: [{ path: file.path, kind: 'too-large', message: `${file.path}: ${overall}` }],
    };
  }
  const wanted = entries
    .filter((e) => !isClutter(e.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of wanted) {
    const path = `${file.path}/${entry.name}`;
    if (keep && !keep(path)) continue;
    const outcome = readEntry(view, file.bytes, entry, path, budget);
    if (!outcome.ok) {
      result.refused.push(outcome.skip);
      continue;
    }
    if (!isZip(outcome.bytes)) {
      result.files.push({ path, bytes: outcome.bytes });
      continue;
    }
    const inner = expandZip({ path, bytes: outcome.bytes }, budget, depth + 1, keep);
    // The inner archive's bytes are dropped once its entries are out.
    budget.release(outcome.bytes.length);
    // Loops, not push(...spread): a spread of 100,000 entries overflows the call stack.
    for (const f of inner.files) result.files.push(f);
    for (const r of inner.refused) result.refused.push(r);
  }
  return result;
}

/**
 * One file as read (its bytes already reserved in `budget`): a zip is expanded and its own bytes released
 * (the entries are copies); anything else comes back as it is.
 */
export function expandInput(
  file: InputFile,
  budget: ByteBudget,
  keep?: (path: string) => boolean,
): ExpandResult {
  if (!isZip(file.bytes)) return { files: [file], refused: [] };
  const expanded = expandZip(file, budget, 0, keep);
  budget.release(file.bytes.length);
  return expanded;
}
