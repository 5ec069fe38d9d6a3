import { useState } from 'react';
import { MAX_CLEARANCE_WARNING_MM } from '../../planning/planFile';
import { selectCanRedo, selectCanUndo, usePlanStore } from '../../state/planStore';
import { usePlacementBusy, usePlanUndoShortcuts } from './usePlanUndoShortcuts';

/** Undo/redo of the open case's plan (buttons and keys). */
export function UndoRedo() {
  usePlanUndoShortcuts();
  const canUndo = usePlanStore(selectCanUndo);
  const canRedo = usePlanStore(selectCanRedo);
  const placing = usePlacementBusy();
  const { undo, redo } = usePlanStore.getState();
  return (
    <span className="undo-redo">
      <button
        type="button"
        data-testid="plan-undo"
        disabled={!canUndo || placing}
        onClick={undo}
        title="Undo the last plan change (Ctrl+Z)"
      >
        ↶ Undo
      </button>
      <button
        type="button"
        data-testid="plan-redo"
        disabled={!canRedo || placing}
        onClick={redo}
        title="Redo (Ctrl+Shift+Z or Ctrl+Y)"
      >
        ↷ Redo
      </button>
    </span>
  );
}

/**
 * The plan's clearance warning distance: readouts warn when a needle passes this close to a no-go
 * structure without entering it. The draft text lets the user type freely; only valid values are stored.
 */
export function WarningDistanceInput({ mm }: { mm: number }) {
  const set = usePlanStore((s) => s.setClearanceWarningMm);
  const [draft, setDraft] = useState<string | null>(null);
  const value = Number(draft);
  const invalid =
    draft !== null && (draft.trim() === '' || !(value >= 0 && value <= MAX_CLEARANCE_WARNING_MM));
  return (
    <label className="warning-distance">
      <span title="Readouts warn when a needle passes this close to a no-go structure">
        Near-miss warning
      </span>
      <input
        type="number"
        data-testid="warning-distance"
        min={0}
        max={MAX_CLEARANCE_WARNING_MM}
        step={0.5}
        value={draft ?? String(mm)}
        aria-invalid={invalid}
        onChange={(e) => {
          setDraft(e.target.value);
          const next = Number(e.target.value);
          if (e.target.value.trim() !== '' && next >= 0 && next <= MAX_CLEARANCE_WARNING_MM) set(next);
        }}
        onBlur={() => setDraft(null)}
      />
      <span>mm</span>
      {invalid && <span className="danger-text"> 0–{MAX_CLEARANCE_WARNING_MM} mm</span>}
    </label>
  );
}
