import { zipSync } from 'fflate';

/**
 * Files in one zip (PKWARE APPNOTE; fflate), for the export of the plan's DICOM objects without a PACS.
 * DICOM bytes are stored deflated; names must be unique.
 */
export function zipFiles(entries: readonly { name: string; bytes: Uint8Array }[]): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  for (const e of entries) {
    if (files[e.name]) throw new Error(`two files named ${e.name}`);
    files[e.name] = e.bytes;
  }
  return zipSync(files, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') });
}
