/**
 * What de-identification did, by attribute name, for the user to see before the file leaves (PS3.15 E.1:
 * the user of the profile is told what was removed or replaced).
 */
import type { DeidAction } from './actions';

export type LoggedAction = Exclude<DeidAction, 'K'> | 'private';

export interface RemovalEntry {
  name: string;
  action: LoggedAction;
  /** How many elements (over every file of the export). */
  count: number;
}

export const ACTION_WORDS: Record<LoggedAction, string> = {
  X: 'removed',
  Z: 'emptied',
  D: 'replaced by a dummy value',
  U: 'replaced by a new UID',
  private: 'removed (private attributes)',
};

export class RemovalLog {
  private readonly byKey = new Map<string, RemovalEntry>();

  record(name: string, action: LoggedAction): void {
    const key = `${name}|${action}`;
    const entry = this.byKey.get(key);
    if (entry) entry.count++;
    else this.byKey.set(key, { name, action, count: 1 });
  }

  /** Entries sorted by attribute name. */
  entries(): RemovalEntry[] {
    return [...this.byKey.values()].sort(
      (a, b) => a.name.localeCompare(b.name) || a.action.localeCompare(b.action),
    );
  }

  /** "Patient's Name: emptied (120)" lines. */
  lines(): string[] {
    return this.entries().map((e) => `${e.name}: ${ACTION_WORDS[e.action]} (${e.count})`);
  }
}
