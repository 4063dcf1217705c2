/**
 * The answering end of the message transport: validates each request with the protocol's guards,
 * runs its handler with an AbortSignal (fired by a cancel message) and a progress callback, and
 * posts the reply or the failure with `replyTo` set. Requests run one at a time in arrival order,
 * so a long inference never competes with the next one for memory.
 */
import {
  abortError,
  type Envelope,
  errorToWire,
  type Protocol,
  type ProtocolGuards,
} from './messageTransport';

/** What a handler gets besides its params. */
export interface HandlerContext<Progress> {
  /** Fires when the caller cancels; handlers check it between steps. */
  signal: AbortSignal;
  progress: (progress: Progress) => void;
}

/** One handler per method of protocol `P`. */
export type Handlers<P extends Protocol> = {
  [M in keyof P]: (
    params: P[M]['params'],
    context: HandlerContext<P[M]['progress']>,
  ) => Promise<P[M]['result']>;
};

/** Answers requests of protocol `P` arriving as envelopes, posting answers through `post`. */
export class RequestServer<P extends Protocol> {
  private readonly running = new Map<number, AbortController>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly guards: ProtocolGuards<P>,
    private readonly handlers: Handlers<P>,
    private readonly post: (envelope: Envelope) => void,
  ) {}

  /** Takes a request or a cancel; returns false for any other envelope. */
  receive(envelope: Envelope): boolean {
    switch (envelope.kind) {
      case 'request':
        this.enqueue(envelope.id, envelope.method, envelope.params);
        return true;
      case 'cancel':
        this.running.get(envelope.id)?.abort();
        return true;
      case 'progress':
      case 'reply':
      case 'failure':
      case 'notice':
        return false;
      default: {
        const unreachable: never = envelope;
        throw new Error(`unhandled envelope ${JSON.stringify(unreachable)}`);
      }
    }
  }

  /** Resolves once every request received so far has been answered. */
  idle(): Promise<void> {
    return this.queue;
  }

  private enqueue(id: number, method: string, params: unknown): void {
    // The protocol's table decides what a method is, not whatever else the handlers object holds.
    if (!Object.hasOwn(this.guards, method) || !Object.hasOwn(this.handlers, method)) {
      this.fail(id, new TypeError(`unknown method "${method}"`));
      return;
    }
    const name = method as keyof P & string;
    if (!this.guards[name].params(params)) {
      this.fail(id, new TypeError(`malformed params for "${method}"`));
      return;
    }
    // Registered now, so a cancel that arrives while the request still waits in the queue counts.
    const controller = new AbortController();
    this.running.set(id, controller);
    this.queue = this.queue.then(() => this.run(id, name, params, controller.signal));
  }

  private async run<M extends keyof P & string>(
    id: number,
    method: M,
    params: P[M]['params'],
    signal: AbortSignal,
  ): Promise<void> {
    try {
      if (signal.aborted) throw abortError();
      const result = await this.handlers[method](params, {
        signal,
        progress: (progress) => this.post({ kind: 'progress', replyTo: id, progress }),
      });
      this.post({ kind: 'reply', replyTo: id, result });
    } catch (error) {
      this.fail(id, error);
    } finally {
      this.running.delete(id);
    }
  }

  private fail(id: number, error: unknown): void {
    this.post({ kind: 'failure', replyTo: id, error: errorToWire(error) });
  }
}
