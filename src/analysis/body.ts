import type { GridVolume } from './grid';
import { BODY_INSIDE, BODY_OUTSIDE, type BodyMask } from './types';

/** Placeholder (being replaced): everything above -500 HU counts as body; no couch separation yet. */
export function findBody(gv: GridVolume): BodyMask {
  const labels = new Uint8Array(gv.hu.length);
  for (let i = 0; i < labels.length; i++) labels[i] = gv.hu[i]! > -500 ? BODY_INSIDE : BODY_OUTSIDE;
  return { grid: gv.grid, labels, couchFound: false };
}
