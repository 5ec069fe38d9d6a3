/**
 * Replacement UIDs for action U of PS3.15 Table E.1-1: "replace with a non-zero length UID that is internally
 * consistent within a set of Instances". One map serves a whole export (every file of the series and the plan
 * that refers to them), so references between them stay intact.
 */
import { randomUid } from '../write/nested';
import { uidFromSeed } from '../write/uid';

export interface UidMap {
  /** The replacement of `original` (the same every time it is asked within this map). */
  map(original: string): string;
  /** How many distinct UIDs were replaced so far. */
  readonly size: number;
  /** Every [original, replacement] pair so far (to carry the map across a worker boundary). */
  entries(): [string, string][];
}

/**
 * A map for one export. Without a secret every original UID gets a fresh random "2.25" UID (PS3.5 B.2), so
 * nothing links two exports of the same study; with a secret the replacement is a hash of secret and UID
 * (reproducible: tests, or a clinic that wants the same pseudonymous UIDs for repeated exports).
 */
export function createUidMap(secret?: string, known: Iterable<[string, string]> = []): UidMap {
  // `known`: the pairs a worker already replaced for this export, so the page goes on with the same map.
  const replaced = new Map<string, string>(known);
  return {
    map(original: string): string {
      const key = original.trim();
      let uid = replaced.get(key);
      if (uid === undefined) {
        uid = secret === undefined ? randomUid() : uidFromSeed(0, `${secret}|deid|${key}`);
        replaced.set(key, uid);
      }
      return uid;
    },
    get size() {
      return replaced.size;
    },
    entries: () => [...replaced.entries()],
  };
}
