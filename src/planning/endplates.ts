import type { Vec3 } from '../core/vec3';

/** The part of a ground truth (the demo phantom's) that knows endplates: structural, so planning needs no phantom import. */
export interface EndplateTruth {
  vertebrae: readonly { name: string; superiorEndplateNormal: Vec3 }[];
  sacrum: { s1SuperiorEndplateNormal: Vec3 };
}

/**
 * Superior endplate normal of a level ('L4', or the upper level of a segment written 'L4-L5'; 'S1' is the
 * sacral endplate); undefined without a truth or when the truth does not know the level.
 */
export function endplateNormalFor(truth: EndplateTruth | null | undefined, level: string): Vec3 | undefined {
  if (!truth) return undefined;
  const name = level.trim().toUpperCase().split(/[-/ ]/)[0] ?? '';
  if (name === 'S1') return truth.sacrum.s1SuperiorEndplateNormal;
  return truth.vertebrae.find((v) => v.name === name)?.superiorEndplateNormal;
}
