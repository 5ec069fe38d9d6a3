import { create } from 'zustand';
import { errorMessage, fail, ok, type Result } from '../core/errors';
import type { Vec3 } from '../core/vec3';
import {
  type ClipPlane,
  type CropBox,
  FULL_CROP_BOX,
  type RenderQuality,
  type RotationMode,
  type StandardView,
  VOLUME_PRESET_IDS,
  type VolumePresetId,
  type VolumeRenderMode,
} from '../core/volumeRendering';
import { type AsyncKeyValue, indexedDbKeyValue, memoryKeyValue } from '../planning/keyValueStores';
import type { TfControlPoint, TransferFunction } from '../volume/transfer/transferFunction';
import { VOLUME_PRESETS } from '../volume/transfer/transferFunctionPresets';

/** What is stored per case: the built-in preset it started from and the edited function. */
export interface SavedTransferPreset {
  schemaVersion: 1;
  basePreset: VolumePresetId;
  transferFunction: TransferFunction;
  savedAt: string;
}

/** Storage key of a case's 3D preset, beside the plans' `spineplan.plan.<caseKey>`. */
export const transferPresetKey = (caseKey: string): string => `spineplan.tf-preset.${caseKey}`;

const isUnit = (v: unknown): v is number => typeof v === 'number' && v >= 0 && v <= 1;

/** Reads a stored preset, checking every field (storage is user-editable and may hold older shapes). */
export function parseSavedTransferPreset(text: string): Result<SavedTransferPreset> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return fail(`not JSON (${errorMessage(e)})`);
  }
  if (typeof data !== 'object' || data === null) return fail('not an object');
  const d = data as Record<string, unknown>;
  if (d.schemaVersion !== 1) return fail(`unknown schema version ${String(d.schemaVersion)}`);
  if (!VOLUME_PRESET_IDS.includes(d.basePreset as VolumePresetId))
    return fail(`unknown preset '${String(d.basePreset)}'`);
  const tf = d.transferFunction as Record<string, unknown> | undefined;
  const step = tf?.referenceStepMm;
  if (typeof step !== 'number' || !(step > 0)) return fail('reference step must be a positive number');
  if (!Array.isArray(tf?.points) || tf.points.length === 0) return fail('no control points');
  const points: TfControlPoint[] = [];
  for (const [i, p] of (tf.points as unknown[]).entries()) {
    const q = p as Record<string, unknown> | null;
    const color = q?.color;
    if (
      typeof q?.hu !== 'number' ||
      !Number.isFinite(q.hu) ||
      !isUnit(q.opacity) ||
      !Array.isArray(color) ||
      color.length !== 3 ||
      !color.every(isUnit)
    )
      return fail(`control point ${i + 1} is not {hu, color [r,g,b] in 0..1, opacity in 0..1}`);
    points.push({ hu: q.hu, opacity: q.opacity, color: [color[0]!, color[1]!, color[2]!] });
  }
  return ok({
    schemaVersion: 1,
    basePreset: d.basePreset as VolumePresetId,
    transferFunction: { referenceStepMm: step, points },
    savedAt: typeof d.savedAt === 'string' ? d.savedAt : '',
  });
}

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
  /**
   * The user's edit of the preset's transfer function (editor panel or window/level drag), shown instead of
   * the built-in one; null = the built-in preset.
   */
  customTransfer: TransferFunction | null;
  /** The case whose saved preset applies (SeriesInstanceUID or 'demo', as for plans). */
  caseKey: string | null;
  /** The preset saved for `caseKey`, if any (read from browser storage when the case opens). */
  savedPreset: SavedTransferPreset | null;
  /** Why the last preset load / save failed, if it did (shown in the editor). */
  presetStorageProblem: string | null;
  quality: RenderQuality;
  crop: CropBox;
  clipPlane: ClipPlane;
  /** MIP display window (HU): lower and upper bound. */
  mipWindowHu: [number, number];
  /** Seed of the per-pixel ray-start jitter; fixed so the same view renders the same pixels. */
  jitterSeed: number;
  /** Skip bricks the transfer function shows as empty (same image, fewer samples); off only to compare. */
  emptySpaceSkipping: boolean;
  /** Show the samples per ray instead of the image (tests and measurements). */
  debugCost: boolean;
  viewRequest: ViewRequest | null;
  /** Left drag in 3D: turntable (the patient's axis stays up; default) or trackball (free). */
  rotation: RotationMode;
  /**
   * Leave out the CT couch (found by the spine analysis's body mask) in the 3D view and the bone surface
   * (issue 19): on by default, the surface and the skin are then the patient's.
   */
  removeCouch: boolean;
  markers: SceneMarker[];
  setMode: (mode: VolumeRenderMode) => void;
  /** Chooses a built-in preset; discards an unsaved edit. */
  setPreset: (preset: VolumePresetId) => void;
  editTransfer: (tf: TransferFunction) => void;
  /** Back to the built-in preset (the saved one stays stored until forgotten). */
  resetTransfer: () => void;
  /** Opens `caseKey`: forgets the previous case's edit, loads this case's saved preset and applies it. */
  openCase: (caseKey: string | null) => Promise<void>;
  /** Stores the preset and edit shown now for the open case (survives a reload). */
  saveCasePreset: () => Promise<void>;
  /** Applies the open case's saved preset again. */
  applySavedPreset: () => void;
  forgetCasePreset: () => Promise<void>;
  setQuality: (quality: RenderQuality) => void;
  setCropAxis: (axis: 0 | 1 | 2, min: number, max: number) => void;
  resetCrop: () => void;
  setClipPlane: (patch: Partial<ClipPlane>) => void;
  setMipWindow: (lowHu: number, highHu: number) => void;
  setEmptySpaceSkipping: (on: boolean) => void;
  setDebugCost: (on: boolean) => void;
  requestView: (view: StandardView) => void;
  setRotation: (rotation: RotationMode) => void;
  setRemoveCouch: (on: boolean) => void;
  setMarkers: (markers: SceneMarker[]) => void;
}

const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

/** The render store over `presets` (IndexedDB in the browser, memory in Node tests). */
export function createRenderStore(presets: AsyncKeyValue, now: () => Date = () => new Date()) {
  return create<RenderState>()((set, get) => ({
    mode: 'composite',
    preset: 'bone',
    customTransfer: null,
    caseKey: null,
    savedPreset: null,
    presetStorageProblem: null,
    quality: 'medium',
    crop: FULL_CROP_BOX,
    clipPlane: { enabled: false, normalLps: [0, 1, 0], offsetMm: 0 },
    mipWindowHu: [-200, 1500],
    jitterSeed: 0,
    emptySpaceSkipping: true,
    debugCost: false,
    viewRequest: null,
    rotation: 'turntable',
    removeCouch: true,
    markers: [],
    setMode: (mode) => set({ mode }),
    setPreset: (preset) => set({ preset, customTransfer: null }),
    editTransfer: (tf) => set({ customTransfer: tf }),
    resetTransfer: () => set({ customTransfer: null }),
    openCase: async (caseKey) => {
      set({ caseKey, customTransfer: null, savedPreset: null, presetStorageProblem: null });
      if (caseKey === null) return;
      try {
        const text = await presets.get(transferPresetKey(caseKey));
        if (get().caseKey !== caseKey || text === undefined) return;
        const parsed = parseSavedTransferPreset(text);
        if (!parsed.ok) {
          set({
            presetStorageProblem: `The saved 3D preset for this case could not be read: ${parsed.error}`,
          });
          return;
        }
        set({
          savedPreset: parsed.value,
          preset: parsed.value.basePreset,
          customTransfer: parsed.value.transferFunction,
        });
      } catch (e) {
        if (get().caseKey === caseKey)
          set({ presetStorageProblem: `Saved 3D presets could not be read: ${errorMessage(e)}` });
      }
    },
    saveCasePreset: async () => {
      const { caseKey, preset, customTransfer } = get();
      if (caseKey === null || customTransfer === null) return;
      const saved: SavedTransferPreset = {
        schemaVersion: 1,
        basePreset: preset,
        transferFunction: customTransfer,
        savedAt: now().toISOString(),
      };
      try {
        await presets.set(transferPresetKey(caseKey), JSON.stringify(saved));
        if (get().caseKey === caseKey) set({ savedPreset: saved, presetStorageProblem: null });
      } catch (e) {
        set({ presetStorageProblem: `The 3D preset could not be saved: ${errorMessage(e)}` });
      }
    },
    applySavedPreset: () => {
      const saved = get().savedPreset;
      if (saved) set({ preset: saved.basePreset, customTransfer: saved.transferFunction });
    },
    forgetCasePreset: async () => {
      const { caseKey } = get();
      if (caseKey === null) return;
      try {
        await presets.remove(transferPresetKey(caseKey));
        if (get().caseKey === caseKey) set({ savedPreset: null, presetStorageProblem: null });
      } catch (e) {
        set({ presetStorageProblem: `The saved 3D preset could not be removed: ${errorMessage(e)}` });
      }
    },
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
    setMipWindow: (lowHu, highHu) => {
      if (!Number.isFinite(lowHu) || !Number.isFinite(highHu)) return;
      const lo = Math.min(lowHu, highHu);
      set({ mipWindowHu: [lo, Math.max(highHu, lowHu, lo + 1)] });
    },
    setEmptySpaceSkipping: (on) => set({ emptySpaceSkipping: on }),
    setDebugCost: (on) => set({ debugCost: on }),
    requestView: (view) => set((s) => ({ viewRequest: { view, serial: (s.viewRequest?.serial ?? 0) + 1 } })),
    setRotation: (rotation) => set({ rotation }),
    setRemoveCouch: (removeCouch) => set({ removeCouch }),
    setMarkers: (markers) => set({ markers }),
  }));
}

/** IndexedDB (its own database: the plans' database has a fixed schema) when the browser has it. */
function browserPresetStore(): AsyncKeyValue {
  try {
    if (typeof indexedDB !== 'undefined') return indexedDbKeyValue(indexedDB, 'spineplan-render', 'presets');
  } catch {
    // Storage disabled: presets then last for the session only.
  }
  return memoryKeyValue();
}

export const useRenderStore = createRenderStore(browserPresetStore());

/** The function the 3D view shows now: the user's edit, else the chosen preset's. */
export function currentTransfer(): TransferFunction {
  const s = useRenderStore.getState();
  return s.customTransfer ?? VOLUME_PRESETS[s.preset].transferFunction;
}
