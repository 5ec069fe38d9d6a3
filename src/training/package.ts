import { strFromU8, strToU8, unzipSync, type Zippable, zipSync } from 'fflate';
import type { Result } from '../core/errors';
import { errorMessage, fail, ok } from '../core/errors';
import { PACKAGE_LIMITS, tooLongText } from '../planning/planLimits';
import { validateTrainingPackage } from './packageValidate';
import type { TrainingPackage } from './types';

/**
 * The case package file: ONE zip holding `spineplan-training.json` (the TrainingPackage) and, for a DICOM
 * case, the series' files under `dicom/`. The demo travels without images (it is regenerated from its seed).
 */
export const PACKAGE_JSON_NAME = 'spineplan-training.json';
export const PACKAGE_DICOM_DIR = 'dicom/';
/** Suggested file name ending, so the file says what it is and still opens as a zip. */
export const PACKAGE_FILE_SUFFIX = '.spineplan-training.zip';

export interface PackageFile {
  path: string;
  bytes: Uint8Array;
}

export interface ReadPackage {
  pkg: TrainingPackage;
  /** The DICOM files, paths inside the zip (`dicom/...`), in name order. */
  dicomFiles: PackageFile[];
}

/** A zip entry name for a DICOM file: its base name, made safe, numbered so names never collide. */
function dicomEntryName(path: string, index: number): string {
  const base = (path.split(/[\\/]/).pop() ?? '').replace(/[^\w.-]/g, '_') || 'image';
  return `${PACKAGE_DICOM_DIR}${String(index + 1).padStart(5, '0')}-${base}`;
}

/**
 * Writes the package file. DICOM files are stored uncompressed: deflating CT pixel data halves it at best
 * (a pancreas slice: 45%) but ran at ~1.5 MB/s here (fflate level 1, loaded machine), minutes for a series,
 * and compressed transfer syntaxes do not shrink at all. The JSON is deflated.
 */
export function writeTrainingPackage(
  pkg: TrainingPackage,
  dicomFiles: readonly PackageFile[] = [],
): Uint8Array {
  const entries: Zippable = {
    [PACKAGE_JSON_NAME]: [strToU8(`${JSON.stringify(pkg, null, 2)}\n`), { level: 6 }],
  };
  dicomFiles.forEach((f, i) => {
    entries[dicomEntryName(f.path, i)] = [f.bytes, { level: 0 }];
  });
  return zipSync(entries);
}

/** Local file header "PK\x03\x04" or the empty archive's "PK\x05\x06" (APPNOTE.TXT 4.3.7, 4.3.16). */
const looksLikeZip = (b: Uint8Array): boolean =>
  b.length >= 4 && b[0] === 0x50 && b[1] === 0x4b && (b[2] === 0x03 || b[2] === 0x05);

/** Parses and validates the package JSON text. */
export function parseTrainingPackageJson(text: string): Result<TrainingPackage> {
  // Refused before parsing: JSON.parse of a huge text builds every object in it first.
  if (text.length > PACKAGE_LIMITS.jsonChars.max)
    return fail(
      `invalid training package: ${PACKAGE_JSON_NAME} is ${tooLongText(text.length, PACKAGE_LIMITS.jsonChars)}`,
    );
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return fail(`not a Spineplan training package: ${PACKAGE_JSON_NAME} is not JSON (${errorMessage(e)})`);
  }
  return validateTrainingPackage(data);
}

const firstBytesHex = (b: Uint8Array): string =>
  Array.from(b.subarray(0, 4), (x) => x.toString(16).padStart(2, '0')).join(' ');

/** Not a zip: a JSON file (a plan or a bare package JSON) gets a precise answer, anything else a general one. */
function readNonZip(bytes: Uint8Array): Result<ReadPackage> {
  // JSON starts with '{' after optional whitespace (RFC 8259 s.2); only then is the file decoded as text.
  const first = bytes.findIndex((b) => b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d);
  if (first >= 0 && bytes[first] === 0x7b) {
    const parsed = parseTrainingPackageJson(strFromU8(bytes));
    if (!parsed.ok)
      return parsed.error.startsWith(`not a Spineplan training package: ${PACKAGE_JSON_NAME}`)
        ? fail('not a Spineplan training package: the file is neither a zip archive nor valid JSON')
        : parsed;
    // A bare package JSON is accepted for the demo (it carries no images); a DICOM case needs its zip.
    if (parsed.value.study.kind === 'dicom')
      return fail(
        `this is only the ${PACKAGE_JSON_NAME} of a package for a DICOM series: open the package's .zip file, which holds the images`,
      );
    return ok({ pkg: parsed.value, dicomFiles: [] });
  }
  return fail(
    `not a Spineplan training package: the file is not a zip archive (it starts with bytes ${firstBytesHex(bytes) || '(none: the file is empty)'})`,
  );
}

/**
 * fflate's unzip without size limits: for packages this app made itself (tests, the export check). Files
 * from elsewhere go through the app's bounded unzip (app/trainingPackageIo.ts, the ingest's size limits).
 */
function unzipUnbounded(bytes: Uint8Array): Result<Record<string, Uint8Array>> {
  try {
    return ok(unzipSync(bytes));
  } catch (e) {
    return fail(
      `the training package is damaged: its zip archive cannot be read (${errorMessage(e)}); the file may be truncated or corrupt`,
    );
  }
}

/**
 * Reads a package file: zip -> spineplan-training.json -> schema migrations -> validation (the expert plan
 * through planFile.validatePlan) -> DICOM files. Every failure is a sentence saying what is wrong.
 */
export function readTrainingPackage(
  bytes: Uint8Array,
  unzip: (bytes: Uint8Array) => Result<Record<string, Uint8Array>> = unzipUnbounded,
): Result<ReadPackage> {
  if (!looksLikeZip(bytes)) return readNonZip(bytes);
  const unzipped = unzip(bytes);
  if (!unzipped.ok) return unzipped;
  const entries = unzipped.value;
  const names = Object.keys(entries).filter((n) => !n.endsWith('/'));
  const json = entries[PACKAGE_JSON_NAME];
  if (!json) {
    const plan = names.find((n) => n.toLowerCase().endsWith('.json'));
    const holds =
      names.length === 0 ? 'nothing' : `${names.slice(0, 3).join(', ')}${names.length > 3 ? ', ...' : ''}`;
    return fail(
      `not a Spineplan training package: the zip holds no ${PACKAGE_JSON_NAME} (it holds ${holds})${plan ? `; if '${plan}' is a plan file, import it with Import plan` : ''}`,
    );
  }
  const parsed = parseTrainingPackageJson(strFromU8(json));
  if (!parsed.ok) return parsed;
  const dicomFiles = names
    .filter((n) => n.startsWith(PACKAGE_DICOM_DIR))
    .sort()
    .map((path) => ({ path, bytes: entries[path]! }));
  if (parsed.value.study.kind === 'dicom' && dicomFiles.length === 0)
    return fail(
      `the training package names a DICOM series but holds no images (no files under ${PACKAGE_DICOM_DIR})`,
    );
  return ok({ pkg: parsed.value, dicomFiles });
}
