import type { VolumePresetId } from '../../core/volumeRendering';
import type { TransferFunction } from './transferFunction';

/** A transfer function preset for CT, with the threshold its first-hit surface uses. */
export interface VolumePreset {
  id: VolumePresetId;
  label: string;
  transferFunction: TransferFunction;
  /** HU of the first-hit isosurface when the view is in surface mode. */
  isoHu: number;
}

const BONE: [number, number, number] = [0.95, 0.9, 0.8];
const WHITE: [number, number, number] = [1, 1, 1];
const SOFT: [number, number, number] = [0.8, 0.45, 0.35];
const SKIN: [number, number, number] = [0.93, 0.75, 0.62];
const MUSCLE: [number, number, number] = [0.75, 0.25, 0.2];
const VESSEL: [number, number, number] = [0.9, 0.15, 0.1];

/**
 * CT presets. HU bands as in planning/huThresholds.ts (cancellous bone 150-400, cortical > 700, fat
 * -100, air -1000: Kalender 2011); contrast-filled vessels are ~200-500 HU on arterial-phase CT and overlap cancellous
 * bone, so the vessel preset fades bone above 700 HU instead of hiding it.
 * Opacities are per 1 mm of ray.
 */
export const VOLUME_PRESETS: Record<VolumePresetId, VolumePreset> = {
  bone: {
    id: 'bone',
    label: 'Bone',
    isoHu: 250,
    transferFunction: {
      referenceStepMm: 1,
      points: [
        { hu: 150, color: BONE, opacity: 0 },
        { hu: 300, color: BONE, opacity: 0.2 },
        { hu: 700, color: BONE, opacity: 0.6 },
        { hu: 1500, color: WHITE, opacity: 0.9 },
      ],
    },
  },
  boneSoftTissue: {
    id: 'boneSoftTissue',
    label: 'Bone + soft tissue',
    isoHu: 250,
    transferFunction: {
      referenceStepMm: 1,
      points: [
        { hu: -200, color: SOFT, opacity: 0 },
        { hu: -50, color: SOFT, opacity: 0.01 },
        { hu: 100, color: SOFT, opacity: 0.02 },
        { hu: 150, color: BONE, opacity: 0.02 },
        { hu: 300, color: BONE, opacity: 0.25 },
        { hu: 700, color: BONE, opacity: 0.6 },
        { hu: 1500, color: WHITE, opacity: 0.9 },
      ],
    },
  },
  skin: {
    id: 'skin',
    label: 'Skin',
    isoHu: -300,
    transferFunction: {
      referenceStepMm: 1,
      points: [
        { hu: -500, color: SKIN, opacity: 0 },
        { hu: -300, color: SKIN, opacity: 0.5 },
        { hu: 0, color: SKIN, opacity: 0.9 },
        { hu: 3000, color: SKIN, opacity: 0.9 },
      ],
    },
  },
  muscle: {
    id: 'muscle',
    label: 'Muscle',
    isoHu: 20,
    transferFunction: {
      referenceStepMm: 1,
      points: [
        { hu: -10, color: MUSCLE, opacity: 0 },
        { hu: 40, color: MUSCLE, opacity: 0.15 },
        { hu: 90, color: MUSCLE, opacity: 0.15 },
        { hu: 150, color: BONE, opacity: 0.02 },
        { hu: 400, color: BONE, opacity: 0.3 },
        { hu: 1500, color: WHITE, opacity: 0.8 },
      ],
    },
  },
  vessels: {
    id: 'vessels',
    label: 'Contrast vessels',
    isoHu: 180,
    transferFunction: {
      referenceStepMm: 1,
      points: [
        { hu: 120, color: VESSEL, opacity: 0 },
        { hu: 200, color: VESSEL, opacity: 0.4 },
        { hu: 500, color: VESSEL, opacity: 0.6 },
        { hu: 700, color: BONE, opacity: 0.15 },
        { hu: 2000, color: WHITE, opacity: 0.2 },
      ],
    },
  },
};
