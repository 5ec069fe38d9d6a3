import type { Result } from '../core/errors';
import { fail, ok } from '../core/errors';
import { ByteBudget } from '../dicom/ingestLimits';
import { expandZip, isZip } from '../dicom/zip';
import { deviceIngestLimits } from './readInputFiles';

/**
 * A zip the app reads as a whole (a training package, a case bundle), with the ingest's size limits (issue 24
 * class 3): declared sizes against the file, the inflation ratio cap, the memory budget, entries inflated in
 * steps and stopped at their declared size. `what` names the file in the refusal ("the training package").
 * Entries come back by their path inside the zip.
 */
export function unzipWithinLimits(bytes: Uint8Array, what: string): Result<Record<string, Uint8Array>> {
  const budget = new ByteBudget(deviceIngestLimits());
  const tooBig = budget.reserve(bytes.length, what);
  if (tooBig) return fail(`${what} is refused: ${tooBig}`);
  if (!isZip(bytes)) return fail('the file is not a zip archive');
  const root = 'zip';
  const { files, refused } = expandZip({ path: root, bytes }, budget);
  if (refused.length > 0)
    return fail(
      `${what} is refused: ${refused
        .slice(0, 3)
        .map((r) => r.message.replace(`${root}/`, '').replace(`${root}: `, ''))
        .join('; ')}`,
    );
  return ok(Object.fromEntries(files.map((f) => [f.path.slice(root.length + 1), f.bytes])));
}
