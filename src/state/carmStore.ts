import { create } from 'zustand';
import type { DrrWindow } from '../volume/drrDisplay';

/** What the '3d' viewport shows: the 3D volume rendering or the virtual C-arm (simulated fluoroscopy). */
export type Viewport3DMode = '3d' | 'carm';

/** Counters a trainee is scored on (domain.md section 6), per case. */
export interface FluoroCounters {
  shots: number;
  fluoroSeconds: number;
}

/** Simulated exposure time of one pulsed shot (s): a single pulse sequence of a mobile C-arm. */
export const SHOT_SECONDS = 0.5;

export interface CarmAnglesState {
  /** carm.ts convention, prone patient: + = detector toward the patient's left (LAO sign). */
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
  /** The DRR is computed on a square grid of this many pixels a side (then scaled to the view). */
  resolutionPx: number;
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

  setMode: (mode: Viewport3DMode) => void;
  setAngles: (angles: Partial<CarmAnglesState>) => void;
  set: (patch: Partial<Omit<CarmSettings, 'counters' | 'exposed'>>) => void;
  /** Records an exposure of `seconds` for a case: the monitor shows the current angles. */
  expose: (caseKey: string, seconds?: number) => void;
  resetCounters: (caseKey: string) => void;
}

type CarmSettings = Omit<CarmState, 'setMode' | 'setAngles' | 'set' | 'expose' | 'resetCounters'>;

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
  resolutionPx: 512,
  showNeedles: true,
  livePreview: true,
  exposed: null,
  counters: {},
};

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

export const useCarmStore = create<CarmState>()((set) => ({
  ...CARM_DEFAULTS,
  setMode: (mode) => set({ mode }),
  setAngles: (a) =>
    set((s) => ({
      obliqueDeg: clamp(a.obliqueDeg ?? s.obliqueDeg, -120, 120),
      tiltDeg: clamp(a.tiltDeg ?? s.tiltDeg, -45, 45),
    })),
  set: (patch) => set(patch),
  expose: (caseKey, seconds = SHOT_SECONDS) =>
    set((s) => {
      const c = s.counters[caseKey] ?? { shots: 0, fluoroSeconds: 0 };
      return {
        exposed: { obliqueDeg: s.obliqueDeg, tiltDeg: s.tiltDeg },
        counters: {
          ...s.counters,
          [caseKey]: { shots: c.shots + 1, fluoroSeconds: c.fluoroSeconds + seconds },
        },
      };
    }),
  resetCounters: (caseKey) =>
    set((s) => ({ counters: { ...s.counters, [caseKey]: { shots: 0, fluoroSeconds: 0 } } })),
}));
