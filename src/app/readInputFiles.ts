import type { InputFile } from '../dicom/ingest';
import { expandZip } from '../dicom/zip';

/** A file handed over by the browser (drop, picker) or made by the app (demo), with its display path. */
export interface SourceFile {
  path: string;
  blob: Blob;
}

const isZip = (bytes: Uint8Array) =>
  bytes.length > 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * Reads every file into memory (async, so the page stays responsive), expanding .zip archives.
 * Reports bytes read; stops at the next file when the signal aborts.
 */
export async function readInputFiles(
  files: readonly SourceFile[],
  onProgress: (doneBytes: number, totalBytes: number) => void,
  signal: AbortSignal,
): Promise<{ inputs: InputFile[]; unreadable: { path: string; reason: string }[] }> {
  const totalBytes = files.reduce((sum, f) => sum + f.blob.size, 0);
  const inputs: InputFile[] = [];
  const unreadable: { path: string; reason: string }[] = [];
  let doneBytes = 0;
  for (const f of files) {
    signal.throwIfAborted();
    try {
      const bytes = new Uint8Array(await f.blob.arrayBuffer());
      if (isZip(bytes)) inputs.push(...expandZip({ path: f.path, bytes }));
      else inputs.push({ path: f.path, bytes });
    } catch (thrown) {
      if (signal.aborted) throw thrown;
      unreadable.push({
        path: f.path,
        reason: `could not be read (${thrown instanceof Error ? thrown.message : String(thrown)})`,
      });
    }
    doneBytes += f.blob.size;
    onProgress(doneBytes, totalBytes);
  }
  return { inputs, unreadable };
}
