import { strFromU8, strToU8, unzipSync, type Zippable, zipSync } from 'fflate';
import type { Result } from '../core/errors';
import { errorMessage, fail, ok } from '../core/errors';
import type { PackageFile } from './package';

/**
 * The zip container of a case bundle (app/caseBundle.ts), shaped like the training package (package.ts): one
 * JSON entry, deflated, and the DICOM files under dicom/, stored (CT pixel data barely deflates, slowly).
 */
export const BUNDLE_DICOM_DIR = 'dicom/';

const safeStem = (text: string): string =>
  text
    .replace(/[^\w.-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);

export function writeBundleZip(
  jsonName: string,
  jsonText: string,
  files: readonly PackageFile[],
): Uint8Array {
  const entries: Zippable = { [jsonName]: [strToU8(jsonText), { level: 6 }] };
  files.forEach((f, i) => {
    const base = safeStem(f.path.split(/[\\/]/).pop() ?? '') || 'image';
    entries[`${BUNDLE_DICOM_DIR}${String(i + 1).padStart(5, '0')}-${base}`] = [f.bytes, { level: 0 }];
  });
  return zipSync(entries);
}

/** fflate's unzip without size limits: for bundles this app wrote itself (tests). */
function unzipUnbounded(bytes: Uint8Array): Result<Record<string, Uint8Array>> {
  try {
    return ok(unzipSync(bytes));
  } catch (e) {
    return fail(`the file is not a readable zip archive (${errorMessage(e)})`);
  }
}

/**
 * The JSON entry's text (undefined when absent) and the DICOM files in name order. `unzip`: the app passes
 * its bounded reader (the ingest's size limits), as for training packages.
 */
export function readBundleZip(
  bytes: Uint8Array,
  jsonName: string,
  unzip: (bytes: Uint8Array) => Result<Record<string, Uint8Array>> = unzipUnbounded,
): Result<{ jsonText?: string; names: string[]; dicomFiles: PackageFile[] }> {
  const unzipped = unzip(bytes);
  if (!unzipped.ok) return unzipped;
  const entries = unzipped.value;
  const names = Object.keys(entries).filter((n) => !n.endsWith('/'));
  const raw = entries[jsonName];
  const dicomFiles = names
    .filter((n) => n.startsWith(BUNDLE_DICOM_DIR))
    .sort()
    .map((path) => ({ path, bytes: entries[path]! }));
  return ok({ ...(raw ? { jsonText: strFromU8(raw) } : {}), names, dicomFiles });
}
