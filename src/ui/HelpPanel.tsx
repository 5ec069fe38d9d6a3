import { useViewStore } from '../state/viewStore';
import { MOUSE_CONTROLS, SHORTCUTS } from './shortcuts';

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
        aria-label="Keyboard shortcuts and mouse controls"
        data-testid="help-panel"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={() => undefined}
        style={{ maxHeight: '90vh', overflowY: 'auto' }}
      >
        <h2>Mouse controls</h2>
        {MOUSE_CONTROLS.map((group) => (
          <table key={group.view} data-testid={`help-mouse-${group.view.toLowerCase()}`}>
            <caption style={{ textAlign: 'left', fontWeight: 600, padding: '6px 0 2px' }}>
              {group.view}
            </caption>
            <tbody>
              {group.controls.map((c) => (
                <tr key={c.keys}>
                  <td>
                    <kbd>{c.keys}</kbd>
                  </td>
                  <td>{c.action}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ))}
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
