import { readdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { errorMessage } from '../core/errors';
import type { InputFile } from '../dicom/ingest';
import { ByteBudget, ingestLimits } from '../dicom/ingestLimits';
import type { SkipReason } from '../dicom/types';
import { expandInput } from '../dicom/zip';

export interface ReadTreeResult {
  files: InputFile[];
  /** Files or archive entries not read: unreadable, or refused by a size limit (each with its reason). */
  refused: SkipReason[];
  /** The open's memory budget (from this computer's memory), shared with header parsing. */
  budget: ByteBudget;
}

/**
 * Every file under `root` (or `root` itself), in path order. Each file's real size is checked against the
 * memory budget (half of os.totalmem()) before it is read; .zip archives are expanded in memory with the
 * archive limits (dicom/zip.ts).
 */
export async function readTree(
  root: string,
  budget = new ByteBudget(ingestLimits(os.totalmem(), 'this computer')),
): Promise<ReadTreeResult> {
  const files: InputFile[] = [];
  const refused: SkipReason[] = [];
  const visit = async (path: string): Promise<void> => {
    try {
      const info = await stat(path);
      if (info.isDirectory()) {
        const names = (await readdir(path)).sort();
        for (const name of names) await visit(join(path, name));
        return;
      }
      const overBudget = budget.reserve(info.size, 'refused: the file');
      if (overBudget) {
        refused.push({ path, kind: 'too-large', message: `${path}: ${overBudget}` });
        return;
      }
      const expanded = expandInput({ path, bytes: new Uint8Array(await readFile(path)) }, budget);
      for (const f of expanded.files) files.push(f);
      for (const r of expanded.refused) refused.push(r);
    } catch (thrown) {
      refused.push({
        path,
        kind: 'not-dicom',
        message: `${path}: could not be read (${errorMessage(thrown)})`,
      });
    }
  };
  await visit(root);
  return { files, refused, budget };
}
