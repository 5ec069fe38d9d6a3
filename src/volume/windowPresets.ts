/** Display window in the volume's physical unit (HU for CT): values below level - width/2 are black. */
export interface DisplayWindow {
  width: number;
  level: number;
}

export type WindowPresetId = 'bone' | 'softTissue' | 'spine';

/** Common CT windows (width/level, HU) from domain.md s.3. */
export const WINDOW_PRESETS: Record<WindowPresetId, DisplayWindow & { label: string }> = {
  bone: { label: 'Bone', width: 2000, level: 500 },
  softTissue: { label: 'Soft tissue', width: 400, level: 40 },
  spine: { label: 'Spine', width: 350, level: 50 },
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
