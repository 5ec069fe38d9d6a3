import { create } from 'zustand';
import type { Vec3 } from '../core/vec3';
import {
  type ClipPlane,
  type CropBox,
  FULL_CROP_BOX,
  type RenderQuality,
  type StandardView,
  type VolumePresetId,
  type VolumeRenderMode,
} from '../core/volumeRendering';

/** A coloured sphere in LPS mm drawn in the 3D view (planned points; also used by depth tests). */
export interface SceneMarker {
  id: string;
  centreLps: Vec3;
  radiusMm: number;
  color: string;
}

/** A request to move the 3D camera to a standard view; `serial` makes repeated requests distinct. */
export interface ViewRequest {
  view: StandardView;
  serial: number;
}

/** How the 3D view renders: data only (no three.js objects). */
export interface RenderState {
  mode: VolumeRenderMode;
  preset: VolumePresetId;
  quality: RenderQuality;
  crop: CropBox;
  clipPlane: ClipPlane;
  /** MIP display window (HU): lower and upper bound. */
  mipWindowHu: [number, number];
  /** Seed of the per-pixel ray-start jitter; fixed so the same view renders the same pixels. */
  jitterSeed: number;
  viewRequest: ViewRequest | null;
  markers: SceneMarker[];
  setMode: (mode: VolumeRenderMode) => void;
  setPreset: (preset: VolumePresetId) => void;
  setQuality: (quality: RenderQuality) => void;
  setCropAxis: (axis: 0 | 1 | 2, min: number, max: number) => void;
  resetCrop: () => void;
  setClipPlane: (patch: Partial<ClipPlane>) => void;
  requestView: (view: StandardView) => void;
  setMarkers: (markers: SceneMarker[]) => void;
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

export const useRenderStore = create<RenderState>()((set) => ({
  mode: 'composite',
  preset: 'bone',
  quality: 'medium',
  crop: FULL_CROP_BOX,
  clipPlane: { enabled: false, normalLps: [0, 1, 0], offsetMm: 0 },
  mipWindowHu: [-200, 1500],
  jitterSeed: 0,
  viewRequest: null,
  markers: [],
  setMode: (mode) => set({ mode }),
  setPreset: (preset) => set({ preset }),
  setQuality: (quality) => set({ quality }),
  setCropAxis: (axis, min, max) =>
    set((s) => {
      const lo = clamp01(Math.min(min, max));
      const hi = clamp01(Math.max(min, max));
      const cropMin: [number, number, number] = [...s.crop.min];
      const cropMax: [number, number, number] = [...s.crop.max];
      cropMin[axis] = lo;
      cropMax[axis] = hi;
      return { crop: { min: cropMin, max: cropMax } };
    }),
  resetCrop: () => set({ crop: FULL_CROP_BOX }),
  setClipPlane: (patch) => set((s) => ({ clipPlane: { ...s.clipPlane, ...patch } })),
  requestView: (view) => set((s) => ({ viewRequest: { view, serial: (s.viewRequest?.serial ?? 0) + 1 } })),
  setMarkers: (markers) => set({ markers }),
}));
