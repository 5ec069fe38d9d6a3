import { describe, expect, it } from 'vitest';
import { applyWindow, WINDOW_PRESETS } from '../../src/volume/windowPresets';

/** Issue 19: every W/L preset against the published windows and what it leaves readable (volume/windowPresets.ts sources). */
describe('CT window presets', () => {
  it('are the published windows', () => {
    expect(WINDOW_PRESETS.bone).toMatchObject({ width: 2000, level: 500 });
    expect(WINDOW_PRESETS.spineBone).toMatchObject({ width: 1500, level: 300 });
    expect(WINDOW_PRESETS.softTissue).toMatchObject({ width: 400, level: 40 });
    expect(WINDOW_PRESETS.spine).toMatchObject({ width: 350, level: 50, label: 'Spine soft tissue' });
  });

  it('the bone windows keep fat, cancellous bone and cortex apart, none white below 1000 HU', () => {
    for (const w of [WINDOW_PRESETS.bone, WINDOW_PRESETS.spineBone]) {
      const [fat, cancellous, cortex] = [-100, 250, 1000].map((hu) => applyWindow(hu, w));
      expect(cortex!).toBeLessThan(1);
      expect(cancellous! - fat!).toBeGreaterThan(0.15);
      expect(cortex! - cancellous!).toBeGreaterThan(0.35);
    }
    // Spine bone spreads cancellous-to-cortex over more grey than the wide bone window.
    const spread = (w: { width: number; level: number }) => applyWindow(1000, w) - applyWindow(250, w);
    expect(spread(WINDOW_PRESETS.spineBone)).toBeGreaterThan(spread(WINDOW_PRESETS.bone));
  });

  it('the soft-tissue windows whiten bone (why they are not for pedicles)', () => {
    for (const w of [WINDOW_PRESETS.softTissue, WINDOW_PRESETS.spine]) {
      expect(applyWindow(250, w)).toBe(1);
      // ...and what they are for: disc (~70 HU) against CSF (~15 HU) more than an eighth of the grey range apart.
      expect(applyWindow(70, w) - applyWindow(15, w)).toBeGreaterThan(0.12);
    }
  });
});
