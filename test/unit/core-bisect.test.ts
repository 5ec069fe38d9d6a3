import { describe, expect, it } from 'vitest';
import { bisectBoundary } from '../../src/core/bisect';

describe('bisectBoundary', () => {
  it('narrows a false-then-true boundary to the tolerance, keeping it between the ends', () => {
    const { a, b } = bisectBoundary(0, 10, (t) => t >= 3.3, 0.05);
    expect(b - a).toBeLessThanOrEqual(0.05);
    expect(a).toBeLessThan(3.3);
    expect(b).toBeGreaterThanOrEqual(3.3);
  });
  it('works with the true side first (a search walking backwards)', () => {
    const { a, b } = bisectBoundary(10, 0, (t) => t <= 6.7, 0.01);
    expect(Math.abs(a - b)).toBeLessThanOrEqual(0.01);
    expect(a).toBeGreaterThan(6.7);
    expect(b).toBeLessThanOrEqual(6.7);
  });
});
