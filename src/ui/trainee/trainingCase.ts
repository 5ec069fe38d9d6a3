import type { Vec3 } from '../../core/vec3';
import { distance } from '../../core/vec3';
import { type Plan, serializePlan } from '../../planning/planFile';
import { createTrajectory, type Trajectory } from '../../planning/trajectory';
import { useCarmStore } from '../../state/carmStore';
import { usePlanStore } from '../../state/planStore';
import { useSliceStore } from '../../state/sliceStore';
import type { NeedlePose } from '../../training/needleState';
import type { TrainingPackage } from '../../training/types';

/**
 * How trainee mode hides and reveals plans without touching every view that draws one: every view (2D
 * overlays, needle views, 3D, C-arm rings and steel, headset) draws the plan store's ACTIVE plan, so an
 * attempt makes an empty plan case active (nothing is drawn anywhere: neither the user's own plan nor the
 * expert's), and the debrief makes a case holding the expert plan plus the trainee's path active (drawn by
 * the same views, the 2D views locked to the expert needle). Leaving returns to the case that was active.
 */
export const ATTEMPT_CASE_KEY = 'training-attempt';
export const DEBRIEF_CASE_KEY = 'training-debrief';

const TRAINEE_COLOUR = '#ff4fd8';
const TRAINEE_EARLIER_COLOUR = '#9a9a9a';
/** Earlier poses (before a redirection or a new pass) drawn in the debrief, the most recent ones. */
const MAX_EARLIER_POSES = 4;

const isTrainingCase = (key: string | null): boolean => key === ATTEMPT_CASE_KEY || key === DEBRIEF_CASE_KEY;

let returnCaseKey: string | null = null;
let returnLivePreview = true;

function rememberReturn(): void {
  const active = usePlanStore.getState().activeCaseKey;
  if (!isTrainingCase(active)) {
    returnCaseKey = active;
    returnLivePreview = useCarmStore.getState().livePreview;
  }
}

function openEmptyAttemptPlan(): void {
  rememberReturn();
  const plans = usePlanStore.getState();
  if ((plans.plans[ATTEMPT_CASE_KEY]?.trajectories.length ?? 0) > 0)
    plans.importPlanText(serializePlan({ ...plans.plans[ATTEMPT_CASE_KEY]!, trajectories: [] }));
  plans.openCase(ATTEMPT_CASE_KEY);
  useSliceStore.getState().setLayout('standard');
}

/**
 * A package just opened as a trainee, before Start: nothing of any plan is drawn either (issue 19: in a
 * shared browser the images' own autosaved plan may be the expert's, the very answer). "Close package" goes
 * back to the case that was active (leaveTrainingCase).
 */
export function enterPackageCase(): void {
  openEmptyAttemptPlan();
}

/**
 * Starts an attempt's view of the case: an empty plan, standard 2D views, the C-arm in rehearsal mode
 * (the monitor changes only with a shot) with this attempt's counters at zero.
 */
export function enterAttemptCase(fluoroOnly: boolean): void {
  openEmptyAttemptPlan();
  const carm = useCarmStore.getState();
  carm.set({ livePreview: false, exposed: null, showNeedles: true });
  carm.resetCounters(ATTEMPT_CASE_KEY);
  if (fluoroOnly) carm.setMode('carm');
}

/** A shaft drawn as a trajectory: entry to tip (a dot while still on the skin), at the expert's level and side. */
function poseTrajectory(
  id: string,
  name: string,
  colour: string,
  pose: NeedlePose,
  expert: Trajectory | undefined,
  i: number,
) {
  return createTrajectory(
    id,
    {
      name,
      colour,
      entryLps: pose.entryLps,
      targetLps: pose.tipLps,
      procedure: 'other',
      ...(expert ? { needleId: expert.needleId, level: expert.level, side: expert.side } : {}),
    },
    i,
  );
}

/** Poses the needle left below the skin: the last one before each change of course or new pass. */
export function earlierPoses(poses: readonly NeedlePose[]): NeedlePose[] {
  const out: NeedlePose[] = [];
  const same = (a: Vec3, b: Vec3) => distance(a, b) < 1e-9;
  for (let i = 1; i < poses.length; i++) {
    const before = poses[i - 1]!;
    const now = poses[i]!;
    const turned = !same(before.directionLps, now.directionLps) || !same(before.entryLps, now.entryLps);
    if (turned && before.depthMm > 0) out.push(before);
  }
  // Consecutive 1-degree steers leave one pose each: keep the first of a run (the course before the turn).
  return out
    .filter((p, i) => i === 0 || !same(p.entryLps, out[i - 1]!.entryLps) || p.depthMm !== out[i - 1]!.depthMm)
    .slice(-MAX_EARLIER_POSES);
}

/** The debrief plan: the expert plan (revealed) with the trainee's final needle and earlier courses. */
export function debriefPlan(
  pkg: TrainingPackage,
  poses: readonly NeedlePose[],
  finalPose?: NeedlePose,
): Plan {
  const first = pkg.expertPlan.trajectories[0];
  const expert: Trajectory[] = pkg.expertPlan.trajectories.map((t) => ({ ...t, name: `Expert: ${t.name}` }));
  const mine: Trajectory[] = earlierPoses(poses).map((p, i) =>
    poseTrajectory(`trainee-earlier-${i}`, `Your course ${i + 1}`, TRAINEE_EARLIER_COLOUR, p, first, i),
  );
  if (finalPose)
    mine.push(poseTrajectory('trainee-final', 'Your needle', TRAINEE_COLOUR, finalPose, first, 0));
  return {
    ...pkg.expertPlan,
    caseKey: DEBRIEF_CASE_KEY,
    trajectories: [...expert, ...mine],
  };
}

/**
 * Shows the debrief: the expert plan revealed with the trainee's path in the 3D view and on the 2D views
 * (locked to the expert needle); the C-arm back to live preview, so any view shows both needles.
 */
export function enterDebriefCase(plan: Plan): void {
  rememberReturn();
  useCarmStore.getState().set({ livePreview: true });
  useCarmStore.getState().setMode('3d');
  const plans = usePlanStore.getState();
  plans.importPlanText(serializePlan(plan));
  plans.openCase(DEBRIEF_CASE_KEY);
  const expertId = plan.trajectories[0]?.id;
  if (expertId) {
    plans.select(expertId);
    useSliceStore.getState().setLayout('needle');
  }
}

/** Back to the case (and C-arm preview setting) that was active before trainee mode took over. */
export function leaveTrainingCase(): void {
  if (returnCaseKey !== null) usePlanStore.getState().openCase(returnCaseKey);
  useSliceStore.getState().setLayout('standard');
  useCarmStore.getState().set({ livePreview: returnLivePreview });
  returnCaseKey = null;
}
