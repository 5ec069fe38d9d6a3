import * as THREE from 'three';
import type { Vec3 } from '../core/vec3';
import { normalize, sub } from '../core/vec3';
import type { ClearanceStructure } from '../planning/clearance';
import type { NeedleModel } from '../planning/needles';
import { useXrStore, type XrRehearsal } from '../state/xrStore';
import { draggedPoint } from './rayPick';
import {
  hubOf,
  type NeedleEvent,
  type NeedleState,
  rehearsalReadout,
  stepNeedle,
  type TissueTest,
} from './rehearsalMath';
import { lpsToWorld, worldToLps } from './tabletopMath';

/**
 * Sideways hand motion (room metres) taken as tremor before it redirects an inserted needle. A steady hand
 * holds a tool to a few millimetres; in scaled mode this is a little more CT millimetres than at 1:1.
 */
export const LATERAL_TOLERANCE_M = 0.005;
/** Depth changes reach an attempt log in steps of this many mm (not every frame's jitter). */
export const ADVANCE_QUANTUM_MM = 0.5;
const HAPTIC_INTENSITY = 0.8;
const HAPTIC_MS = 150;

/** Where needle events go during a trainee attempt (traineeStore's placeOnSkin / advance / steer). */
export interface AttemptSink {
  placeOnSkin: (entryLps: Vec3, directionLps: Vec3) => void;
  advance: (depthDeltaMm: number) => void;
  steer: (directionLps: Vec3) => void;
}

export interface RehearsalSetup {
  needle: NeedleModel;
  isTissue: TissueTest;
  /** The plan's no-go structures plus, on the demo, the phantom's ground truth. */
  structures: readonly ClearanceStructure[];
  /** The selected trajectory; undefined during a trainee attempt (no expert data in the headset). */
  planned: { entryLps: Vec3; targetLps: Vec3 } | undefined;
  sink: AttemptSink | undefined;
}

interface Hold {
  source: XRInputSource;
  pointerAtStart: THREE.Matrix4;
  hubWorldAtStart: THREE.Vector3;
  tipWorldAtStart: THREE.Vector3;
}

type HapticPulse = { pulse?: (intensity: number, ms: number) => Promise<boolean> };

/** The gamepad's first haptic actuator (WebXR Gamepads Module; absent on hands and most emulators). */
function pulse(source: XRInputSource): void {
  const actuators = (source.gamepad as { hapticActuators?: readonly HapticPulse[] } | undefined)
    ?.hapticActuators;
  void actuators?.[0]?.pulse?.(HAPTIC_INTENSITY, HAPTIC_MS)?.catch(() => undefined);
}

const round = (v: number) => Math.round(v * 10) / 10;

/**
 * One rehearsal: the needle state, which input holds it, and its readouts written to the XR store. A hold
 * moves the needle rigidly with the pointer (`H1 = C1 C0^-1 H0`, as handle drags), so picking it up again
 * after letting go does not make it jump.
 */
export class RehearsalSession {
  needle: NeedleState;
  private hold: Hold | undefined;
  private redirections = 0;
  private contact = false;
  private lastKey = '';

  constructor(
    private readonly setup: RehearsalSetup,
    start: NeedleState,
  ) {
    this.needle = start;
  }

  get hubLps(): Vec3 {
    return hubOf(this.needle, this.setup.needle.lengthMm);
  }

  get lengthMm(): number {
    return this.setup.needle.lengthMm;
  }

  get radiusMm(): number {
    return this.setup.needle.outerDiameterMm / 2;
  }

  holds(source: XRInputSource): boolean {
    return this.hold?.source === source;
  }

  grab(source: XRInputSource, pointer: THREE.Matrix4, model: THREE.Matrix4): void {
    this.hold = {
      source,
      pointerAtStart: pointer.clone(),
      hubWorldAtStart: lpsToWorld(model, this.hubLps),
      tipWorldAtStart: lpsToWorld(model, this.needle.tipLps),
    };
  }

  release(): void {
    this.hold = undefined;
  }

  /** The holding pointer's pose this frame (room metres) and the model matrix (LPS mm -> room). */
  move(pointer: THREE.Matrix4, model: THREE.Matrix4): void {
    const h = this.hold;
    if (!h) return;
    const hub = worldToLps(model, draggedPoint(h.hubWorldAtStart, h.pointerAtStart, pointer));
    const tip = worldToLps(model, draggedPoint(h.tipWorldAtStart, h.pointerAtStart, pointer));
    const metresPerMm = new THREE.Vector3().setFromMatrixScale(model).x;
    const { state, events } = stepNeedle(this.needle, hub, normalize(sub(tip, hub)), this.setup.isTissue, {
      needleLengthMm: this.setup.needle.lengthMm,
      lateralToleranceMm: LATERAL_TOLERANCE_M / metresPerMm,
      advanceQuantumMm: ADVANCE_QUANTUM_MM,
    });
    this.needle = state;
    for (const e of events) this.emit(e);
    this.publish();
  }

  private emit(e: NeedleEvent): void {
    const sink = this.setup.sink;
    if (e.kind === 'steer') this.redirections++;
    if (!sink) return;
    if (e.kind === 'skin') sink.placeOnSkin(e.entryLps, e.directionLps);
    else if (e.kind === 'advance') sink.advance(e.depthDeltaMm);
    else sink.steer(e.directionLps);
  }

  /** Readouts to the store when a shown figure changes (0.1 mm); a new no-go contact pulses the controller. */
  publish(): void {
    const s = this.setup;
    const r = rehearsalReadout(this.needle, this.radiusMm, s.planned, s.structures);
    if (r.contact && !this.contact && this.hold) pulse(this.hold.source);
    this.contact = r.contact;
    const out: XrRehearsal = {
      phase: this.needle.phase,
      tipLps: this.needle.tipLps,
      hubLps: this.hubLps,
      entryLps: this.needle.entryLps ?? null,
      depthMm: r.depthMm,
      tipToPathMm: r.tipToPathMm ?? null,
      tipToTargetMm: r.tipToTargetMm ?? null,
      // A trainee learns of a contact, never which structure or how near (no expert data in an attempt).
      nearestNoGo:
        r.nearest && !s.sink ? { name: r.nearest.name, distanceMm: r.nearest.minDistanceMm } : null,
      contact: r.contact,
      redirections: this.redirections,
      needleLabel: s.needle.label,
      feedsAttempt: s.sink !== undefined,
    };
    const key = JSON.stringify([
      out.phase,
      out.tipLps.map(round),
      round(out.depthMm),
      out.tipToPathMm !== null && round(out.tipToPathMm),
      out.nearestNoGo && [out.nearestNoGo.name, round(out.nearestNoGo.distanceMm)],
      out.contact,
      out.redirections,
    ]);
    if (key === this.lastKey) return;
    this.lastKey = key;
    useXrStore.getState().setRehearsal(out);
  }
}
