import { createContext, type ReactNode, useContext } from 'react';
import type { Mat4 } from '../core/mat4';
import type { CarmPreset } from '../planning/carmViews';
import type { Trajectory } from '../planning/trajectory';
import type { SliceOrientation } from '../volume/slicePlanes';
import type { SurfaceMesh } from '../volume/surface/mesh';

/**
 * The DOM controls drawn over the scene's viewports (toolbars, C-arm controls, mode tabs, hints) live in
 * ui/, as every DOM panel does; the scene only says where they go and what they need. The composition root
 * (main.tsx) fills these slots with the ui components, so scene never imports ui and ui never sees the
 * renderer. Slots left empty draw nothing (tests of a scene part alone).
 */
export interface ViewChrome {
  /** The '3d' viewport's switch between the volume rendering and the virtual C-arm. */
  viewportModeTabs: () => ReactNode;
  /** The C-arm's controls; `onSquare` searches the tilt that squares the endplate (volume maths, here). */
  carmControls: (p: {
    trajectory: Trajectory | undefined;
    presets: CarmPreset[];
    caseKey: string;
    onSquare: () => void;
  }) => ReactNode;
  /** The exposure light on the C-arm monitor, and F for a shot. */
  exposureIndicator: (p: { caseKey: string }) => ReactNode;
  /** A 2D view's toolbar (window, slab, zoom, placement). */
  sliceToolbar: (p: { orientation: SliceOrientation }) => ReactNode;
  /** What the next click does while a trajectory or a template's landmarks are being placed. */
  placementHint: (p: { testId: string }) => ReactNode;
  /**
   * The 3D view's toolbar, one row: standard views, render mode and preset, the toggles of the clipping panel
   * and the transfer-function editor (the view draws them below it), bone surface and its exports, vertebra
   * names, quality.
   * `shown` is the bone mesh as the 3D view draws it.
   */
  volume3dToolbar: (p: {
    editorOpen: boolean;
    onToggleEditor: () => void;
    cropOpen: boolean;
    onToggleCrop: () => void;
    patient?: string;
    shown: SurfaceMesh | null;
    couchFound: boolean;
  }) => ReactNode;
  /** The transfer-function editor over the volume's HU histogram (the scene computes it from the voxels). */
  transferFunctionEditor: (p: { histogramHeights: () => Float32Array; onClose: () => void }) => ReactNode;
  /** Crop box and clip plane of the 3D view (open while the toolbar's Clipping is pressed). */
  cropPanel: (p: { ijkToLps: Mat4; radiusMm: number; onClose: () => void }) => ReactNode;
}

const nothing = () => null;

export const ViewChromeContext = createContext<ViewChrome>({
  viewportModeTabs: nothing,
  carmControls: nothing,
  exposureIndicator: nothing,
  sliceToolbar: nothing,
  placementHint: nothing,
  volume3dToolbar: nothing,
  transferFunctionEditor: nothing,
  cropPanel: nothing,
});

export const useViewChrome = (): ViewChrome => useContext(ViewChromeContext);
