/**
 * CT value bands the planning tools classify tissue by, in Hounsfield units (HU = 1000 (mu - mu_water) /
 * mu_water, so air -1000 and water 0 by definition; fat about -100, soft tissue and disc 0-120, cancellous
 * bone 150-400, cortical bone above ~700: W. A. Kalender, Computed Tomography, 3rd ed. 2011, sec. 1.3 and
 * table 1.1). One table, so the skin that the proposals, the trainee's needle, the print's skin shell and the
 * path profile find is the same surface.
 *
 * 'vessel' (150-500 HU) is only assigned when the scan is contrast-enhanced, because without contrast that
 * band is cancellous bone; even with contrast the two overlap, so a vessel flag is a prompt to look, not a
 * finding.
 */
export const HU_THRESHOLDS = {
  /** Halfway between air and fat: partial-volume voxels at the skin fall on either side within a voxel. */
  airBelow: -500,
  fatBelow: -30,
  boneFrom: 150,
  vesselBelow: 500,
  corticalFrom: 700,
} as const;

/** The body-to-air transition (skin): air is below this value. */
export const SKIN_AIR_HU: number = HU_THRESHOLDS.airBelow;
