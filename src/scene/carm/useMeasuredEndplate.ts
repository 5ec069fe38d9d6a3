import { useEffect, useState } from 'react';
import type { Vec3 } from '../../core/vec3';
import { findSquaringTiltDeg, sagittalEndplateNormal } from '../../planning/carmViewsSquaring';
import type { Volume } from '../../volume/volume';

/** Wait this long after the isocentre stops moving before measuring (a dragged target moves it every frame). */
const SETTLE_MS = 400;

/**
 * The endplate normal the C-arm presets square to when no truth or analysis knows it: measured from the
 * image at the isocentre (the same search as _Square endplate_), so "AP squared" and the oblique views
 * that keep its tilt agree with that button on any CT. Undefined while `known` is given, while not
 * `enabled` (no trajectory selected) or not yet measured.
 */
export function useMeasuredEndplate(
  volume: Volume,
  isocentreLps: Vec3,
  known: Vec3 | undefined,
  enabled: boolean,
): Vec3 | undefined {
  const [measured, setMeasured] = useState<{ key: string; normal: Vec3 } | undefined>(undefined);
  const key = `${volume.id}:${isocentreLps.map((c) => c.toFixed(1)).join(',')}`;
  useEffect(() => {
    if (known || !enabled) return;
    const timer = setTimeout(() => {
      setMeasured({ key, normal: sagittalEndplateNormal(findSquaringTiltDeg(volume, isocentreLps, 0)) });
    }, SETTLE_MS);
    return () => clearTimeout(timer);
  }, [key, known, enabled, volume, isocentreLps]);
  return known ? undefined : measured?.key === key ? measured.normal : undefined;
}
