import type { RotationMode, StandardView } from '../../core/volumeRendering';
import { selectSelectedTrajectory, usePlanStore } from '../../state/planStore';
import { useRenderStore } from '../../state/renderStore';

const BUTTONS: { view: StandardView; label: string; title: string }[] = [
  { view: 'anterior', label: 'A', title: 'Anterior view (from the front)' },
  { view: 'posterior', label: 'P', title: 'Posterior view (from behind, head up)' },
  { view: 'left', label: 'L', title: "Left view (from the patient's left)" },
  { view: 'right', label: 'R', title: "Right view (from the patient's right)" },
  { view: 'superior', label: 'S', title: 'Superior view (from the head, anterior up)' },
  { view: 'inferior', label: 'I', title: 'Inferior view (from the feet, anterior up)' },
];

/** The six standard camera directions of the 3D view (A P L R S I), as one group of buttons. */
export function StandardViewButtons() {
  const requestView = useRenderStore((s) => s.requestView);
  return (
    <fieldset
      className="volume3d-views"
      aria-label="Standard views"
      style={{ display: 'flex', flexWrap: 'nowrap', gap: 2, border: 0, margin: 0, padding: 0 }}
    >
      {BUTTONS.map((b) => (
        <button
          key={b.view}
          type="button"
          className="ghost small"
          data-testid={`view-${b.view}`}
          title={b.title}
          onClick={() => requestView(b.view)}
        >
          {b.label}
        </button>
      ))}
    </fieldset>
  );
}

/**
 * The prone procedure table as the operator stands beside it: on the selected needle's side, else the
 * patient's left.
 */
export function ProneViewButton() {
  const requestView = useRenderStore((s) => s.requestView);
  const side = usePlanStore((s) => selectSelectedTrajectory(s)?.side) ?? 'left';
  return (
    <button
      type="button"
      className="ghost small"
      data-testid="view-prone"
      data-side={side}
      title={`Procedure table: patient prone, seen from above as you stand at the patient's ${side} side (head to your ${side === 'left' ? 'left' : 'right'})`}
      onClick={() => requestView(side === 'left' ? 'prone' : 'proneRight')}
    >
      Prone
    </button>
  );
}

/** What a left drag does in the 3D view: turntable (the patient's axis stays up) or trackball. */
export function RotationSelect() {
  const rotation = useRenderStore((s) => s.rotation);
  const setRotation = useRenderStore((s) => s.setRotation);
  return (
    <select
      aria-label="Rotation"
      data-testid="rotation-mode"
      className="small"
      title="Left drag: turntable keeps the patient's axis up (the prone table's vertical in the Prone view); trackball turns freely"
      value={rotation}
      style={{ fontSize: 11 }}
      onChange={(e) => setRotation(e.target.value as RotationMode)}
    >
      <option value="turntable">Turntable</option>
      <option value="trackball">Trackball</option>
    </select>
  );
}
