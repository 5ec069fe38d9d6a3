/**
 * Review and sign-off of a plan (issue 22): status draft -> ready for review -> approved or changes
 * requested, comments pinned to a point, a trajectory or a measurement, and the whole history, kept in the
 * plan file (schema 4). An edit after the plan left draft returns it to draft as a new version and lists what
 * changed since the version that was reviewed.
 */
import { angleDeg, distance, lerp, sub, type Vec3 } from '../core/vec3';
import type { Measurement, Plan } from './planFile';
import type { Trajectory } from './trajectory';

export type ReviewStatus = 'draft' | 'ready' | 'approved' | 'changes-requested';

export const REVIEW_STATUS_LABELS: Record<ReviewStatus, string> = {
  draft: 'Draft',
  ready: 'Ready for review',
  approved: 'Approved',
  'changes-requested': 'Changes requested',
};

/** Where a comment is pinned; every anchor has a point so it can be drawn in 2D and 3D. */
export type CommentAnchor =
  | { kind: 'point'; pointLps: Vec3 }
  | { kind: 'trajectory'; trajectoryId: string; pointLps: Vec3 }
  | { kind: 'measurement'; measurementId: string; pointLps: Vec3 };

export interface ReviewComment {
  id: string;
  author: string;
  /** ISO 8601. */
  atIso: string;
  text: string;
  anchor: CommentAnchor;
  /** The plan version the comment was made on. */
  planVersion: number;
}

export type ReviewEventKind =
  | 'submitted'
  | 'approved'
  | 'changes-requested'
  | 'returned-to-draft'
  | 'commented'
  | 'review-merged';

export interface ReviewEvent {
  kind: ReviewEventKind;
  by: string;
  atIso: string;
  /** The plan version the event concerns. */
  version: number;
  note?: string;
  /** The organization the person acted for (a sign-off's Verifying Organization, PS3.3 C.17.2), when given. */
  organization?: string;
  /** returned-to-draft: what changed since the reviewed version, in words. */
  changes?: string[];
}

/** The reviewed content (trajectories and measurements) of the version last submitted or approved. */
export interface ReviewBaseline {
  version: number;
  trajectories: Trajectory[];
  measurements: Measurement[];
}

export interface PlanReview {
  /** The plan's identity across copies and versions (a bundle's review merges back by it). */
  planId: string;
  /** Starts at 1; a content edit after the plan left draft makes a new version. */
  version: number;
  status: ReviewStatus;
  comments: ReviewComment[];
  history: ReviewEvent[];
  baseline?: ReviewBaseline;
}

/** A new plan identity: a random UUID (RFC 4122 v4). */
export const newPlanId = (): string => globalThis.crypto.randomUUID();

/** The review of a plan saved before reviews existed: a draft, version 1. */
export function initialReview(planId: string = newPlanId()): PlanReview {
  return { planId, version: 1, status: 'draft', comments: [], history: [] };
}

/** The plan's review (plans made in code before schema 4 carry none: a fresh draft). */
export const planReview = (plan: Plan): PlanReview => plan.review ?? initialReview();

const round1 = (x: number): string => (Math.round(x * 10) / 10).toFixed(1);

/** Direction of a trajectory (entry -> target). */
const direction = (t: Trajectory): Vec3 => sub(t.targetLps, t.entryLps);

/** What changed between two versions of a plan's reviewed content, in words ("L4-L5 left: target moved 2.0 mm"). */
export function describeChanges(
  before: ReviewBaseline,
  after: Pick<Plan, 'trajectories' | 'measurements'>,
): string[] {
  const changes: string[] = [];
  const beforeById = new Map(before.trajectories.map((t) => [t.id, t]));
  for (const t of after.trajectories) {
    const was = beforeById.get(t.id);
    if (!was) {
      changes.push(`${t.name}: trajectory added`);
      continue;
    }
    beforeById.delete(t.id);
    const entryMm = distance(was.entryLps, t.entryLps);
    const targetMm = distance(was.targetLps, t.targetLps);
    if (entryMm > 0.05 || targetMm > 0.05) {
      const deg = angleDeg(direction(was), direction(t));
      changes.push(
        `${t.name}: trajectory moved (entry ${round1(entryMm)} mm, target ${round1(targetMm)} mm, direction ${round1(deg)} deg)`,
      );
    }
    if (was.needleId !== t.needleId)
      changes.push(`${t.name}: needle changed (${was.needleId} -> ${t.needleId})`);
    if (was.procedure !== t.procedure)
      changes.push(`${t.name}: procedure changed (${was.procedure} -> ${t.procedure})`);
    if (was.level !== t.level || was.side !== t.side)
      changes.push(`${t.name}: level/side changed (${was.level} ${was.side} -> ${t.level} ${t.side})`);
    if (was.name !== t.name) changes.push(`${was.name}: renamed ${t.name}`);
  }
  for (const t of beforeById.values()) changes.push(`${t.name}: trajectory removed`);
  const measuresBefore = new Map(before.measurements.map((m) => [m.id, m]));
  for (const m of after.measurements) {
    const was = measuresBefore.get(m.id);
    if (!was) changes.push(`${m.name}: measurement added`);
    else if (JSON.stringify(was) !== JSON.stringify(m)) changes.push(`${m.name}: measurement changed`);
    measuresBefore.delete(m.id);
  }
  for (const m of measuresBefore.values()) changes.push(`${m.name}: measurement removed`);
  return changes;
}

const contentOf = (plan: Plan) => ({ trajectories: plan.trajectories, measurements: plan.measurements });
const sameContent = (a: Plan, b: Plan): boolean =>
  JSON.stringify([a.trajectories, a.measurements, a.noGoStructures, a.noGoMasks, a.clearanceWarningMm]) ===
  JSON.stringify([b.trajectories, b.measurements, b.noGoStructures, b.noGoMasks, b.clearanceWarningMm]);

/**
 * Applied to every edit of a plan: when the content changes while the plan is not a draft, it returns to
 * draft as the next version, with the changes since the reviewed version listed in its history.
 */
export function reviewAfterEdit(before: Plan, after: Plan, nowIso: string, by = ''): Plan {
  const review = before.review;
  if (!review || review.status === 'draft' || sameContent(before, after)) return after;
  const baseline = review.baseline ?? { version: review.version, ...contentOf(before) };
  const changes = describeChanges(baseline, after);
  const version = review.version + 1;
  return {
    ...after,
    review: {
      ...review,
      version,
      status: 'draft',
      history: [
        ...review.history,
        {
          kind: 'returned-to-draft',
          by,
          atIso: nowIso,
          version,
          note: `edited after it was ${REVIEW_STATUS_LABELS[review.status].toLowerCase()} (version ${review.version})`,
          changes: changes.length > 0 ? changes : ['no-go regions or warning distance changed'],
        },
      ],
    },
  };
}

export type ReviewAction =
  | { kind: 'submit'; by: string; note?: string; organization?: string }
  | { kind: 'approve'; by: string; note?: string; organization?: string }
  | { kind: 'request-changes'; by: string; note?: string; organization?: string }
  | { kind: 'comment'; by: string; text: string; anchor: CommentAnchor; id?: string };

/** Which status changes are allowed from where (a reviewer may approve or request changes on a draft too). */
const ALLOWED: Record<Exclude<ReviewAction['kind'], 'comment'>, readonly ReviewStatus[]> = {
  submit: ['draft', 'changes-requested'],
  approve: ['draft', 'ready', 'changes-requested'],
  'request-changes': ['draft', 'ready', 'approved'],
};

const EVENT_OF = {
  submit: 'submitted',
  approve: 'approved',
  'request-changes': 'changes-requested',
} as const;
const STATUS_OF = { submit: 'ready', approve: 'approved', 'request-changes': 'changes-requested' } as const;

/** Applies a review action; an action not allowed from the current status, or without a name, says why. */
export function applyReviewAction(
  plan: Plan,
  action: ReviewAction,
  nowIso: string,
): { ok: true; plan: Plan } | { ok: false; error: string } {
  const review = planReview(plan);
  const by = action.by.trim();
  if (!by) return { ok: false, error: 'enter your name first' };
  if (action.kind === 'comment') {
    const text = action.text.trim();
    if (!text) return { ok: false, error: 'the comment is empty' };
    const comment: ReviewComment = {
      id: action.id ?? newPlanId(),
      author: by,
      atIso: nowIso,
      text,
      anchor: action.anchor,
      planVersion: review.version,
    };
    return {
      ok: true,
      plan: {
        ...plan,
        review: {
          ...review,
          comments: [...review.comments, comment],
          history: [
            ...review.history,
            { kind: 'commented', by, atIso: nowIso, version: review.version, note: text },
          ],
        },
      },
    };
  }
  if (!ALLOWED[action.kind].includes(review.status))
    return {
      ok: false,
      error: `a plan that is ${REVIEW_STATUS_LABELS[review.status].toLowerCase()} cannot be ${action.kind === 'submit' ? 'submitted' : action.kind === 'approve' ? 'approved' : 'sent back'}`,
    };
  const event: ReviewEvent = { kind: EVENT_OF[action.kind], by, atIso: nowIso, version: review.version };
  if (action.note?.trim()) event.note = action.note.trim();
  if (action.organization?.trim()) event.organization = action.organization.trim();
  return {
    ok: true,
    plan: {
      ...plan,
      review: {
        ...review,
        status: STATUS_OF[action.kind],
        history: [...review.history, event],
        baseline: { version: review.version, ...contentOf(plan) },
      },
    },
  };
}

/** The last approval of the current version, for the report's sign-off line. */
export function currentSignOff(review: PlanReview): ReviewEvent | undefined {
  if (review.status !== 'approved') return undefined;
  return [...review.history].reverse().find((e) => e.kind === 'approved' && e.version === review.version);
}

/** "signed off by Dr A (Clinic B), 2026-12-07 09:30 UTC": who approved the current version, when, for whom. */
export function signOffText(signOff: ReviewEvent): string {
  const organization = signOff.organization ? ` (${signOff.organization})` : '';
  return `signed off by ${signOff.by}${organization}, ${signOff.atIso.replace('T', ' ').slice(0, 16)} UTC`;
}

/** Comments made on the current version (the ones the report counts). */
export const currentVersionComments = (review: PlanReview): number =>
  review.comments.filter((c) => c.planVersion === review.version).length;

/** The printed report's review line: status, version, sign-off (or its absence) and the version's comments. */
export function reviewLineText(review: PlanReview): string {
  const signOff = currentSignOff(review);
  const comments = currentVersionComments(review);
  return `Review: ${REVIEW_STATUS_LABELS[review.status]} (plan version ${review.version}) - ${
    signOff ? signOffText(signOff) : 'not signed off'
  }${comments > 0 ? `; ${comments} review comment${comments === 1 ? '' : 's'} on this version` : ''}`;
}

/** The middle of a measurement, where its comments are pinned. */
export function measurementAnchorPoint(m: Measurement): Vec3 {
  if (m.kind === 'region') return m.centreLps;
  if (m.kind === 'angle') return m.vertexLps;
  return lerp(m.aLps, m.bLps, 0.5);
}

const eventKey = (e: ReviewEvent) => `${e.kind}|${e.by}|${e.atIso}|${e.version}`;

/**
 * Two tabs' copies of one plan's review (planMerge.ts): comments and history united (by comment id and by
 * event), the status, version and baseline of the copy whose history moved last.
 */
export function mergeTabReviews(
  local: PlanReview | undefined,
  remote: PlanReview | undefined,
): PlanReview | undefined {
  if (!local || !remote) return local ?? remote;
  if (local.planId !== remote.planId) return local;
  // ISO 8601 times in UTC sort as text.
  const lastAt = (r: PlanReview) =>
    r.history
      .map((e) => e.atIso)
      .sort()
      .at(-1) ?? '';
  const lead = lastAt(remote) > lastAt(local) ? remote : local;
  const ids = new Set(local.comments.map((c) => c.id));
  const keys = new Set(local.history.map(eventKey));
  const history = [...local.history, ...remote.history.filter((e) => !keys.has(eventKey(e)))].sort((a, b) =>
    a.atIso < b.atIso ? -1 : a.atIso > b.atIso ? 1 : 0,
  );
  return {
    ...lead,
    version: Math.max(local.version, remote.version),
    comments: [...local.comments, ...remote.comments.filter((c) => !ids.has(c.id))],
    history,
  };
}
