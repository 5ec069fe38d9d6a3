/**
 * One typed request/response protocol for a job run in its own worker: progress messages while it runs,
 * one result or one error at the end, and cancel. A synchronous loop in a worker cannot read messages
 * while it runs, so cancel terminates the worker (the only way to stop it; a new job gets a fresh one).
 *
 * Messages from the worker: `{ type: 'progress', progress }`, `{ type: 'done', result }`,
 * `{ type: 'error', error }`; the page posts the request once.
 */

export type RpcMessage<Res, P> =
  | { type: 'progress'; progress: P }
  | { type: 'done'; result: Res }
  | { type: 'error'; error: string };

/** What a worker's handler gets besides the request. */
export interface RpcContext<P> {
  progress: (p: P) => void;
}

/** The worker's side of the channel: what `serveRpc` needs from `self` (a DedicatedWorkerGlobalScope). */
export interface RpcScope {
  onmessage: ((event: MessageEvent) => void) | null;
  postMessage: (message: unknown, transfer: Transferable[]) => void;
}

/**
 * Worker side: answers each request with the handler's result (its `transferables` moved, not copied) or
 * with the error's message prefixed by `label` (a text, or made from the request, e.g. the file's path).
 * A worker may serve many requests one after another (a pool's worker) or one (runRpc's fresh worker).
 */
export function serveRpc<Req, Res, P>(
  scope: RpcScope,
  label: string | ((request: Req) => string),
  handler: (request: Req, context: RpcContext<P>) => Res | Promise<Res>,
  transferables: (result: Res) => Transferable[] = () => [],
): void {
  const post = (m: RpcMessage<Res, P>, transfer: Transferable[] = []) => scope.postMessage(m, transfer);
  scope.onmessage = async (event: MessageEvent) => {
    const request = event.data as Req;
    try {
      const result = await handler(request, {
        progress: (progress) => post({ type: 'progress', progress }),
      });
      post({ type: 'done', result }, transferables(result));
    } catch (thrown) {
      post({
        type: 'error',
        error: `${typeof label === 'string' ? label : label(request)}: ${thrown instanceof Error ? thrown.message : String(thrown)}`,
      });
    }
  };
}

/** What `runRpc` needs from a Worker (so tests can pass a fake). */
export interface RpcWorker {
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  postMessage: (message: unknown, transfer: Transferable[]) => void;
  terminate: () => void;
}

export interface RpcCallOptions<P> {
  transfer?: Transferable[];
  onProgress?: (p: P) => void;
  /** Aborting terminates the worker and rejects with an Error named 'AbortError'. */
  signal?: AbortSignal;
}

function abortError(): Error {
  const e = new Error('cancelled');
  e.name = 'AbortError';
  return e;
}

/** Page side: one request to a fresh worker; the worker is terminated when the job ends or is cancelled. */
export function runRpc<Req, Res, P>(
  createWorker: () => RpcWorker,
  request: Req,
  options: RpcCallOptions<P> = {},
): Promise<Res> {
  return new Promise<Res>((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(abortError());
      return;
    }
    const worker = createWorker();
    let settled = false;
    const end = (settle: () => void) => {
      if (settled) return;
      settled = true;
      worker.terminate();
      options.signal?.removeEventListener('abort', onAbort);
      settle();
    };
    const onAbort = () => end(() => reject(abortError()));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    worker.onmessage = (event: MessageEvent) => {
      const m = event.data as RpcMessage<Res, P>;
      if (m.type === 'progress') {
        if (!settled) options.onProgress?.(m.progress);
      } else if (m.type === 'done') end(() => resolve(m.result));
      else end(() => reject(new Error(m.error)));
    };
    worker.onerror = (event: ErrorEvent) => {
      event.preventDefault?.();
      end(() => reject(new Error(`worker failed: ${event.message}`)));
    };
    worker.postMessage(request, options.transfer ?? []);
  });
}
