import type { ReactNode } from 'react';
import { sub } from '../../core/vec3';
import {
  type CarmAngles,
  type CarmRecipe,
  carmRecipe,
  describeCarmAngles,
  fromProneFrame,
  type PatientPosition,
  roomAngleLabel,
  toProneFrame,
  viewAboveTable,
} from '../../planning/carm';
import type { CarmPreset } from '../../planning/carmViews';
import { DETECTOR_FIELDS_MM } from '../../planning/carmViewsGeometry';
import type { Trajectory } from '../../planning/trajectory';
import { useCarmStore } from '../../state/carmStore';
import { DETECTOR_DOSE_NGY, DOSE_LEVELS } from '../../volume/drrDisplay';
import { FluoroPedal } from './FluoroPedal';

const btn = { pointerEvents: 'auto' } as const;

function Row({ children }: { children: ReactNode }) {
  return <div style={{ display: 'flex', gap: 3, alignItems: 'center', flexWrap: 'wrap' }}>{children}</div>;
}

function Slider(props: {
  label: string;
  testId: string;
  min: number;
  max: number;
  step: number;
  value: number;
  onChange: (v: number) => void;
  title?: string;
  /** Called with true while the thumb is held (the image is computed at half resolution meanwhile). */
  onDrag?: (dragging: boolean) => void;
}) {
  return (
    <label
      style={{ display: 'flex', gap: 4, alignItems: 'center', pointerEvents: 'auto' }}
      title={props.title}
    >
      <span style={{ width: 62 }}>{props.label}</span>
      <input
        type="range"
        data-testid={props.testId}
        min={props.min}
        max={props.max}
        step={props.step}
        value={props.value}
        style={{ width: 90 }}
        onChange={(e) => props.onChange(Number(e.target.value))}
        onPointerDown={() => props.onDrag?.(true)}
        onPointerUp={() => props.onDrag?.(false)}
        onPointerCancel={() => props.onDrag?.(false)}
        onLostPointerCapture={() => props.onDrag?.(false)}
        onBlur={() => props.onDrag?.(false)}
      />
    </label>
  );
}

/** The C-arm recipe of a trajectory (carm.ts) for the patient's position, null while its ends coincide. */
function recipeFor(t: Trajectory, position: PatientPosition): CarmRecipe | null {
  const d = sub(t.targetLps, t.entryLps);
  return d.some((c) => c !== 0) ? carmRecipe(d, t.side, position) : null;
}

/** Angle as the room says it: "LAO 25° / CRAN 10°" for prone-frame angles (the store's) and a position. */
export function roomAngles(proneFrame: CarmAngles, position: PatientPosition = 'prone'): string {
  return roomAngleLabel(fromProneFrame(proneFrame, position), position);
}

function PositionSwitch() {
  const position = useCarmStore((s) => s.patientPosition);
  const setPosition = useCarmStore((s) => s.setPatientPosition);
  return (
    <Row>
      <span>Patient</span>
      {(['prone', 'supine'] as const).map((p) => (
        <button
          key={p}
          type="button"
          className={position === p ? 'primary small' : 'ghost small'}
          style={btn}
          aria-pressed={position === p}
          data-testid={`carm-position-${p}`}
          title="Names LAO/RAO and CRAN/CAUD for how the patient lies; the detector stays above the table"
          onClick={() => setPosition(p)}
        >
          {p === 'prone' ? 'Prone' : 'Supine'}
        </button>
      ))}
    </Row>
  );
}

/**
 * C-arm controls named as in the procedure room: oblique (RAO-LAO) and tilt (CAUD-CRAN), AP / lateral /
 * match needle / progression, the procedure template's views in order, zoom, collimation, window and
 * polarity, and the exposure counters.
 */
export function CarmControls({
  trajectory,
  presets,
  caseKey,
  onSquare,
}: {
  trajectory: Trajectory | undefined;
  presets: CarmPreset[];
  caseKey: string;
  /** Searches the CRAN/CAUD tilt that squares the endplate at the isocentre, at the current oblique. */
  onSquare: () => void;
}) {
  const s = useCarmStore();
  const position = s.patientPosition;
  const r = trajectory ? recipeFor(trajectory, position) : null;
  const counters = s.counters[caseKey] ?? { shots: 0, fluoroSeconds: 0 };
  const room = fromProneFrame(s, position);
  /** Moves the C-arm to room angles of the current position. */
  const go = (obliqueDeg: number, tiltDeg: number) =>
    s.setAngles(toProneFrame({ obliqueDeg, tiltDeg }, position));
  /** Moves to a prone-frame view (presets, recipe), on the detector end above the table. */
  const goView = (a: CarmAngles) => s.setAngles(viewAboveTable(a, position));
  return (
    <div
      data-testid="carm-controls"
      style={{ display: 'flex', flexDirection: 'column', gap: 3, fontSize: 11, width: 200 }}
    >
      <div data-testid="carm-angles" style={{ fontWeight: 600 }}>
        {roomAngleLabel(room, position)} <span style={{ opacity: 0.7 }}>({position})</span>
      </div>
      <div style={{ opacity: 0.75 }}>{describeCarmAngles(room, trajectory?.side, position)}</div>
      <PositionSwitch />
      <Slider
        label="RAO-LAO"
        testId="carm-oblique"
        min={-120}
        max={120}
        step={1}
        value={Math.round(room.obliqueDeg * 10) / 10}
        onChange={(v) => go(v, room.tiltDeg)}
        title="Oblique: + = LAO (detector toward the patient's left)"
        onDrag={(dragging) => s.set({ dragging })}
      />
      <Slider
        label="CAUD-CRAN"
        testId="carm-tilt"
        min={-45}
        max={45}
        step={1}
        value={Math.round(room.tiltDeg * 10) / 10}
        onChange={(v) => go(room.obliqueDeg, v)}
        title="Tilt: + = CRAN (detector toward the head)"
        onDrag={(dragging) => s.set({ dragging })}
      />
      <Row>
        <button
          type="button"
          className="ghost small"
          style={btn}
          data-testid="carm-btn-ap"
          onClick={() => go(0, 0)}
        >
          AP
        </button>
        <button
          type="button"
          className="ghost small"
          style={btn}
          data-testid="carm-btn-lateral"
          onClick={() => go(trajectory?.side === 'right' ? -90 : 90, 0)}
        >
          Lateral
        </button>
        <button
          type="button"
          className="ghost small"
          style={btn}
          data-testid="carm-btn-match-needle"
          disabled={!r || r.bullsEye.problem !== undefined}
          title={r ? `Bull's-eye: ${r.bullsEye.words}` : 'Select a trajectory first'}
          onClick={() => r && goView(r.bullsEye.proneFrame)}
        >
          Match needle
        </button>
        <button
          type="button"
          className="ghost small"
          style={btn}
          data-testid="carm-btn-progression"
          disabled={!r || r.progression.problem !== undefined}
          title={r ? `Progression: ${r.progression.words}` : 'Select a trajectory first'}
          onClick={() => r && goView(r.progression.proneFrame)}
        >
          Progression
        </button>
        <button
          type="button"
          className="ghost small"
          style={btn}
          data-testid="carm-btn-square"
          title="Tilt CRAN/CAUD until the endplate at the isocentre is a single line (searched in the image)"
          onClick={onSquare}
        >
          Square endplate
        </button>
      </Row>
      <div style={{ opacity: 0.8 }}>{trajectory ? `${trajectory.name}: views in order` : 'Views'}</div>
      <Row>
        {presets.map((p, i) => (
          <button
            key={p.id}
            type="button"
            className="ghost small"
            style={btn}
            data-testid={`carm-preset-${p.id}`}
            disabled={p.problem !== undefined}
            title={
              p.problem
                ? `No C-arm can take this view: ${p.problem}`
                : `${p.hint} (${roomAngles(viewAboveTable(p, position), position)})`
            }
            onClick={() => goView(p)}
          >
            {i + 1}. {p.label}
          </button>
        ))}
      </Row>
      <Row>
        <span>Zoom</span>
        {DETECTOR_FIELDS_MM.map((f) => (
          <button
            key={f}
            type="button"
            className={s.fieldMm === f ? 'primary small' : 'ghost small'}
            style={btn}
            data-testid={`carm-field-${f}`}
            onClick={() => s.set({ fieldMm: f })}
          >
            {f / 10} cm
          </button>
        ))}
      </Row>
      <Slider
        label="Collimate"
        testId="carm-collimation"
        min={0.3}
        max={1}
        step={0.05}
        value={s.collimation}
        onChange={(v) => s.set({ collimation: v })}
      />
      <Slider
        label="Brightness"
        testId="carm-brightness"
        min={-1}
        max={1}
        step={0.05}
        value={s.brightness}
        onChange={(v) => s.set({ brightness: v })}
      />
      <Slider
        label="Contrast"
        testId="carm-contrast"
        min={0.5}
        max={4}
        step={0.1}
        value={s.contrast}
        onChange={(v) => s.set({ contrast: v })}
      />
      <Row>
        <span title="Quantum noise of the detector dose per image (off: a noiseless image)">Noise</span>
        {DOSE_LEVELS.map((d) => (
          <button
            key={d}
            type="button"
            className={s.dose === d ? 'primary small' : 'ghost small'}
            style={btn}
            aria-pressed={s.dose === d}
            data-testid={`carm-dose-${d}`}
            title={d === 'off' ? 'No quantum noise' : `Detector dose ${DETECTOR_DOSE_NGY[d]} nGy per image`}
            onClick={() => s.set({ dose: d })}
          >
            {d === 'standard' ? 'std' : d}
          </button>
        ))}
      </Row>
      <Row>
        <label style={btn}>
          <input
            type="checkbox"
            data-testid="carm-black-bone"
            checked={s.blackBone}
            onChange={(e) => s.set({ blackBone: e.target.checked })}
          />{' '}
          Black bone
        </label>
        <label style={btn}>
          <input
            type="checkbox"
            checked={s.showNeedles}
            onChange={(e) => s.set({ showNeedles: e.target.checked })}
          />{' '}
          Needles
        </label>
      </Row>
      <Row>
        <label style={btn} title="Off: rehearsal, the image changes only with a shot, and shots are counted">
          <input
            type="checkbox"
            data-testid="carm-live"
            checked={s.livePreview}
            onChange={(e) => s.set({ livePreview: e.target.checked })}
          />{' '}
          Live preview
        </label>
        <button
          type="button"
          className="primary small"
          style={btn}
          data-testid="carm-shot"
          onClick={() => s.expose(caseKey)}
        >
          Shot
        </button>
        <FluoroPedal caseKey={caseKey} />
      </Row>
      <Row>
        <span data-testid="carm-counters">
          Shots {counters.shots} · fluoro {counters.fluoroSeconds.toFixed(1)} s · runs {counters.runs ?? 0}
        </span>
        <button type="button" className="ghost small" style={btn} onClick={() => s.resetCounters(caseKey)}>
          Reset
        </button>
      </Row>
    </div>
  );
}
