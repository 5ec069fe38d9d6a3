import { type Plan, parsePlanFile, serializePlan } from './planFile';
import { mergeTabReviews } from './review';
import { TRAJECTORY_COLOURS, type Trajectory } from './trajectory';

/**
 * Three-way merge of one case's plan edited in two places (issue 24 class 5: two browser tabs on one case):
 * `base` is the version both started from (the stored text this tab last read or wrote), `local` this
 * tab's plan, `remote` what the other tab stored meanwhile. Trajectories, measurements, no-go structures and
 * painted regions merge by id, so a trajectory added in each tab is kept in both. Nothing either side made
 * is dropped: an item changed on both sides keeps this tab's version and adds the other's as a copy named
 * "(other tab)", an item deleted on one side and changed on the other is kept. Only an item deleted on one
 * side and untouched on the other goes. Without a base (the plan was new in both tabs) every item is kept.
 */
export interface PlanMerge {
  plan: Plan;
  /** Items both sides changed, kept twice, by name: the user decides which to keep. */
  conflicts: string[];
}

interface Item {
  id: string;
  name: string;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Copy name and id of an item both tabs changed: "L4 left (other tab)". */
const otherTabCopy = <T extends Item>(item: T, taken: Set<string>): T => {
  let id = `${item.id}-other-tab`;
  for (let n = 2; taken.has(id); n++) id = `${item.id}-other-tab-${n}`;
  taken.add(id);
  return { ...item, id, name: `${item.name} (other tab)` };
};

function mergeList<T extends Item>(
  base: readonly T[],
  local: readonly T[],
  remote: readonly T[],
  conflicts: string[],
): T[] {
  const byId = (list: readonly T[]) => new Map(list.map((x) => [x.id, x]));
  const b = byId(base);
  const r = byId(remote);
  const taken = new Set([...local.map((x) => x.id), ...remote.map((x) => x.id)]);
  const out: T[] = [];
  for (const mine of local) {
    const theirs = r.get(mine.id);
    const before = b.get(mine.id);
    if (!theirs) {
      // Removed there: gone if untouched here, kept if changed here (or new here).
      if (!before || !same(before, mine)) out.push(mine);
      continue;
    }
    if (same(mine, theirs) || (before && same(before, theirs))) out.push(mine);
    else if (before && same(before, mine)) out.push(theirs);
    else {
      out.push(mine, otherTabCopy(theirs, taken));
      conflicts.push(mine.name || mine.id);
    }
  }
  const mineIds = new Set(local.map((x) => x.id));
  for (const theirs of remote) {
    if (mineIds.has(theirs.id)) continue;
    const before = b.get(theirs.id);
    // Added there, or removed here but changed there: kept. Removed here and untouched there: gone.
    if (!before || !same(before, theirs)) out.push(theirs);
  }
  return out;
}

/**
 * Two tabs each adding a needle give both the same colour (colours follow the count of needles). A
 * trajectory the other tab added, in a colour one of this tab's own new trajectories already has, gets the
 * first colour no trajectory has: two needles on screen are never told apart by name alone. The tab that
 * merges stores this, and the other tab takes it as an unchanged-here item (no conflict).
 */
function distinctColours(
  merged: Trajectory[],
  base: readonly Trajectory[],
  local: readonly Trajectory[],
): Trajectory[] {
  const inBase = new Set(base.map((t) => t.id));
  const localIds = new Set(local.map((t) => t.id));
  const mineNew = new Set(local.filter((t) => !inBase.has(t.id)).map((t) => t.colour));
  const used = new Set(merged.map((t) => t.colour));
  return merged.map((t) => {
    if (localIds.has(t.id) || inBase.has(t.id) || !mineNew.has(t.colour)) return t;
    const free = TRAJECTORY_COLOURS.find((c) => !used.has(c));
    if (!free) return t;
    used.add(free);
    return { ...t, colour: free };
  });
}

export function mergePlans(base: Plan | undefined, local: Plan, remote: Plan): PlanMerge {
  const conflicts: string[] = [];
  const empty = { trajectories: [], measurements: [], noGoStructures: [], noGoMasks: [] };
  const b = base ?? { ...local, ...empty };
  const scalar = <K extends keyof Plan>(key: K): Plan[K] =>
    base && same(base[key], local[key]) ? remote[key] : local[key];
  const plan: Plan = {
    ...local,
    trajectories: distinctColours(
      mergeList(b.trajectories, local.trajectories, remote.trajectories, conflicts),
      b.trajectories,
      local.trajectories,
    ),
    measurements: mergeList(b.measurements, local.measurements, remote.measurements, conflicts),
    noGoStructures: mergeList(b.noGoStructures, local.noGoStructures, remote.noGoStructures, conflicts),
    noGoMasks: mergeList(b.noGoMasks, local.noGoMasks, remote.noGoMasks, conflicts),
    clearanceWarningMm: scalar('clearanceWarningMm'),
    createdAt: local.createdAt < remote.createdAt ? local.createdAt : remote.createdAt,
    updatedAt: local.updatedAt > remote.updatedAt ? local.updatedAt : remote.updatedAt,
  };
  for (const key of ['studyInstanceUid', 'seriesInstanceUid'] as const) {
    const uid = local[key] ?? remote[key];
    if (uid) plan[key] = uid;
  }
  // The newer print's pits (a print made in either tab is the one on the table).
  const print = scalar('print') ?? remote.print;
  if (print) plan.print = print;
  else delete plan.print;
  // Review comments and decisions made in either tab are kept (planning/review.ts).
  const review = mergeTabReviews(local.review, remote.review);
  if (review) plan.review = review;
  return { plan, conflicts };
}

/** What the stored copy of a case says, against what this tab last read or wrote there (its base). */
export type StoredResolution =
  /** Nothing new: the stored text is this tab's base, or already what it would write. */
  | { kind: 'same' }
  /** Another tab stored a version since: merged with this tab's plan. */
  | { kind: 'merged'; plan: Plan; text: string; conflicts: string[] }
  /** The stored text is no plan of this case (damaged, or hostile): it must be kept aside, not merged. */
  | { kind: 'unreadable'; why: string };

/**
 * Compare-and-set for autosave: before a tab writes a case's plan it reads the stored text; if that is no
 * longer the text the tab last read or wrote (`baseText`), another tab saved meanwhile, and the two are
 * merged (mergePlans) instead of overwritten. `local` undefined: this tab holds no plan of the case.
 */
export function resolveStored(
  caseKey: string,
  baseText: string | undefined,
  local: Plan | undefined,
  storedText: string | undefined,
  localText?: string,
): StoredResolution {
  if (storedText === undefined || storedText === baseText || storedText === localText)
    return { kind: 'same' };
  const remote = parsePlanFile(storedText);
  if (!remote.ok) return { kind: 'unreadable', why: remote.error };
  if (remote.value.caseKey !== caseKey)
    return { kind: 'unreadable', why: `it names case '${remote.value.caseKey}'` };
  const base = baseText === undefined ? undefined : parsePlanFile(baseText);
  const merged = local
    ? mergePlans(base?.ok ? base.value : undefined, local, remote.value)
    : { plan: remote.value, conflicts: [] };
  return { kind: 'merged', plan: merged.plan, text: serializePlan(merged.plan), conflicts: merged.conflicts };
}
