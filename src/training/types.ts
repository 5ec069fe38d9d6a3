import type { Vec3 } from '../core/vec3';
import type { CarmAngles } from '../planning/carm';
import type { Plan } from '../planning/planFile';

/**
 * The contract of trainee mode (issue 11), shared by the pure scoring/package code (src/training), the store
 * (src/state/traineeStore.ts) and the UI. Points are DICOM patient LPS millimetres.
 */

/** How the case is shown during an attempt: fluoroscopy only (as in the procedure room) or with CT help. */
export type AttemptMode = 'fluoro-only' | 'ct';

/** Pass/fail thresholds the expert sets (defaults.ts: navigation accuracy ~1 mm entry, 2-4 mm tip, 1-3 deg). */
export interface ScoringThresholds {
  maxTipToTargetMm: number;
  maxEntryErrorMm: number;
  maxAngleDeg: number;
  maxShots: number;
  maxFluoroSeconds: number;
  maxRedirections: number;
  /** Minimum clearance to every no-go structure; 0 = touching fails. */
  minNoGoClearanceMm: number;
  /** Whether the tip must end inside the target zone to pass. */
  requireTipInZone: boolean;
  /** 0 = no time limit. */
  maxTimeSeconds: number;
}

/** One expected fluoroscopy view of the exercise, in order (planning/procedures.ts view sequence). */
export interface ExpectedView {
  label: string;
  angles: CarmAngles;
}

/** What the expert planned for one needle of the exercise. Hidden from the trainee until the attempt ends. */
export interface ExpertNeedle {
  /** Id of the trajectory in the expert plan. */
  trajectoryId: string;
  /** Target zone: a sphere about the planned target. */
  targetZoneRadiusMm: number;
  /** Accepted entry region: a disc on the skin about the planned entry. */
  entryRegionRadiusMm: number;
}

/** A case package: the study reference, the expert plan and the exercise, exported and imported as one file. */
export interface TrainingPackage {
  format: 'spineplan-training';
  schemaVersion: number;
  title: string;
  /** Shown to the trainee before and during the attempt (plain text). */
  instructions: string;
  /** 'demo' (the built-in phantom, regenerated) or the planned series' UIDs (its DICOM travels in the package). */
  study:
    | { kind: 'demo'; seed?: number }
    | { kind: 'dicom'; studyInstanceUid?: string; seriesInstanceUid?: string };
  expertPlan: Plan;
  needles: ExpertNeedle[];
  expectedViews: ExpectedView[];
  thresholds: ScoringThresholds;
  defaultMode: AttemptMode;
  createdAt: string;
}

/** Things that happen during an attempt, timestamped from its start (ms). The scoring reads only these. */
export type AttemptEvent =
  | { tMs: number; kind: 'shot'; angles: CarmAngles; seconds: number }
  /** A live fluoroscopy run (pedal held), recorded when the pedal comes up: beam-on time in `seconds`. */
  | { tMs: number; kind: 'run'; angles: CarmAngles; seconds: number }
  /** The needle is (re)placed on the skin: entry point and insertion direction (unit). Depth becomes 0. */
  | { tMs: number; kind: 'skin'; entryLps: Vec3; directionLps: Vec3 }
  /** Advance (+) or withdraw (-) along the current direction, mm. */
  | { tMs: number; kind: 'advance'; depthDeltaMm: number }
  /** The direction is changed while the needle is in tissue (a redirection). */
  | { tMs: number; kind: 'steer'; directionLps: Vec3 }
  | { tMs: number; kind: 'done' };

export interface AttemptRecord {
  id: string;
  trainee: string;
  packageTitle: string;
  /** Content hash or title+createdAt of the package: groups attempts of the same exercise. */
  packageKey: string;
  mode: AttemptMode;
  startedAt: string;
  events: AttemptEvent[];
  /** Filled when the attempt ends ('done'). */
  score?: AttemptScore;
}

export interface MetricResult {
  id: string;
  label: string;
  value: number | boolean;
  unit: string;
  /** The threshold it was judged against, as text ('<= 4 mm'); absent when informational only. */
  threshold?: string;
  pass?: boolean;
}

export interface AttemptScore {
  /** False when the needle was never put on the skin: every accuracy metric then fails (distances Infinity). */
  needlePlaced: boolean;
  /** The expert trajectory the needle was judged against (the nearest expert target to the tip). */
  expertTrajectoryId: string;
  /** Final needle tip and skin entry ([0, 0, 0] when never placed). */
  tipLps: Vec3;
  entryLps: Vec3;
  tipToTargetMm: number;
  entryErrorMm: number;
  angleToExpertDeg: number;
  tipInZone: boolean;
  shots: number;
  /** Live fluoroscopy runs; absent in attempts scored before runs were counted apart (read as 0). */
  runs?: number;
  /** Beam-on time of shots and runs together. */
  fluoroSeconds: number;
  redirections: number;
  /** Length of needle path through tissue below the skin (mm), summing every advance. */
  pathLengthInTissueMm: number;
  /** Minimum distance from the needle (tip and shaft, every pose) to each no-go structure, by name. */
  minNoGoClearanceMm: Record<string, number>;
  noGoContacts: string[];
  timeSeconds: number;
  metrics: MetricResult[];
  passed: boolean;
}
