import cornerstone from 'cornerstone-core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { AcquiredFrame, StoredPixels } from '../../core/acquiredImages';
import type { Vec3 } from '../../core/vec3';
import { selectActivePlan, usePlanStore } from '../../state/planStore';
import { useSliceStore } from '../../state/sliceStore';
import { useStudyStore } from '../../state/studyStore';
import { safeColour } from '../plan/planFormat';
import { framePixelToLps, halfSpacingMm, lpsToFramePixel, nearestFrame } from './acquiredGeometry';
import { useAcquiredImagesSource } from './acquiredSource';

/** Cine speed (frames per second). */
const CINE_FPS = 10;

/** Where each orientation letter sits (the letters of a tilted image name its dominant directions first). */
const LETTER_PLACE = {
  top: { top: 22, left: '50%', transform: 'translateX(-50%)' },
  bottom: { bottom: 4, left: '50%', transform: 'translateX(-50%)' },
  left: { left: 6, top: '50%', transform: 'translateY(-50%)' },
  right: { right: 6, top: '50%', transform: 'translateY(-50%)' },
} as const;

interface Marker {
  key: string;
  x: number;
  y: number;
  colour: string;
  label: string;
}

/** A cornerstone image over stored pixels (cornerstone-core 2.6 reads width/height as well as rows/columns when it draws). */
function toCornerstoneImage(id: string, f: AcquiredFrame, pixels: StoredPixels): cornerstone.Image {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < pixels.length; i++) {
    const v = pixels[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const modality = (v: number) => v * f.rescaleSlope + f.rescaleIntercept;
  return {
    imageId: id,
    minPixelValue: min,
    maxPixelValue: max,
    slope: f.rescaleSlope,
    intercept: f.rescaleIntercept,
    windowCenter: f.windowCenter ?? (modality(min) + modality(max)) / 2,
    windowWidth: f.windowWidth ?? Math.max(1, modality(max) - modality(min)),
    getPixelData: () => pixels as unknown as number[],
    rows: f.rows,
    columns: f.columns,
    height: f.rows,
    width: f.columns,
    color: false,
    columnPixelSpacing: f.pixelSpacing[1],
    rowPixelSpacing: f.pixelSpacing[0],
    invert: false,
    sizeInBytes: pixels.byteLength,
  } as unknown as cornerstone.Image;
}

/**
 * "Acquired images" (issue 19): the open series' images exactly as stored, drawn by cornerstone-core from
 * their native pixels with the header's window, one after the other as acquired (no reformatting, so a
 * tilted or unevenly spaced series shows what the scanner wrote, beside the reformatted axial). Linked to
 * the crosshair both ways (it follows the crosshair; the wheel, cine and a click move it), with the plan's
 * entry and target points drawn on the image they fall on.
 */
export function AcquiredImagesView() {
  const source = useAcquiredImagesSource();
  const volume = useStudyStore((s) => s.volume);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the frames change with the open volume
  const frames = useMemo(() => source.frames(), [source, volume]);
  const crosshair = useSliceStore((s) => s.crosshairLps);
  const trajectories = usePlanStore((s) => selectActivePlan(s)?.trajectories);
  const element = useRef<HTMLDivElement>(null);
  const [index, setIndex] = useState(() => (crosshair ? nearestFrame(frames, crosshair) : 0));
  const [playing, setPlaying] = useState(false);
  const [voiChoice, setVoiChoice] = useState<'header' | 'bone' | 'soft'>('header');
  // The stored values shown and their sum (published on the element: tests compare it with the file's).
  const [shown, setShown] = useState<{ index: number; pixels: StoredPixels; sum: number } | null>(null);
  const [renderSerial, setRenderSerial] = useState(0);

  // Follows the crosshair (unless the cine is running).
  useEffect(() => {
    if (!playing && crosshair && frames.length > 0) setIndex(nearestFrame(frames, crosshair));
  }, [crosshair, frames, playing]);

  useEffect(() => {
    const el = element.current;
    if (!el) return;
    cornerstone.enable(el);
    const onRendered = () => setRenderSerial((n) => n + 1);
    el.addEventListener('cornerstoneimagerendered', onRendered);
    const observer = new ResizeObserver(() => {
      try {
        cornerstone.resize(el, true);
      } catch {
        // Nothing displayed yet.
      }
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      el.removeEventListener('cornerstoneimagerendered', onRendered);
      cornerstone.disable(el);
    };
  }, []);

  useEffect(() => {
    const el = element.current;
    const f = frames[index];
    if (!el || !f) return;
    let live = true;
    void source.pixels(index).then((pixels) => {
      if (!live) return;
      const image = toCornerstoneImage(`spineplan:${volume?.id}:${index}`, f, pixels);
      const voi =
        voiChoice === 'bone'
          ? { windowWidth: 1500, windowCenter: 300 }
          : voiChoice === 'soft'
            ? { windowWidth: 400, windowCenter: 40 }
            : { windowWidth: image.windowWidth, windowCenter: image.windowCenter };
      const viewport = cornerstone.getViewport(el);
      cornerstone.displayImage(el, image, viewport ? { ...viewport, voi } : { voi });
      let sum = 0;
      for (let i = 0; i < pixels.length; i++) sum += pixels[i]!;
      setShown({ index, pixels, sum });
    });
    return () => {
      live = false;
    };
  }, [frames, index, source, volume, voiChoice]);

  // Cine: steps through the stored images in order, the crosshair following.
  useEffect(() => {
    if (!playing || frames.length === 0) return;
    const timer = setInterval(() => setIndex((i) => (i + 1) % frames.length), 1000 / CINE_FPS);
    return () => clearInterval(timer);
  }, [playing, frames.length]);

  const goTo = (next: number) => {
    const i = Math.max(0, Math.min(frames.length - 1, next));
    const f = frames[i];
    if (!f) return;
    setIndex(i);
    // The crosshair moves onto that image, keeping its place in plane.
    const now = useSliceStore.getState().crosshairLps;
    const { column, row } = now ? lpsToFramePixel(f, now) : { column: f.columns / 2, row: f.rows / 2 };
    useSliceStore.getState().setCrosshair(framePixelToLps(f, column, row));
  };

  const frame = frames[index];
  const markers = useMemo<Marker[]>(() => {
    const el = element.current;
    if (!frame || !el || shown?.index !== index || renderSerial < 0) return [];
    const half = halfSpacingMm(frames, index);
    const out: Marker[] = [];
    for (const t of trajectories ?? [])
      for (const [end, p] of [
        ['target', t.targetLps],
        ['entry', t.entryLps],
      ] as [string, Vec3][]) {
        const px = lpsToFramePixel(frame, p);
        if (Math.abs(px.offPlaneMm) > half) continue;
        const c = cornerstone.pixelToCanvas(el, { x: px.column + 0.5, y: px.row + 0.5 } as never);
        out.push({
          key: `${t.id}-${end}`,
          x: c.x,
          y: c.y,
          colour: safeColour(t.colour),
          label: `${t.name} ${end}`,
        });
      }
    return out;
  }, [frame, frames, index, trajectories, shown, renderSerial]);

  if (frames.length === 0)
    return (
      <div className="viewport-placeholder" data-testid="acquired-none">
        No stored images for this volume (the generated demo, or a volume opened without files).
      </div>
    );
  return (
    <div className="acquired-view" data-testid="acquired-view">
      <div
        ref={element}
        className="acquired-image"
        data-testid="acquired-image"
        data-index={index}
        data-shown-index={shown?.index ?? -1}
        data-shown-file={shown ? frames[shown.index]?.path : undefined}
        data-pixel-sum={shown?.sum}
        onWheel={(e) => goTo(index + (e.deltaY > 0 ? 1 : -1))}
        onClick={(e) => {
          const el = element.current;
          if (!el || !frame) return;
          const box = el.getBoundingClientRect();
          const p = cornerstone.canvasToPixel(el, {
            x: e.clientX - box.left,
            y: e.clientY - box.top,
          } as never);
          useSliceStore.getState().setCrosshair(framePixelToLps(frame, p.x - 0.5, p.y - 0.5));
        }}
        onKeyDown={() => undefined}
        role="presentation"
      />
      <svg className="acquired-markers" aria-hidden="true">
        {markers.map((m) => (
          <g key={m.key} data-testid="acquired-marker">
            <circle cx={m.x} cy={m.y} r={5} fill="none" stroke="#000" strokeWidth={3.5} />
            <circle cx={m.x} cy={m.y} r={5} fill="none" stroke={m.colour} strokeWidth={2} />
          </g>
        ))}
      </svg>
      {frame &&
        (['top', 'bottom', 'left', 'right'] as const).map((edge) => (
          <div
            key={edge}
            className="viewport-overlay acquired-letter"
            data-testid={`acquired-letter-${edge}`}
            style={LETTER_PLACE[edge]}
          >
            {frame.letters[edge]}
          </div>
        ))}
      <div className="viewport-overlay acquired-info" style={{ top: 4, left: 6 }} data-testid="acquired-info">
        {`Stored image ${index + 1} / ${frames.length}`}
        {frame?.instanceNumber !== undefined ? ` · instance ${frame.instanceNumber}` : ''}
        {frame ? ` · ${frame.path.split('/').pop()}` : ''}
      </div>
      <div
        className="viewport-overlay acquired-controls"
        style={{ bottom: 4, left: 6, pointerEvents: 'auto' }}
      >
        <button
          type="button"
          className="ghost small"
          data-testid="acquired-cine"
          onClick={() => setPlaying(!playing)}
          title="Cine: the stored images in acquisition order"
        >
          {playing ? 'Stop' : 'Cine'}
        </button>
        <select
          aria-label="Window"
          data-testid="acquired-window"
          value={voiChoice}
          onChange={(e) => setVoiChoice(e.target.value as typeof voiChoice)}
        >
          <option value="header">
            {frame?.windowWidth !== undefined
              ? `Header W ${frame.windowWidth} L ${frame.windowCenter}`
              : 'Full range (no header window)'}
          </option>
          <option value="bone">Spine bone 1500/300</option>
          <option value="soft">Soft tissue 400/40</option>
        </select>
      </div>
    </div>
  );
}
