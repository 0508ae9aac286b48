/**
 * A typed request/reply layer over any message port (a forked process's IPC, a webview's
 * postMessage, a MessagePort). `Api` maps method names to `(params) => result`; the caller gets
 * promises, the other side registers handlers, and a thrown error comes back as a rejection.
 * Messages are plain data so they survive structured clone and JSON alike.
 */

/** Method name → handler signature, e.g. `{ getRuns(p: { limit: number }): RunRow[] }`. */
export type ApiShape = Record<string, (params: never) => unknown>;

/** The two directions of a port. `onMessage` returns an unsubscribe function. */
export interface MessagePortLike {
  post(message: unknown): void;
  onMessage(listener: (message: unknown) => void): () => void;
}

/** A request on the wire. */
export interface RequestEnvelope {
  kind: 'request';
  id: number;
  method: string;
  params: unknown;
}

/** A reply on the wire: `result` or `error`. */
export interface ReplyEnvelope {
  kind: 'reply';
  id: number;
  result?: unknown;
  error?: string;
}

function isEnvelope(m: unknown, kind: 'request' | 'reply'): boolean {
  return typeof m === 'object' && m !== null && (m as { kind?: unknown }).kind === kind && typeof (m as { id?: unknown }).id === 'number';
}

/** The calling side: `call('method', params)` resolves with the handler's result. */
export interface Requester<Api extends ApiShape> {
  call<M extends keyof Api & string>(method: M, params: Parameters<Api[M]>[0], timeoutMs?: number): Promise<Awaited<ReturnType<Api[M]>>>;
  dispose(): void;
}

/** Creates the calling side over a port; pending calls reject on timeout or dispose. */
export function createRequester<Api extends ApiShape>(port: MessagePortLike): Requester<Api> {
  let next = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; timer?: ReturnType<typeof setTimeout> }>();
  const unsubscribe = port.onMessage((m) => {
    if (!isEnvelope(m, 'reply')) return;
    const reply = m as ReplyEnvelope;
    const waiting = pending.get(reply.id);
    if (!waiting) return;
    pending.delete(reply.id);
    if (waiting.timer) clearTimeout(waiting.timer);
    if (reply.error !== undefined) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply.result);
  });
  return {
    call(method, params, timeoutMs) {
      const id = next++;
      return new Promise((resolve, reject) => {
        const entry: { resolve(v: unknown): void; reject(e: Error): void; timer?: ReturnType<typeof setTimeout> } = { resolve: resolve as (v: unknown) => void, reject };
        if (timeoutMs !== undefined) {
          entry.timer = setTimeout(() => {
            pending.delete(id);
            reject(new Error(`request '${method}' timed out after ${timeoutMs} ms`));
          }, timeoutMs);
        }
        pending.set(id, entry);
        port.post({ kind: 'request', id, method, params } satisfies RequestEnvelope);
      });
    },
    dispose() {
      unsubscribe();
      for (const [, p] of pending) {
        if (p.timer) clearTimeout(p.timer);
        p.reject(new Error('channel closed'));
      }
      pending.clear();
    },
  };
}

/** The answering side: each request runs its handler; unknown methods and throws become error replies. */
export function serveRequests<Api extends ApiShape>(port: MessagePortLike, handlers: { [M in keyof Api]: (params: Parameters<Api[M]>[0]) => ReturnType<Api[M]> | Promise<Awaited<ReturnType<Api[M]>>> }): () => void {
  return port.onMessage(async (m) => {
    if (!isEnvelope(m, 'request')) return;
    const { id, method, params } = m as RequestEnvelope;
    const handler = Object.prototype.hasOwnProperty.call(handlers, method) ? (handlers as Record<string, (p: unknown) => unknown>)[method] : undefined;
    if (!handler) return port.post({ kind: 'reply', id, error: `unknown method '${method}'` } satisfies ReplyEnvelope);
    try {
      port.post({ kind: 'reply', id, result: await handler(params) } satisfies ReplyEnvelope);
    } catch (e) {
      port.post({ kind: 'reply', id, error: e instanceof Error ? e.message : String(e) } satisfies ReplyEnvelope);
    }
  });
}
