/**
 * The plan's review and sign-off in its Comprehensive 3D SR (issue 22): status, version, pinned comments
 * (point, trajectory, measurement) and history read back equal; an approved plan's header says VERIFIED with
 * the reviewer (PS3.3 C.17.2), checked by dciodvfy, dsrdump and pydicom.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { buildPlanSr, SR_POINT_TOLERANCE_MM, srDatasetToPlan } from '../../src/app/planSr';
import { planToSrContent } from '../../src/app/planToSrContent';
import { readSrDocument } from '../../src/dicom/sr/readSrDocument';
import { buildComprehensive3dSr, type SrVerification } from '../../src/dicom/write/comprehensive3dSr';
import type { Plan } from '../../src/planning/planFile';
import {
  applyReviewAction,
  initialReview,
  measurementAnchorPoint,
  type ReviewAction,
  reviewAfterEdit,
} from '../../src/planning/review';
import { dciodvfy, dsrdump, pydicomJson, toolFolder } from './dicom-tools';
import { planDifferences as differences } from './plan-compare';
import { fullPlan, PHANTOM_UIDS, phantomCtReference, templateTrajectories } from './plan-sr-fixtures';

const tools = toolFolder();
afterAll(() => tools.dispose());

function act(plan: Plan, action: ReviewAction, atIso: string): Plan {
  const r = applyReviewAction(plan, action, atIso);
  if (!r.ok) throw new Error(r.error);
  return r.plan;
}

const base: Plan = {
  ...fullPlan(templateTrajectories().slice(0, 3), { note: 'prüfen', measurement: 'Länge' }),
  noGoMasks: [],
  review: initialReview('7d1f0c2e-1111-4a4a-9b9b-0123456789ab'),
};
const t0 = base.trajectories[0]!;
const m1 = base.measurements[0]!;

/** Submitted, then three comments (point, trajectory, measurement) by the reviewer. */
function commented(): Plan {
  let p = act(base, { kind: 'submit', by: 'Dr. Planner' }, '2026-12-07T01:00:00.000Z');
  p = act(
    p,
    {
      kind: 'comment',
      by: 'Dr. Åsa Ström',
      text: 'Foramen here looks narrow — check',
      anchor: { kind: 'point', pointLps: [12.5, -30.25, 41.125] },
      id: 'c-point',
    },
    '2026-12-07T01:05:00.000Z',
  );
  p = act(
    p,
    {
      kind: 'comment',
      by: 'Dr. Åsa Ström',
      text: 'Entry 5 mm more lateral?',
      anchor: { kind: 'trajectory', trajectoryId: t0.id, pointLps: t0.targetLps },
      id: 'c-trajectory',
    },
    '2026-12-07T01:06:00.000Z',
  );
  return act(
    p,
    {
      kind: 'comment',
      by: 'Dr. Åsa Ström',
      text: '距離を確認',
      anchor: { kind: 'measurement', measurementId: m1.id, pointLps: measurementAnchorPoint(m1) },
      id: 'c-measurement',
    },
    '2026-12-07T01:07:00.000Z',
  );
}

const approved = act(
  commented(),
  { kind: 'approve', by: 'Dr. Åsa Ström^x\\y', note: 'Good to go' },
  '2026-12-07T01:10:00.000Z',
);
const changesRequested = act(
  commented(),
  { kind: 'request-changes', by: 'Dr. Åsa Ström', note: 'Move the entry', organization: 'Klinik Süd' },
  '2026-12-07T01:10:00.000Z',
);
/** Approved, then edited: a draft of version 2 whose history lists the change. */
const editedAfterApproval = reviewAfterEdit(
  approved,
  {
    ...approved,
    trajectories: approved.trajectories.map((t, i) =>
      i === 0 ? { ...t, entryLps: [t.entryLps[0] + 5, t.entryLps[1], t.entryLps[2]] } : t,
    ),
  },
  '2026-12-07T01:20:00.000Z',
  'Dr. Planner',
);

const srOf = (plan: Plan) =>
  buildPlanSr(plan, phantomCtReference('Müller^Zoë'), { now: new Date('2026-12-07T01:30:00Z') }).bytes;
const written = { approved: srOf(approved), changesRequested: srOf(changesRequested) };

describe('plan review in the SR', () => {
  it('an approved and a changes-requested plan read back equal, comments pinned where they were', () => {
    for (const plan of [approved, changesRequested]) {
      const back = srDatasetToPlan(srOf(plan));
      expect(back.losses).toEqual([]);
      expect(differences(back.plan, plan)).toEqual([]);
      expect(back.plan.review?.comments.map((c) => c.anchor.kind)).toEqual([
        'point',
        'trajectory',
        'measurement',
      ]);
    }
    expect(srDatasetToPlan(written.approved).plan.review?.status).toBe('approved');
    expect(srDatasetToPlan(written.changesRequested).plan.review?.status).toBe('changes-requested');
  });

  it('an edit after approval: draft version 2 with the change listed; the reviewed content is the named loss', () => {
    const review = editedAfterApproval.review!;
    expect([review.status, review.version]).toEqual(['draft', 2]);
    const back = srDatasetToPlan(srOf(editedAfterApproval));
    expect(back.losses).toEqual([
      'the content of reviewed version 1 is not in the SR (a draft does not need it: the next submission keeps its own)',
    ]);
    const { baseline: _dropped, ...withoutBaseline } = review;
    expect(differences(back.plan, { ...editedAfterApproval, review: withoutBaseline })).toEqual([]);
    const last = back.plan.review!.history.at(-1)!;
    expect(last.kind).toBe('returned-to-draft');
    expect(last.changes?.[0]).toMatch(/trajectory moved \(entry 5\.0 mm/);
  });

  it('passes dciodvfy with no errors, VERIFIED and UNVERIFIED alike', () => {
    for (const [name, bytes] of Object.entries(written)) {
      const { errors, warnings } = dciodvfy(tools.write(`review-${name}.dcm`, bytes));
      expect(errors, name).toEqual([]);
      expect(warnings, name).toEqual([
        'Warning - Unrecognized defined term <99SPINEPLAN> for value 1 of attribute <Coding Scheme Designator>',
      ]);
    }
  });

  it("dsrdump prints each comment's pin point and text", () => {
    const out = dsrdump(tools.write('review-dump.dcm', written.approved));
    const complaints = out
      .split('\n')
      .filter((l) => /^[WEF]: /.test(l) && !/Specific Character Set: ISO_IR 192/.test(l));
    expect(complaints).toEqual([]);
    const pins = [...out.matchAll(/SCOORD3D:\(COMMENT-PIN,99SPINEPLAN,"[^"]*"\)=\(POINT,,([^)]*)\)/g)].map(
      (m) => m[1]!.split('/').map(Number),
    );
    const comments = approved.review!.comments;
    expect(pins).toHaveLength(comments.length);
    comments.forEach((c, k) => {
      for (let a = 0; a < 3; a++)
        expect(Math.abs(pins[k]![a]! - c.anchor.pointLps[a]!)).toBeLessThan(SR_POINT_TOLERANCE_MM);
      expect(out).toContain(`="${c.text}"`);
    });
    expect(out).toContain('Verification Flag   : VERIFIED');
    expect(out).toContain('Verifying Observers : 2026-12-07 01:10:00, Dr. Åsa Ström x y^, Not recorded');
  });

  it('pydicom reads the sign-off (VERIFIED, the reviewer, the time) and the pins', () => {
    type Read = {
      verificationFlag: string;
      verifyingObservers: { name: string; organization: string; dateTime: string }[];
      reviewComments: { text: string; pins: number[][][] }[];
    };
    const ok = pydicomJson<Read>('read-sr.py', tools.write('review-py.dcm', written.approved));
    expect(ok.verificationFlag).toBe('VERIFIED');
    // '^' and '\' are Person Name delimiters: written as spaces; the name as typed is the family-name component.
    expect(ok.verifyingObservers).toEqual([
      { name: 'Dr. Åsa Ström x y^', organization: 'Not recorded', dateTime: '20261207011000' },
    ]);
    expect(ok.reviewComments.map((c) => c.text)).toEqual(approved.review!.comments.map((c) => c.text));
    expect(ok.reviewComments.map((c) => c.pins[0]![0])).toEqual(
      approved.review!.comments.map((c) => c.anchor.pointLps.map(Math.fround)),
    );
    const other = pydicomJson<Read>('read-sr.py', tools.write('review-py-2.dcm', written.changesRequested));
    expect(other.verificationFlag).toBe('UNVERIFIED');
    expect(other.verifyingObservers).toEqual([]);
  });

  it('our reader sees the header sign-off too', () => {
    const doc = readSrDocument(written.approved);
    expect(doc.verificationFlag).toBe('VERIFIED');
    expect(doc.verifyingObservers).toEqual([
      { name: 'Dr. Åsa Ström x y^', organization: 'Not recorded', dateTime: '20261207011000' },
    ]);
    expect(readSrDocument(written.changesRequested).verificationFlag).toBe('UNVERIFIED');
  });

  it("the reviewer's organization is the header's Verifying Organization and comes back with the sign-off", () => {
    const atClinic = act(
      commented(),
      { kind: 'approve', by: 'Dr. Lee', organization: 'Klinik Süd – Schmerzambulanz' },
      '2026-12-07T02:00:00.000Z',
    );
    const bytes = srOf(atClinic);
    expect(readSrDocument(bytes).verifyingObservers).toEqual([
      { name: 'Dr. Lee^', organization: 'Klinik Süd – Schmerzambulanz', dateTime: '20261207020000' },
    ]);
    const py = pydicomJson<{ verifyingObservers: { organization: string }[] }>(
      'read-sr.py',
      tools.write('review-py-org.dcm', bytes),
    );
    expect(py.verifyingObservers.map((o) => o.organization)).toEqual(['Klinik Süd – Schmerzambulanz']);
    const back = srDatasetToPlan(bytes);
    expect(back.losses).toEqual([]);
    expect(differences(back.plan, atClinic)).toEqual([]);
    expect(back.plan.review?.history.at(-1)?.organization).toBe('Klinik Süd – Schmerzambulanz');
    // The request for changes of the shared fixture kept its organization too (an event, not the header).
    expect(srDatasetToPlan(written.changesRequested).plan.review?.history.at(-1)?.organization).toBe(
      'Klinik Süd',
    );
  });

  const ct = phantomCtReference('Other^System');
  const image = { ...ct, studyInstanceUid: ct.study.studyInstanceUid };
  const document = (root: ReturnType<typeof planToSrContent>, verification?: SrVerification) =>
    buildComprehensive3dSr({
      study: ct.study,
      root,
      evidence: [{ seriesInstanceUid: ct.seriesInstanceUid, instances: ct.instances! }],
      codingSchemes: [],
      seriesDescription: 'other',
      now: new Date(),
      ...(verification ? { verification } : {}),
    }).bytes;

  it("another system's VERIFIED SR without our review reads as approved by its verifying observer", () => {
    const { review: _none, ...unreviewed } = base;
    const bytes = document(planToSrContent(unreviewed, image), {
      observerName: 'Spine^Anna',
      organization: 'St. Elsewhere',
      at: new Date('2026-12-06T09:30:00Z'),
    });
    const back = srDatasetToPlan(bytes);
    expect(back.plan.review?.status).toBe('approved');
    expect(back.plan.review?.history).toEqual([
      {
        kind: 'approved',
        by: 'Spine Anna',
        atIso: '2026-12-06T09:30:00.000Z',
        version: 1,
        organization: 'St. Elsewhere',
      },
    ]);
    expect(back.losses).toContain(
      'the document was verified by Spine Anna (St. Elsewhere) at 2026-12-06T09:30:00.000Z: read as an approved plan; no comments or review history before that are in the SR',
    );
  });

  it('a review that says approved in an UNVERIFIED document, and a pin on another frame, are named', () => {
    const root = planToSrContent(approved, image);
    const review = root.children!.find((c) => c.concept?.value === 'REVIEW')!;
    const pin = review
      .children!.find((c) => c.concept?.value === 'REVIEW-COMMENT')!
      .children!.find((c) => c.type === 'SCOORD3D')!;
    if (pin.type === 'SCOORD3D') pin.frameOfReferenceUid = '9.9';
    const back = srDatasetToPlan(document(root));
    expect(back.losses).toEqual([
      `review comment 1 is pinned on frame of reference 9.9, not the plan's ${PHANTOM_UIDS.frameOfReference}: its point is kept as written`,
      "the plan's review says approved, but the document's Verification Flag is UNVERIFIED",
    ]);
    expect(back.plan.review?.status).toBe('approved');
  });
});
