/**
 * One typed request/reply transport for every message boundary: a request carries an id, every
 * message that answers it (progress, reply, failure) carries that id as `replyTo`, and both ends
 * share one table of methods with a validator for each method's params, result and progress. The
 * tables differ per boundary; the transport does not. It talks through a `post` function, so the
 * same code runs over Node's IPC channel or a webview's postMessage, and it imports nothing.
 */

/** One method of a protocol: what the request carries, what answers it, what comes in between. */
export interface MethodSpec {
  params: unknown;
  result: unknown;
  progress: unknown;
}

/** A protocol: its methods by name. */
export type Protocol = Record<string, MethodSpec>;

/** A type guard for values that crossed the boundary. */
export type Guard<T> = (value: unknown) => value is T;

/** The validators of a protocol, one set per method: every received value is checked once. */
export type ProtocolGuards<P extends Protocol> = {
  [M in keyof P]: {
    params: Guard<P[M]['params']>;
    result: Guard<P[M]['result']>;
    progress: Guard<P[M]['progress']>;
  };
};

/** An error as it crosses the boundary (its class does not survive; its name does). */
export interface WireError {
  name: string;
  message: string;
}

/** Every message on the wire. */
export type Envelope =
  | { kind: 'request'; id: number; method: string; params: unknown }
  /** Cooperative cancel of request `id`: its handler's AbortSignal fires. */
  | { kind: 'cancel'; id: number }
  | { kind: 'progress'; replyTo: number; progress: unknown }
  | { kind: 'reply'; replyTo: number; result: unknown }
  | { kind: 'failure'; replyTo: number; error: WireError }
  /** Not part of a request: a side's announcement (e.g. "ready", "shut down"). */
  | { kind: 'notice'; notice: unknown };

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Structural check of any message arriving over a boundary. */
export function isEnvelope(value: unknown): value is Envelope {
  if (!isObject(value)) return false;
  switch (value.kind) {
    case 'request':
      return typeof value.id === 'number' && typeof value.method === 'string';
    case 'cancel':
      return typeof value.id === 'number';
    case 'progress':
    case 'reply':
      return typeof value.replyTo === 'number';
    case 'failure':
      return (
        typeof value.replyTo === 'number' &&
        isObject(value.error) &&
        typeof value.error.name === 'string' &&
        typeof value.error.message === 'string'
      );
    case 'notice':
      return 'notice' in value;
    default:
      return false;
  }
}

/** The error a cancelled request ends with, on either side. */
export function abortError(message = 'The request was cancelled'): Error {
  return new DOMException(message, 'AbortError');
}

/** An error rebuilt from the wire, keeping its name (AbortError, ModelFolderError, ...). */
export function errorFromWire(error: WireError): Error {
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}

/** An error as it goes on the wire. */
export function errorToWire(error: unknown): WireError {
  return error instanceof Error
    ? { name: error.name, message: error.message }
    : { name: 'Error', message: String(error) };
}
