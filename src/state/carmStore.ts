import { create } from 'zustand';
import { fromProneFrame, type PatientPosition, toProneFrame } from '../planning/carm';
import { type DoseLevel, type DrrWindow, MAX_DRR_PX } from '../volume/drrDisplay';

/** What the '3d' viewport shows: the 3D volume rendering or the virtual C-arm (simulated fluoroscopy). */
export type Viewport3DMode = '3d' | 'carm';

/** Counters a trainee is scored on (fluoroscopy shots are the usual simulator outcome), per case. */
export interface FluoroCounters {
  shots: number;
  fluoroSeconds: number;
  /** Live fluoroscopy runs (pedal held); absent until the first run. Their time is in `fluoroSeconds`. */
  runs?: number;
}

/**
 * Pulse rate of live fluoroscopy (pulses per second): pain procedures commonly run pulsed fluoroscopy at
 * 15 or 7.5 pulses/s to cut dose against continuous mode; each pulse counts 1/15 s of beam-on time.
 */
export const PULSES_PER_SECOND = 15;

/** A live run in progress: the pedal went down at `startMs` (caller's clock), `pulses` are counted so far. */
export interface PedalRun {
  caseKey: string;
  startMs: number;
  pulses: number;
}

/** Simulated exposure time of one pulsed shot (s): a single pulse sequence of a mobile C-arm. */
export const SHOT_SECONDS = 0.5;

export interface CarmAnglesState {
  /**
   * Detector angles in carm.ts's PRONE frame (what carmViewsGeometry.ts takes): + = detector toward the
   * patient's left from above the back. For a supine patient the room shows `fromProneFrame(this, 'supine')`.
   */
  obliqueDeg: number;
  /** + = CRAN (detector toward the head), - = CAUD. */
  tiltDeg: number;
}

export interface CarmState extends CarmAnglesState {
  mode: Viewport3DMode;
  /** Detector field side, mm (zoom): one of DETECTOR_FIELDS_MM. */
  fieldMm: number;
  /** Iris collimation: open radius as a fraction of the field (0.3..1). */
  collimation: number;
  /** -1..1, + = brighter; applied on top of the automatic brightness control. */
  brightness: number;
  /** Window width divisor, 0.5..4 (> 1 = more contrast). */
  contrast: number;
  /** A fixed window on the line integral instead of the automatic one (tests, reproducible images). */
  fixedWindow: DrrWindow | null;
  /** true: bone black (fluoroscopy monitor); false: bone white (radiograph), called "inverted" off. */
  blackBone: boolean;
  /**
   * Most DRR pixels a side: the image is computed at the view's own pixels across the field, up to this
   * (tests lower it to keep SwiftShader fast).
   */
  resolutionPx: number;
  /** An angle slider is being dragged: the image is computed at half resolution until it is released. */
  dragging: boolean;
  /** Quantum noise at this detector dose level ('off': none). */
  dose: DoseLevel;
  /** Draw the planned needles as steel in the image. */
  showNeedles: boolean;
  /**
   * true: the image follows every change without counting (planning). false (rehearsal): the monitor keeps
   * the last exposed image until a shot is taken, and shots and fluoroscopy time are counted.
   */
  livePreview: boolean;
  /** Angles of the image on the monitor (rehearsal mode); null = nothing exposed yet. */
  exposed: CarmAnglesState | null;
  /** Shots and time by case key (planStore's activeCaseKey, '' when none). */
  counters: Record<string, FluoroCounters>;
  /** How the patient lies: names the room angles (LAO/RAO, CRAN/CAUD) and where "above the table" is. */
  patientPosition: PatientPosition;
  /** Live fluoroscopy while the pedal is held: the monitor follows the angles and time accumulates. */
  pedal: PedalRun | null;

  setMode: (mode: Viewport3DMode) => void;
  setAngles: (angles: Partial<CarmAnglesState>) => void;
  set: (patch: Partial<Omit<CarmSettings, 'counters' | 'pedal' | 'patientPosition'>>) => void;
  /** Records an exposure of `seconds` for a case: the monitor shows the current angles. */
  expose: (caseKey: string, seconds?: number) => void;
  resetCounters: (caseKey: string) => void;
  /** Turns the patient over; the C-arm keeps its room angles (LAO 20 stays LAO 20), the monitor is cleared. */
  setPatientPosition: (position: PatientPosition) => void;
  /** Pedal down at `nowMs` (any monotonic ms clock): one run, the first pulse at once. Ignored while held. */
  pedalDown: (caseKey: string, nowMs: number) => void;
  /** Counts the pulses due by `nowMs` while the pedal is held (call it every frame or pulse). */
  pedalTick: (nowMs: number) => void;
  /** Pedal up: counts the pulses due by `nowMs` and stops; the last image stays on the monitor. */
  pedalUp: (nowMs: number) => void;
}

type CarmActions =
  | 'setMode'
  | 'setAngles'
  | 'set'
  | 'expose'
  | 'resetCounters'
  | 'setPatientPosition'
  | 'pedalDown'
  | 'pedalTick'
  | 'pedalUp';
type CarmSettings = Omit<CarmState, CarmActions>;

export const CARM_DEFAULTS: CarmSettings = {
  mode: '3d',
  obliqueDeg: 0,
  tiltDeg: 0,
  fieldMm: 300,
  collimation: 1,
  brightness: 0,
  contrast: 1,
  fixedWindow: null,
  blackBone: true,
  resolutionPx: MAX_DRR_PX,
  dragging: false,
  dose: 'off',
  showNeedles: true,
  livePreview: true,
  exposed: null,
  counters: {},
  patientPosition: 'prone',
  pedal: null,
};

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** Pulses due `elapsedMs` after the pedal went down: the first fires at once, then one every 1/15 s. */
export function pulsesDue(elapsedMs: number): number {
  return 1 + Math.floor((Math.max(0, elapsedMs) * PULSES_PER_SECOND) / 1000);
}

const NO_COUNTS: FluoroCounters = { shots: 0, fluoroSeconds: 0 };

/** Adds `pulses` of beam-on time (and `runs`) to a case's counters. */
function addPulses(
  counters: Record<string, FluoroCounters>,
  caseKey: string,
  pulses: number,
  runs: number,
): Record<string, FluoroCounters> {
  const c = counters[caseKey] ?? NO_COUNTS;
  return {
    ...counters,
    [caseKey]: {
      ...c,
      fluoroSeconds: c.fluoroSeconds + pulses / PULSES_PER_SECOND,
      runs: (c.runs ?? 0) + runs,
    },
  };
}

/** The pedal's counting step: pulses due by `nowMs`, added to the counters. */
function tick(s: CarmState, nowMs: number): Partial<CarmState> {
  const run = s.pedal;
  if (!run) return {};
  const due = pulsesDue(nowMs - run.startMs);
  if (due <= run.pulses) return {};
  return {
    pedal: { ...run, pulses: due },
    counters: addPulses(s.counters, run.caseKey, due - run.pulses, 0),
  };
}

export const useCarmStore = create<CarmState>()((set) => ({
  ...CARM_DEFAULTS,
  setMode: (mode) => set({ mode }),
  setAngles: (a) =>
    set((s) => {
      // Limits are the room's (the C-arm's travel from the vertical), so clamp in the position's frame.
      const room = fromProneFrame(
        { obliqueDeg: a.obliqueDeg ?? s.obliqueDeg, tiltDeg: a.tiltDeg ?? s.tiltDeg },
        s.patientPosition,
      );
      const angles = toProneFrame(
        { obliqueDeg: clamp(room.obliqueDeg, -120, 120), tiltDeg: clamp(room.tiltDeg, -45, 45) },
        s.patientPosition,
      );
      // While the pedal is held the monitor follows the C-arm.
      return s.pedal ? { ...angles, exposed: angles } : angles;
    }),
  set: (patch) => set(patch),
  expose: (caseKey, seconds = SHOT_SECONDS) =>
    set((s) => {
      const c = s.counters[caseKey] ?? NO_COUNTS;
      return {
        exposed: { obliqueDeg: s.obliqueDeg, tiltDeg: s.tiltDeg },
        counters: {
          ...s.counters,
          [caseKey]: { ...c, shots: c.shots + 1, fluoroSeconds: c.fluoroSeconds + seconds },
        },
      };
    }),
  resetCounters: (caseKey) =>
    set((s) => ({ counters: { ...s.counters, [caseKey]: { shots: 0, fluoroSeconds: 0 } } })),
  setPatientPosition: (position) =>
    set((s) => {
      if (position === s.patientPosition) return {};
      const room = fromProneFrame(s, s.patientPosition);
      return { patientPosition: position, ...toProneFrame(room, position), exposed: null };
    }),
  pedalDown: (caseKey, nowMs) =>
    set((s) =>
      s.pedal
        ? {}
        : {
            pedal: { caseKey, startMs: nowMs, pulses: 1 },
            exposed: { obliqueDeg: s.obliqueDeg, tiltDeg: s.tiltDeg },
            counters: addPulses(s.counters, caseKey, 1, 1),
          },
    ),
  pedalTick: (nowMs) => set((s) => tick(s, nowMs)),
  pedalUp: (nowMs) => set((s) => (s.pedal ? { ...tick(s, nowMs), pedal: null } : {})),
}));
