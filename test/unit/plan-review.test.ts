import { describe, expect, it } from 'vitest';
import { emptyPlan, type Plan, parsePlanFile, serializePlan } from '../../src/planning/planFile';
import { mergePlans } from '../../src/planning/planMerge';
import { applyReviewAction, currentSignOff, planReview, reviewAfterEdit } from '../../src/planning/review';
import {
  makeReviewFile,
  mergeReviewFile,
  parseReviewFile,
  serializeReviewFile,
} from '../../src/planning/reviewMerge';
import { createTrajectory } from '../../src/planning/trajectory';

const T0 = '2026-12-07T01:00:00.000Z';
const T1 = '2026-12-07T02:00:00.000Z';

function plannedCase(): Plan {
  const plan = emptyPlan('demo', T0);
  plan.trajectories = [
    createTrajectory('t1', {
      entryLps: [60, 80, 0],
      targetLps: [10, 20, 0],
      name: 'L4-L5 left',
      level: 'L4-L5',
      side: 'left',
    }),
  ];
  plan.measurements = [
    { id: 'm1', kind: 'distance', name: 'Skin to target', aLps: [0, 0, 0], bLps: [0, 10, 0] },
  ];
  return plan;
}

function act(plan: Plan, action: Parameters<typeof applyReviewAction>[1], at = T0): Plan {
  const done = applyReviewAction(plan, action, at);
  if (!done.ok) throw new Error(done.error);
  return done.plan;
}

describe('plan review and sign-off', () => {
  it('goes draft -> ready -> approved, with the reviewer, the time and pinned comments in the history', () => {
    let plan = plannedCase();
    expect(planReview(plan).status).toBe('draft');
    plan = act(plan, { kind: 'submit', by: 'Dr Planner' });
    expect(plan.review?.status).toBe('ready');
    plan = act(plan, {
      kind: 'comment',
      by: 'Dr Reviewer',
      text: 'Entry a little lateral?',
      anchor: { kind: 'trajectory', trajectoryId: 't1', pointLps: [60, 80, 0] },
    });
    plan = act(plan, {
      kind: 'comment',
      by: 'Dr Reviewer',
      text: 'Check this distance',
      anchor: { kind: 'measurement', measurementId: 'm1', pointLps: [0, 5, 0] },
    });
    plan = act(plan, { kind: 'approve', by: 'Dr Reviewer' }, T1);
    const review = plan.review!;
    expect(review.status).toBe('approved');
    expect(review.comments.map((c) => [c.anchor.kind, c.author, c.planVersion])).toEqual([
      ['trajectory', 'Dr Reviewer', 1],
      ['measurement', 'Dr Reviewer', 1],
    ]);
    expect(currentSignOff(review)).toMatchObject({
      kind: 'approved',
      by: 'Dr Reviewer',
      atIso: T1,
      version: 1,
    });
    expect(review.history.map((e) => e.kind)).toEqual(['submitted', 'commented', 'commented', 'approved']);
    // Round trip through the plan file (schema 4).
    const back = parsePlanFile(serializePlan(plan));
    expect(back).toEqual({ ok: true, value: plan });
  });

  it('refuses what the status does not allow, and actions without a name', () => {
    const plan = plannedCase();
    expect(applyReviewAction(plan, { kind: 'approve', by: '  ' }, T0)).toEqual({
      ok: false,
      error: 'enter your name first',
    });
    const approved = act(plan, { kind: 'approve', by: 'R' });
    const again = applyReviewAction(approved, { kind: 'submit', by: 'P' }, T0);
    expect(again.ok).toBe(false);
  });

  it('an edit after approval returns the plan to draft as version 2 and lists what changed', () => {
    const approved = act(act(plannedCase(), { kind: 'submit', by: 'P' }), { kind: 'approve', by: 'R' });
    const t = approved.trajectories[0]!;
    const moved: Plan = {
      ...approved,
      trajectories: [{ ...t, entryLps: [60, 83, 4], needleId: 'spinal-20g-88.9' }],
    };
    const after = reviewAfterEdit(approved, moved, T1, 'P');
    expect(after.review?.status).toBe('draft');
    expect(after.review?.version).toBe(2);
    const last = after.review!.history.at(-1)!;
    expect(last.kind).toBe('returned-to-draft');
    expect(last.changes?.[0]).toMatch(
      /^L4-L5 left: trajectory moved \(entry 5\.0 mm, target 0\.0 mm, direction \d+\.\d deg\)$/,
    );
    expect(last.changes).toContain('L4-L5 left: needle changed (spinal-22g-88.9 -> spinal-20g-88.9)');
    // A draft edit is just an edit; a review-only change (a comment) never returns the plan to draft.
    expect(reviewAfterEdit(after, { ...after, trajectories: [] }, T1)).toEqual({
      ...after,
      trajectories: [],
    });
    const commented = act(approved, {
      kind: 'comment',
      by: 'R',
      text: 'ok',
      anchor: { kind: 'point', pointLps: [1, 2, 3] },
    });
    expect(reviewAfterEdit(approved, commented, T1).review?.status).toBe('approved');
  });

  it('reads schema 3 plans (no review: a draft) and refuses a broken review by path', () => {
    const v3 = JSON.parse(serializePlan(plannedCase()));
    v3.schemaVersion = 3;
    const read = parsePlanFile(JSON.stringify(v3));
    expect(read.ok && read.value.schemaVersion).toBe(4);
    expect(read.ok && read.value.review).toBeUndefined();
    const broken = {
      ...v3,
      schemaVersion: 4,
      review: { planId: 'x', version: 0, status: 'done', comments: [{}] },
    };
    const bad = parsePlanFile(JSON.stringify(broken));
    expect(!bad.ok && bad.error).toMatch(
      /review\.status: expected draft, ready, approved, changes-requested/,
    );
    expect(!bad.ok && bad.error).toMatch(/review\.version: expected a whole number from 1/);
  });
});

describe('merging a review file back', () => {
  const submitted = () => act(plannedCase(), { kind: 'submit', by: 'Dr P' });

  it('adds the reviewer comments and decision by plan identity; refuses another plan and a newer version', () => {
    const planner = submitted();
    const reviewerCopy = act(
      act(planner, {
        kind: 'comment',
        by: 'Dr R',
        text: 'Fine',
        anchor: { kind: 'point', pointLps: [1, 2, 3] },
      }),
      { kind: 'approve', by: 'Dr R' },
      T1,
    );
    const file = parseReviewFile(serializeReviewFile(makeReviewFile(reviewerCopy, 'Dr R', T1)));
    if (!file.ok) throw new Error(file.error);
    const merged = mergeReviewFile(planner, file.value, T1);
    if (!merged.ok) throw new Error(merged.error);
    expect(merged.value.olderVersion).toBe(false);
    expect(merged.value.added).toEqual(['1 comment by Dr R', 'approved by Dr R']);
    expect(merged.value.plan.review?.status).toBe('approved');
    expect(merged.value.plan.review?.comments).toHaveLength(1);
    // Merging the same file again adds nothing.
    const again = mergeReviewFile(merged.value.plan, file.value, T1);
    expect(again.ok && again.value.added).toEqual([]);
    // Another plan, or a version the planner never made.
    const other = act(plannedCase(), { kind: 'submit', by: 'Dr P' });
    expect(mergeReviewFile(other, file.value, T1)).toEqual({
      ok: false,
      error: 'this review belongs to another plan (its plan identity differs)',
    });
    const newer = { ...file.value, planVersion: 3 };
    expect(mergeReviewFile(planner, newer, T1).ok).toBe(false);
  });

  it('lists a comment edited on both sides and a contradicting decision as conflicts, overwriting nothing', () => {
    const planner = act(submitted(), {
      kind: 'comment',
      by: 'Dr P',
      text: 'Please check the depth',
      anchor: { kind: 'point', pointLps: [0, 0, 0] },
      id: 'c1',
    });
    const reviewerCopy = structuredClone(planner);
    reviewerCopy.review!.comments[0]!.text = 'Please check the depth (edited)';
    const withDecision = act(reviewerCopy, { kind: 'request-changes', by: 'Dr R' }, T1);
    const approvedHere = act(planner, { kind: 'approve', by: 'Dr Q' }, T1);
    const merged = mergeReviewFile(approvedHere, makeReviewFile(withDecision, 'Dr R', T1), T1);
    if (!merged.ok) throw new Error(merged.error);
    expect(merged.value.conflicts).toEqual([
      "comment by Dr P differs from the copy here: both kept, the reviewer's as a new comment",
      'changes requested by Dr R, but the plan is already approved: not changed',
    ]);
    expect(merged.value.plan.review?.status).toBe('approved');
    expect(merged.value.plan.review?.comments.map((c) => c.text)).toEqual([
      'Please check the depth',
      'Please check the depth (edited)',
    ]);
  });

  it('two tabs keep both tabs’ comments and the later decision', () => {
    const base = submitted();
    const a = act(base, {
      kind: 'comment',
      by: 'A',
      text: 'a',
      anchor: { kind: 'point', pointLps: [0, 0, 0] },
    });
    const b = act(base, { kind: 'approve', by: 'B' }, T1);
    const merged = mergePlans(base, a, b).plan.review!;
    expect(merged.status).toBe('approved');
    expect(merged.comments.map((c) => c.text)).toEqual(['a']);
    expect(merged.history.map((e) => e.kind)).toEqual(['submitted', 'commented', 'approved']);
  });
});
