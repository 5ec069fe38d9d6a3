import type { ReactNode } from 'react';
import { sub } from '../../core/vec3';
import { type CarmRecipe, carmRecipe, describeCarmAngles } from '../../planning/carm';
import type { CarmPreset } from '../../planning/carmViews';
import { DETECTOR_FIELDS_MM } from '../../planning/carmViewsGeometry';
import type { Trajectory } from '../../planning/trajectory';
import { useCarmStore } from '../../state/carmStore';

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
      />
    </label>
  );
}

/** The C-arm recipe of a trajectory (carm.ts), null while its ends coincide. */
function recipeFor(t: Trajectory): CarmRecipe | null {
  const d = sub(t.targetLps, t.entryLps);
  return d.some((c) => c !== 0) ? carmRecipe(d, t.side) : null;
}

/** Angle as the room says it: "LAO 25" / "RAO 25", "CRAN 10" / "CAUD 10" (carm.ts signs, prone patient). */
export function roomAngles(obliqueDeg: number, tiltDeg: number): string {
  const o = Math.round(Math.abs(obliqueDeg));
  const t = Math.round(Math.abs(tiltDeg));
  const oblique = o === 0 ? 'PA 0' : `${obliqueDeg > 0 ? 'LAO' : 'RAO'} ${o}`;
  const tilt = t === 0 ? 'tilt 0' : `${tiltDeg > 0 ? 'CRAN' : 'CAUD'} ${t}`;
  return `${oblique}\u00b0 / ${tilt}\u00b0`;
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
  const r = trajectory ? recipeFor(trajectory) : null;
  const counters = s.counters[caseKey] ?? { shots: 0, fluoroSeconds: 0 };
  const go = (obliqueDeg: number, tiltDeg: number) => s.setAngles({ obliqueDeg, tiltDeg });
  return (
    <div
      data-testid="carm-controls"
      style={{ display: 'flex', flexDirection: 'column', gap: 3, fontSize: 11, width: 200 }}
    >
      <div data-testid="carm-angles" style={{ fontWeight: 600 }}>
        {roomAngles(s.obliqueDeg, s.tiltDeg)} <span style={{ opacity: 0.7 }}>(prone)</span>
      </div>
      <div style={{ opacity: 0.75 }}>{describeCarmAngles(s, trajectory?.side)}</div>
      <Slider
        label="RAO-LAO"
        testId="carm-oblique"
        min={-120}
        max={120}
        step={1}
        value={s.obliqueDeg}
        onChange={(v) => s.setAngles({ obliqueDeg: v })}
        title="Oblique: + = LAO (detector toward the patient's left)"
      />
      <Slider
        label="CAUD-CRAN"
        testId="carm-tilt"
        min={-45}
        max={45}
        step={1}
        value={s.tiltDeg}
        onChange={(v) => s.setAngles({ tiltDeg: v })}
        title="Tilt: + = CRAN (detector toward the head)"
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
          disabled={!r}
          title={r ? `Bull's-eye: ${r.bullsEye.words}` : 'Select a trajectory first'}
          onClick={() => r && go(r.bullsEye.obliqueDeg, r.bullsEye.tiltDeg)}
        >
          Match needle
        </button>
        <button
          type="button"
          className="ghost small"
          style={btn}
          data-testid="carm-btn-progression"
          disabled={!r}
          title={r ? `Progression: ${r.progression.words}` : 'Select a trajectory first'}
          onClick={() => r && go(r.progression.obliqueDeg, r.progression.tiltDeg)}
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
            title={`${p.hint} (${roomAngles(p.obliqueDeg, p.tiltDeg)})`}
            onClick={() => go(p.obliqueDeg, p.tiltDeg)}
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
      </Row>
      <Row>
        <span data-testid="carm-counters">
          Shots {counters.shots} · fluoro {counters.fluoroSeconds.toFixed(1)} s
        </span>
        <button type="button" className="ghost small" style={btn} onClick={() => s.resetCounters(caseKey)}>
          Reset
        </button>
      </Row>
    </div>
  );
}
