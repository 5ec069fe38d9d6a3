/**
 * Reading a plan file's review (schema 4): every field checked, problems named by path ("review.comments[0].text").
 */
import type { Vec3 } from '../core/vec3';
import type {
  CommentAnchor,
  PlanReview,
  ReviewBaseline,
  ReviewComment,
  ReviewEvent,
  ReviewEventKind,
  ReviewStatus,
} from './review';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Bounds of what a review may hold (a hostile file cannot make the app build a huge list). */
export const REVIEW_LIMITS = { comments: 500, events: 2000, textChars: 2000, nameChars: 200 } as const;

const STATUSES: readonly ReviewStatus[] = ['draft', 'ready', 'approved', 'changes-requested'];
const EVENT_KINDS: readonly ReviewEventKind[] = [
  'submitted',
  'approved',
  'changes-requested',
  'returned-to-draft',
  'commented',
  'review-merged',
];

class ReviewChecker {
  readonly problems: string[] = [];
  text(o: Obj, key: string, path: string, max: number = REVIEW_LIMITS.textChars): string {
    const v = o[key];
    if (typeof v !== 'string')
      this.problems.push(`${path}${key}: ${v === undefined ? 'missing' : 'expected text'}`);
    else if (v.length > max) this.problems.push(`${path}${key}: longer than ${max} characters`);
    return typeof v === 'string' ? v : '';
  }
  version(o: Obj, key: string, path: string): number {
    const v = o[key];
    if (!Number.isInteger(v) || (v as number) < 1 || (v as number) > 1e6)
      this.problems.push(`${path}${key}: expected a whole number from 1`);
    return Number.isInteger(v) ? (v as number) : 1;
  }
  point(o: Obj, key: string, path: string): Vec3 {
    const v = o[key];
    if (
      !Array.isArray(v) ||
      v.length !== 3 ||
      !v.every((x) => typeof x === 'number' && Number.isFinite(x) && Math.abs(x) < 1e5)
    ) {
      this.problems.push(`${path}${key}: expected [x, y, z] in mm`);
      return [0, 0, 0];
    }
    return [v[0], v[1], v[2]];
  }
  list(o: Obj, key: string, path: string, max: number): unknown[] {
    const v = o[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) {
      this.problems.push(`${path}${key}: expected a list`);
      return [];
    }
    if (v.length > max) this.problems.push(`${path}${key}: more than ${max} entries`);
    return v.slice(0, max);
  }
}

function checkAnchor(c: ReviewChecker, v: unknown, path: string): CommentAnchor {
  if (!isObj(v)) {
    c.problems.push(`${path}: expected an object`);
    return { kind: 'point', pointLps: [0, 0, 0] };
  }
  const pointLps = c.point(v, 'pointLps', `${path}.`);
  if (v.kind === 'trajectory')
    return { kind: 'trajectory', trajectoryId: c.text(v, 'trajectoryId', `${path}.`, 200), pointLps };
  if (v.kind === 'measurement')
    return { kind: 'measurement', measurementId: c.text(v, 'measurementId', `${path}.`, 200), pointLps };
  if (v.kind !== 'point') c.problems.push(`${path}.kind: expected point, trajectory or measurement`);
  return { kind: 'point', pointLps };
}

function checkComment(c: ReviewChecker, v: unknown, path: string): ReviewComment | undefined {
  if (!isObj(v)) {
    c.problems.push(`${path}: expected an object`);
    return undefined;
  }
  return {
    id: c.text(v, 'id', `${path}.`, 200),
    author: c.text(v, 'author', `${path}.`, REVIEW_LIMITS.nameChars),
    atIso: c.text(v, 'atIso', `${path}.`, 40),
    text: c.text(v, 'text', `${path}.`),
    anchor: checkAnchor(c, v.anchor, `${path}.anchor`),
    planVersion: c.version(v, 'planVersion', `${path}.`),
  };
}

function checkEvent(c: ReviewChecker, v: unknown, path: string): ReviewEvent | undefined {
  if (!isObj(v)) {
    c.problems.push(`${path}: expected an object`);
    return undefined;
  }
  if (!EVENT_KINDS.includes(v.kind as ReviewEventKind)) c.problems.push(`${path}.kind: not a review event`);
  const event: ReviewEvent = {
    kind: v.kind as ReviewEventKind,
    by: c.text(v, 'by', `${path}.`, REVIEW_LIMITS.nameChars),
    atIso: c.text(v, 'atIso', `${path}.`, 40),
    version: c.version(v, 'version', `${path}.`),
  };
  if (v.note !== undefined) event.note = c.text(v, 'note', `${path}.`);
  if (v.organization !== undefined)
    event.organization = c.text(v, 'organization', `${path}.`, REVIEW_LIMITS.nameChars);
  if (v.changes !== undefined) {
    const changes = c.list(v, 'changes', `${path}.`, 200);
    if (!changes.every((x) => typeof x === 'string' && x.length <= REVIEW_LIMITS.textChars))
      c.problems.push(`${path}.changes: expected a list of text`);
    else event.changes = changes as string[];
  }
  return event;
}

/**
 * Validates a review object. The baseline's trajectories and measurements are taken as they are: they are
 * only compared against, never drawn or used for a needle.
 */
export function checkReview(v: unknown): { review?: PlanReview; problems: string[] } {
  const c = new ReviewChecker();
  if (!isObj(v)) return { problems: ['review: expected an object'] };
  const status = v.status as ReviewStatus;
  if (!STATUSES.includes(status)) c.problems.push(`review.status: expected ${STATUSES.join(', ')}`);
  const review: PlanReview = {
    planId: c.text(v, 'planId', 'review.', 200),
    version: c.version(v, 'version', 'review.'),
    status,
    comments: c
      .list(v, 'comments', 'review.', REVIEW_LIMITS.comments)
      .map((x, i) => checkComment(c, x, `review.comments[${i}]`))
      .filter((x): x is ReviewComment => x !== undefined),
    history: c
      .list(v, 'history', 'review.', REVIEW_LIMITS.events)
      .map((x, i) => checkEvent(c, x, `review.history[${i}]`))
      .filter((x): x is ReviewEvent => x !== undefined),
  };
  if (review.planId === '' && typeof v.planId === 'string') c.problems.push('review.planId: is empty');
  if (v.baseline !== undefined) {
    const b = v.baseline;
    if (!isObj(b) || !Array.isArray(b.trajectories) || !Array.isArray(b.measurements))
      c.problems.push('review.baseline: expected { version, trajectories, measurements }');
    else
      review.baseline = {
        version: c.version(b, 'version', 'review.baseline.'),
        trajectories: b.trajectories as ReviewBaseline['trajectories'],
        measurements: b.measurements as ReviewBaseline['measurements'],
      };
  }
  return c.problems.length > 0 ? { problems: c.problems } : { review, problems: [] };
}
