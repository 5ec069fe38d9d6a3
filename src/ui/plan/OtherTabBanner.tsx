import { usePlanStore } from '../../state/planStore';
import { otherTabsOnCase, useTabPresenceStore } from '../../state/tabPresenceStore';

/**
 * Two tabs on one case (issue 24 class 5): says so while another tab shows the active case, and what the
 * last merge of the other tab's saved changes did. Nothing is overwritten either way (planning/planMerge.ts).
 */
export function OtherTabBanner() {
  const caseKey = usePlanStore((s) => s.activeCaseKey);
  const notice = usePlanStore((s) => s.tabNotice);
  const others = useTabPresenceStore((s) => otherTabsOnCase(s, caseKey));
  const noticeHere = notice && notice.caseKey === caseKey ? notice : null;
  if (others === 0 && !noticeHere) return null;
  return (
    <div className="other-tab" role="status" data-testid="other-tab-banner">
      {others > 0 && (
        <p data-testid="other-tab-open">
          <strong>This case is open in another tab.</strong> Edits in both tabs are kept: each tab's saved
          changes are merged into the other's plan.
        </p>
      )}
      {noticeHere && (
        <p data-testid="other-tab-merged">
          {noticeHere.conflicts.length === 0
            ? 'Changes made in the other tab were added to this plan.'
            : `Both tabs changed ${noticeHere.conflicts.map((n) => `“${n}”`).join(', ')}: both versions are kept, the other tab's marked “(other tab)”. Delete the one you do not want.`}{' '}
          Undo starts again from here.{' '}
          <button
            type="button"
            className="small ghost"
            onClick={() => usePlanStore.getState().dismissTabNotice()}
            aria-label="Dismiss"
          >
            ✕
          </button>
        </p>
      )}
    </div>
  );
}
