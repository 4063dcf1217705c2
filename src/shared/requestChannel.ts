/**
 * The asking end of the message transport: sends typed requests, matches progress, replies and
 * failures to them by `replyTo`, validates what comes back with the protocol's guards, and turns
 * an AbortSignal into a cancel message. It keeps every request until it is answered, so the owner
 * of a connection that broke can send the same requests again over a new one.
 */
import {
  abortError,
  type Envelope,
  errorFromWire,
  type Guard,
  type Protocol,
  type ProtocolGuards,
} from './messageTransport';

/** What a caller may attach to one request. */
export interface RequestOptions<Progress> {
  onProgress?: (progress: Progress) => void;
  /** Cooperative cancel: a cancel message goes to the other end, which stops between steps. */
  signal?: AbortSignal;
}

interface Pending {
  method: string;
  params: unknown;
  result: Guard<unknown>;
  progress: Guard<unknown>;
  onProgress: ((progress: unknown) => void) | undefined;
  signal: AbortSignal | undefined;
  stopListening: () => void;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** A request waiting for its answer. */
export interface InFlightRequest {
  id: number;
  method: string;
  /** Its caller cancelled it. */
  cancelled: boolean;
}

/** Sends requests of protocol `P` through `post` and settles them from received envelopes. */
export class RequestChannel<P extends Protocol> {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly guards: ProtocolGuards<P>,
    private readonly post: (envelope: Envelope) => void,
  ) {}

  /** Requests waiting for an answer. */
  get size(): number {
    return this.pending.size;
  }

  /** Sends `method` with `params`; resolves with the validated result. */
  request<M extends keyof P & string>(
    method: M,
    params: P[M]['params'],
    options: RequestOptions<P[M]['progress']> = {},
  ): Promise<P[M]['result']> {
    return new Promise<P[M]['result']>((resolve, reject) => {
      const { signal } = options;
      if (signal?.aborted) {
        reject(abortError());
        return;
      }
      const id = this.nextId++;
      const onAbort = (): void => {
        if (this.pending.has(id)) this.post({ kind: 'cancel', id });
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const guards = this.guards[method];
      this.pending.set(id, {
        method,
        params,
        result: guards.result,
        progress: guards.progress,
        onProgress: options.onProgress,
        signal,
        // A run's one signal serves thousands of requests: listeners must not pile up on it.
        stopListening: () => signal?.removeEventListener('abort', onAbort),
        resolve,
        reject,
      });
      try {
        this.post({ kind: 'request', id, method, params });
      } catch (error) {
        this.settle(id, (p) => p.reject(error instanceof Error ? error : new Error(String(error))));
      }
    });
  }

  /** Takes an envelope that answers a request; returns false for any other envelope. */
  receive(envelope: Envelope): boolean {
    switch (envelope.kind) {
      case 'progress': {
        const pending = this.pending.get(envelope.replyTo);
        if (pending?.progress(envelope.progress)) pending.onProgress?.(envelope.progress);
        return true;
      }
      case 'reply':
        this.settle(envelope.replyTo, (p) =>
          p.result(envelope.result)
            ? p.resolve(envelope.result)
            : p.reject(new TypeError(`malformed reply to "${p.method}"`)),
        );
        return true;
      case 'failure':
        this.settle(envelope.replyTo, (p) => p.reject(errorFromWire(envelope.error)));
        return true;
      case 'request':
      case 'cancel':
      case 'notice':
        return false;
      default: {
        const unreachable: never = envelope;
        throw new Error(`unhandled envelope ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** Requests waiting for an answer, oldest first. */
  inFlight(): InFlightRequest[] {
    return [...this.pending.entries()].map(([id, p]) => ({
      id,
      method: p.method,
      cancelled: p.signal?.aborted === true,
    }));
  }

  /** Posts request `id` again, unchanged (the other end restarted and lost it). */
  resend(id: number): void {
    const pending = this.pending.get(id);
    if (pending) this.post({ kind: 'request', id, method: pending.method, params: pending.params });
  }

  /** Ends request `id` with `error`. */
  fail(id: number, error: Error): void {
    this.settle(id, (p) => p.reject(error));
  }

  /** Ends every waiting request with `error`. */
  failAll(error: Error): void {
    for (const id of [...this.pending.keys()]) this.fail(id, error);
  }

  private settle(id: number, action: (pending: Pending) => void): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    pending.stopListening();
    action(pending);
  }
}
