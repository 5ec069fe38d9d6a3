import { useViewStore } from '../state/viewStore';
import { SHORTCUTS } from './shortcuts';

export function HelpPanel() {
  const open = useViewStore((s) => s.helpOpen);
  const setHelpOpen = useViewStore((s) => s.setHelpOpen);
  if (!open) return null;
  return (
    <div
      className="modal-backdrop"
      onClick={() => setHelpOpen(false)}
      onKeyDown={() => undefined}
      role="presentation"
    >
      <div
        className="modal"
        role="dialog"
        aria-label="Keyboard shortcuts"
        data-testid="help-panel"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={() => undefined}
      >
        <h2>Keyboard shortcuts</h2>
        <table>
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.action}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={() => setHelpOpen(false)}>
          Close
        </button>
      </div>
    </div>
  );
}
