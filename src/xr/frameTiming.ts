/**
 * Frame-time budget of the headset (Quest 3's browser default, Meta Quest 3 technical specifications): 90 Hz, so 11.1 ms from one frame to the next. The
 * readout is a moving average of the interval between XR frames' display times (XRFrame.predictedDisplayTime,
 * WebXR s.5.1; the animation frame's timestamp where a runtime lacks it), over the last second at 90 Hz.
 */
export const FRAME_BUDGET_MS = 1000 / 90;
export const FRAME_WINDOW = 90;
/** The store (and the panel) take a new figure every this many frames, not every frame. */
export const PUBLISH_EVERY_FRAMES = 30;

/** Moving average over a fixed window of frame intervals (ms). */
export class FrameIntervalAverage {
  private readonly intervals: number[] = [];
  private sum = 0;
  private last: number | undefined;
  private frames = 0;

  constructor(private readonly window = FRAME_WINDOW) {}

  /** Adds a frame's time (ms); returns the average when it is time to publish, else undefined. */
  add(timeMs: number): number | undefined {
    const previous = this.last;
    this.last = timeMs;
    if (previous === undefined || !(timeMs > previous)) return undefined;
    const interval = timeMs - previous;
    this.intervals.push(interval);
    this.sum += interval;
    if (this.intervals.length > this.window) this.sum -= this.intervals.shift()!;
    this.frames++;
    return this.frames % PUBLISH_EVERY_FRAMES === 0 || this.frames === 2 ? this.average() : undefined;
  }

  average(): number | undefined {
    return this.intervals.length === 0 ? undefined : this.sum / this.intervals.length;
  }
}

/** The panel's line: the average against the budget, flagged when over it. */
export function frameTimeLine(frameMs: number | null): { text: string; warn?: boolean } | undefined {
  if (frameMs === null) return undefined;
  const over = frameMs > FRAME_BUDGET_MS;
  return {
    text: `Frame ${frameMs < 100 ? frameMs.toFixed(1) : frameMs.toFixed(0)} ms (budget ${FRAME_BUDGET_MS.toFixed(0)} ms at 90 Hz)${over ? ': over' : ''}`,
    warn: over,
  };
}
