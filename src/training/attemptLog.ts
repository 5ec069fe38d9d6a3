import { errorMessage } from '../core/errors';
import type { AsyncKeyValue } from '../planning/keyValueStores';
import { attemptsFromJson, attemptsToJson } from './attemptsExport';
import type { AttemptRecord } from './types';

/**
 * Attempt logs kept in the browser: one key per trainee ('attempts:<name>') holding the attempts as JSON
 * (attemptsExport.ts, so Infinity survives). An unreadable log is moved aside ('unreadable:attempts:<name>')
 * and reported, so the trainee's next attempt does not overwrite it.
 */
const PREFIX = 'attempts:';
const ASIDE = 'unreadable:';

export interface LoadedLogs {
  logs: Record<string, AttemptRecord[]>;
  /** One sentence per log that could not be read. */
  problems: string[];
}

export async function readAttemptLogs(storage: AsyncKeyValue): Promise<LoadedLogs> {
  const logs: Record<string, AttemptRecord[]> = {};
  const problems: string[] = [];
  for (const key of (await storage.keys()).filter((k) => k.startsWith(PREFIX))) {
    const text = await storage.get(key);
    if (text === undefined) continue;
    const trainee = key.slice(PREFIX.length);
    try {
      logs[trainee] = attemptsFromJson(text);
    } catch (e) {
      await storage.set(ASIDE + key, text);
      await storage.remove(key);
      problems.push(`the attempt log of '${trainee}' is unreadable (${errorMessage(e)}); it was kept aside`);
    }
  }
  return { logs, problems };
}

/** Writes one trainee's log (an empty list removes it). */
export async function writeAttemptLog(
  storage: AsyncKeyValue,
  trainee: string,
  attempts: readonly AttemptRecord[],
): Promise<void> {
  if (attempts.length === 0) await storage.remove(PREFIX + trainee);
  else await storage.set(PREFIX + trainee, attemptsToJson(attempts, false));
}

/** Saved logs joined with attempts finished before they were read (those are newer: they come after). */
export function mergeAttemptLogs(
  saved: Record<string, AttemptRecord[]>,
  current: Record<string, AttemptRecord[]>,
): Record<string, AttemptRecord[]> {
  const out = { ...saved };
  for (const [name, list] of Object.entries(current)) {
    const ids = new Set((out[name] ?? []).map((a) => a.id));
    out[name] = [...(out[name] ?? []), ...list.filter((a) => !ids.has(a.id))];
  }
  return out;
}
