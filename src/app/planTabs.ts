import { isSessionOnlyCase } from '../planning/planAutosave';
import type { WithLock } from '../planning/planAutosaveAsync';
import type { PlanState } from '../state/planStore';
import type { TabPresenceState } from '../state/tabPresenceStore';

/**
 * Two tabs of the app on one case (issue 24 class 5). Autosave itself never overwrites another tab's save
 * (compare-and-set with a merge, planning/planMerge.ts); this module makes that immediate and visible:
 * - every save is announced on a BroadcastChannel, and the other tabs merge it into their plan at once;
 * - each tab announces the case it shows, so both show "This case is open in another tab";
 * - read-compare-write of a case runs under a Web Lock named after the case (one tab at a time).
 * The channel carries case keys only, never plan content: the plan travels through the browser's storage.
 */
export type TabMessage =
  | { type: 'open'; tabId: string; caseKey: string | null; reply: boolean }
  | { type: 'saved'; tabId: string; caseKeys: string[] }
  | { type: 'closed'; tabId: string };

/** The part of BroadcastChannel used here (the browser's, or Node's in tests). */
export interface TabChannel {
  postMessage(message: TabMessage): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

interface Store<S> {
  getState: () => S;
  subscribe: (listener: (state: S, previous: S) => void) => () => void;
}

export interface PlanTabsDeps {
  plans: Store<PlanState>;
  presence: Pick<Store<TabPresenceState>, 'getState'>;
  channel: TabChannel;
  tabId: string;
  /** Web Locks (navigator.locks.request); without it writes are not serialised across tabs, still merged. */
  withLock?: WithLock;
}

const isMessage = (d: unknown): d is TabMessage => {
  if (typeof d !== 'object' || d === null) return false;
  const m = d as Record<string, unknown>;
  if (typeof m.tabId !== 'string') return false;
  if (m.type === 'open')
    return (typeof m.caseKey === 'string' || m.caseKey === null) && typeof m.reply === 'boolean';
  if (m.type === 'saved') return Array.isArray(m.caseKeys) && m.caseKeys.every((k) => typeof k === 'string');
  return m.type === 'closed';
};

/** The case this tab shows, as other tabs should see it (trainee mode's session-only cases are private). */
const shownCase = (s: PlanState): string | null =>
  s.activeCaseKey !== null && !isSessionOnlyCase(s.activeCaseKey) ? s.activeCaseKey : null;

/** Connects one tab; returns the function that says goodbye and disconnects. */
export function connectPlanTabs(deps: PlanTabsDeps): () => void {
  const { plans, presence, channel, tabId } = deps;
  const announce = (reply: boolean) =>
    channel.postMessage({ type: 'open', tabId, caseKey: shownCase(plans.getState()), reply });
  plans.getState().connectTabs({
    withLock: deps.withLock,
    onCommitted: (caseKeys) => channel.postMessage({ type: 'saved', tabId, caseKeys }),
  });
  channel.onmessage = (event) => {
    const m = event.data;
    if (!isMessage(m) || m.tabId === tabId) return;
    if (m.type === 'closed') return presence.getState().removeOther(m.tabId);
    if (m.type === 'open') {
      presence.getState().setOther(m.tabId, m.caseKey);
      if (!m.reply) announce(true);
      return;
    }
    for (const caseKey of m.caseKeys)
      if (caseKey in plans.getState().plans) void plans.getState().syncFromStorage(caseKey);
  };
  const stop = plans.subscribe((s, previous) => {
    if (shownCase(s) !== shownCase(previous)) announce(false);
  });
  announce(false);
  return () => {
    stop();
    channel.postMessage({ type: 'closed', tabId });
    channel.close();
  };
}

/** The browser's wiring (startPlanSync.ts): the channel, Web Locks when present, goodbye on page hide. */
export function startPlanTabs(
  plans: PlanTabsDeps['plans'],
  presence: PlanTabsDeps['presence'],
): (() => void) | undefined {
  if (typeof BroadcastChannel === 'undefined') return undefined;
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  const connect = () =>
    connectPlanTabs({
      plans,
      presence,
      channel: new BroadcastChannel('spineplan.plan-tabs') as unknown as TabChannel,
      tabId: crypto.randomUUID(),
      withLock: locks ? (name, task) => locks.request(name, task) : undefined,
    });
  let disconnect: (() => void) | null = connect();
  // A page kept in the back-forward cache says goodbye when hidden and connects again when shown.
  globalThis.addEventListener?.('pagehide', () => {
    disconnect?.();
    disconnect = null;
  });
  globalThis.addEventListener?.('pageshow', (event) => {
    if (!disconnect && (event as PageTransitionEvent).persisted) disconnect = connect();
  });
  return () => {
    disconnect?.();
    disconnect = null;
  };
}
