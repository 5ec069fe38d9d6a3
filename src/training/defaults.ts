import type { ScoringThresholds } from './types';

/**
 * Default pass/fail thresholds of a new case package; the expert edits them per exercise.
 *
 * - Tip 4 mm and angle 3 deg: the upper ends of what navigation systems report as good accuracy (target
 *   2-4 mm, angle 1-3 deg).
 * - Entry 10 mm: navigated entries reach ~1 mm, but a trainee chooses the skin entry without
 *   seeing the hidden expert plan, and any entry from which the bull's-eye view reaches the target is sound;
 *   10 mm (the default accepted entry region) judges the approach, not the exact skin point.
 * - Shots, fluoroscopy time, redirections and time: the literature reports them as outcomes (the number of
 *   shots is the primary outcome of a 2023 RCT of a lumbar transforaminal simulator) without pass marks;
 *   these are program defaults for one needle, to be set by the expert.
 * - No-go clearance 0: touching or crossing a no-go structure fails.
 */
export const DEFAULT_THRESHOLDS: ScoringThresholds = {
  maxTipToTargetMm: 4,
  maxEntryErrorMm: 10,
  maxAngleDeg: 3,
  maxShots: 20,
  maxFluoroSeconds: 60,
  maxRedirections: 3,
  minNoGoClearanceMm: 0,
  requireTipInZone: true,
  maxTimeSeconds: 0,
};

/**
 * Default target zone radius: 4 mm, the upper navigation target accuracy, which also fits the Kambin
 * triangle's ~6-8 mm inscribed circle.
 */
export const DEFAULT_TARGET_ZONE_RADIUS_MM = 4;

/** Default accepted entry region radius on the skin (see DEFAULT_THRESHOLDS.maxEntryErrorMm). */
export const DEFAULT_ENTRY_REGION_RADIUS_MM = 10;
