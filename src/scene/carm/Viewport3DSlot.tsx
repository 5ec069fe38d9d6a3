import { useCarmStore } from '../../state/carmStore';
import { useViewChrome } from '../viewChrome';
import { Volume3DView } from '../volume3d/Volume3DView';
import { CarmView } from './CarmView';

/** The '3d' viewport: the 3D volume view or the virtual C-arm, with tabs to switch. */
export function Viewport3DSlot() {
  const mode = useCarmStore((s) => s.mode);
  const chrome = useViewChrome();
  return (
    <>
      {mode === 'carm' ? <CarmView /> : <Volume3DView />}
      {chrome.viewportModeTabs()}
    </>
  );
}
