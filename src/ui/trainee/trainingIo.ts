import type { Result } from '../../core/errors';
import type { ClearanceStructure } from '../../planning/clearance';
import type { TrainingPackage } from '../../training/types';

/**
 * What the training panel needs from the app side (package files with their DICOM, the study loader, the
 * demo's ground truth), supplied by main.tsx: the UI layer may not import src/app or see a Volume.
 */
export interface TrainingIo {
  /**
   * The package file's bytes (the zip of training/package.ts; a DICOM case carries its series' files,
   * de-identified) and what de-identification removed, one line per attribute ("Patient's Name: emptied (3)").
   */
  writePackage: (pkg: TrainingPackage) => Promise<{ bytes: Uint8Array; removed: readonly string[] }>;
  /**
   * Reads a package file, opens its study (the demo is regenerated, a DICOM series goes through the normal
   * loader) and sets it in the trainee store. An error names what is wrong; nothing changes then.
   */
  openPackage: (file: File) => Promise<Result<TrainingPackage>>;
  /** Structures an attempt is scored against: the expert plan's no-go structures and, on the demo, the truth's. */
  noGoStructures: (pkg: TrainingPackage) => ClearanceStructure[];
}

/** Saves bytes or text as a file (a same-origin Blob URL download: nothing leaves the computer). */
export function downloadFile(name: string, data: Uint8Array | string, type: string): void {
  const part = typeof data === 'string' ? data : new Uint8Array(data);
  const url = URL.createObjectURL(new Blob([part], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  // The click starts the download synchronously; revoke on the next task so the URL is not kept alive.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A file-system-safe stem from a title. */
export const safeFileStem = (text: string): string =>
  text
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64) || 'training';
