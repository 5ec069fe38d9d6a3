import { type PointerEvent as ReactPointerEvent, useMemo, useRef, useState } from 'react';
import { currentTransfer, useRenderStore } from '../../state/renderStore';
import { sortedControlPoints, type TransferFunction } from '../../volume/transfer/transferFunction';
import {
  addControlPoint,
  colorToHex,
  hexToColor,
  moveControlPoint,
  removeControlPoint,
  setControlPointColor,
} from '../../volume/transfer/transferFunctionEdit';
import { VOLUME_PRESETS } from '../../volume/transfer/transferFunctionPresets';
import { useEscapeCloses } from '../useEscapeCloses';
import { EDITOR_AXES as A, huToX, keyStep, opacityToY, xToHu, yToOpacity } from './transferEditorGeometry';

const POINT_RADIUS = 5;

/**
 * Transfer-function editor over the volume's HU histogram (log counts): drag a point (HU across, opacity
 * up), click the plot to add one, double-click or Delete to remove one, arrows to move the focused point,
 * a colour per point. Edits show at once; "Save for this case" keeps them across reloads.
 */
export function TransferFunctionEditor({
  histogramHeights,
  onClose,
}: {
  /** The volume's log HU histogram over the editor's axis (the 3D view computes it once per volume). */
  histogramHeights: () => Float32Array;
  /** Esc closes the editor, as it closes the dialogs. */
  onClose: () => void;
}) {
  useEscapeCloses(true, onClose);
  const preset = useRenderStore((s) => s.preset);
  const custom = useRenderStore((s) => s.customTransfer);
  const saved = useRenderStore((s) => s.savedPreset);
  const problem = useRenderStore((s) => s.presetStorageProblem);
  const mode = useRenderStore((s) => s.mode);
  const store = useRenderStore.getState;
  const tf: TransferFunction = custom ?? VOLUME_PRESETS[preset].transferFunction;
  const points = useMemo(() => sortedControlPoints(tf.points), [tf]);
  const [selected, setSelected] = useState(0);
  const svgRef = useRef<SVGSVGElement>(null);
  const dragIndex = useRef<number | null>(null);
  /** The point under the last press: pointer capture retargets the double-click to the plot itself. */
  const pressedPoint = useRef<number | null>(null);
  const heights = useMemo(() => histogramHeights(), [histogramHeights]);
  const sel = Math.min(selected, points.length - 1);

  const edit = (next: TransferFunction) => store().editTransfer(next);
  const plotPoint = (e: ReactPointerEvent): [number, number] => {
    const r = svgRef.current!.getBoundingClientRect();
    const x = ((e.clientX - r.left) / r.width) * A.width;
    const y = ((e.clientY - r.top) / r.height) * A.height;
    return [xToHu(A, x), yToOpacity(A, y)];
  };
  const onPlotDown = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (e.button !== 0) return;
    e.stopPropagation();
    const target = e.target as Element;
    const hit = target.getAttribute('data-point');
    let index: number;
    pressedPoint.current = hit === null ? null : Number(hit);
    if (hit !== null) index = Number(hit);
    else {
      const [hu, opacity] = plotPoint(e);
      const added = addControlPoint(tf, hu, opacity);
      edit(added.transferFunction);
      index = added.index;
    }
    setSelected(index);
    dragIndex.current = index;
    svgRef.current?.setPointerCapture(e.pointerId);
  };
  const onPlotMove = (e: ReactPointerEvent<SVGSVGElement>) => {
    if (dragIndex.current === null) return;
    const [hu, opacity] = plotPoint(e);
    edit(moveControlPoint(currentTransfer(), dragIndex.current, hu, opacity));
  };
  const onPlotUp = () => {
    dragIndex.current = null;
  };
  const remove = (index: number) => {
    edit(removeControlPoint(tf, index));
    setSelected(Math.max(0, index - 1));
  };
  const onPointKey = (e: React.KeyboardEvent, index: number) => {
    if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault();
      remove(index);
      return;
    }
    const step = keyStep(e.key, e.shiftKey);
    if (!step) return;
    e.preventDefault();
    const p = points[index]!;
    edit(moveControlPoint(tf, index, p.hu + step.dHu, p.opacity + step.dOpacity));
  };

  const line = points.map((p) => `${huToX(A, p.hu)},${opacityToY(A, p.opacity)}`).join(' ');
  // The histogram spans the axis in equal bins (volume/transfer/transferFunctionHistogram.ts).
  const binW = A.width / Math.max(1, heights.length);
  const histogramPath = useMemo(() => {
    let d = '';
    heights.forEach((h, i) => {
      if (h > 0) d += `M${i * binW} ${A.height}V${A.height * (1 - h)}h${binW}V${A.height}z`;
    });
    return d;
  }, [heights, binW]);
  const gradient = points
    .map((p) => `${colorToHex(p.color)} ${((huToX(A, p.hu) / A.width) * 100).toFixed(1)}%`)
    .join(', ');
  const selPoint = points[sel];
  const status =
    custom === null
      ? 'built-in preset'
      : custom === saved?.transferFunction
        ? 'saved for this case'
        : 'edited, not saved';

  return (
    <fieldset
      className="tf-editor"
      data-testid="tf-editor"
      aria-label="Transfer function editor"
      style={{ border: 0, margin: 0 }}
    >
      <svg
        ref={svgRef}
        data-testid="tf-plot"
        width={A.width}
        height={A.height}
        viewBox={`-${POINT_RADIUS} -${POINT_RADIUS} ${A.width + 2 * POINT_RADIUS} ${A.height + 2 * POINT_RADIUS}`}
        onPointerDown={onPlotDown}
        onPointerMove={onPlotMove}
        onPointerUp={onPlotUp}
        onDoubleClick={() => {
          if (pressedPoint.current !== null) remove(pressedPoint.current);
          pressedPoint.current = null;
        }}
      >
        <title>HU histogram (log counts) and opacity points</title>
        <rect x={0} y={0} width={A.width} height={A.height} className="tf-plot-bg" />
        <path d={histogramPath} className="tf-bin" />
        <polyline points={line} className="tf-line" />
        {points.map((p, i) => (
          <circle
            // biome-ignore lint/suspicious/noArrayIndexKey: points are identified by their sorted index
            key={i}
            data-point={i}
            data-testid={`tf-point-${i}`}
            cx={huToX(A, p.hu)}
            cy={opacityToY(A, p.opacity)}
            r={POINT_RADIUS}
            fill={colorToHex(p.color)}
            className={i === sel ? 'tf-point selected' : 'tf-point'}
            tabIndex={0}
            role="slider"
            aria-label={`Point ${i + 1}: ${Math.round(p.hu)} HU, opacity ${p.opacity.toFixed(2)}`}
            aria-valuemin={A.minHu}
            aria-valuemax={A.maxHu}
            aria-valuenow={Math.round(p.hu)}
            onFocus={() => setSelected(i)}
            onKeyDown={(e) => onPointKey(e, i)}
          />
        ))}
      </svg>
      <div className="tf-gradient" style={{ background: `linear-gradient(to right, ${gradient})` }} />
      <div className="tf-row">
        {selPoint && (
          <>
            <span data-testid="tf-selected">
              {Math.round(selPoint.hu)} HU, {selPoint.opacity.toFixed(2)}
            </span>
            <input
              type="color"
              aria-label="Colour of the selected point"
              data-testid="tf-color"
              value={colorToHex(selPoint.color)}
              onChange={(e) => {
                const c = hexToColor(e.target.value);
                if (c) edit(setControlPointColor(tf, sel, c));
              }}
            />
          </>
        )}
        <span className="tf-status" data-testid="tf-status">
          {status}
        </span>
      </div>
      {mode !== 'composite' && <div className="tf-note">The editor shapes the Shaded mode.</div>}
      <div className="tf-row">
        <button
          type="button"
          className="ghost small"
          data-testid="tf-save"
          disabled={custom === null}
          onClick={() => void store().saveCasePreset()}
        >
          Save for this case
        </button>
        <button
          type="button"
          className="ghost small"
          data-testid="tf-reset"
          onClick={() => store().resetTransfer()}
        >
          Reset to preset
        </button>
        {saved && (
          <>
            <button type="button" className="ghost small" onClick={() => store().applySavedPreset()}>
              Use saved
            </button>
            <button
              type="button"
              className="ghost small"
              data-testid="tf-forget"
              onClick={() => void store().forgetCasePreset()}
            >
              Forget saved
            </button>
          </>
        )}
      </div>
      {problem && (
        <div role="alert" className="tf-note">
          {problem}
        </div>
      )}
    </fieldset>
  );
}
