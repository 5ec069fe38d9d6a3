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
}

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
  setAvailability: (availability) => set({ availability }),
  request: (mode) =>
    set({
      requestedMode: mode,
      phase: 'starting',
      error: null,
      framesRendered: 0,
      surface: 'unavailable',
      surfacePointM: null,
    }),
  setPhase: (phase, error) => set({ phase, error: error ?? null }),
  close: () => set({ requestedMode: null, draggingEnd: null, rehearsing: false, rehearsal: null }),
  setScaleMode: (scaleMode) => set({ scaleMode }),
  countFrame: () => set((s) => ({ framesRendered: s.framesRendered + 1 })),
  setDraggingEnd: (draggingEnd) => set({ draggingEnd }),
  setRehearsing: (rehearsing) => set({ rehearsing, rehearsal: null }),
  setRehearsal: (rehearsal) => set({ rehearsal }),
  setShowVolume: (showVolume) => set({ showVolume }),
  setSurface: (surface, pointM) => set((s) => ({ surface, surfacePointM: pointM ?? s.surfacePointM })),
}));
