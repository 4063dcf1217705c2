/**
 * Messages between the extension host and its webviews (gallery, review panel, results view).
 * One discriminated union per direction and view; a webview posts `ready` first and the host
 * answers with the full state. Everything a webview sends is untrusted: `parse*Message` checks
 * the shape, and paths are checked by the host against the allowed roots (see `pathRules`).
 * Image fields are webview URIs (asWebviewUri), never file contents.
 */
import type { ItemStatus, ReviewStatus } from './manifest';
import type { PredictionRow } from './predictions';
import { isWindowPresetId, type WindowPresetId } from './windowPresets';

/**
 * Mask quality flags derived from item.maskCoverage, item.maskComponents and
 * item.maskAspectMismatch ('stretched': the mask had another aspect ratio than its image).
 */
export type MaskFlag = 'empty' | 'full' | 'fragmented' | 'stretched';

/** One manifest item as the gallery and review panel draw it. */
export interface GalleryItemView {
  id: string;
  /** The name shown on the item: its output file's name, or its source's when it has no output. */
  name: string;
  /** The source as the manifest records it (relative to the run folder); failures group by it. */
  source: string;
  label: string;
  status: ItemStatus;
  error: string | null;
  /**
   * Webview URIs (asWebviewUri strings); null when the file does not exist in the manifest. The
   * output's and mask's carry the item's hash as a query, so a regenerated image is fetched anew.
   */
  sourceUri: string;
  maskUri: string | null;
  outputUri: string | null;
  maskFlags: MaskFlag[];
  note?: string;
  /** Webview URI of the overlay of the exactly kept region and the blend band (manifest `quality.regions`). */
  regionsUri?: string | null;
  /** The automatic quality measurements (manifest `quality`), when the run recorded them. */
  quality?: ItemQualityView;
  /**
   * A decision made on an earlier image of this item (before a re-run or a source edit): it was
   * not applied to the current image, which is pending again (manifest `review.staleDecision`).
   */
  staleDecision?: ReviewStatus;
  /**
   * The image paths are still being checked (a large run's first load): the gallery shows the
   * item without images, and a patch with its images follows.
   */
  imagesPending?: true;
}

/** The quality numbers the gallery sorts and filters by and the review panel shows. */
export interface ItemQualityView {
  /** Seam-artifact score (lower is better, 0 = invisible); null when there is no contour. */
  seam: number | null;
  /** Share of the requested key region kept bit for bit, 0..1. */
  keptExact: number | null;
  ssimTarget: number | null;
  ssimSource: number | null;
  /** Attempts the output check rejected (0 = the first output passed). */
  rejected: number;
}

/** A predictions CSV row as the gallery draws it. */
export interface PredictionRowView extends PredictionRow {
  /** Absolute file system path of the image (echoed back for "Inpaint from selection"). */
  fsPath: string;
  /** Webview URI of the image; null when the file is outside the allowed roots or missing. */
  imageUri: string | null;
}

/** What the gallery shows: nothing yet, a manifest, or a predictions file. */
export type GalleryState =
  | { kind: 'empty'; readOnly: boolean }
  | {
      kind: 'manifest';
      readOnly: boolean;
      title: string;
      items: GalleryItemView[];
      /** True while a job is writing this run (the gallery says it fills in). */
      running?: boolean;
    }
  | {
      kind: 'predictions';
      readOnly: boolean;
      title: string;
      rows: PredictionRowView[];
      /** Title of the run the gallery showed before, offered as "Back to <title>". */
      backTo?: string;
    };

/** Host -> gallery. */
export type ToGalleryMessage =
  /** The whole state (answer to `ready`, or when a different manifest is shown). */
  | { type: 'state'; state: GalleryState }
  /** Items that changed or were added while a job runs (matched by id). */
  | { type: 'itemsPatched'; items: GalleryItemView[] }
  /** Trust changed; read-only hides every action. */
  | { type: 'readOnly'; readOnly: boolean }
  /** A job on the shown run started or ended. */
  | { type: 'running'; running: boolean }
  /** Show only the failed items (the end-of-run notification's "Show Failures"). */
  | { type: 'showFailures' };

/** Gallery -> host. */
export type FromGalleryMessage =
  | { type: 'ready' }
  /** Open the review panel at this manifest item. */
  | { type: 'openReview'; itemId: string }
  /** Start "Inpaint to Target Domain" for these images (absolute paths from the predictions rows). */
  | { type: 'inpaintSelection'; paths: string[] }
  /** Go back from a predictions file to the run shown before it. */
  | { type: 'showRun' };

/** What the review panel shows about a DICOM item: header fields (no patient data) and windows. */
export interface ReviewDicomView {
  /** e.g. "CT MONOCHROME2 16-bit, JPEG 2000 Image Compression". */
  header: string;
  /** Window presets that apply (empty for colour images). */
  presets: WindowPresetId[];
  /** The preset the images are shown with. */
  window: WindowPresetId;
  /** The source says Burned In Annotation = YES. */
  burnedInAnnotation: boolean;
}

/** One item in the review panel, with its position in the (filtered) manifest. */
export interface ReviewState {
  item: GalleryItemView;
  index: number;
  total: number;
  readOnly: boolean;
  title: string;
  /** Present for items made from DICOM. */
  dicom?: ReviewDicomView;
}

/** Host -> review panel. */
export type ToPanelMessage =
  | { type: 'state'; state: ReviewState }
  /** A decision or edited mask was saved; `message` is shown briefly. */
  | { type: 'saved'; itemId: string; message: string }
  | { type: 'error'; message: string }
  /** A review keybinding fired in VS Code (the webview acts as if its own key was pressed). */
  | { type: 'shortcut'; action: ReviewShortcut };

/** Actions bound to keys in the review panel. */
export type ReviewShortcut = 'accept' | 'reject' | 'next' | 'previous';

/** The decisions a reviewer can make. */
export type ReviewDecision = Extract<ItemStatus, 'approved' | 'rejected'>;

/** Review panel -> host. */
export type FromPanelMessage =
  | { type: 'ready' }
  | { type: 'decide'; itemId: string; decision: ReviewDecision; note?: string }
  | { type: 'navigate'; direction: 'next' | 'previous' }
  /** Show the DICOM images of the current item with another window preset. */
  | { type: 'setWindow'; preset: WindowPresetId }
  /**
   * The brush's edit layer as a PNG data URL, the size of the source image: opaque white adds to
   * the key region, opaque black removes, transparent keeps. The host merges it into the mask,
   * writes <output>/edited-masks/<id>.png and re-runs the item.
   */
  | { type: 'saveMask'; itemId: string; pngDataUrl: string };

/** A parsed results.md table. */
export interface ResultsTable {
  headers: string[];
  rows: string[][];
}

/** Host -> results view. */
export type ToResultsMessage = {
  type: 'state';
  title: string;
  tables: ResultsTable[];
  /** Webview URIs of the plot images found in the folder. */
  plotUris: string[];
  /** Free text of results.md outside the tables (headings, notes), shown as plain text. */
  notes: string[];
};

/** Results view -> host. */
export type FromResultsMessage = { type: 'ready' };

/** True for a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** True for an array whose every element is a string. */
export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/**
 * True for an absolute POSIX or Windows path with no `.`/`..` segments and no NUL. Confinement to
 * the allowed roots is checked by the host afterwards; refusing `..` here means a path can never
 * climb out of a root after passing a prefix check.
 */
export function isAbsolutePathWithoutDotDot(value: string): boolean {
  if (value.length === 0 || value.length > 4096 || value.includes('\0')) return false;
  const absolute =
    value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\');
  if (!absolute) return false;
  return value.split(/[\\/]/).every((segment) => segment !== '..' && segment !== '.');
}

/** Outcome of validating an incoming message. */
export type ParseResult<T> = { ok: true; message: T } | { ok: false; reason: string };

/**
 * Item ids are produced by the planner (`<stem>__<k>`, with the class folder in front when two
 * classes share a stem: `benign/img_0__0`); anything longer, absolute, with a `.` or `..` segment,
 * a backslash or NUL is refused. The host only looks ids up in the manifest.
 */
const MAX_ID_LENGTH = 512;
/** Edited masks larger than this (as a data URL) are refused; a 4K mask PNG is far smaller. */
export const MAX_MASK_DATA_URL_LENGTH = 32 * 1024 * 1024;
const MAX_NOTE_LENGTH = 4000;
const MAX_SELECTION = 10_000;
const PNG_DATA_URL_PREFIX = 'data:image/png;base64,';

function isItemId(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length > 0 &&
    value.length <= MAX_ID_LENGTH &&
    !/[\\\0]/.test(value) &&
    value.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
  );
}

function refuse<T>(reason: string): ParseResult<T> {
  return { ok: false, reason };
}

/** Validates a message from the gallery webview (shape, ids, and that paths are absolute without `..`). */
export function parseGalleryMessage(raw: unknown): ParseResult<FromGalleryMessage> {
  if (!isRecord(raw) || typeof raw.type !== 'string')
    return refuse('not a message object with a string type');
  switch (raw.type) {
    case 'ready':
      return { ok: true, message: { type: 'ready' } };
    case 'showRun':
      return { ok: true, message: { type: 'showRun' } };
    case 'openReview':
      return isItemId(raw.itemId)
        ? { ok: true, message: { type: 'openReview', itemId: raw.itemId } }
        : refuse('openReview: itemId must be a non-empty id string');
    case 'inpaintSelection': {
      if (!isStringArray(raw.paths) || raw.paths.length === 0 || raw.paths.length > MAX_SELECTION) {
        return refuse(`inpaintSelection: paths must be 1..${MAX_SELECTION} strings`);
      }
      const bad = raw.paths.find((p) => !isAbsolutePathWithoutDotDot(p));
      if (bad !== undefined)
        return refuse(`inpaintSelection: path is not absolute or contains "..": ${bad}`);
      return { ok: true, message: { type: 'inpaintSelection', paths: [...raw.paths] } };
    }
    default:
      return refuse(`unknown gallery message type: ${raw.type}`);
  }
}

/** Validates a message from the review panel webview. */
export function parsePanelMessage(raw: unknown): ParseResult<FromPanelMessage> {
  if (!isRecord(raw) || typeof raw.type !== 'string')
    return refuse('not a message object with a string type');
  switch (raw.type) {
    case 'ready':
      return { ok: true, message: { type: 'ready' } };
    case 'decide': {
      if (!isItemId(raw.itemId)) return refuse('decide: itemId must be a non-empty id string');
      if (raw.decision !== 'approved' && raw.decision !== 'rejected') {
        return refuse('decide: decision must be "approved" or "rejected"');
      }
      if (
        raw.note !== undefined &&
        (typeof raw.note !== 'string' || raw.note.length > MAX_NOTE_LENGTH)
      ) {
        return refuse(`decide: note must be a string of at most ${MAX_NOTE_LENGTH} characters`);
      }
      const note =
        typeof raw.note === 'string' && raw.note.trim() !== '' ? raw.note.trim() : undefined;
      return {
        ok: true,
        message: {
          type: 'decide',
          itemId: raw.itemId,
          decision: raw.decision,
          ...(note ? { note } : {}),
        },
      };
    }
    case 'navigate':
      return raw.direction === 'next' || raw.direction === 'previous'
        ? { ok: true, message: { type: 'navigate', direction: raw.direction } }
        : refuse('navigate: direction must be "next" or "previous"');
    case 'setWindow':
      return isWindowPresetId(raw.preset)
        ? { ok: true, message: { type: 'setWindow', preset: raw.preset } }
        : refuse('setWindow: preset must be a known window preset');
    case 'saveMask': {
      if (!isItemId(raw.itemId)) return refuse('saveMask: itemId must be a non-empty id string');
      const url = raw.pngDataUrl;
      if (typeof url !== 'string' || !url.startsWith(PNG_DATA_URL_PREFIX)) {
        return refuse('saveMask: pngDataUrl must be a data:image/png;base64 URL');
      }
      if (url.length > MAX_MASK_DATA_URL_LENGTH) return refuse('saveMask: mask is too large');
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(url.slice(PNG_DATA_URL_PREFIX.length))) {
        return refuse('saveMask: pngDataUrl is not valid base64');
      }
      return { ok: true, message: { type: 'saveMask', itemId: raw.itemId, pngDataUrl: url } };
    }
    default:
      return refuse(`unknown review panel message type: ${raw.type}`);
  }
}

/** Validates a message from the results view webview. */
export function parseResultsMessage(raw: unknown): ParseResult<FromResultsMessage> {
  if (isRecord(raw) && raw.type === 'ready') return { ok: true, message: { type: 'ready' } };
  return refuse('results view: only "ready" is accepted');
}

/** Exhaustiveness check for message switches: a new message type becomes a compile error. */
export function assertNever(value: never): never {
  throw new Error(`unhandled message: ${JSON.stringify(value)}`);
}
