/**
 * The independent DICOM references installed by `npm run setup` (test/tools/setup-system.sh), run on bytes
 * the app wrote: dicom3tools' dciodvfy (IOD validation), dcmtk's dsrdump (SR content) and pydicom through
 * /usr/bin/python3 (the `python3` on PATH may be a shim without pydicom).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** A temporary folder for the files handed to the tools; `dispose` removes it. */
export function toolFolder(): { write: (name: string, bytes: Uint8Array) => string; dispose: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'spineplan-dicom-tools-'));
  return {
    write: (name, bytes) => {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      return path;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Runs a tool; returns stdout + stderr whatever its exit status (dciodvfy exits 1 on errors). */
function run(command: string, args: readonly string[]): string {
  try {
    // dciodvfy reports on stderr even when it exits 0: capture both.
    return execFileSync('/bin/sh', ['-c', '"$0" "$@" 2>&1', command, ...args], {
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch (thrown) {
    const e = thrown as { stdout?: string; stderr?: string; code?: string; message?: string };
    if (e.code === 'ENOENT') throw new Error(`${command} is not installed: run npm run setup`);
    return `${e.stdout ?? ''}${e.stderr ?? ''}` || (e.message ?? '');
  }
}

/** dciodvfy's errors and warnings for a file, each line once. */
export function dciodvfy(path: string): { errors: string[]; warnings: string[] } {
  const out = run('dciodvfy', [path]);
  if (/not found|No such file/.test(out) && !/Error|Warning/.test(out))
    throw new Error(`dciodvfy could not run: ${out.trim()} (npm run setup installs dicom3tools)`);
  const lines = [...new Set(out.split('\n').map((l) => l.trim()))];
  return {
    errors: lines.filter((l) => l.startsWith('Error')),
    warnings: lines.filter((l) => l.startsWith('Warning')),
  };
}

/** dsrdump's full listing (long values in full, every code printed). */
export function dsrdump(path: string): string {
  const out = run('dsrdump', ['+Pl', '+Pc', path]);
  if (/not found/.test(out) && !out.includes('<CONTAINER'))
    throw new Error(`dsrdump could not run: ${out.trim()}`);
  return out;
}

/** A Python script under test/tools/ run by Debian's python3 with pydicom; its stdout parsed as JSON. */
export function pydicomJson<T>(script: string, path: string): T {
  const json = execFileSync('/usr/bin/python3', [resolve(import.meta.dirname, '../tools', script), path], {
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return JSON.parse(json) as T;
}
