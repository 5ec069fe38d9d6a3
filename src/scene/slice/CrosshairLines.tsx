import { dot } from '../../core/vec3';
import type { SliceOrientation } from '../../volume/slicePlanes';
import { lpsToPlane, ORIENTATION_AXES, SLICE_ORIENTATIONS } from '../../volume/slicePlanes';
import { planeToScreen } from '../../volume/sliceViewport';
import { SLICE_COLORS } from './sliceColors';
import type { SliceGeometry } from './useSliceGeometry';

/**
 * Where the other two views' planes cut this one, through the crosshair point: drawn as SVG over the image
 * with the same px<->mm mapping as the camera. Generic in the plane normals, so oblique views work later.
 */
export function CrosshairLines({
  orientation,
  geometry,
}: {
  orientation: SliceOrientation;
  geometry: SliceGeometry;
}) {
  const { plane, transform, crosshairLps } = geometry;
  const [cx, cy] = planeToScreen(transform, ...lpsToPlane(plane, crosshairLps));
  const reach = transform.widthPx + transform.heightPx;
  return (
    <svg
      className="viewport-overlay"
      data-testid={`crosshair-${orientation}`}
      data-x={cx.toFixed(1)}
      data-y={cy.toFixed(1)}
      width={transform.widthPx}
      height={transform.heightPx}
      style={{ inset: 0 }}
      aria-hidden="true"
    >
      {SLICE_ORIENTATIONS.filter((o) => o !== orientation).map((other) => {
        const n = ORIENTATION_AXES[other].normalLps;
        // The other plane's trace runs perpendicular to its normal projected into this plane (screen y is down).
        const nx = dot(n, plane.uLps);
        const ny = -dot(n, plane.vLps);
        const len = Math.hypot(nx, ny);
        if (len < 1e-6) return null;
        const dx = -ny / len;
        const dy = nx / len;
        return (
          <line
            key={other}
            data-testid={`crosshair-${orientation}-${other}`}
            x1={cx - dx * reach}
            y1={cy - dy * reach}
            x2={cx + dx * reach}
            y2={cy + dy * reach}
            stroke={SLICE_COLORS[other]}
            strokeOpacity={0.75}
            strokeWidth={1}
          />
        );
      })}
    </svg>
  );
}
