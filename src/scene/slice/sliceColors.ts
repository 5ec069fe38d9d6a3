import type { SliceOrientation } from '../../volume/slicePlanes';

/** One colour per plane: a view's crosshair line has the colour of the plane it shows the position of. */
export const SLICE_COLORS: Record<SliceOrientation, string> = {
  axial: '#f5c542',
  sagittal: '#4cd964',
  coronal: '#4fa3ff',
};
