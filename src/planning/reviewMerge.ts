/**
 * A remote reviewer's answer to a case bundle: their comments and decisions as a small JSON file, merged back
 * into the original plan by plan identity and version. Nothing is overwritten silently: a comment whose id
 * exists with other content, or a decision that contradicts one already taken, is listed as a conflict and
 * left for the planner; a review of an older version adds its comments but never changes the status.
 */
import type { Plan } from './planFile';
import {
  type PlanReview,
  planReview,
  REVIEW_STATUS_LABELS,
  type ReviewComment,
  type ReviewEvent,
  type ReviewStatus,
} from './review';
import { checkReview } from './reviewValidate';

export const REVIEW_FILE_FORMAT = 'spineplan-review';
export const REVIEW_FILE_SUFFIX = '.spineplan-review.json';

export interface ReviewFile {
  format: typeof REVIEW_FILE_FORMAT;
  planId: string;
  /** The plan version the reviewer saw. */
  planVersion: number;
  reviewer: string;
  createdAt: string;
  /** The reviewer's copy of the review (comments and history, theirs and the ones that came with the bundle). */
  review: PlanReview;
}

/** The review file of the reviewer's copy of a plan. */
export function makeReviewFile(plan: Plan, reviewer: string, nowIso: string): ReviewFile {
  const review = planReview(plan);
  return {
    format: REVIEW_FILE_FORMAT,
    planId: review.planId,
    planVersion: review.version,
    reviewer,
    createdAt: nowIso,
    review: { ...review, baseline: undefined } as PlanReview,
  };
}

export const serializeReviewFile = (file: ReviewFile): string => `${JSON.stringify(file, null, 2)}\n`;

/** Parses a review file with a readable error (which field is wrong). */
export function parseReviewFile(
  text: string,
): { ok: true; value: ReviewFile } | { ok: false; error: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: 'not a review file: the text is not JSON' };
  }
  if (typeof data !== 'object' || data === null)
    return { ok: false, error: 'not a review file: expected an object' };
  const o = data as Record<string, unknown>;
  if (o.format !== REVIEW_FILE_FORMAT)
    return {
      ok: false,
      error:
        o.format === 'spineplan-plan'
          ? 'this is a plan file, not a review: open it with Import plan'
          : `not a review file: format is '${String(o.format)}', expected '${REVIEW_FILE_FORMAT}'`,
    };
  const review = checkReview(o.review);
  if (!review.review)
    return { ok: false, error: `invalid review file: ${review.problems.slice(0, 6).join('; ')}` };
  if (typeof o.planId !== 'string' || !Number.isInteger(o.planVersion) || typeof o.reviewer !== 'string')
    return { ok: false, error: 'invalid review file: planId, planVersion or reviewer missing' };
  return {
    ok: true,
    value: {
      format: REVIEW_FILE_FORMAT,
      planId: o.planId,
      planVersion: o.planVersion as number,
      reviewer: o.reviewer,
      createdAt: typeof o.createdAt === 'string' ? o.createdAt : '',
      review: review.review,
    },
  };
}

export interface ReviewMerge {
  plan: Plan;
  /** The review was of an earlier version than the plan has now. */
  olderVersion: boolean;
  /** What was added ("2 comments by Dr B", "approved by Dr B"). */
  added: string[];
  /** What could not be merged without overwriting something: for the planner to decide. */
  conflicts: string[];
}

const eventKey = (e: ReviewEvent) => `${e.kind}|${e.by}|${e.atIso}|${e.version}`;
const DECISIONS: Partial<Record<ReviewEvent['kind'], ReviewStatus>> = {
  approved: 'approved',
  'changes-requested': 'changes-requested',
};

/** Merges a review file into the plan it belongs to, or says why it does not belong. */
export function mergeReviewFile(
  plan: Plan,
  file: ReviewFile,
  nowIso: string,
): { ok: true; value: ReviewMerge } | { ok: false; error: string } {
  const review = planReview(plan);
  if (!plan.review || file.planId !== review.planId)
    return { ok: false, error: 'this review belongs to another plan (its plan identity differs)' };
  if (file.planVersion > review.version)
    return {
      ok: false,
      error: `this review is of version ${file.planVersion}, newer than this plan (version ${review.version}): the reviewer changed the plan itself`,
    };
  const olderVersion = file.planVersion < review.version;
  const conflicts: string[] = [];
  const added: string[] = [];
  const byId = new Map(review.comments.map((c) => [c.id, c]));
  const newComments: ReviewComment[] = [];
  for (const c of file.review.comments) {
    const mine = byId.get(c.id);
    if (!mine) newComments.push(c);
    else if (JSON.stringify(mine) !== JSON.stringify(c))
      conflicts.push(
        `comment by ${c.author} differs from the copy here: both kept, the reviewer's as a new comment`,
      );
    if (mine && JSON.stringify(mine) !== JSON.stringify(c)) newComments.push({ ...c, id: `${c.id}-review` });
  }
  if (newComments.length > 0)
    added.push(
      `${newComments.length} comment${newComments.length === 1 ? '' : 's'} by ${[...new Set(newComments.map((c) => c.author))].join(', ')}`,
    );
  const known = new Set(review.history.map(eventKey));
  const newEvents = file.review.history.filter((e) => !known.has(eventKey(e)));
  let status = review.status;
  const decision = [...newEvents].reverse().find((e) => DECISIONS[e.kind] !== undefined);
  if (decision) {
    const wanted = DECISIONS[decision.kind]!;
    const words = `${REVIEW_STATUS_LABELS[wanted].toLowerCase()} by ${decision.by}`;
    if (olderVersion)
      conflicts.push(
        `${words} on version ${decision.version}, but the plan is now version ${review.version}: status not changed`,
      );
    else if (status === 'approved' || status === 'changes-requested') {
      if (status !== wanted)
        conflicts.push(
          `${words}, but the plan is already ${REVIEW_STATUS_LABELS[status].toLowerCase()}: not changed`,
        );
    } else {
      status = wanted;
      added.push(words);
    }
  }
  const merged: ReviewEvent = {
    kind: 'review-merged',
    by: file.reviewer,
    atIso: nowIso,
    version: file.planVersion,
    note: [
      olderVersion ? `review of version ${file.planVersion} (the plan is version ${review.version})` : '',
      ...added,
      ...conflicts.map((c) => `conflict: ${c}`),
    ]
      .filter(Boolean)
      .join('; '),
  };
  return {
    ok: true,
    value: {
      plan: {
        ...plan,
        review: {
          ...review,
          status,
          comments: [...review.comments, ...newComments],
          history: [...review.history, ...newEvents, merged],
        },
      },
      olderVersion,
      added,
      conflicts,
    },
  };
}
