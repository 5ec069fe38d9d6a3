/** Moved to core/workerRpc.ts (every layer that starts a worker uses it); importers are switched over. */
export * from '../core/workerRpc';
