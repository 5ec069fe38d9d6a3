import { useMemo } from 'react';
import type { Vec3 } from '../../core/vec3';
import { useSliceStore } from '../../state/sliceStore';
import type { SliceOrientation, SlicePlane, SlicePosition } from '../../volume/slicePlanes';
import {
  orientationPlane,
  projectedHalfExtentMm,
  slicePosition,
  volumeCentreLps,
  volumeCornersLps,
} from '../../volume/slicePlanes';
import type { SliceViewTransform } from '../../volume/sliceViewport';
import { fitPxPerMm } from '../../volume/sliceViewport';
import type { Volume } from '../../volume/volume';

/** Everything one 2D view derives from the store and its size: the plane, the px<->mm mapping, the slice. */
export interface SliceGeometry {
  plane: SlicePlane;
  transform: SliceViewTransform;
  position: SlicePosition;
  crosshairLps: Vec3;
  /** Half the diagonal of the volume (mm): the slice quad covers the volume at any orientation. */
  radiusMm: number;
}

export function useSliceGeometry(
  orientation: SliceOrientation,
  volume: Volume,
  sizePx: readonly [number, number],
): SliceGeometry {
  const crosshair = useSliceStore((s) => s.crosshairLps);
  const settings = useSliceStore((s) => s.views[orientation]);
  const bounds = useMemo(() => {
    const corners = volumeCornersLps(volume);
    const centre = volumeCentreLps(volume);
    const radiusMm = Math.max(
      ...corners.map((c) => Math.hypot(c[0] - centre[0], c[1] - centre[1], c[2] - centre[2])),
    );
    return { corners, centre, radiusMm };
  }, [volume]);
  return useMemo(() => {
    const crosshairLps = crosshair ?? bounds.centre;
    const plane = orientationPlane(orientation, crosshairLps, bounds.centre);
    const halfExtent = projectedHalfExtentMm(plane, bounds.corners);
    const [widthPx, heightPx] = sizePx;
    const transform: SliceViewTransform = {
      centreMm: settings.panMm,
      pxPerMm: fitPxPerMm(halfExtent, Math.max(1, widthPx), Math.max(1, heightPx)) * settings.zoom,
      widthPx,
      heightPx,
    };
    return {
      plane,
      transform,
      position: slicePosition(volume, orientation, crosshairLps),
      crosshairLps,
      radiusMm: bounds.radiusMm,
    };
  }, [crosshair, bounds, orientation, settings, sizePx, volume]);
}
