/**
 * A fixed pool of web workers running one kind of job, with a per-job timeout. A job that times out
 * terminates its worker (a decoder stuck in WASM cannot be interrupted otherwise) and a fresh one replaces it.
 * Messages: the workers speak core/workerRpc.ts (serveRpc), like every worker of the app; each worker has at
 * most one job in flight, and a worker whose job timed out is replaced, so an answer always belongs to the
 * slot's current job.
 */
import type { RpcMessage, RpcWorker } from '../core/workerRpc';

export interface PoolJob<Req, Res> {
  request: Req;
  transfer?: Transferable[];
  resolve: (result: Res) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: RpcWorker;
  busyWith: { timer: ReturnType<typeof setTimeout>; job: PoolJob<unknown, unknown> } | null;
}

export interface WorkerPool<Req, Res> {
  run: (request: Req, transfer?: Transferable[]) => Promise<Res>;
  readonly size: number;
  /** Rejects queued jobs and stops every worker. */
  dispose: () => void;
}

export function createWorkerPool<Req, Res>(
  createWorker: () => RpcWorker,
  size: number,
  timeoutMs: number,
  describeTimeout: (request: Req) => string = () => 'job',
): WorkerPool<Req, Res> {
  const queue: PoolJob<Req, Res>[] = [];
  let disposed = false;

  const spawn = (): Slot => {
    const slot: Slot = { worker: createWorker(), busyWith: null };
    attach(slot);
    return slot;
  };

  const finish = (slot: Slot) => {
    if (slot.busyWith) clearTimeout(slot.busyWith.timer);
    slot.busyWith = null;
    pump();
  };

  const attach = (slot: Slot) => {
    slot.worker.onmessage = (event: MessageEvent<RpcMessage<Res, unknown>>) => {
      const busy = slot.busyWith;
      const m = event.data;
      if (!busy || m.type === 'progress') return;
      if (m.type === 'done') busy.job.resolve(m.result);
      else busy.job.reject(new Error(m.error));
      finish(slot);
    };
    slot.worker.onerror = (event: ErrorEvent) => {
      event.preventDefault?.();
      const busy = slot.busyWith;
      busy?.job.reject(new Error(`worker crashed: ${event.message}`));
      replace(slot);
    };
  };

  const replace = (slot: Slot) => {
    if (slot.busyWith) clearTimeout(slot.busyWith.timer);
    slot.busyWith = null;
    slot.worker.terminate();
    if (disposed) return;
    slot.worker = createWorker();
    attach(slot);
    pump();
  };

  // Workers start when the first jobs need them, not with the page (issue 20): most series need no decoder
  // (uncompressed CT), and the demo's first visit should not share its start-up with idle decoders.
  const capacity = Math.max(1, size);
  const slots: Slot[] = [];

  function pump() {
    const free = slots.filter((slot) => !slot.busyWith).length;
    for (let n = Math.min(queue.length - free, capacity - slots.length); n > 0; n--) slots.push(spawn());
    for (const slot of slots) {
      if (slot.busyWith || queue.length === 0) continue;
      const job = queue.shift()!;
      const timer = setTimeout(() => {
        job.reject(
          new Error(
            `${describeTimeout(job.request)} took longer than ${Math.round(timeoutMs / 1000)} s and was stopped`,
          ),
        );
        replace(slot);
      }, timeoutMs);
      slot.busyWith = { timer, job: job as PoolJob<unknown, unknown> };
      slot.worker.postMessage(job.request, job.transfer ?? []);
    }
  }

  return {
    size: capacity,
    run: (request, transfer) =>
      new Promise<Res>((resolve, reject) => {
        if (disposed) {
          reject(new Error('worker pool is closed'));
          return;
        }
        queue.push({ request, resolve, reject, ...(transfer ? { transfer } : {}) });
        pump();
      }),
    dispose: () => {
      disposed = true;
      for (const job of queue.splice(0)) job.reject(new Error('cancelled'));
      for (const slot of slots) {
        slot.busyWith?.job.reject(new Error('cancelled'));
        if (slot.busyWith) clearTimeout(slot.busyWith.timer);
        slot.busyWith = null;
        slot.worker.terminate();
      }
    },
  };
}

/** One worker per core (the page itself mostly waits while a series decodes), at most 8. */
export const defaultPoolSize = (hardwareConcurrency: number | undefined): number =>
  Math.max(1, Math.min(8, hardwareConcurrency ?? 2));
