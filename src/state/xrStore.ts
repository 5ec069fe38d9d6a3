import { create } from 'zustand';
import type { Vec3 } from '../core/vec3';

/** What the browser offers for a headset preview (issue 8); `reason` explains a missing mode to the user. */
export interface XrAvailability {
  checked: boolean;
  vr: boolean;
  ar: boolean;
  /** Why no immersive mode is offered (plain language); null when one is. */
  reason: string | null;
}

export type XrSessionMode = 'immersive-vr' | 'immersive-ar';
/** `life`: 1 mm of CT is 1 mm in the room; `scaled`: the plan region fits a table-top box. */
export type XrScaleMode = 'scaled' | 'life';
export type XrPhase = 'idle' | 'starting' | 'running' | 'ended' | 'failed';

/**
 * What the rehearsal HUD shows and tests read (issue 8): the held needle's pose in LPS mm and its readouts.
 * Distances to the plan are absent during a trainee attempt (no expert data in the headset).
 */
export interface XrRehearsal {
  phase: 'outside' | 'inserted';
  tipLps: Vec3;
  hubLps: Vec3;
  entryLps: Vec3 | null;
  depthMm: number;
  tipToPathMm: number | null;
  tipToTargetMm: number | null;
  nearestNoGo: { name: string; distanceMm: number } | null;
  contact: boolean;
  /** Redirections (steers) since rehearsal started. */
  redirections: number;
  /** The needle held (catalogue label), and whether its events feed a trainee attempt. */
  needleLabel: string;
  feedsAttempt: boolean;
}

/**
 * AR only: whether the runtime detects surfaces (WebXR Hit Test, 'hit-test' optional feature) and whether the
 * model was set on one; 'unavailable' keeps it at the fixed table height (tabletopMath TABLE_TOP_Y_M).
 */
export type XrSurfaceStatus = 'unavailable' | 'searching' | 'placed';

/**
 * A registration point the user touches on the print (issue 23): a pit of the print-ready export (same shape
 * as the export's fiducial list) or, until a print's list is given, a named bony landmark.
 */
export interface XrFiducial {
  id: string;
  label: string;
  positionLps: Vec3;
}

/** One touch: which fiducial it was meant for and where the controller tip (or pinch) was, room metres. */
export interface XrRegistrationTouch {
  fiducialId: string;
  pointM: [number, number, number];
}

/** The least-squares fit of the touches (xr/printRegistration.ts): where the overlay sits on the print. */
export interface XrRegistrationFit {
  /** Row-major 4x4, LPS mm -> room metres (rigid, 1:1). */
  modelToRoom: number[];
  /** RMS fiducial registration error (mm). */
  freMm: number;
  /** Each touch's distance to its pit after the fit (mm), in touch order. */
  residualsMm: number[];
  /** Expected error at each planned target (Fitzpatrick et al. 1998 TRE estimate, mm). */
  targets: { name: string; expectedErrorMm: number }[];
}

export interface XrState {
  availability: XrAvailability;
  /** The mode asked for; the XR canvas is mounted while this is set. */
  requestedMode: XrSessionMode | null;
  phase: XrPhase;
  error: string | null;
  scaleMode: XrScaleMode;
  /** XR frames rendered in the current session (tests and the status line read it; no renderer objects). */
  framesRendered: number;
  /** Which handle a pointer holds, for the panel (the trajectory id is the plan store's selection). */
  draggingEnd: 'entry' | 'target' | null;
  setAvailability: (availability: XrAvailability) => void;
  request: (mode: XrSessionMode) => void;
  setPhase: (phase: XrPhase, error?: string) => void;
  /** Unmounts the XR canvas (after the session ended or failed). */
  close: () => void;
  setScaleMode: (mode: XrScaleMode) => void;
  countFrame: () => void;
  setDraggingEnd: (end: 'entry' | 'target' | null) => void;
  /** Rehearse mode: the controller holds a virtual needle instead of dragging plan handles. */
  rehearsing: boolean;
  rehearsal: XrRehearsal | null;
  setRehearsing: (on: boolean) => void;
  setRehearsal: (r: XrRehearsal | null) => void;
  /** The CT raymarched in a box around the selected needle (low quality; off by default: it costs frame time). */
  showVolume: boolean;
  setShowVolume: (on: boolean) => void;
  surface: XrSurfaceStatus;
  /** The last surface point the model was set on (room metres), for tests and the panel. */
  surfacePointM: [number, number, number] | null;
  setSurface: (surface: XrSurfaceStatus, pointM?: [number, number, number]) => void;
  /** "Register to print" mode: select presses record the controller tip at the next pit. */
  registering: boolean;
  /** The print's own pits (print-ready export), when given; else the headset uses named landmarks. */
  printFiducials: XrFiducial[] | null;
  touches: XrRegistrationTouch[];
  /** Index (modulo the fiducial count) of the pit to touch next; skipping a pit moves it on. */
  fiducialCursor: number;
  /** The fit of the touches, or null before three usable touches (the overlay then keeps its placement). */
  registration: XrRegistrationFit | null;
  /** Why the touches do not give a fit yet (too few, on a line), in plain words. */
  registrationMessage: string | null;
  setRegistering: (on: boolean) => void;
  setPrintFiducials: (fiducials: XrFiducial[] | null) => void;
  /** Replaces the touches, the cursor and their fit in one step. */
  setRegistrationState: (
    state: Pick<XrState, 'touches' | 'fiducialCursor' | 'registration' | 'registrationMessage'>,
  ) => void;
  clearRegistration: () => void;
  /** Moving average of the XR frame interval (ms), updated a few times a second; null before frames. */
  frameMs: number | null;
  setFrameMs: (ms: number | null) => void;
}

const samePits = (a: readonly XrFiducial[] | null, b: readonly XrFiducial[] | null): boolean =>
  a === b ||
  (a !== null &&
    b !== null &&
    a.length === b.length &&
    a.every((f, i) => f.id === b[i]!.id && f.positionLps.every((v, k) => v === b[i]!.positionLps[k])));

const NO_REGISTRATION = {
  touches: [],
  fiducialCursor: 0,
  registration: null,
  registrationMessage: null,
} satisfies Partial<XrState>;

export const useXrStore = create<XrState>()((set) => ({
  availability: { checked: false, vr: false, ar: false, reason: null },
  requestedMode: null,
  phase: 'idle',
  error: null,
  scaleMode: 'scaled',
  framesRendered: 0,
  draggingEnd: null,
  rehearsing: false,
  rehearsal: null,
  showVolume: false,
  surface: 'unavailable',
  surfacePointM: null,
  registering: false,
  printFiducials: null,
  ...NO_REGISTRATION,
  frameMs: null,
  setAvailability: (availability) => set({ availability }),
  request: (mode) =>
    set({
      requestedMode: mode,
      phase: 'starting',
      error: null,
      framesRendered: 0,
      surface: 'unavailable',
      surfacePointM: null,
      frameMs: null,
      registering: false,
      ...NO_REGISTRATION,
    }),
  setPhase: (phase, error) => set({ phase, error: error ?? null }),
  close: () =>
    set({ requestedMode: null, draggingEnd: null, rehearsing: false, rehearsal: null, registering: false }),
  // A size change takes the overlay off the print (the registered overlay is 1:1 by definition).
  setScaleMode: (scaleMode) => set({ scaleMode, ...NO_REGISTRATION }),
  countFrame: () => set((s) => ({ framesRendered: s.framesRendered + 1 })),
  setDraggingEnd: (draggingEnd) => set({ draggingEnd }),
  // Rehearsing and registering both own the trigger: one at a time.
  setRehearsing: (rehearsing) =>
    set((s) => ({ rehearsing, rehearsal: null, registering: rehearsing ? false : s.registering })),
  setRehearsal: (rehearsal) => set({ rehearsal }),
  setShowVolume: (showVolume) => set({ showVolume }),
  setSurface: (surface, pointM) => set((s) => ({ surface, surfacePointM: pointM ?? s.surfacePointM })),
  setRegistering: (registering) =>
    set((s) => ({
      registering,
      rehearsing: registering ? false : s.rehearsing,
      rehearsal: registering ? null : s.rehearsal,
    })),
  // A new print (other pits) voids the touches; the same pits again (a plan reloaded, undo) keep them.
  setPrintFiducials: (printFiducials) =>
    set((s) => (samePits(s.printFiducials, printFiducials) ? {} : { printFiducials, ...NO_REGISTRATION })),
  // A fit puts the overlay on the print at 1:1, so the size reads 1:1 with it.
  setRegistrationState: (state) => set(state.registration ? { ...state, scaleMode: 'life' } : state),
  clearRegistration: () => set(NO_REGISTRATION),
  setFrameMs: (frameMs) => set({ frameMs }),
}));
