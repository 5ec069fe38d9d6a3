import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { InputFile } from '../../../src/dicom/ingest';

/** A series on disk: every side reads these files itself, inside its timed region. */
export interface SeriesOnDisk {
  name: string;
  dir: string;
  paths: string[];
  /** 'native' (uncompressed), 'jpeg-ls' or 'jpeg2000': which peers can take part. */
  encoding: 'native' | 'jpeg-ls' | 'jpeg2000';
}

export function seriesOnDisk(name: string, dir: string, encoding: SeriesOnDisk['encoding']): SeriesOnDisk {
  const paths = readdirSync(dir)
    .filter((f) => !f.startsWith('.'))
    .sort()
    .map((f) => path.join(dir, f));
  return { name, dir, paths, encoding };
}

/** Whole-file synchronous reads: the same call for every side, so file I/O costs the same everywhere. */
export const readAll = (paths: readonly string[]): InputFile[] =>
  paths.map((p) => {
    const b = readFileSync(p);
    return { path: p, bytes: new Uint8Array(b.buffer, b.byteOffset, b.byteLength) };
  });

export const totalBytes = (paths: readonly string[]): number =>
  readAll(paths).reduce((sum, f) => sum + f.bytes.length, 0);
