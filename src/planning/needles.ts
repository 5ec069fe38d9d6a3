import catalogueData from '../../models/needles.json';

/** Needle kinds in the catalogue (models/needles.json; sources in models/README.md). */
export type NeedleType = 'spinal' | 'tuohy' | 'rf-cannula' | 'bone';

export interface NeedleModel {
  /** Stable id stored in plans, e.g. 'spinal-22g-88.9' or 'rf-cannula-20g-100-10tip'. */
  id: string;
  type: NeedleType;
  label: string;
  gauge: number;
  /** Nominal outer diameter of the shaft (needle gauge chart; see models/README.md). */
  outerDiameterMm: number;
  /** Shaft length from hub to tip as sold (3.5 in = 88.9 mm etc.). */
  lengthMm: number;
  tip: string;
  /** RF cannulae only: uninsulated length at the tip. */
  activeTipMm?: number;
}

interface NeedleFamily {
  type: NeedleType;
  tip: string;
  gauges: number[];
  lengthsMm: number[];
  activeTipsMm?: number[];
}

interface NeedleCatalogueFile {
  catalogueVersion: number;
  hubAndSkinAllowanceMm: number;
  gaugeOuterDiameterMm: Record<string, number>;
  families: NeedleFamily[];
  rfLesionWidthMmByGauge: Record<string, number>;
  rfLesionDistalExtentMm: number;
}

const data = catalogueData as NeedleCatalogueFile;

/**
 * Length kept outside the skin (hub, a grip, skin compression). A needle is long enough when
 * skin-to-target length + this allowance <= the needle's length.
 */
export const HUB_AND_SKIN_ALLOWANCE_MM: number = data.hubAndSkinAllowanceMm;

const TYPE_LABEL: Record<NeedleType, string> = {
  spinal: 'Spinal',
  tuohy: 'Tuohy',
  'rf-cannula': 'RF cannula',
  bone: 'Bone needle',
};

/** Nominal outer diameter for a gauge, or undefined when the gauge is not in the table. */
export function gaugeToOuterDiameterMm(gauge: number): number | undefined {
  return data.gaugeOuterDiameterMm[String(gauge)];
}

const lengthLabel = (mm: number): string => {
  const halfInches = Math.round((mm / 25.4) * 2);
  // Spinal and Tuohy needles are sold in whole or half inches; show the inch size the user recognises.
  return Math.abs(halfInches * 12.7 - mm) < 1e-6 ? `${mm} mm (${halfInches / 2} in)` : `${mm} mm`;
};

function buildCatalogue(): NeedleModel[] {
  const out: NeedleModel[] = [];
  for (const family of data.families) {
    for (const gauge of family.gauges) {
      const outerDiameterMm = gaugeToOuterDiameterMm(gauge);
      if (outerDiameterMm === undefined) throw new Error(`needles.json: no outer diameter for ${gauge}G`);
      for (const lengthMm of family.lengthsMm) {
        const base = { type: family.type, gauge, outerDiameterMm, lengthMm, tip: family.tip };
        const name = `${TYPE_LABEL[family.type]} ${gauge}G ${lengthLabel(lengthMm)}`;
        if (family.activeTipsMm) {
          for (const activeTipMm of family.activeTipsMm)
            out.push({
              ...base,
              id: `${family.type}-${gauge}g-${lengthMm}-${activeTipMm}tip`,
              label: `${name}, ${activeTipMm} mm active tip`,
              activeTipMm,
            });
        } else out.push({ ...base, id: `${family.type}-${gauge}g-${lengthMm}`, label: name });
      }
    }
  }
  return out;
}

export const NEEDLE_CATALOGUE: readonly NeedleModel[] = buildCatalogue();
const BY_ID = new Map(NEEDLE_CATALOGUE.map((n) => [n.id, n]));

/** The default for a new trajectory: 22G 3.5 in Quincke, the usual TFESI needle (ISIS Practice Guidelines 2013). */
export const DEFAULT_NEEDLE_ID = 'spinal-22g-88.9';

export const findNeedle = (id: string): NeedleModel | undefined => BY_ID.get(id);

export interface NeedleLengthCheck {
  longEnough: boolean;
  /** Needle length minus the allowance: the deepest skin-to-target length it reaches. */
  usableLengthMm: number;
  /** How much too short (0 when long enough). */
  shortfallMm: number;
  allowanceMm: number;
}

/** Whether `needle` reaches a target `pathLengthMm` from the skin, keeping `allowanceMm` outside. */
export function isNeedleLongEnough(
  needle: Pick<NeedleModel, 'lengthMm'>,
  pathLengthMm: number,
  allowanceMm: number = HUB_AND_SKIN_ALLOWANCE_MM,
): NeedleLengthCheck {
  const usableLengthMm = needle.lengthMm - allowanceMm;
  const shortfallMm = Math.max(0, pathLengthMm - usableLengthMm);
  return { longEnough: shortfallMm === 0, usableLengthMm, shortfallMm, allowanceMm };
}

/** Shortest needle of the same type and gauge that is long enough, if any. */
export function shortestSufficientNeedle(
  needle: NeedleModel,
  pathLengthMm: number,
  allowanceMm: number = HUB_AND_SKIN_ALLOWANCE_MM,
): NeedleModel | undefined {
  return NEEDLE_CATALOGUE.filter(
    (n) =>
      n.type === needle.type &&
      n.gauge === needle.gauge &&
      n.activeTipMm === needle.activeTipMm &&
      isNeedleLongEnough(n, pathLengthMm, allowanceMm).longEnough,
  ).sort((a, b) => a.lengthMm - b.lengthMm)[0];
}

/**
 * Approximate RF lesion around an active tip, for display only: a cylinder of `widthMm` along the active
 * tip, reaching `distalExtentMm` beyond the tip. Figures are rounded trends from Cosman et al. 2014
 * (Pain Med 15:2020-36), conventional 80 degC / 90 s lesions; see models/README.md.
 */
export interface RfLesionZone {
  widthMm: number;
  lengthMm: number;
  /** Distance from the tip back along the shaft where the zone starts (active tip length). */
  proximalFromTipMm: number;
  distalExtentMm: number;
}

export function approximateRfLesion(needle: NeedleModel): RfLesionZone | undefined {
  if (needle.activeTipMm === undefined) return undefined;
  const widthMm = data.rfLesionWidthMmByGauge[String(needle.gauge)];
  if (widthMm === undefined) return undefined;
  const distalExtentMm = data.rfLesionDistalExtentMm;
  return {
    widthMm,
    lengthMm: needle.activeTipMm + distalExtentMm,
    proximalFromTipMm: needle.activeTipMm,
    distalExtentMm,
  };
}

/** Depth marks every 10 mm from the tip along the shaft (the needle is drawn with 1 cm marks). */
export function depthMarksFromTipMm(needleLengthMm: number, intervalMm = 10): number[] {
  const marks: number[] = [];
  for (let d = intervalMm; d < needleLengthMm; d += intervalMm) marks.push(d);
  return marks;
}
