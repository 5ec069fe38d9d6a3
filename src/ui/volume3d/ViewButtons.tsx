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

/**
 * Standard camera directions for the 3D view, the prone table as the operator stands beside it (on the
 * selected needle's side, else the patient's left), and the rotation mode.
 */
export function ViewButtons() {
  const requestView = useRenderStore((s) => s.requestView);
  const rotation = useRenderStore((s) => s.rotation);
  const setRotation = useRenderStore((s) => s.setRotation);
  const side = usePlanStore((s) => selectSelectedTrajectory(s)?.side) ?? 'left';
  return (
    <fieldset
      className="volume3d-views"
      aria-label="Standard views"
      style={{ display: 'flex', flexWrap: 'wrap', gap: 2, border: 0, margin: 0, padding: 0 }}
    >
      {BUTTONS.map((b) => (
        <button
          key={b.view}
          type="button"
          className="ghost small"
          data-testid={`view-${b.view}`}
          title={b.title}
          style={{ pointerEvents: 'auto' }}
          onClick={() => requestView(b.view)}
        >
          {b.label}
        </button>
      ))}
      <button
        type="button"
        className="ghost small"
        data-testid="view-prone"
        data-side={side}
        title={`Procedure table: patient prone, seen from above as you stand at the patient's ${side} side (head to your ${side === 'left' ? 'left' : 'right'})`}
        style={{ pointerEvents: 'auto' }}
        onClick={() => requestView(side === 'left' ? 'prone' : 'proneRight')}
      >
        Prone
      </button>
      <select
        aria-label="Rotation"
        data-testid="rotation-mode"
        className="small"
        title="Left drag: turntable keeps the patient's axis up (the prone table's vertical in the Prone view); trackball turns freely"
        value={rotation}
        style={{ pointerEvents: 'auto', fontSize: 11 }}
        onChange={(e) => setRotation(e.target.value as RotationMode)}
      >
        <option value="turntable">Turntable</option>
        <option value="trackball">Trackball</option>
      </select>
    </fieldset>
  );
}
