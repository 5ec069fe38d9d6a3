import type { Result } from '../../core/errors';
import { fail, ok } from '../../core/errors';
import { deidentifyPart10 } from './deidentify';
import { RemovalLog } from './removalLog';
import type { UidMap } from './uidMap';

export interface NamedDicomFile {
  path: string;
  bytes: Uint8Array;
}

/**
 * De-identifies a series' files with one UID map (so the series stays one series and references between
 * files hold) and one removal log. The files are renamed `<folder>/IM00001.dcm`...: an original path can
 * carry a patient's name. Fails, naming the file, on the first file that cannot be vouched for.
 */
export function deidentifyFiles(
  files: readonly NamedDicomFile[],
  uidMap: UidMap,
  log: RemovalLog = new RemovalLog(),
  folder = 'series',
): Result<{ files: NamedDicomFile[]; log: RemovalLog }> {
  const out: NamedDicomFile[] = [];
  for (const [i, f] of files.entries()) {
    const r = deidentifyPart10(f.bytes, { uidMap, log });
    if (!r.ok) return fail(`${f.path} could not be de-identified: ${r.error}`);
    out.push({ path: `${folder}/IM${String(i + 1).padStart(5, '0')}.dcm`, bytes: r.value.bytes });
  }
  return ok({ files: out, log });
}
