import type { StandardView } from '../../core/volumeRendering';
import { useRenderStore } from '../../state/renderStore';

const BUTTONS: { view: StandardView; label: string; title: string }[] = [
  { view: 'anterior', label: 'A', title: 'Anterior view (from the front)' },
  { view: 'posterior', label: 'P', title: 'Posterior view (from behind)' },
  { view: 'left', label: 'L', title: "Left view (from the patient's left)" },
  { view: 'right', label: 'R', title: "Right view (from the patient's right)" },
  { view: 'superior', label: 'S', title: 'Superior view (from the head, anterior up)' },
  { view: 'inferior', label: 'I', title: 'Inferior view (from the feet, anterior up)' },
  {
    view: 'prone',
    label: 'Prone',
    title: 'Procedure table: patient prone, looking down at the back, head up',
  },
];

/** Standard camera directions for the 3D view. */
export function ViewButtons() {
  const requestView = useRenderStore((s) => s.requestView);
  return (
    <fieldset
      className="volume3d-views"
      aria-label="Standard views"
      style={{ display: 'flex', gap: 2, border: 0, margin: 0, padding: 0 }}
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
    </fieldset>
  );
}
