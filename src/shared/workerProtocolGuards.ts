/**
 * The validators of the worker protocol: the worker checks every request it receives and the
 * client every answer, before either touches a field.
 */
import { isEngineProgress } from './engineProgress';
import type { Guard, ProtocolGuards } from './messageTransport';
import type {
  BackendInfo,
  ClientNotice,
  HostedEngineKey,
  WireBatch,
  WireGraphComparison,
  WireImage,
  WireMask,
  WorkerNotice,
  WorkerProtocol,
} from './workerProtocol';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isSize(value: Record<string, unknown>): boolean {
  return Number.isInteger(value.width) && Number.isInteger(value.height);
}

/** An image with its pixels in a typed array. */
function isWireImage(value: unknown): value is WireImage {
  return (
    isObject(value) &&
    isSize(value) &&
    [1, 2, 3, 4].includes(value.channels as number) &&
    (value.bitDepth === 8 || value.bitDepth === 16) &&
    (value.data instanceof Uint8Array || value.data instanceof Uint16Array)
  );
}

/** A binary mask. */
function isWireMask(value: unknown): value is WireMask {
  return isObject(value) && isSize(value) && value.data instanceof Uint8Array;
}

function isWireAlpha(value: unknown): boolean {
  return isObject(value) && isSize(value) && value.data instanceof Float32Array;
}

function isHostedEngineKey(value: unknown): value is HostedEngineKey {
  return (
    isObject(value) &&
    typeof value.engine === 'string' &&
    typeof value.model === 'string' &&
    typeof value.executionProvider === 'string'
  );
}

function isBatchItem(value: unknown): boolean {
  return (
    isObject(value) &&
    typeof value.seed === 'number' &&
    (value.target === undefined || isWireImage(value.target)) &&
    (value.targetKeyMask === undefined || isWireMask(value.targetKeyMask))
  );
}

function isWireBatch(value: unknown): value is WireBatch {
  return (
    isObject(value) &&
    isObject(value.recipe) &&
    typeof value.label === 'string' &&
    (value.targetName === undefined || typeof value.targetName === 'string') &&
    isWireImage(value.source) &&
    isWireMask(value.keyMask) &&
    isWireAlpha(value.keyAlpha) &&
    Array.isArray(value.items) &&
    value.items.every(isBatchItem)
  );
}

function isFallbackList(value: unknown): boolean {
  return (
    Array.isArray(value) &&
    value.every((f) => isObject(f) && typeof f.provider === 'string' && typeof f.error === 'string')
  );
}

function isBackendInfo(value: unknown): value is BackendInfo {
  return (
    isObject(value) &&
    typeof value.executionProvider === 'string' &&
    isFallbackList(value.fallbacks) &&
    (value.notes === undefined ||
      (Array.isArray(value.notes) && value.notes.every((n) => typeof n === 'string'))) &&
    (value.description === undefined || typeof value.description === 'string') &&
    (value.workerPid === undefined || typeof value.workerPid === 'number') &&
    (value.peakRssBytes === undefined || typeof value.peakRssBytes === 'number')
  );
}

function isGraphComparison(value: unknown): value is WireGraphComparison {
  return (
    isObject(value) &&
    typeof value.ranOn === 'string' &&
    isFallbackList(value.fallbacks) &&
    typeof value.float16 === 'boolean' &&
    Array.isArray(value.outputs) &&
    value.outputs.every(
      (o) =>
        isObject(o) &&
        typeof o.name === 'string' &&
        Array.isArray(o.dims) &&
        typeof o.maxAbsDiff === 'number' &&
        typeof o.maxAbs === 'number',
    )
  );
}

const never: Guard<never> = (_value: unknown): _value is never => false;

/** Every method's validators. */
export const WORKER_GUARDS: ProtocolGuards<WorkerProtocol> = {
  loadEngine: { params: isHostedEngineKey, result: isBackendInfo, progress: isEngineProgress },
  augment: {
    params: (value): value is HostedEngineKey & { batch: WireBatch } =>
      isHostedEngineKey(value) && isWireBatch((value as { batch?: unknown }).batch),
    result: (value): value is { images: WireImage[]; backend: BackendInfo } =>
      isObject(value) &&
      Array.isArray(value.images) &&
      value.images.every(isWireImage) &&
      isBackendInfo(value.backend),
    progress: isEngineProgress,
  },
  loadBackgroundRemover: {
    params: (value): value is WorkerProtocol['loadBackgroundRemover']['params'] =>
      isObject(value) &&
      typeof value.model === 'string' &&
      typeof value.executionProvider === 'string',
    result: isBackendInfo,
    progress: never,
  },
  removeBackground: {
    params: (value): value is WorkerProtocol['removeBackground']['params'] =>
      isObject(value) &&
      typeof value.model === 'string' &&
      typeof value.executionProvider === 'string' &&
      isWireImage(value.image) &&
      (value.threshold === undefined || typeof value.threshold === 'number') &&
      (value.dilate === undefined ||
        (isObject(value.dilate) &&
          typeof value.dilate.kernel === 'number' &&
          typeof value.dilate.iterations === 'number')),
    result: isWireMask,
    progress: never,
  },
  compareGraph: {
    params: (value): value is WorkerProtocol['compareGraph']['params'] =>
      isObject(value) && typeof value.graph === 'string' && typeof value.provider === 'string',
    result: isGraphComparison,
    progress: never,
  },
};

/** A notice from the worker. */
export function isWorkerNotice(value: unknown): value is WorkerNotice {
  return isObject(value) && value.type === 'ready' && typeof value.pid === 'number';
}

/** A notice from the client. */
export function isClientNotice(value: unknown): value is ClientNotice {
  return isObject(value) && value.type === 'shutdown';
}
