import type { RpcContext, RpcScope, RpcWorker } from '../../src/core/workerRpc';
import { serveRpc } from '../../src/core/workerRpc';

/**
 * A worker in this thread serving `handler` as a worker script does with serveRpc; every message crosses
 * through structuredClone with its transfer list, as postMessage carries it (typed arrays copied, transferred
 * buffers detached on the sending side). `transferred` collects what the worker moved back.
 */
export function sameThreadWorker<Req, Res>(
  handler: (request: Req, context: RpcContext<never>) => Res | Promise<Res>,
  transferables: (result: Res) => Transferable[],
  transferred: ArrayBuffer[] = [],
): RpcWorker {
  const scope: RpcScope = {
    onmessage: null,
    postMessage: (message, transfer) => {
      transferred.push(...(transfer as ArrayBuffer[]));
      const data = structuredClone(message, { transfer });
      queueMicrotask(() => worker.onmessage?.({ data } as MessageEvent));
    },
  };
  const worker: RpcWorker = {
    onmessage: null,
    onerror: null,
    postMessage: (message, transfer) => {
      const data = structuredClone(message, { transfer });
      queueMicrotask(() => scope.onmessage?.({ data } as MessageEvent));
    },
    terminate: () => {},
  };
  serveRpc(scope, 'test worker', handler, transferables);
  return worker;
}
