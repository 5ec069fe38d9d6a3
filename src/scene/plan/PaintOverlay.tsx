import { useLayoutEffect, useMemo, useRef } from 'react';
import { selectActivePlan, usePlanStore } from '../../state/planStore';
import type { SliceOrientation } from '../../volume/slicePlanes';
import type { SliceGeometry } from '../slice/useSliceGeometry';
import { paintedCells } from './paintRaster';

/** Overlay sampling step (CSS px): fine enough for 1 mm voxels at the usual 1-3 px/mm, cheap to redraw. */
const CELL_PX = 2;
/** Same colour as the marked no-go shapes (xr/NoGo3D), translucent so the image shows through. */
const RGBA = [255, 60, 120, 150] as const;

/** The active plan's painted no-go regions over one 2D view, where they cut the view's plane. */
export function PaintOverlay({
  orientation,
  geometry,
}: {
  orientation: SliceOrientation;
  geometry: SliceGeometry;
}) {
  const regions = usePlanStore((s) => selectActivePlan(s)?.noGoMasks);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const { plane, transform } = geometry;
  const raster = useMemo(
    () => (regions && regions.length > 0 ? paintedCells(regions, plane, transform, CELL_PX) : null),
    [regions, plane, transform],
  );
  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx || !raster) return;
    const image = ctx.createImageData(raster.cols, raster.rows);
    for (let i = 0; i < raster.cells.length; i++) {
      if (!raster.cells[i]) continue;
      image.data.set(RGBA, 4 * i);
    }
    ctx.putImageData(image, 0, 0);
  }, [raster]);
  if (!raster) return null;
  return (
    <canvas
      ref={canvasRef}
      className="viewport-overlay"
      data-testid={`paint-overlay-${orientation}`}
      data-painted-cells={raster.count}
      width={raster.cols}
      height={raster.rows}
      style={{
        inset: 0,
        width: raster.cols * CELL_PX,
        height: raster.rows * CELL_PX,
        imageRendering: 'pixelated',
      }}
    />
  );
}
