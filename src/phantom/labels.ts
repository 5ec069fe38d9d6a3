/**
 * Tissue labels of the phantom's label volume, and their CT numbers (HU, before noise).
 * HU values: planning/huThresholds.ts bands (Kalender 2011). Vessels are unenhanced blood (~40-45 HU):
 * the demo is a non-contrast spine CT, which is what pain specialists usually plan on.
 */
export const Tissue = {
  air: 0,
  skin: 1,
  fat: 2,
  muscle: 3,
  psoas: 4,
  paraspinal: 5,
  cortical: 6,
  cancellous: 7,
  discAnnulus: 8,
  discNucleus: 9,
  csf: 10,
  epiduralFat: 11,
  nerveRoot: 12,
  aorta: 13,
  ivc: 14,
  kidney: 15,
  facetJoint: 16,
  siJoint: 17,
  bowel: 18,
  bowelGas: 19,
  liver: 20,
  table: 21,
  /** Retroperitoneal / visceral fat inside the abdominal wall (subcutaneous fat is `fat`). */
  visceralFat: 22,
} as const;
export type TissueLabel = (typeof Tissue)[keyof typeof Tissue];

/** HU per label, indexed by label value. */
export const TISSUE_HU: Readonly<Record<TissueLabel, number>> = {
  [Tissue.air]: -1000,
  [Tissue.skin]: 40,
  [Tissue.fat]: -100,
  [Tissue.muscle]: 50,
  [Tissue.psoas]: 52,
  [Tissue.paraspinal]: 48,
  [Tissue.cortical]: 1000,
  [Tissue.cancellous]: 240,
  [Tissue.discAnnulus]: 100,
  [Tissue.discNucleus]: 80,
  [Tissue.csf]: 8,
  [Tissue.epiduralFat]: -95,
  [Tissue.nerveRoot]: 35,
  [Tissue.aorta]: 45,
  [Tissue.ivc]: 40,
  [Tissue.kidney]: 33,
  [Tissue.facetJoint]: 30,
  [Tissue.siJoint]: 30,
  [Tissue.bowel]: 30,
  [Tissue.bowelGas]: -950,
  [Tissue.liver]: 60,
  // A carbon-fibre table top reads low on CT; at 200 HU it showed as a noisy sheet in the 3D bone preset.
  [Tissue.table]: 60,
  [Tissue.visceralFat]: -95,
};

/** Labels that are bone (cortical or cancellous). */
export const isBone = (label: number): boolean => label === Tissue.cortical || label === Tissue.cancellous;
