/**
 * Produces planned items: read the source and its key-region mask (once per source), the target
 * exemplar of each item, run the engine, encode. Every failure becomes an {@link ItemError} whose
 * message names the file and the cause, so the runner can record it and go on.
 */
import type { MaskAspectMismatch, SourceFingerprint } from '../../shared/manifest';
import type { Recipe } from '../../shared/recipe';
import type { AugmentRequest, Engine, EngineProgress } from '../engines/engine';
import { resolveVoi } from '../image/dicom/display';
import type { DicomPixelInfo } from '../image/dicom/pixelInfo';
import { readDicomImage, sniffDicom } from '../image/dicom/readDicom';
import { ImageDecodeError, readImage } from '../image/io';
import { readMask, readMaskFile } from '../image/maskIo';
import { emptyMask, fullMask, maskStats, setPixelCount } from '../image/maskOps';
import { prepareKeyRegion } from '../image/prepareKeyRegion';
import type { AlphaMask, BinaryMask, RawImage } from '../image/rawImage';
import { engineSource, engineTarget, type SourceDicom } from './dicomDomain';
import { DecodedFiles } from './decodedFiles';
import { encodeItemOutput } from './encodeOutput';
import { fingerprintSource } from './sourceFingerprint';
import type { PlannedItem } from './types';

/** Why one item could not be generated (the batch continues). */
export class ItemError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ItemError';
  }
}

/**
 * The engine produced NaN or infinite values (a float16 overflow, reported by the diffusion
 * pipeline as a NonFiniteError, also across the worker boundary): the output check retries it.
 */
export class NonFiniteOutputError extends ItemError {
  constructor(message: string) {
    super(message);
    this.name = 'NonFiniteOutputError';
  }
}

/** A source decoded with its prepared key region, shared by the k items of that source. */
export interface PreparedSource {
  source: RawImage;
  keyMask: BinaryMask;
  keyAlpha: AlphaMask;
  /** The key region the recipe asks for (mask after marginPx), what "kept exactly" is measured on. */
  requested: BinaryMask;
  maskCoverage: number;
  /** Connected parts of the key region (more than one: "fragmented" in the gallery). */
  maskComponents: number;
  /** Set when the mask file was stretched to another aspect ratio (flagged, not failed). */
  maskAspectMismatch: MaskAspectMismatch | null;
  /** The source file as read (taken before decoding); undefined if it could not be fingerprinted. */
  sourceFingerprint: SourceFingerprint | undefined;
  /** Pixel facts of a DICOM source; null for other formats. */
  dicom: SourceDicom | null;
}

function describeFailure(error: unknown, role: string): ItemError {
  if (error instanceof ItemError) return error;
  if (error instanceof ImageDecodeError)
    return new ItemError(`${role} [${error.code}]: ${error.message}`);
  const message = error instanceof Error ? error.message : String(error);
  return new ItemError(`${role}: ${message}`);
}

/** Runs `work`, turning any failure into an ItemError labelled with `role`. */
export async function step<T>(role: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw describeFailure(error, role);
  }
}

async function loadKeyMask(
  item: PlannedItem,
  recipe: Recipe,
  width: number,
  height: number,
  sourceSopInstanceUid: string | undefined,
): Promise<{ mask: BinaryMask; aspectMismatch: MaskAspectMismatch | null }> {
  if (item.keyRegion === 'empty') return { mask: emptyMask(width, height), aspectMismatch: null };
  if (item.keyRegion === 'whole') return { mask: fullMask(width, height), aspectMismatch: null };
  if (item.maskPath === null) {
    throw new ItemError(
      `mask: no key-region mask found for ${item.sourceKey} (give --masks, --mask-suffix or --mask-csv)`,
    );
  }
  const maskPath = item.maskPath;
  const { mask, aspectMismatch } = await step('mask', () =>
    readMaskFile(maskPath, {
      threshold: recipe.mask.threshold,
      width,
      height,
      maxPixels: recipe.maxPixels,
      ...(recipe.mask.dicomSegments ? { segments: recipe.mask.dicomSegments } : {}),
      ...(sourceSopInstanceUid ? { sourceSopInstanceUid } : {}),
    }),
  );
  // Only emptiness matters here; the key region's full statistics are taken once it is prepared.
  const count = setPixelCount(mask);
  if (count === 0) {
    throw new ItemError(
      `mask: ${maskPath} is empty (no key region to keep); use perClass "empty" to regenerate whole images`,
    );
  }
  if (count === mask.data.length)
    throw new ItemError(`mask: ${maskPath} covers the whole image (nothing to regenerate)`);
  return { mask, aspectMismatch };
}

/** Decodes an item's source and prepares its key region. @throws ItemError */
export async function prepareSource(item: PlannedItem, recipe: Recipe): Promise<PreparedSource> {
  // Before decoding, so the recorded state is never newer than the pixels used (sourceFingerprint.ts).
  const sourceFingerprint = await fingerprintSource(item.sourcePath);
  const limits = { maxPixels: recipe.maxPixels };
  let dicom: SourceDicom | null = null;
  let source: RawImage;
  if (await sniffDicom(item.sourcePath)) {
    const decoded = await step('source', () => readDicomImage(item.sourcePath, limits));
    source = decoded.image;
    dicom = {
      info: decoded.info,
      voi: resolveVoi(decoded.image, decoded.info),
      uids: decoded.uids,
    };
  } else {
    source = await step('source', () => readImage(item.sourcePath, limits));
  }
  const sourceSop = dicom?.uids.sopInstance || undefined;
  const { mask, aspectMismatch } = await loadKeyMask(
    item,
    recipe,
    source.width,
    source.height,
    sourceSop,
  );
  const { keyMask, keyAlpha, requested } = prepareKeyRegion(mask, recipe.mask);
  const stats = maskStats(keyMask);
  if (stats.isEmpty && item.keyRegion !== 'empty') {
    // A negative margin or a strong blur can erase a small key region; regenerating the whole
    // image would silently drop the label-carrying pixels, so the item fails instead.
    throw new ItemError(
      `mask: the key region of ${item.maskPath ?? item.sourceKey} is empty after the recipe's mask settings ` +
        `(marginPx ${recipe.mask.marginPx}, blurFactor ${recipe.mask.blurFactor} at 512 px); lower them`,
    );
  }
  return {
    source,
    keyMask,
    keyAlpha,
    requested,
    maskCoverage: stats.coverage,
    maskComponents: stats.components,
    maskAspectMismatch: aspectMismatch,
    sourceFingerprint,
    dicom,
  };
}

/** A target image as read, with its DICOM pixel facts when it is a DICOM file. */
interface ReadTarget {
  image: RawImage;
  info: DicomPixelInfo | null;
}

/** A run's decoded targets and target masks, kept between its items (decodedFiles.ts). */
export interface DecodedInputs {
  targets: DecodedFiles<ReadTarget>;
  targetMasks: DecodedFiles<BinaryMask>;
}

/** Empty caches for one run (or one thread of a run's pool). */
export function decodedInputs(): DecodedInputs {
  return {
    targets: new DecodedFiles((target) => target.image.data.byteLength),
    targetMasks: new DecodedFiles((mask) => mask.data.byteLength),
  };
}

/** A target image, with its DICOM pixel facts when it is a DICOM file. */
async function readTarget(targetPath: string, maxPixels: number): Promise<ReadTarget> {
  if (await sniffDicom(targetPath)) {
    const decoded = await readDicomImage(targetPath, { maxPixels });
    return { image: decoded.image, info: decoded.info };
  }
  return { image: await readImage(targetPath, { maxPixels }), info: null };
}

/** Loads an item's target exemplar (and its own key region) and builds the engine request. @throws ItemError */
export async function buildRequest(
  item: PlannedItem,
  prepared: PreparedSource,
  recipe: Recipe,
  context: {
    targetName: string;
    engineId: string;
    signal?: AbortSignal;
    /** The run's decoded targets; without it each item decodes its own. */
    decoded?: DecodedInputs;
  },
): Promise<AugmentRequest> {
  const { decoded } = context;
  const targetPath = item.targetPath;
  const readOnce = (path: string): Promise<ReadTarget> =>
    decoded
      ? decoded.targets.get(path, String(recipe.maxPixels), () =>
          readTarget(path, recipe.maxPixels),
        )
      : readTarget(path, recipe.maxPixels);
  const read = targetPath ? await step('target', () => readOnce(targetPath)) : undefined;
  const dicom = prepared.dicom;
  // A DICOM source sets the pixel domain: targets are brought into it (dicomDomain.ts).
  const target =
    read && dicom
      ? engineTarget(read.image, read.info, prepared.source, dicom, context.engineId)
      : read?.image;
  let targetKeyMask: BinaryMask | undefined;
  if (target && item.targetMaskPath !== null && recipe.composite.fillTargetKeyRegion) {
    const targetMaskPath = item.targetMaskPath;
    const settings = {
      threshold: recipe.mask.threshold,
      width: target.width,
      height: target.height,
      maxPixels: recipe.maxPixels,
    };
    const readTargetMask = (): Promise<BinaryMask> => readMask(targetMaskPath, settings);
    targetKeyMask = await step('target mask', () =>
      decoded
        ? decoded.targetMasks.get(targetMaskPath, JSON.stringify(settings), readTargetMask)
        : readTargetMask(),
    );
  }
  return {
    source: dicom ? engineSource(prepared.source, dicom, context.engineId) : prepared.source,
    keyMask: prepared.keyMask,
    keyAlpha: prepared.keyAlpha,
    ...(target ? { target } : {}),
    ...(targetKeyMask ? { targetKeyMask } : {}),
    label: item.label,
    seed: item.seed,
    recipe,
    targetName: context.targetName,
    ...(context.signal ? { signal: context.signal } : {}),
  };
}

/**
 * Runs the engine on one request, or on several requests of one source through `augmentBatch`.
 * @throws ItemError for engine failures; an abort is rethrown as is.
 */
export async function runEngine(
  engine: Engine,
  requests: AugmentRequest[],
  onProgress: (progress: EngineProgress) => void,
  signal?: AbortSignal,
): Promise<RawImage[]> {
  try {
    if (requests.length > 1 && engine.augmentBatch)
      return await engine.augmentBatch(requests, onProgress);
    const results: RawImage[] = [];
    for (const request of requests) results.push(await engine.augment(request, onProgress));
    return results;
  } catch (error) {
    if (signal?.aborted) throw error;
    const described = describeFailure(error, `engine ${engine.id}`);
    if (error instanceof Error && error.name === 'NonFiniteError')
      throw new NonFiniteOutputError(described.message);
    throw described;
  }
}

/** Encodes a generated image in the item's output format. @throws ItemError */
export function encodeOutput(
  item: PlannedItem,
  image: RawImage,
  prepared: PreparedSource,
  runKey: string,
): Promise<Buffer> {
  return step('encode', () => encodeItemOutput(item, image, prepared.dicom, runKey));
}
