/**
 * Size limits for opening files, checked BEFORE anything is allocated: what a header declares (zip sizes,
 * NumberOfFrames x Rows x Columns) is compared with the bytes really there and with a memory budget, so a
 * 10 MB zip declaring 5 GB, or a 5 KB header claiming 2e9 frames, is refused by name instead of freezing
 * or crashing the tab. Pure: the browser passes navigator.deviceMemory, Node passes os.totalmem().
 */

const GIB = 1024 ** 3;

/** Used when the device does not say how much memory it has (navigator.deviceMemory is Chromium-only). */
export const DEFAULT_DEVICE_MEMORY_BYTES = 4 * GIB;
/** One open may hold at most this fraction of the device's memory in file bytes (the volume, GPU copies and the app need the rest). */
const BUDGET_FRACTION = 0.5;

export interface IngestLimits {
  /** Bytes one open may hold: files read, archive entries and deflated datasets inflated. */
  budgetBytes: number;
  /** Where the budget comes from, for messages ("half of this device's 8 GB memory"). */
  budgetSource: string;
  /**
   * Largest inflated / compressed ratio accepted for a zip entry or a deflated dataset. Deflate tops out
   * near 1032:1 (RFC 1951: a 258-byte match in ~2 bits); CT compresses 2-5:1, so 200:1 is a bomb.
   */
  maxInflationRatio: number;
  /** The ratio is only applied above this many inflated bytes (a tiny file of zeros is harmless). */
  ratioFloorBytes: number;
  /** Archives inside archives are opened this many levels deep (1 = a zip inside the dropped zip). */
  maxNestedZipDepth: number;
  /** Entries in one archive's central directory (a real study has a few thousand files). */
  maxZipEntries: number;
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/**
 * The limits for a device with `deviceMemoryBytes` of memory (undefined: not known, the default applies).
 * @param where "this device" in the browser, "this computer" in the CLI
 */
export function ingestLimits(deviceMemoryBytes?: number, where = 'this device'): IngestLimits {
  const known =
    deviceMemoryBytes !== undefined && Number.isFinite(deviceMemoryBytes) && deviceMemoryBytes > 0;
  const memory = known ? deviceMemoryBytes : DEFAULT_DEVICE_MEMORY_BYTES;
  return {
    budgetBytes: Math.floor(memory * BUDGET_FRACTION),
    budgetSource: known
      ? `half of ${where}'s ${formatBytes(memory)} memory`
      : `half of an assumed ${formatBytes(memory)} memory (${where} does not report its memory)`,
    maxInflationRatio: 200,
    ratioFloorBytes: 16 * 1024 * 1024,
    maxNestedZipDepth: 2,
    maxZipEntries: 100_000,
  };
}

/**
 * Bytes held by one open, against the budget. Every allocation sized by a file (a file read, an archive
 * entry, an inflated dataset) asks `reserve` first; `peakBytes` lets tests bound memory as a ratio.
 */
export class ByteBudget {
  usedBytes = 0;
  peakBytes = 0;
  /** Bytes produced by inflating (the work done), including output of streams stopped for a limit. */
  inflatedBytes = 0;
  /** Told while an archive entry inflates (bytes so far, declared size), for the progress shown. */
  onInflating?: (path: string, doneBytes: number, totalBytes: number) => void;

  constructor(readonly limits: IngestLimits) {}

  /** Reserves `bytes` for `what`, or says why not (the message names the limit and both numbers). */
  reserve(bytes: number, what: string): string | undefined {
    if (!(bytes >= 0) || this.usedBytes + bytes > this.limits.budgetBytes) {
      const held =
        this.usedBytes > 0 ? ` (the files before it already hold ${formatBytes(this.usedBytes)})` : '';
      return `${what} needs ${formatBytes(bytes)}, over the memory budget of ${formatBytes(this.limits.budgetBytes)} for one open${held}; the budget is ${this.limits.budgetSource}`;
    }
    this.usedBytes += bytes;
    this.peakBytes = Math.max(this.peakBytes, this.usedBytes);
    return undefined;
  }

  release(bytes: number): void {
    this.usedBytes = Math.max(0, this.usedBytes - bytes);
  }

  /** Largest output accepted from inflating `compressedBytes` (ratio cap, floor), never past the budget left. */
  inflationCap(compressedBytes: number): number {
    const { maxInflationRatio, ratioFloorBytes, budgetBytes } = this.limits;
    const byRatio = Math.max(ratioFloorBytes, compressedBytes * maxInflationRatio);
    return Math.min(byRatio, Math.max(0, budgetBytes - this.usedBytes));
  }

  /** Says why `inflatedBytes` from `compressedBytes` is refused by the ratio cap, if it is. */
  ratioProblem(inflatedBytes: number, compressedBytes: number, what: string): string | undefined {
    const { maxInflationRatio, ratioFloorBytes } = this.limits;
    if (inflatedBytes <= ratioFloorBytes) return undefined;
    if (inflatedBytes <= compressedBytes * maxInflationRatio) return undefined;
    const ratio =
      compressedBytes > 0 ? Math.round(inflatedBytes / compressedBytes) : Number.POSITIVE_INFINITY;
    return `${what} ${formatBytes(inflatedBytes)} from ${formatBytes(compressedBytes)} (${ratio}:1), over the limit of ${maxInflationRatio}:1 (a compression bomb?)`;
  }
}
