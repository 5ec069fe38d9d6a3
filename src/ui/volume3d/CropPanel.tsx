import type { Mat4 } from '../../core/mat4';
import type { Vec3 } from '../../core/vec3';
import { useRenderStore } from '../../state/renderStore';
import { useEscapeCloses } from '../useEscapeCloses';
import { PRESSED_TOGGLE } from './RenderControls';

/** Anatomical letters of the LPS axis an index axis runs along most, e.g. "R-L" for i of an axial series. */
function axisLetters(ijkToLps: Mat4, axis: 0 | 1 | 2): string {
  const d = [ijkToLps[axis]!, ijkToLps[4 + axis]!, ijkToLps[8 + axis]!];
  const major = d.map(Math.abs).indexOf(Math.max(...d.map(Math.abs)));
  const pairs = [
    ['R', 'L'],
    ['A', 'P'],
    ['I', 'S'],
  ] as const;
  const [neg, pos] = pairs[major]!;
  return d[major]! >= 0 ? `${neg}-${pos}` : `${pos}-${neg}`;
}

const CLIP_NORMALS: { label: string; normal: Vec3 }[] = [
  { label: 'removes posterior', normal: [0, 1, 0] },
  { label: 'removes anterior', normal: [0, -1, 0] },
  { label: 'removes left', normal: [1, 0, 0] },
  { label: 'removes right', normal: [-1, 0, 0] },
  { label: 'removes superior', normal: [0, 0, 1] },
  { label: 'removes inferior', normal: [0, 0, -1] },
];

/** Opens and closes the 3D view's crop box and clip plane (the view holds whether it is open and draws it). */
export function CropToggle({ open, onToggle }: { open: boolean; onToggle: () => void }) {
  return (
    <button
      type="button"
      className="ghost small"
      data-testid="crop-toggle"
      aria-pressed={open}
      title={`${open ? 'Close the' : 'Open the'} crop box and clip plane of the 3D view`}
      style={open ? PRESSED_TOGGLE : undefined}
      onClick={onToggle}
    >
      Clipping
    </button>
  );
}

/** Crop box (six sliders, in voxel-index fractions) and one clip plane, as a small panel; Esc closes it. */
export function CropPanel({
  ijkToLps,
  radiusMm,
  onClose,
}: {
  ijkToLps: Mat4;
  radiusMm: number;
  onClose: () => void;
}) {
  useEscapeCloses(true, onClose);
  const crop = useRenderStore((s) => s.crop);
  const clipPlane = useRenderStore((s) => s.clipPlane);
  const setCropAxis = useRenderStore((s) => s.setCropAxis);
  const resetCrop = useRenderStore((s) => s.resetCrop);
  const setClipPlane = useRenderStore((s) => s.setClipPlane);
  const normalIndex = CLIP_NORMALS.findIndex((c) => c.normal.every((v, i) => v === clipPlane.normalLps[i]));
  return (
    <div
      data-testid="crop-panel"
      style={{
        pointerEvents: 'auto',
        background: 'rgba(13,17,23,0.85)',
        padding: 6,
        borderRadius: 4,
        textAlign: 'left',
      }}
    >
      {([0, 1, 2] as const).map((axis) => (
        <div key={axis}>
          <div>
            {'ijk'[axis]} ({axisLetters(ijkToLps, axis)})
          </div>
          {(['min', 'max'] as const).map((end) => (
            <input
              key={end}
              type="range"
              min={0}
              max={1}
              step={0.01}
              aria-label={`crop ${'ijk'[axis]} ${end}`}
              data-testid={`crop-${'ijk'[axis]}-${end}`}
              value={crop[end][axis]}
              onChange={(e) => {
                const v = Number(e.target.value);
                if (end === 'min') setCropAxis(axis, v, crop.max[axis]);
                else setCropAxis(axis, crop.min[axis], v);
              }}
            />
          ))}
        </div>
      ))}
      <button type="button" className="ghost small" onClick={resetCrop}>
        Reset crop
      </button>
      <hr />
      <label>
        <input
          type="checkbox"
          data-testid="clip-enabled"
          checked={clipPlane.enabled}
          onChange={(e) => setClipPlane({ enabled: e.target.checked })}
        />{' '}
        Clip plane
      </label>
      <select
        aria-label="Clip plane side"
        value={Math.max(0, normalIndex)}
        onChange={(e) => setClipPlane({ normalLps: CLIP_NORMALS[Number(e.target.value)]!.normal })}
      >
        {CLIP_NORMALS.map((c, i) => (
          <option key={c.label} value={i}>
            {c.label}
          </option>
        ))}
      </select>
      <input
        type="range"
        min={-radiusMm}
        max={radiusMm}
        step={1}
        aria-label="Clip plane offset (mm)"
        data-testid="clip-offset"
        value={clipPlane.offsetMm}
        onChange={(e) => setClipPlane({ offsetMm: Number(e.target.value) })}
      />
      <span> {clipPlane.offsetMm} mm</span>
    </div>
  );
}
