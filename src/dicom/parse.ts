import { errorMessage } from '../core/errors';
import { ByteBudget, ingestLimits } from './ingestLimits';
import { declaredSizeProblem } from './parse/declaredSize';
import { frameFragments } from './parse/frameFragments';
import { pixelDataTag, readInstance } from './parse/instanceFields';
import { readDataSet } from './parse/readDataSet';
import { describeTransferSyntax, isEncapsulatedSyntax, pixelCodecFor } from './transferSyntaxes';
import type { ParsedDicom, SkipKind, SkipReason } from './types';

export type ParseResult = { ok: true; parsed: ParsedDicom } | { ok: false; skip: SkipReason };

/** Media Storage Directory Storage (PS3.4 Annex F; PS3.3 F.3). */
const DICOMDIR_SOP_CLASS = '1.2.840.10008.1.3.10';
const SUPPORTED_BITS_ALLOCATED = new Set([1, 8, 16, 32]);

const skip = (path: string, kind: SkipKind, problem: string): ParseResult => ({
  ok: false,
  skip: { path, kind, message: `${path}: ${problem}` },
});

/** dicom-parser's words for running off the end of the bytes. */
const looksTruncated = (error: string): boolean =>
  /overrun|past end|maxPosition|cannot be greater|eof/i.test(error);

/**
 * Parses a DICOM file's header and locates each frame's encoded pixel data, without copying pixels.
 * Never throws: a file that cannot be used comes back as a SkipReason whose message names the file.
 * @param bytes the whole file
 * @param path where the file came from, used in every message
 * @param budget the open's memory budget (a deflated dataset's inflated bytes are reserved in it)
 * @param file the whole file when `bytes` is only its header up to its Pixel Data (readSources.ts reads
 * plain files that way, parse/headerWindow.ts decides): sizes are checked against the file, and the
 * result keeps it to read frames from
 */
export function parseDicom(
  bytes: Uint8Array,
  path: string,
  budget: ByteBudget = new ByteBudget(ingestLimits()),
  file?: Blob,
): ParseResult {
  try {
    return parseOrSkip(bytes, path, budget, file);
  } catch (thrown) {
    // Last resort: dicom-parser reads lazily, so a corrupt length can still throw while reading a value.
    return skip(path, 'inconsistent', `has a malformed header (${errorMessage(thrown)})`);
  }
}

function parseOrSkip(bytes: Uint8Array, path: string, budget: ByteBudget, file?: Blob): ParseResult {
  const read = readDataSet(bytes, budget, file?.size ?? bytes.length);
  if (!read.ok) return skip(path, read.kind, read.message);
  const { dataSet, transferSyntaxUid, parseError } = read;
  // Before readInstance: it makes one geometry per declared frame.
  // Sizes against the file when only its header was read; else against the dataset's bytes (inflated ones
  // for a deflated dataset).
  const fileLength = file?.size ?? dataSet.byteArray.length;
  const sizeProblem = declaredSizeProblem(dataSet, budget.limits, fileLength);
  if (sizeProblem) return skip(path, sizeProblem.kind, sizeProblem.message);
  const instance = readInstance(dataSet, path, transferSyntaxUid);

  if (instance.sopClassUid === DICOMDIR_SOP_CLASS || dataSet.elements.x00041220) {
    return skip(path, 'not-an-image', 'is a DICOMDIR (a directory of other files), not an image');
  }
  const tag = pixelDataTag(dataSet);
  if (parseError !== undefined && tag === undefined) {
    const kind = looksTruncated(parseError) ? 'truncated' : 'inconsistent';
    const what = kind === 'truncated' ? 'ends' : 'is malformed';
    return skip(path, kind, `${what} before its pixel data could be reached (${parseError})`);
  }
  if (tag === undefined) {
    const what = `${instance.modality || 'DICOM'} object (SOP class ${instance.sopClassUid || 'unknown'})`;
    return instance.rows > 0
      ? skip(path, 'no-pixel-data', `is an image header (${what}) without pixel data`)
      : skip(path, 'not-an-image', `is a ${what} that holds no image`);
  }
  if (tag !== 'x7fe00010') {
    // Parametric maps and the like (PS3.3 C.7.6.24), never CT: stored as IEEE floats, not integers.
    const name = tag === 'x7fe00008' ? 'Float Pixel Data (7FE0,0008)' : 'Double Float Pixel Data (7FE0,0009)';
    return skip(
      path,
      'no-pixel-data',
      `holds ${name} instead of integer Pixel Data (7FE0,0010); not read here`,
    );
  }
  if (instance.rows <= 0 || instance.columns <= 0) {
    return skip(
      path,
      'inconsistent',
      'has pixel data but Rows (0028,0010) or Columns (0028,0011) is missing or 0',
    );
  }
  if (!SUPPORTED_BITS_ALLOCATED.has(instance.bitsAllocated)) {
    return skip(
      path,
      'inconsistent',
      `has BitsAllocated (0028,0100) = ${instance.bitsAllocated}, not 1, 8, 16 or 32`,
    );
  }
  if (instance.bitsStored < 1 || instance.bitsStored > instance.bitsAllocated) {
    return skip(
      path,
      'inconsistent',
      `has BitsStored ${instance.bitsStored} with BitsAllocated ${instance.bitsAllocated}`,
    );
  }
  if (pixelCodecFor(transferSyntaxUid) === undefined) {
    return skip(
      path,
      'unsupported-transfer-syntax',
      `uses ${describeTransferSyntax(transferSyntaxUid)}, which this app cannot decode`,
    );
  }
  const element = dataSet.elements[tag]!;
  const encapsulated = isEncapsulatedSyntax(transferSyntaxUid);
  if (Boolean(element.encapsulatedPixelData) !== encapsulated) {
    const layout = element.encapsulatedPixelData ? 'encapsulated (compressed)' : 'native (uncompressed)';
    return skip(
      path,
      'inconsistent',
      `has ${layout} pixel data, which ${describeTransferSyntax(transferSyntaxUid)} does not allow`,
    );
  }
  const located = frameFragments(instance, element, dataSet.byteArray, fileLength);
  if (!located.ok) return skip(path, located.kind, located.message);
  const parsed: ParsedDicom = { instance, bytes: dataSet.byteArray, frameFragments: located.frames };
  if (file) parsed.file = file;
  return { ok: true, parsed };
}
