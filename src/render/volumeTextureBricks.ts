/**
 * The brick ranges and empty-space maps of the 3D view's volume texture. The maths is pure and lives in
 * volume/bricks.ts (a worker makes the distance map, src/workers/brickMapWorker.ts); re-exported here for
 * the render code that builds textures from it.
 */
export * from '../volume/bricks';
