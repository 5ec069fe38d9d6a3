/**
 * Automatic spine analysis on a CT volume (pure: runs in a worker, in Node and in tests).
 * Stages: resample to an LPS grid (grid.ts) -> body outline and couch (body.ts) -> spinal canal
 * (canal.ts) -> vertebral bodies and discs (column.ts) -> sacrum and ribs -> level names (levels.ts)
 * -> landmarks per level (landmarks.ts) -> no-go structures (structures.ts). Each stage takes plain data
 * and returns plain data, so a learned model could replace one stage without touching the others.
 */
export { analyzeSpine } from './analyze';
export type * from './types';
