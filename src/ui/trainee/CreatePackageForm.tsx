import { useState } from 'react';
import { errorMessage } from '../../core/errors';
import { selectActivePlan, selectSelectedTrajectory, usePlanStore } from '../../state/planStore';
import {
  DEFAULT_ENTRY_REGION_RADIUS_MM,
  DEFAULT_TARGET_ZONE_RADIUS_MM,
  DEFAULT_THRESHOLDS,
} from '../../training/defaults';
import { PACKAGE_FILE_SUFFIX } from '../../training/package';
import { createPackageFromPlan, describeTrajectory } from '../../training/packageCreate';
import type { AttemptMode, ScoringThresholds } from '../../training/types';
import { downloadFile, safeFileStem, type TrainingIo } from './trainingIo';

type NumericThreshold = Exclude<keyof ScoringThresholds, 'requireTipInZone'>;

/** The thresholds the expert sets, as the form shows them (0 = no limit where the field says so). */
const THRESHOLD_FIELDS: { key: NumericThreshold; label: string; step: number }[] = [
  { key: 'maxTipToTargetMm', label: 'Tip to target, max mm', step: 0.5 },
  { key: 'maxEntryErrorMm', label: 'Entry error, max mm', step: 0.5 },
  { key: 'maxAngleDeg', label: 'Angle to expert, max deg', step: 0.5 },
  { key: 'maxShots', label: 'Shots, max', step: 1 },
  { key: 'maxFluoroSeconds', label: 'Fluoro time, max s', step: 1 },
  { key: 'maxRedirections', label: 'Redirections, max', step: 1 },
  { key: 'minNoGoClearanceMm', label: 'No-go clearance, min mm', step: 0.5 },
  { key: 'maxTimeSeconds', label: 'Time, max s (0 = none)', step: 10 },
];

function NumberField(props: {
  label: string;
  testId: string;
  value: number;
  step: number;
  onChange: (v: number) => void;
}) {
  return (
    <label className="trainee-field">
      <span>{props.label}</span>
      <input
        type="number"
        data-testid={props.testId}
        min={0}
        step={props.step}
        value={props.value}
        onChange={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v) && v >= 0) props.onChange(v);
        }}
      />
    </label>
  );
}

/**
 * The expert's side: a case package from the active plan's selected trajectory (title, instructions, target
 * zone and entry region radii, pass/fail thresholds, default mode), downloaded as one file.
 */
export function CreatePackageForm({ io }: { io: TrainingIo }) {
  const plan = usePlanStore(selectActivePlan);
  const selected = usePlanStore(selectSelectedTrajectory);
  const [title, setTitle] = useState('');
  const [instructions, setInstructions] = useState('');
  const [zoneMm, setZoneMm] = useState(DEFAULT_TARGET_ZONE_RADIUS_MM);
  const [entryMm, setEntryMm] = useState(DEFAULT_ENTRY_REGION_RADIUS_MM);
  const [thresholds, setThresholds] = useState<ScoringThresholds>(DEFAULT_THRESHOLDS);
  const [mode, setMode] = useState<AttemptMode>('fluoro-only');
  const [notice, setNotice] = useState<{ kind: 'error' | 'info'; text: string } | null>(null);
  const [removed, setRemoved] = useState<readonly string[]>([]);
  const [busy, setBusy] = useState(false);

  if (!plan || !selected)
    return <p className="muted">Select a planned trajectory to make a training package of it.</p>;

  const exportPackage = async () => {
    const made = createPackageFromPlan(plan, {
      nowIso: new Date().toISOString(),
      title: title || describeTrajectory(selected),
      ...(instructions.trim() ? { instructions: instructions.trim() } : {}),
      trajectoryIds: [selected.id],
      thresholds,
      defaultMode: mode,
      targetZoneRadiusMm: zoneMm,
      entryRegionRadiusMm: entryMm,
    });
    if (!made.ok) return setNotice({ kind: 'error', text: `Could not make the package: ${made.error}` });
    setBusy(true);
    try {
      const { bytes, removed: lines } = await io.writePackage(made.value);
      const name = `${safeFileStem(made.value.title)}${PACKAGE_FILE_SUFFIX}`;
      downloadFile(name, bytes, 'application/zip');
      setRemoved(lines);
      setNotice({ kind: 'info', text: `Exported ${name} (${(bytes.length / 1024).toFixed(0)} KB).` });
    } catch (e) {
      setNotice({ kind: 'error', text: `Could not write the package: ${errorMessage(e)}` });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="trainee-form" data-testid="trainee-create">
      <p className="muted">
        From: {selected.name} ({describeTrajectory(selected)})
      </p>
      <label className="trainee-field">
        <span>Title</span>
        <input
          data-testid="trainee-create-title"
          value={title}
          placeholder={describeTrajectory(selected)}
          onChange={(e) => setTitle(e.target.value)}
        />
      </label>
      <label className="trainee-field wide">
        <span>Instructions for the trainee</span>
        <textarea
          data-testid="trainee-create-instructions"
          rows={3}
          value={instructions}
          placeholder="Default: the procedure, level and side, and how the attempt works"
          onChange={(e) => setInstructions(e.target.value)}
        />
      </label>
      <NumberField
        label="Target zone radius, mm"
        testId="trainee-create-zone"
        value={zoneMm}
        step={0.5}
        onChange={setZoneMm}
      />
      <NumberField
        label="Entry region radius, mm"
        testId="trainee-create-entry"
        value={entryMm}
        step={0.5}
        onChange={setEntryMm}
      />
      <details>
        <summary>Pass/fail thresholds</summary>
        {THRESHOLD_FIELDS.map((f) => (
          <NumberField
            key={f.key}
            label={f.label}
            testId={`trainee-threshold-${f.key}`}
            value={thresholds[f.key]}
            step={f.step}
            onChange={(v) => setThresholds((t) => ({ ...t, [f.key]: v }))}
          />
        ))}
        <label className="trainee-field">
          <span>Tip must end in the target zone</span>
          <input
            type="checkbox"
            checked={thresholds.requireTipInZone}
            onChange={(e) => setThresholds((t) => ({ ...t, requireTipInZone: e.target.checked }))}
          />
        </label>
      </details>
      <label className="trainee-field">
        <span>Default mode</span>
        <select value={mode} onChange={(e) => setMode(e.target.value as AttemptMode)}>
          <option value="fluoro-only">Fluoroscopy only</option>
          <option value="ct">CT (beginners)</option>
        </select>
      </label>
      <button
        type="button"
        className="primary small"
        data-testid="trainee-create-export"
        disabled={busy}
        onClick={() => void exportPackage()}
      >
        {busy ? 'Writing...' : 'Export training package'}
      </button>
      {notice && (
        <p
          className={notice.kind === 'error' ? 'error' : 'muted'}
          data-testid="trainee-create-notice"
          role="status"
        >
          {notice.text}
        </p>
      )}
      {removed.length > 0 && (
        <details data-testid="trainee-create-removed">
          <summary>Images de-identified: {removed.length} kinds of attribute removed or replaced</summary>
          <ul>
            {removed.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
