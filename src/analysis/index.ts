/**
 * Automatic spine analysis on a CT volume (pure: runs in a worker, in Node and in tests).
 * Stages: resample to an LPS grid (grid.ts) -> spinal canal (canal.ts) -> vertebral bodies and discs
 * (column.ts) -> ribs -> level names (levels.ts) -> landmarks per level (landmarks.ts) and sacrum -> body
 * outline and couch (body.ts) -> no-go structures (structures.ts); the stages that read the CT itself come
 * first, so a worker's copy of it can go before the grid-only ones. Each stage takes plain data
 * and returns plain data, so a learned model could replace one stage without touching the others.
 */
export { analyzeSpine, analyzeSpineReleasing } from './analyze';
export {
  bodyLabelAt,
  forEachBodyRun,
  fullStructureLabels,
  structureLabelAt,
} from './labels';
export type * from './types';
