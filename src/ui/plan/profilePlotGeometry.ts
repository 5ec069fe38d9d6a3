import type { PathProfile, TissueClass } from '../../planning/pathProfile';

/** Fixed HU axis so plots of different paths compare at a glance: air to dense cortical bone. */
export const HU_AXIS_MIN = -1100;
export const HU_AXIS_MAX = 1600;
export const HU_TICKS = [-1000, -500, 0, 500, 1000, 1500] as const;

/** Classes drawn as bands behind the curve: the ones a planner must notice. */
export const FLAGGED_TISSUES: readonly TissueClass[] = ['cortical-bone', 'air', 'vessel'];

export interface PlotBox {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export interface ProfilePlotGeometry {
  /** One polyline "x,y x,y" per run of samples inside the image (gaps where the path leaves it). */
  lines: string[];
  /** Flagged segments as x ranges. */
  bands: { tissue: TissueClass; x0: number; x1: number; startDepthMm: number; endDepthMm: number }[];
  depthTicks: { x: number; depthMm: number }[];
  huTicks: { y: number; hu: number }[];
  xOf: (depthMm: number) => number;
  yOf: (hu: number) => number;
}

/** Depth tick step giving 3-6 ticks over `lengthMm`. */
export function depthTickStepMm(lengthMm: number): number {
  for (const step of [5, 10, 20, 25, 50, 100]) if (lengthMm / step <= 6) return step;
  return 200;
}

/** Maps a path profile to plot coordinates: depth (entry = 0) on x, HU (clamped to the axis) on y. */
export function profilePlotGeometry(profile: PathProfile, box: PlotBox): ProfilePlotGeometry {
  const plotW = box.width - box.left - box.right;
  const plotH = box.height - box.top - box.bottom;
  const span = profile.lengthMm > 0 ? profile.lengthMm : 1;
  const xOf = (d: number) => box.left + (d / span) * plotW;
  const yOf = (hu: number) => {
    const c = Math.min(HU_AXIS_MAX, Math.max(HU_AXIS_MIN, hu));
    return box.top + ((HU_AXIS_MAX - c) / (HU_AXIS_MAX - HU_AXIS_MIN)) * plotH;
  };
  const lines: string[] = [];
  let run: string[] = [];
  for (const s of profile.samples) {
    if (s.hu === undefined) {
      if (run.length > 0) lines.push(run.join(' '));
      run = [];
      continue;
    }
    run.push(`${xOf(s.depthMm).toFixed(1)},${yOf(s.hu).toFixed(1)}`);
  }
  if (run.length > 0) lines.push(run.join(' '));
  // Air before the skin is where the needle starts, not a finding (as pathProfile's air flag): not shaded.
  const skinDepthMm =
    profile.samples.find((s) => s.tissue !== 'air' && s.tissue !== 'outside')?.depthMm ?? Infinity;
  const bands = profile.segments
    .filter((s) => FLAGGED_TISSUES.includes(s.tissue) && (s.tissue !== 'air' || s.startDepthMm > skinDepthMm))
    .map((s) => ({
      tissue: s.tissue,
      // A one-sample run still gets a visible band.
      x0: xOf(s.startDepthMm),
      x1: Math.max(xOf(s.endDepthMm), xOf(s.startDepthMm) + 1.5),
      startDepthMm: s.startDepthMm,
      endDepthMm: s.endDepthMm,
    }));
  const step = depthTickStepMm(profile.lengthMm);
  const depthTicks: { x: number; depthMm: number }[] = [];
  for (let d = 0; d <= profile.lengthMm + 1e-9; d += step) depthTicks.push({ x: xOf(d), depthMm: d });
  return { lines, bands, depthTicks, huTicks: HU_TICKS.map((hu) => ({ y: yOf(hu), hu })), xOf, yOf };
}
