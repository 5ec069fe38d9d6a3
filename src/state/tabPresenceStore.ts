import { create } from 'zustand';

/**
 * Which plan case each OTHER browser tab of this app has open (issue 24 class 5), from app/planTabs.ts: the
 * plan panel warns "This case is open in another tab" when one of them shows the active case.
 */
export interface TabPresenceState {
  /** Other tabs by id: the plan case each has active (null: none). */
  others: Record<string, string | null>;
  setOther: (tabId: string, caseKey: string | null) => void;
  removeOther: (tabId: string) => void;
}

/** A presence store; the app uses `useTabPresenceStore`, tests build one per simulated tab. */
export const createTabPresenceStore = () =>
  create<TabPresenceState>()((set) => ({
    others: {},
    setOther: (tabId, caseKey) =>
      set((s) => (s.others[tabId] === caseKey ? s : { others: { ...s.others, [tabId]: caseKey } })),
    removeOther: (tabId) =>
      set((s) => {
        if (!(tabId in s.others)) return s;
        const { [tabId]: _gone, ...others } = s.others;
        return { others };
      }),
  }));

export const useTabPresenceStore = createTabPresenceStore();

/** How many other tabs show `caseKey`. */
export const otherTabsOnCase = (s: Pick<TabPresenceState, 'others'>, caseKey: string | null): number =>
  caseKey === null ? 0 : Object.values(s.others).filter((k) => k === caseKey).length;
