import type { Plan } from '../../planning/planFile';
import { currentSignOff, planReview, REVIEW_STATUS_LABELS } from '../../planning/review';

const when = (iso: string): string => iso.replace('T', ' ').slice(0, 16);

/** The report's review line: status, version and who signed it off when (issue 22). */
export function ReviewSignOff({ plan }: { plan: Plan }) {
  const review = planReview(plan);
  const signOff = currentSignOff(review);
  const comments = review.comments.filter((c) => c.planVersion === review.version).length;
  return (
    <p className={`report-review status-${review.status}`} data-testid="report-review">
      <strong>Review: {REVIEW_STATUS_LABELS[review.status]}</strong> (plan version {review.version})
      {signOff ? ` — signed off by ${signOff.by}, ${when(signOff.atIso)} UTC` : ' — not signed off'}
      {comments > 0 && `; ${comments} review comment${comments === 1 ? '' : 's'} on this version`}
    </p>
  );
}
