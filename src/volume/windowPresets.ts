/** Display window in the volume's physical unit (HU for CT): values below level - width/2 are black. */
export interface DisplayWindow {
  width: number;
  level: number;
}

export type WindowPresetId = 'bone' | 'spineBone' | 'softTissue' | 'spine';

/**
 * CT windows (width/level, HU), checked against published windows and the real pancreas CT (issue 19):
 * - Bone 2000/500 and the narrower bone window 1500/300: Radiopaedia "Windowing (CT)"
 *   (https://radiopaedia.org/articles/windowing-ct) gives bone W 1800 L 400, OHIF's default bone is 2500/480
 *   (OHIF/Viewers, platform/core/src/defaults/windowLevelPresets.js). On the pancreas CT no voxel of 150 HU or
 *   more turns white under 2000/500; under 1500/300, 8% of the voxels >= 700 HU (cortex) do, none below, and
 *   cortex, cancellous bone and foraminal fat are further apart in grey (cancellous 250 HU to cortex 1000 HU:
 *   0.50 of the grey range against 0.375): the window for pedicles and foramina ("Spine bone").
 * - Soft tissue 400/40: Radiopaedia (W 350-400, L 20-60); OHIF's default.
 * - Spine soft tissue 350/50 (a common spine CT window), for discs, thecal sac and the root in the foraminal fat. It
 *   whitens everything above 225 HU: every voxel >= 250 HU and 55% of cancellous bone on the pancreas CT, so
 *   bone cannot be read with it (it was labelled plain "Spine" before, which invited just that).
 */
export const WINDOW_PRESETS: Record<WindowPresetId, DisplayWindow & { label: string }> = {
  bone: { label: 'Bone', width: 2000, level: 500 },
  spineBone: { label: 'Spine bone', width: 1500, level: 300 },
  softTissue: { label: 'Soft tissue', width: 400, level: 40 },
  spine: { label: 'Spine soft tissue', width: 350, level: 50 },
};

export const MIN_WINDOW_WIDTH = 1;

/** Grey 0..1 of a value under a window (linear ramp, as PS3.3 C.11.2.1.2 but without the 0.5 offsets). */
export function applyWindow(value: number, displayWindow: DisplayWindow): number {
  const width = Math.max(MIN_WINDOW_WIDTH, displayWindow.width);
  return Math.min(1, Math.max(0, (value - (displayWindow.level - width / 2)) / width));
}

/** The window a volume opens with: the header's own window if it has one, else the bone window. */
export function initialWindow(metadata: { windowCenter?: number; windowWidth?: number }): DisplayWindow {
  if (metadata.windowCenter !== undefined && metadata.windowWidth !== undefined && metadata.windowWidth > 0)
    return { width: metadata.windowWidth, level: metadata.windowCenter };
  return { width: WINDOW_PRESETS.bone.width, level: WINDOW_PRESETS.bone.level };
}
