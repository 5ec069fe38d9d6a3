import type { ReactNode } from 'react';
import type { ViewportId } from '../state/viewStore';
import { SliceView } from './slice/SliceView';
import { Volume3DView } from './volume3d/Volume3DView';

/** What each viewport of the 2x2 grid shows. */
export const viewportSlots: Record<ViewportId, ReactNode> = {
  '3d': <Volume3DView />,
  axial: <SliceView orientation="axial" />,
  sagittal: <SliceView orientation="sagittal" />,
  coronal: <SliceView orientation="coronal" />,
};
