import { create } from 'zustand';
import type { Vec3 } from '../core/vec3';
import type { NeedleFrame } from '../volume/needleFraming';
import type { NeedleUpReference, NeedleViewKind, SliceOrientation, SlicePlane } from '../volume/slicePlanes';
import type { Volume } from '../volume/volume';
import { ijkToLps } from '../volume/volume';
import type { DisplayWindow, WindowPresetId } from '../volume/windowPresets';
import { initialWindow, MIN_WINDOW_WIDTH, WINDOW_PRESETS } from '../volume/windowPresets';

export type SlabMode = 'mip' | 'mean';

/** 'standard': axial, sagittal, coronal. 'needle': the three 2D views lock to the selected trajectory. */
export type SliceLayout = 'standard' | 'needle';

/** In the needle layout each 2D slot shows one needle-locked view. */
export const NEEDLE_VIEW_OF_SLOT: Record<SliceOrientation, NeedleViewKind> = {
  axial: 'inPlaneA',
  sagittal: 'inPlaneB',
  coronal: 'down',
};

/** What one 2D view shows besides the crosshair: zoom relative to "fit" (1), pan in plane mm, slab. */
export interface SliceViewSettings {
  zoom: number;
  panMm: readonly [number, number];
  slabMm: number;
  slabMode: SlabMode;
}

/**
 * The 2D views share one crosshair point in LPS: each view's slice passes through it (so a view's slice
 * position is the crosshair's coordinate along its normal) and the 3D view can show it too. Scrolling a view
 * moves the crosshair along that view's normal. The display window is shared by the three views.
 */
export interface SliceState {
  volumeId: string | null;
  crosshairLps: Vec3 | null;
  window: DisplayWindow;
  windowPreset: WindowPresetId | null;
  views: Record<SliceOrientation, SliceViewSettings>;
  layout: SliceLayout;
  /** Turn of the in-plane needle views about the needle (deg, 0-360). */
  needleRotationDeg: number;
  /** Depth of the down-the-needle view from the entry (mm; the view clamps it to the needle). */
  needleDepthMm: number;
  /** The "up" axis the needle views use now (kept for hysteresis, see slicePlanes.needleUpReference). */
  needleUpReference: NeedleUpReference | null;
  /**
   * What each needle view frames (null: not framed yet, or Fit pressed): set by the view when it first shows
   * a needle and kept while that needle is edited, so the view does not zoom while a handle is dragged.
   */
  needleFrames: Record<SliceOrientation, NeedleFrame | null>;
  /**
   * While a handle is dragged in a needle view: that view's plane as the drag began. The view holds it, so
   * the point under the pointer stays where it was grabbed (a view re-locked to the moving needle would turn
   * and slide under the pointer); it locks to the needle again on release.
   */
  heldNeedlePlane: { view: SliceOrientation; plane: SlicePlane } | null;
  setLayout: (layout: SliceLayout) => void;
  setNeedleRotation: (deg: number) => void;
  setNeedleDepth: (mm: number) => void;
  setNeedleUpReference: (reference: NeedleUpReference) => void;
  /** Keeps a needle view's frame; a frame for another needle than before also resets that view's zoom and pan. */
  setNeedleFrame: (view: SliceOrientation, frame: NeedleFrame) => void;
  holdNeedlePlane: (view: SliceOrientation, plane: SlicePlane) => void;
  /** Ends the hold of `view` (another view's hold stays). */
  releaseNeedlePlane: (view: SliceOrientation) => void;
  resetForVolume: (volume: Pick<Volume, 'id' | 'dims' | 'ijkToLps' | 'metadata'>) => void;
  setCrosshair: (lps: Vec3) => void;
  setWindow: (window: DisplayWindow) => void;
  applyPreset: (preset: WindowPresetId) => void;
  setZoom: (view: SliceOrientation, zoom: number) => void;
  setPan: (view: SliceOrientation, panMm: readonly [number, number]) => void;
  setSlab: (view: SliceOrientation, slabMm: number, slabMode?: SlabMode) => void;
  resetView: (view: SliceOrientation) => void;
}

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 40;

const defaultView = (): SliceViewSettings => ({ zoom: 1, panMm: [0, 0], slabMm: 0, slabMode: 'mip' });
const defaultViews = (): Record<SliceOrientation, SliceViewSettings> => ({
  axial: defaultView(),
  sagittal: defaultView(),
  coronal: defaultView(),
});
const noNeedleFrames = (): Record<SliceOrientation, NeedleFrame | null> => ({
  axial: null,
  sagittal: null,
  coronal: null,
});
/** A view's default zoom and pan (fit), its slab kept. */
const fitted = (view: SliceViewSettings): SliceViewSettings => ({ ...defaultView(), slabMm: view.slabMm });

export const useSliceStore = create<SliceState>()((set) => ({
  volumeId: null,
  crosshairLps: null,
  window: { width: WINDOW_PRESETS.bone.width, level: WINDOW_PRESETS.bone.level },
  windowPreset: 'bone',
  views: defaultViews(),
  layout: 'standard',
  needleRotationDeg: 0,
  needleDepthMm: 0,
  needleUpReference: null,
  needleFrames: noNeedleFrames(),
  heldNeedlePlane: null,
  // The two layouts show different planes in the same slots: a pan or zoom of one means nothing in the
  // other, so each layout change starts fitted (the needle views framing the needle).
  setLayout: (layout) =>
    set((s) =>
      s.layout === layout
        ? {}
        : {
            layout,
            needleFrames: noNeedleFrames(),
            heldNeedlePlane: null,
            views: {
              axial: fitted(s.views.axial),
              sagittal: fitted(s.views.sagittal),
              coronal: fitted(s.views.coronal),
            },
          },
    ),
  setNeedleRotation: (deg) => set({ needleRotationDeg: ((deg % 360) + 360) % 360 }),
  setNeedleDepth: (mm) => set({ needleDepthMm: Math.max(0, mm) }),
  setNeedleUpReference: (needleUpReference) => set({ needleUpReference }),
  setNeedleFrame: (view, frame) =>
    set((s) => {
      const before = s.needleFrames[view];
      const otherNeedle = before !== null && before.trajectoryId !== frame.trajectoryId;
      return {
        needleFrames: { ...s.needleFrames, [view]: frame },
        views: otherNeedle ? { ...s.views, [view]: fitted(s.views[view]) } : s.views,
      };
    }),
  holdNeedlePlane: (view, plane) => set({ heldNeedlePlane: { view, plane } }),
  releaseNeedlePlane: (view) =>
    set((s) => (s.heldNeedlePlane?.view === view ? { heldNeedlePlane: null } : {})),
  resetForVolume: (volume) => {
    const window = initialWindow(volume.metadata);
    const preset = (Object.keys(WINDOW_PRESETS) as WindowPresetId[]).find(
      (id) => WINDOW_PRESETS[id].width === window.width && WINDOW_PRESETS[id].level === window.level,
    );
    set({
      volumeId: volume.id,
      // The central voxel's centre (not the geometric centre, which falls between voxels for even sizes),
      // so every view opens on a real slice rather than an interpolation between two.
      crosshairLps: ijkToLps(volume, [
        Math.floor(volume.dims[0] / 2),
        Math.floor(volume.dims[1] / 2),
        Math.floor(volume.dims[2] / 2),
      ]),
      window,
      windowPreset: preset ?? null,
      views: defaultViews(),
      layout: 'standard',
      needleRotationDeg: 0,
      needleDepthMm: 0,
      needleUpReference: null,
      needleFrames: noNeedleFrames(),
      heldNeedlePlane: null,
    });
  },
  setCrosshair: (crosshairLps) => set({ crosshairLps }),
  setWindow: (window) =>
    set({
      window: { width: Math.max(MIN_WINDOW_WIDTH, window.width), level: window.level },
      windowPreset: null,
    }),
  applyPreset: (preset) =>
    set({
      window: { width: WINDOW_PRESETS[preset].width, level: WINDOW_PRESETS[preset].level },
      windowPreset: preset,
    }),
  setZoom: (view, zoom) =>
    set((s) => ({
      views: { ...s.views, [view]: { ...s.views[view], zoom: Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom)) } },
    })),
  setPan: (view, panMm) => set((s) => ({ views: { ...s.views, [view]: { ...s.views[view], panMm } } })),
  setSlab: (view, slabMm, slabMode) =>
    set((s) => ({
      views: {
        ...s.views,
        [view]: {
          ...s.views[view],
          slabMm: Math.max(0, slabMm),
          slabMode: slabMode ?? s.views[view].slabMode,
        },
      },
    })),
  // Fit: zoom 1, no pan, and a needle view frames its needle as it is now.
  resetView: (view) =>
    set((s) => ({
      views: { ...s.views, [view]: fitted(s.views[view]) },
      needleFrames: { ...s.needleFrames, [view]: null },
    })),
}));
