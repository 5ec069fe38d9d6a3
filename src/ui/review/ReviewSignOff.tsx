import type { Plan } from '../../planning/planFile';
import {
  currentSignOff,
  currentVersionComments,
  planReview,
  REVIEW_STATUS_LABELS,
  signOffText,
} from '../../planning/review';

/** The report's review line: status, version and who signed it off when (issue 22; the PDF says the same). */
export function ReviewSignOff({ plan }: { plan: Plan }) {
  const review = planReview(plan);
  const signOff = currentSignOff(review);
  const comments = currentVersionComments(review);
  return (
    <p className={`report-review status-${review.status}`} data-testid="report-review">
      <strong>Review: {REVIEW_STATUS_LABELS[review.status]}</strong> (plan version {review.version})
      {signOff ? ` — ${signOffText(signOff)}` : ' — not signed off'}
      {comments > 0 && `; ${comments} review comment${comments === 1 ? '' : 's'} on this version`}
    </p>
  );
}
