import type { TrainingPackage } from './types';

/**
 * Groups attempts of the same exercise: title and creation time identify a package as the expert made it
 * (a re-export of the same package keeps both; an edited package gets a new createdAt).
 */
export const packageKeyOf = (pkg: Pick<TrainingPackage, 'title' | 'createdAt'>): string =>
  `${pkg.title}@${pkg.createdAt}`;
