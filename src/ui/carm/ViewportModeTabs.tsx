import { useCarmStore, type Viewport3DMode } from '../../state/carmStore';

const TABS: { mode: Viewport3DMode; label: string; title: string }[] = [
  { mode: '3d', label: '3D', title: '3D volume rendering' },
  { mode: 'carm', label: 'C-arm', title: 'Virtual C-arm: simulated fluoroscopy of this CT' },
];

/** Switches the 3D viewport between the volume rendering and the virtual C-arm. */
export function ViewportModeTabs() {
  const mode = useCarmStore((s) => s.mode);
  const setMode = useCarmStore((s) => s.setMode);
  return (
    <div className="viewport-overlay" role="tablist" style={{ left: 4, bottom: 4, display: 'flex', gap: 2 }}>
      {TABS.map((t) => (
        <button
          key={t.mode}
          type="button"
          role="tab"
          aria-selected={mode === t.mode}
          className={mode === t.mode ? 'primary small' : 'ghost small'}
          style={{ pointerEvents: 'auto' }}
          data-testid={`viewport-mode-${t.mode}`}
          title={t.title}
          onClick={() => setMode(t.mode)}
        >
          {t.label}
        </button>
      ))}
    </div>
  );
}
