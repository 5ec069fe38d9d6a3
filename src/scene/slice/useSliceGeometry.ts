import { useEffect, useMemo } from 'react';
import type { Vec3 } from '../../core/vec3';
import { distance, normalize, sub } from '../../core/vec3';
import { selectSelectedTrajectory, usePlanStore } from '../../state/planStore';
import { NEEDLE_VIEW_OF_SLOT, useSliceStore } from '../../state/sliceStore';
import type { NeedleFrame } from '../../volume/needleFraming';
import { fitNeedleFrame, needleFrame } from '../../volume/needleFraming';
import type { NeedleViewKind, SliceOrientation, SlicePlane, SlicePosition } from '../../volume/slicePlanes';
import {
  needlePlane,
  needleUpReference,
  orientationPlane,
  projectedHalfExtentMm,
  slicePosition,
  volumeCentreLps,
  volumeCornersLps,
} from '../../volume/slicePlanes';
import type { SliceViewTransform, ViewInsetsPx } from '../../volume/sliceViewport';
import { fitInFreeArea } from '../../volume/sliceViewport';
import type { Volume } from '../../volume/volume';

/** What a needle-locked view shows (the selected trajectory), for its overlay and input. */
export interface NeedleViewGeometry {
  kind: NeedleViewKind;
  trajectoryId: string;
  entryLps: Vec3;
  targetLps: Vec3;
  lengthMm: number;
  /** Depth of the down-the-needle plane from the entry (mm, within the needle). */
  depthMm: number;
  rotationDeg: number;
  /** What the view frames by default (kept while this needle is edited; see volume/needleFraming). */
  frame: NeedleFrame;
}

/** Everything one 2D view derives from the store and its size: the plane, the px<->mm mapping, the slice. */
export interface SliceGeometry {
  plane: SlicePlane;
  transform: SliceViewTransform;
  position: SlicePosition;
  crosshairLps: Vec3;
  /** Half the diagonal of the volume (mm): the slice quad covers the volume at any orientation. */
  radiusMm: number;
  /** Bands along the view's edges that its controls cover (measured); the fit keeps the image out of them. */
  insets?: ViewInsetsPx;
  /** Set when the view is locked to the selected needle (needle layout); the plane is then that view's. */
  needle?: NeedleViewGeometry;
}

export function useSliceGeometry(
  orientation: SliceOrientation,
  volume: Volume,
  sizePx: readonly [number, number],
  insets: ViewInsetsPx,
): SliceGeometry {
  const crosshair = useSliceStore((s) => s.crosshairLps);
  const settings = useSliceStore((s) => s.views[orientation]);
  const layout = useSliceStore((s) => s.layout);
  const rotationDeg = useSliceStore((s) => s.needleRotationDeg);
  const depthMm = useSliceStore((s) => s.needleDepthMm);
  const storedReference = useSliceStore((s) => s.needleUpReference);
  const storedFrame = useSliceStore((s) => s.needleFrames[orientation]);
  const heldPlane = useSliceStore((s) =>
    s.heldNeedlePlane?.view === orientation ? s.heldNeedlePlane.plane : null,
  );
  const selected = usePlanStore(selectSelectedTrajectory);
  const line =
    layout === 'needle' && selected && distance(selected.entryLps, selected.targetLps) > 1e-3
      ? selected
      : null;
  const reference = line
    ? needleUpReference(normalize(sub(line.targetLps, line.entryLps)), storedReference)
    : storedReference;
  useEffect(() => {
    if (reference && reference !== useSliceStore.getState().needleUpReference)
      useSliceStore.getState().setNeedleUpReference(reference);
  }, [reference]);
  const bounds = useMemo(() => {
    const corners = volumeCornersLps(volume);
    const centre = volumeCentreLps(volume);
    const radiusMm = Math.max(
      ...corners.map((c) => Math.hypot(c[0] - centre[0], c[1] - centre[1], c[2] - centre[2])),
    );
    return { corners, centre, radiusMm };
  }, [volume]);
  const geometry = useMemo(() => {
    const crosshairLps = crosshair ?? bounds.centre;
    let plane = orientationPlane(orientation, crosshairLps, bounds.centre);
    let needle: NeedleViewGeometry | undefined;
    if (line && reference) {
      const kind = NEEDLE_VIEW_OF_SLOT[orientation];
      // While a handle is dragged in this view it keeps the plane it had when the drag began.
      const locked = heldPlane ?? needlePlane(line, kind, { rotationDeg, depthMm, reference });
      if (locked) {
        plane = locked;
        const lengthMm = distance(line.entryLps, line.targetLps);
        // The frame made when this view first showed this needle (or at the last Fit); a new one otherwise.
        const frame =
          storedFrame && storedFrame.trajectoryId === line.id && storedFrame.kind === kind
            ? storedFrame
            : needleFrame(line.id, kind, lengthMm, projectedHalfExtentMm(plane, bounds.corners));
        needle = {
          kind,
          trajectoryId: line.id,
          entryLps: line.entryLps,
          targetLps: line.targetLps,
          lengthMm,
          depthMm: Math.min(lengthMm, Math.max(0, depthMm)),
          rotationDeg,
          frame,
        };
      }
    }
    const [widthPx, heightPx] = sizePx;
    const w = Math.max(1, widthPx);
    const h = Math.max(1, heightPx);
    // A needle view frames its needle; other views fit the whole volume. Both fit into the free area.
    const fit = needle
      ? fitNeedleFrame(needle.frame, w, h, insets)
      : fitInFreeArea(projectedHalfExtentMm(plane, bounds.corners), w, h, insets);
    const transform: SliceViewTransform = {
      centreMm: settings.panMm,
      pxPerMm: fit.pxPerMm * settings.zoom,
      widthPx,
      heightPx,
      anchorPx: fit.anchorPx,
    };
    return {
      plane,
      transform,
      position: slicePosition(volume, orientation, crosshairLps),
      crosshairLps,
      radiusMm: bounds.radiusMm,
      insets,
      needle,
    };
  }, [
    crosshair,
    bounds,
    orientation,
    settings,
    sizePx,
    insets,
    volume,
    line,
    reference,
    rotationDeg,
    depthMm,
    storedFrame,
    heldPlane,
  ]);
  const frame = geometry.needle?.frame;
  useEffect(() => {
    if (frame && frame !== useSliceStore.getState().needleFrames[orientation])
      useSliceStore.getState().setNeedleFrame(orientation, frame);
  }, [frame, orientation]);
  return geometry;
}
