/** The built-in demo case: a procedural lumbar spine CT phantom with ground truth (see generate.ts). */
export { generatePhantom, type Phantom, type PhantomOptions } from './generate';
export { isBone, TISSUE_HU, Tissue, type TissueLabel } from './labels';
export { noGoDistanceMm } from './noGo';
export {
  CT_IMAGE_STORAGE,
  DEMO_IMAGE_COMMENT,
  DEMO_SERIES_DESCRIPTION,
  type PhantomDicomOptions,
  phantomToDicomFiles,
} from './toDicom';
export type * from './truth';
