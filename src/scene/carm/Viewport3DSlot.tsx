import { useCarmStore } from '../../state/carmStore';
import { Volume3DView } from '../volume3d/Volume3DView';
import { CarmView } from './CarmView';
import { ViewportModeTabs } from './ViewportModeTabs';

/** The '3d' viewport: the 3D volume view or the virtual C-arm, with tabs to switch. */
export function Viewport3DSlot() {
  const mode = useCarmStore((s) => s.mode);
  return (
    <>
      {mode === 'carm' ? <CarmView /> : <Volume3DView />}
      <ViewportModeTabs />
    </>
  );
}
