import { describe, expect, it } from 'vitest';
import { add, distance, dot, normalize, scale, sub, type Vec3 } from '../../src/core/vec3';
import { generatePhantom, type Phantom } from '../../src/phantom/generate';
import { isBone, Tissue } from '../../src/phantom/labels';
import { noGoDistanceMm } from '../../src/phantom/noGo';
import { frameAnglesOf, frameDirection, levelFrame } from '../../src/planning/approachFrame';
import { carmRecipe, detectorDirection } from '../../src/planning/carm';
import { procedureViews } from '../../src/planning/carmViews';
import { clearanceTo } from '../../src/planning/clearance';
import { endplateNormalFor } from '../../src/planning/endplates';
import { findNeedle, isNeedleLongEnough, shortestSufficientNeedle } from '../../src/planning/needles';
import { type ClearanceKind, PROCEDURES, type ProcedureDefinition } from '../../src/planning/procedures';
import { anteriorThirdAim, proposeFromTruth, type TemplateProposal } from '../../src/planning/proposal';
import type { Side } from '../../src/planning/trajectory';
import { sampleTrilinearLps } from '../../src/volume/sample';
import { phantomVolume } from './volume-fixtures';

/**
 * Acceptance test of issue 17: every procedure at every level it offers, every side, on phantom seeds 1-3
 * at the small size (2.4 mm voxels) and seeds 1-2 at the default size (0.75 mm; ~5 s and ~250 MB to
 * generate each, so one at a time and two seeds). For each proposal from the ground truth with the CT's
 * HU (as the app makes it on the demo): the entry on the body outline (skin or fat label inside, air
 * outside; never the couch); no bone crossed, except the transpedicular vertebroplasty path (one bony run
 * from the pedicle entry to the tip); shaft clearance to the sac, roots, aorta and IVC at least the
 * procedure's margin; the tip in its target zone; the shortest needle of the family that reaches; and the
 * view presets at the planned needle's angles.
 */

const CASES: { size: 'small' | 'default'; seed: number }[] = [
  { size: 'small', seed: 1 },
  { size: 'small', seed: 2 },
  { size: 'small', seed: 3 },
  { size: 'default', seed: 1 },
  { size: 'default', seed: 2 },
];

/**
 * Cases the phantom's anatomy fails (not the planning): 'fails' runs as `it.fails` (red once the phantom is
 * fixed: remove the entry); 'skip' where only some seeds fail. None since the phantom got shingled laminae
 * with real interlaminar windows (L5-S1 the largest) and the T12 root under its pedicle like the lumbar ones.
 */
const PHANTOM_ANATOMY: {
  procedure: string;
  level: string;
  side?: Side;
  mode: 'fails' | 'skip';
  reason: string;
}[] = [];

/** One phantom at a time (the default size holds ~250 MB). */
let cached: { key: string; p: Phantom; sampler: (q: Vec3) => number | undefined } | undefined;
function phantomFor(size: 'small' | 'default', seed: number) {
  const key = `${size}-${seed}`;
  if (cached?.key !== key) {
    cached = undefined;
    const p = generatePhantom({ size, seed });
    const volume = phantomVolume(p);
    cached = { key, p, sampler: (q: Vec3) => sampleTrilinearLps(volume, q) };
  }
  return cached;
}

/** Tissue label of the voxel nearest to `q` (air outside the volume). */
function labelAt(p: Phantom, q: Vec3): number {
  const idx = [0, 1, 2].map((a) => Math.round((q[a]! - p.originLps[a]!) / p.spacingMm[a]!));
  if (idx.some((v, a) => v < 0 || v >= p.dims[a]!)) return Tissue.air;
  return p.labels[idx[0]! + p.dims[0] * (idx[1]! + p.dims[1] * idx[2]!)]!;
}

/** Runs of bone along entry -> target, in mm from the entry: [start, end] pairs, 0.25 mm steps. */
function boneRuns(p: Phantom, entry: Vec3, target: Vec3): [number, number][] {
  const len = distance(entry, target);
  const dir = normalize(sub(target, entry));
  const runs: [number, number][] = [];
  for (let d = 0; d <= len; d += 0.25) {
    if (!isBone(labelAt(p, add(entry, scale(dir, d))))) continue;
    const last = runs[runs.length - 1];
    if (last && d - last[1] <= 0.26) last[1] = d;
    else runs.push([d, d]);
  }
  return runs;
}

const NO_GO_KINDS: Record<ClearanceKind, readonly string[]> = {
  'thecal-sac': ['thecal-sac'],
  'nerve-root': ['nerve-root'],
  vessel: ['aorta', 'ivc'],
};

function shaftClearanceMm(p: Phantom, pr: TemplateProposal, kind: string): number {
  const needle = findNeedle(pr.needleId)!;
  return clearanceTo(
    { entryLps: pr.entryLps, tipLps: pr.targetLps, radiusMm: needle.outerDiameterMm / 2 },
    {
      id: kind,
      name: kind,
      geometry: { kind: 'field', signedDistanceMm: (q) => noGoDistanceMm(p.truth, kind, q) },
    },
    { stepMm: 0.25 },
  ).minDistanceMm;
}

/** The truth landmark a procedure aims at, for the target-zone check. */
function landmark(p: Phantom, t: ProcedureDefinition, level: string, side: Side): Vec3 {
  const lr = side === 'right' ? 'right' : 'left';
  const seg = p.truth.segments.find((s) => s.name === level);
  const v = p.truth.vertebrae.find((x) => x.name === level.split('-')[0]);
  switch (t.target) {
    case 'safe-triangle':
      return seg![lr].safeTriangleCentreLps;
    case 'kambin-triangle':
      return seg![lr].kambinTriangleCentreLps;
    case 'interlaminar-window':
    case 'thecal-sac':
      return seg!.interlaminarWindowCentreLps;
    case 's1-dorsal-foramen':
      return p.truth.sacrum.s1DorsalForamenLps[lr];
    case 'si-joint-lower-third':
      return p.truth.sacrum.siJointLowerThirdLps[lr];
    case 'sap-tp-junction':
      return v![lr].sapTpJunctionLps;
    case 'vertebral-body-anterior-third':
      return anteriorThirdAim(v!.bodyCentreLps, v!.superiorEndplateNormal);
  }
}

/** Distance (mm) from `q` along `dir` to the first voxel that is not bone. */
function boneDepth(p: Phantom, q: Vec3, dir: Vec3): number {
  for (let d = 0; d <= 80; d += 0.25) if (!isBone(labelAt(p, add(q, scale(dir, d))))) return d;
  return 80;
}

function checkVertebroplastyTip(p: Phantom, pr: TemplateProposal, level: string) {
  const v = p.truth.vertebrae.find((x) => x.name === level)!;
  const anterior = scale(levelFrame(v.superiorEndplateNormal).p, -1);
  // Anterior third: the body's depth through its centre along the level's AP axis.
  const front = boneDepth(p, v.bodyCentreLps, anterior);
  const back = boneDepth(p, v.bodyCentreLps, scale(anterior, -1));
  const tipAhead = dot(sub(pr.targetLps, v.bodyCentreLps), anterior);
  expect((front - tipAhead) / (front + back), 'tip in the anterior third').toBeLessThanOrEqual(1 / 3 + 0.02);
  // >= 5 mm of bone ahead of the tip, straight and 30 deg up, down, left and right (Jensen et al., AJNR 1997).
  const { s: up, l: left } = levelFrame(v.superiorEndplateNormal);
  for (const [name, towards] of [
    ['up', up],
    ['down', scale(up, -1)],
    ['left', left],
    ['right', scale(left, -1)],
  ] as const)
    for (const deg of [0, 30]) {
      const r = (deg * Math.PI) / 180;
      const dir = normalize(add(scale(anterior, Math.cos(r)), scale(towards, Math.sin(r))));
      expect(
        boneDepth(p, pr.targetLps, dir),
        `bone ahead of the tip, ${deg} deg ${name}`,
      ).toBeGreaterThanOrEqual(5);
    }
}

function checkProposal(
  p: Phantom,
  sampler: (q: Vec3) => number | undefined,
  t: ProcedureDefinition,
  level: string,
  side: Side,
) {
  const res = proposeFromTruth(t, level, side, p.truth, {
    skinSampler: sampler,
    thecalSacDistanceMm: (q) => noGoDistanceMm(p.truth, 'thecal-sac', q),
    clearanceMm: (kind, q) => Math.min(...NO_GO_KINDS[kind].map((n) => noGoDistanceMm(p.truth, n, q))),
  });
  if (!res.ok) throw new Error(res.error);
  const pr = res.value;
  const out = pr.outwardDirection;

  // Entry on the body outline: body (skin/fat) just inside, air just outside; never the couch.
  expect(pr.entryOnSkin).toBe(true);
  const inside = labelAt(p, add(pr.entryLps, scale(out, -1.5)));
  expect(inside, 'tissue inside the entry').not.toBe(Tissue.air);
  expect(inside, 'not the couch').not.toBe(Tissue.table);
  expect(labelAt(p, add(pr.entryLps, scale(out, 1.5))), 'air outside the entry').toBe(Tissue.air);

  // Bone: none, except the transpedicular route (one bony run from the pedicle entry to the tip).
  const runs = boneRuns(p, pr.entryLps, pr.targetLps);
  // A path grazing one voxel's corner at the small size: up to ~1.25 voxels of bone label along it.
  const voxelMm = p.spacingMm[0] * 1.25;
  if (t.approach.kind === 'pedicle-axis') {
    const len = distance(pr.entryLps, pr.targetLps);
    const pedicle = p.truth.vertebrae.find((v) => v.name === level)![side === 'right' ? 'right' : 'left'];
    const pedicleAt = dot(
      sub(pedicle.pedicleCentreLps, pr.entryLps),
      normalize(sub(pr.targetLps, pr.entryLps)),
    );
    const main = runs.find((r) => r[0] <= pedicleAt && r[1] >= len - 0.5);
    expect(main, 'one bony run through the pedicle to the tip').toBeDefined();
    const elsewhere = runs.filter((r) => r !== main).reduce((s, r) => s + r[1] - r[0], 0);
    expect(elsewhere, 'bone crossed before the pedicle').toBeLessThanOrEqual(voxelMm);
  } else {
    // The last 1.5 mm may touch the bone the target lies on (SAP-TP junction 1 mm off the bone surface).
    const len = distance(pr.entryLps, pr.targetLps);
    const crossed = runs.filter((r) => r[1] < len - 1.5).reduce((s, r) => s + r[1] - r[0] + 0.25, 0);
    expect(crossed, 'bone crossed (mm)').toBeLessThanOrEqual(voxelMm);
  }

  // Clearance by the procedure's margins.
  for (const [kind, margin] of Object.entries(t.clearanceMarginMm) as [ClearanceKind, number][])
    for (const name of NO_GO_KINDS[kind])
      expect(shaftClearanceMm(p, pr, name), `clearance to ${name}`).toBeGreaterThanOrEqual(margin);

  // Tip in the target zone.
  if (t.target === 'thecal-sac') {
    expect(noGoDistanceMm(p.truth, 'thecal-sac', pr.targetLps), 'tip inside the sac').toBeLessThan(-1);
  } else if (t.target === 'vertebral-body-anterior-third') {
    expect(distance(pr.targetLps, landmark(p, t, level, side))).toBeLessThan(t.targetZoneRadiusMm);
    checkVertebroplastyTip(p, pr, level);
  } else expect(distance(pr.targetLps, landmark(p, t, level, side))).toBeLessThan(t.targetZoneRadiusMm);

  // The shortest needle of the family that reaches.
  const pathMm = distance(pr.entryLps, pr.targetLps);
  const needle = findNeedle(pr.needleId)!;
  expect(isNeedleLongEnough(needle, pathMm).longEnough).toBe(true);
  expect(pr.needleId).toBe(shortestSufficientNeedle(findNeedle(t.needleId)!, pathMm)!.id);

  // View presets at the planned needle's angles, every one reachable by a C-arm.
  const needleDir = scale(out, -1);
  const endplate = endplateNormalFor(p.truth, level);
  const views = procedureViews({
    procedure: t.id,
    side,
    needleDirLps: needleDir,
    ...(endplate ? { endplateNormalLps: endplate } : {}),
  });
  expect(views.map((v) => v.id)).toEqual(t.viewSteps.map((s) => s.id));
  const recipe = carmRecipe(needleDir, side);
  for (const [i, step] of t.viewSteps.entries()) {
    const view = views[i]!;
    expect(view.problem, `${step.id} reachable`).toBeUndefined();
    const u = detectorDirection(view.obliqueDeg, view.tiltDeg);
    if (step.beam.kind === 'needle') {
      expect(view.obliqueDeg).toBeCloseTo(recipe.bullsEye.proneFrame.obliqueDeg, 1);
      expect(view.tiltDeg).toBeCloseTo(recipe.bullsEye.proneFrame.tiltDeg, 1);
      continue;
    }
    const frameNormal = step.beam.frame === 'endplate' ? endplate : undefined;
    const got = frameAnglesOf(u, side, step.beam.frame, frameNormal);
    const needleAngles = frameAnglesOf(out, side, step.beam.frame, frameNormal);
    const want = {
      obliqueDeg: step.beam.obliqueDeg === 'approach' ? needleAngles.obliqueDeg : step.beam.obliqueDeg,
      tiltDeg: step.beam.tiltDeg === 'approach' ? needleAngles.tiltDeg : step.beam.tiltDeg,
    };
    // Presets are rounded to 0.1 deg.
    expect(distance(u, frameDirection(want, side, step.beam.frame, frameNormal))).toBeLessThan(0.003);
    expect(Math.abs(got.tiltDeg - want.tiltDeg)).toBeLessThan(0.2);
  }
}

for (const { size, seed } of CASES) {
  describe(`every procedure at every level it offers, ${size} phantom, seed ${seed}`, () => {
    for (const t of PROCEDURES)
      for (const level of t.levels)
        for (const side of t.sides) {
          const known = PHANTOM_ANATOMY.find(
            (k) => k.procedure === t.id && k.level === level && (k.side ?? side) === side,
          );
          const name = `${t.id} ${level} ${side}${known ? ` (phantom anatomy: ${known.reason})` : ''}`;
          (known ? (known.mode === 'fails' ? it.fails : it.skip) : it)(name, () => {
            const { p, sampler } = phantomFor(size, seed);
            checkProposal(p, sampler, t, level, side);
          });
        }
  });
}
