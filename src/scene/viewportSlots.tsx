import type { ReactNode } from 'react';
import type { ViewportId } from '../state/viewStore';
import { Viewport3DSlot } from './carm/Viewport3DSlot';
import { SliceView } from './slice/SliceView';

/** What each viewport of the 2x2 grid shows. */
export const viewportSlots: Record<ViewportId, ReactNode> = {
  '3d': <Viewport3DSlot />,
  axial: <SliceView orientation="axial" />,
  sagittal: <SliceView orientation="sagittal" />,
  coronal: <SliceView orientation="coronal" />,
};
