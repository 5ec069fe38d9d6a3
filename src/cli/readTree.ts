import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { errorMessage } from '../core/errors';
import type { InputFile } from '../dicom/ingest';
import { expandZip } from '../dicom/zip';

export interface ReadTreeResult {
  files: InputFile[];
  /** Files or archives that could not be read. */
  unreadable: { path: string; reason: string }[];
}

/** Every file under `root` (or `root` itself), in path order; .zip archives are expanded in memory. */
export async function readTree(root: string): Promise<ReadTreeResult> {
  const files: InputFile[] = [];
  const unreadable: { path: string; reason: string }[] = [];
  const visit = async (path: string): Promise<void> => {
    try {
      if ((await stat(path)).isDirectory()) {
        const names = (await readdir(path)).sort();
        for (const name of names) await visit(join(path, name));
        return;
      }
      const bytes = new Uint8Array(await readFile(path));
      files.push(...expandZip({ path, bytes }));
    } catch (thrown) {
      unreadable.push({ path, reason: errorMessage(thrown) });
    }
  };
  await visit(root);
  return { files, unreadable };
}
