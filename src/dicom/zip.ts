import { unzipSync } from 'fflate';
import { errorMessage } from '../core/errors';
import type { InputFile } from './ingest';

/** Local file header signature "PK\x03\x04" (APPNOTE.TXT 4.3.7); an empty archive starts "PK\x05\x06". */
export function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05)
  );
}

/** Archive clutter from macOS and Windows, never DICOM. */
const isClutter = (name: string): boolean =>
  name.endsWith('/') || name.startsWith('__MACOSX/') || /(^|\/)(\.DS_Store|Thumbs\.db)$/.test(name);

/**
 * The files inside a .zip (nested archives expanded too), each named "<zip path>/<entry path>".
 * A file that is not a zip comes back unchanged. Throws an Error naming the archive if it is corrupt.
 */
export function expandZip(file: InputFile): InputFile[] {
  if (!isZip(file.bytes)) return [file];
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(file.bytes, { filter: (entry) => !isClutter(entry.name) });
  } catch (thrown) {
    throw new Error(`${file.path}: cannot open the zip archive (${errorMessage(thrown)})`);
  }
  return Object.keys(entries)
    .sort()
    .flatMap((name) => expandZip({ path: `${file.path}/${name}`, bytes: entries[name]! }));
}
