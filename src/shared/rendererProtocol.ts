/**
 * The notebook renderer for `application/vnd.maskmedpaint.gallery+json` and its messages with the
 * extension host. The renderer is a pure view: it cannot read local files, so it asks the host to
 * resolve a payload into items with small thumbnails, one page at a time (`offset`, and the
 * filter's `limit` as the page size), and asks the host to open the review panel. Every renderer
 * message is untrusted input (any notebook output can post one).
 */
import { ITEM_STATUSES as STATUSES, type ItemStatus } from './manifest';
import { isOneOf } from './oneOf';
import { isAbsolutePathWithoutDotDot, isRecord, type ParseResult } from './webviewProtocol';

export const GALLERY_MIME_TYPE = 'application/vnd.maskmedpaint.gallery+json';

const MAX_INLINE_ITEMS = 2000;

/** Which manifest items to show. */
export interface RendererFilter {
  status?: ItemStatus[];
  labels?: string[];
  ids?: string[];
  /** Only images training may use (shared/usable.ts, with the manifest's review policy). */
  usable?: boolean;
  /** Items per page (the renderer shows one page and loads the next on request). */
  limit?: number;
}

/** An inline item; paths are absolute or relative to the notebook's folder. */
export interface RendererInlineItem {
  source: string;
  mask?: string | null;
  output?: string | null;
  label?: string;
  id?: string;
  status?: ItemStatus;
}

/** The cell output payload (what the Python toolkit's display helper emits). */
export type GalleryPayload =
  | { manifest: string; filter?: RendererFilter }
  /** Inline items come already chosen: of the filter only `limit` (the page size) applies. */
  | { items: RendererInlineItem[]; filter?: RendererFilter };

/** One item as the renderer draws it; images are small data-URL thumbnails made by the host. */
export interface RendererItemView {
  id: string;
  label: string;
  status: ItemStatus | null;
  error: string | null;
  sourceThumb: string | null;
  maskThumb: string | null;
  outputThumb: string | null;
}

/** Renderer -> host. `offset`: the index of the first item wanted (0, or the items shown so far). */
export type FromRendererMessage =
  | { type: 'resolve'; requestId: number; payload: GalleryPayload; offset?: number }
  | { type: 'openReview'; manifest: string; itemId?: string };

/** Host -> renderer. `items` is empty and `error` set when the payload cannot be shown. */
export type ToRendererMessage = {
  type: 'resolved';
  requestId: number;
  trusted: boolean;
  /** Absolute manifest path when the payload named one (for openReview). */
  manifest: string | null;
  items: RendererItemView[];
  /** The index of `items[0]` among the filtered items (the request's offset). */
  offset: number;
  total: number;
  error: string | null;
};

/**
 * A path in a payload: absolute, or relative to the notebook's folder. `..` is allowed here
 * (a notebook in notebooks/ naturally names ../data/...): the host resolves every path and
 * refuses any that does not land inside the workspace roots, so the shape check only rejects
 * what can never be a path (empty, NUL, absurd length).
 */
export function isPayloadPath(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.trim() !== '' &&
    value.length <= 4096 &&
    !value.includes('\0')
  );
}

function optionalStringArray(value: unknown): value is string[] | undefined {
  return value === undefined || (Array.isArray(value) && value.every((v) => typeof v === 'string'));
}

function parseFilter(raw: unknown): RendererFilter | string {
  if (!isRecord(raw)) return 'filter must be an object';
  const { status, labels, ids, limit, usable } = raw;
  if (!optionalStringArray(status) || !(status ?? []).every((s) => isOneOf(STATUSES, s))) {
    return `filter.status must list only ${STATUSES.join(', ')}`;
  }
  if (!optionalStringArray(labels)) return 'filter.labels must be strings';
  if (!optionalStringArray(ids)) return 'filter.ids must be strings';
  if (usable !== undefined && typeof usable !== 'boolean') return 'filter.usable must be a boolean';
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1)) {
    return 'filter.limit must be a positive integer';
  }
  return {
    ...(status ? { status: status as ItemStatus[] } : {}),
    ...(labels ? { labels } : {}),
    ...(ids ? { ids } : {}),
    ...(usable !== undefined ? { usable } : {}),
    ...(limit !== undefined ? { limit } : {}),
  };
}

function parseInlineItem(raw: unknown, index: number): RendererInlineItem | string {
  if (!isRecord(raw)) return `items[${index}] must be an object`;
  if (!isPayloadPath(raw.source)) return `items[${index}].source must be a path`;
  for (const key of ['mask', 'output'] as const) {
    const v = raw[key];
    if (v !== undefined && v !== null && !isPayloadPath(v))
      return `items[${index}].${key} must be a path`;
  }
  if (raw.label !== undefined && typeof raw.label !== 'string')
    return `items[${index}].label must be a string`;
  if (raw.id !== undefined && typeof raw.id !== 'string')
    return `items[${index}].id must be a string`;
  if (raw.status !== undefined && !isOneOf(STATUSES, raw.status)) {
    return `items[${index}].status must be one of ${STATUSES.join(', ')}`;
  }
  const item: RendererInlineItem = { source: raw.source };
  if (typeof raw.mask === 'string' || raw.mask === null) item.mask = raw.mask;
  if (typeof raw.output === 'string' || raw.output === null) item.output = raw.output;
  if (typeof raw.label === 'string') item.label = raw.label;
  if (typeof raw.id === 'string') item.id = raw.id;
  if (raw.status !== undefined) item.status = raw.status;
  return item;
}

/** Validates a cell output payload; returns a specific reason when it is malformed. */
export function parseGalleryPayload(
  raw: unknown,
): { ok: true; payload: GalleryPayload } | { ok: false; reason: string } {
  if (!isRecord(raw)) return { ok: false, reason: 'payload must be a JSON object' };
  if ('manifest' in raw) {
    if (!isPayloadPath(raw.manifest))
      return { ok: false, reason: 'payload.manifest must be a path' };
    if (raw.filter === undefined) return { ok: true, payload: { manifest: raw.manifest } };
    const filter = parseFilter(raw.filter);
    if (typeof filter === 'string') return { ok: false, reason: `payload.${filter}` };
    return { ok: true, payload: { manifest: raw.manifest, filter } };
  }
  if (Array.isArray(raw.items)) {
    if (raw.items.length > MAX_INLINE_ITEMS)
      return { ok: false, reason: `payload.items: at most ${MAX_INLINE_ITEMS}` };
    const items: RendererInlineItem[] = [];
    for (let i = 0; i < raw.items.length; i++) {
      const item = parseInlineItem(raw.items[i], i);
      if (typeof item === 'string') return { ok: false, reason: `payload.${item}` };
      items.push(item);
    }
    if (raw.filter === undefined) return { ok: true, payload: { items } };
    const filter = parseFilter(raw.filter);
    if (typeof filter === 'string') return { ok: false, reason: `payload.${filter}` };
    return { ok: true, payload: { items, filter } };
  }
  return { ok: false, reason: 'payload needs "manifest" (a path) or "items" (an array)' };
}

/** Validates a message from the renderer (host side). */
export function parseRendererMessage(raw: unknown): ParseResult<FromRendererMessage> {
  if (!isRecord(raw) || typeof raw.type !== 'string')
    return { ok: false, reason: 'not a message object' };
  switch (raw.type) {
    case 'resolve': {
      if (typeof raw.requestId !== 'number' || !Number.isSafeInteger(raw.requestId)) {
        return { ok: false, reason: 'resolve: requestId must be an integer' };
      }
      const parsed = parseGalleryPayload(raw.payload);
      if (!parsed.ok) return { ok: false, reason: `resolve: ${parsed.reason}` };
      const offset = raw.offset;
      if (offset !== undefined && !(Number.isSafeInteger(offset) && (offset as number) >= 0))
        return { ok: false, reason: 'resolve: offset must be a non-negative integer' };
      return {
        ok: true,
        message: {
          type: 'resolve',
          requestId: raw.requestId,
          payload: parsed.payload,
          ...(offset !== undefined ? { offset: offset as number } : {}),
        },
      };
    }
    case 'openReview': {
      if (typeof raw.manifest !== 'string' || !isAbsolutePathWithoutDotDot(raw.manifest)) {
        return { ok: false, reason: 'openReview: manifest must be an absolute path without ".."' };
      }
      if (raw.itemId !== undefined && (typeof raw.itemId !== 'string' || raw.itemId === '')) {
        return { ok: false, reason: 'openReview: itemId must be a non-empty string' };
      }
      return {
        ok: true,
        message: {
          type: 'openReview',
          manifest: raw.manifest,
          ...(typeof raw.itemId === 'string' ? { itemId: raw.itemId } : {}),
        },
      };
    }
    default:
      return { ok: false, reason: `unknown renderer message type: ${raw.type}` };
  }
}
