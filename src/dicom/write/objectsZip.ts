import { type AsyncZippable, zip } from 'fflate';

/**
 * Files in one zip (PKWARE APPNOTE; fflate), for the export of the plan's DICOM objects without a PACS.
 * DICOM bytes are stored deflated; names must be unique. fflate's asynchronous zip deflates each file in
 * its own worker (a 26 MB Segmentation took ~480 ms on the page as zipSync); in Node it uses worker threads.
 */
export function zipFiles(entries: readonly { name: string; bytes: Uint8Array }[]): Promise<Uint8Array> {
  const files: AsyncZippable = {};
  for (const e of entries) {
    if (files[e.name]) return Promise.reject(new Error(`two files named ${e.name}`));
    files[e.name] = e.bytes;
  }
  return new Promise((resolve, reject) =>
    zip(files, { level: 6, mtime: new Date('2000-01-01T00:00:00Z') }, (error, data) =>
      error ? reject(error) : resolve(data),
    ),
  );
}
