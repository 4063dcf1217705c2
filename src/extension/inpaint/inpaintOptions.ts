/**
 * The answers of the "Inpaint to Target Domain" wizard, also accepted as the command's second
 * argument (integration tests and other extensions run it without quick picks), and the CLI
 * request they make (its command line: shared/cliRequest.ts).
 */
import type { AugmentCliRequest } from '../../shared/cliRequest';
import type { ExecutionProviderPreference, PresetId } from '../../shared/recipe';
import { ENGINE_IDS, type EngineId, isEngineId, runsModel } from '../../core/engines/registry';
import { isPresetId } from '../../core/recipe/presets';

/** Where key-region masks come from. */
export type MaskSource = { kind: 'folder'; folder: string; suffix?: string } | { kind: 'none' };

/**
 * The target images' own key-region masks, for presets that fill each target's lesion before
 * compositing (dermoscopy): a folder, or 'none' to composite onto the targets as they are.
 */
export type TargetMaskSource = { kind: 'folder'; folder: string } | { kind: 'none' };

/** Everything one run needs besides the source folder. Paths are absolute file system paths. */
export interface InpaintOptions {
  target: string;
  masks: MaskSource;
  /** Undefined = not asked (the preset does not need them; the CLI then uses none). */
  targetMasks?: TargetMaskSource;
  preset: PresetId;
  engine: EngineId;
  /** Model folder, .onnx file or catalog id; required by every engine that runs a model. */
  model?: string;
  perImage: number;
  seed: number;
  /**
   * 'preview' runs on the first few source images into a separate folder; 'cluster' (the wizard's
   * "Run on a cluster") writes a plan of shards instead of running (extension/cluster).
   */
  mode: 'preview' | 'full' | 'cluster';
  /** Output folder; undefined = the `maskmedpaint.outputLocation` pattern. */
  output?: string;
  /**
   * A `path,label` CSV (the CLI's `--labels`): only the images it lists are used, with its labels
   * (a selection from the predictions gallery). Undefined = the source's class folders.
   */
  labels?: string;
}

/** Number of source images a preview ("Try on 4 images") uses. */
export const PREVIEW_IMAGE_COUNT = 4;

/** A bad options object; the message names the field and what was expected. */
export class InpaintOptionsError extends Error {
  override name = 'InpaintOptionsError';
}

/** Validates an options object from outside (command arguments); throws with a specific message. */
export function parseInpaintOptions(value: unknown): InpaintOptions {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InpaintOptionsError('inpaint options must be an object');
  }
  const v = value as Record<string, unknown>;
  const text = (field: string): string => {
    const member = v[field];
    if (typeof member !== 'string' || member.trim() === '') {
      throw new InpaintOptionsError(`inpaint options: "${field}" must be a non-empty string`);
    }
    return member;
  };
  const integer = (field: string, fallback: number, min: number): number => {
    const member = v[field] ?? fallback;
    if (typeof member !== 'number' || !Number.isInteger(member) || member < min) {
      throw new InpaintOptionsError(`inpaint options: "${field}" must be an integer >= ${min}`);
    }
    return member;
  };
  const preset = v.preset ?? 'custom';
  if (typeof preset !== 'string' || !isPresetId(preset)) {
    throw new InpaintOptionsError(`inpaint options: unknown preset ${JSON.stringify(preset)}`);
  }
  const engine = v.engine ?? 'composite';
  if (typeof engine !== 'string' || !isEngineId(engine)) {
    throw new InpaintOptionsError(
      `inpaint options: engine must be one of ${ENGINE_IDS.join(', ')}, got ${JSON.stringify(engine)}`,
    );
  }
  const mode = v.mode ?? 'full';
  if (mode !== 'preview' && mode !== 'full') {
    throw new InpaintOptionsError('inpaint options: "mode" must be "preview" or "full"');
  }
  const options: InpaintOptions = {
    target: text('target'),
    masks: parseMasks(v.masks),
    preset,
    engine,
    perImage: integer('perImage', 1, 1),
    seed: integer('seed', 0, 0),
    mode,
  };
  if (v.targetMasks !== undefined) options.targetMasks = parseTargetMasks(v.targetMasks);
  if (v.model !== undefined) options.model = text('model');
  if (v.output !== undefined) options.output = text('output');
  if (v.labels !== undefined) options.labels = text('labels');
  if (runsModel(options.engine) && options.model === undefined) {
    throw new InpaintOptionsError(`inpaint options: engine "${options.engine}" needs a "model"`);
  }
  return options;
}

function parseMasks(value: unknown): MaskSource {
  if (value === undefined || value === null) return { kind: 'none' };
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InpaintOptionsError('inpaint options: "masks" must be an object');
  }
  const masks = value as Record<string, unknown>;
  if (masks.kind === 'none') return { kind: 'none' };
  if (masks.kind !== 'folder' || typeof masks.folder !== 'string' || masks.folder === '') {
    throw new InpaintOptionsError(
      'inpaint options: "masks" must be {kind:"none"} or {kind:"folder", folder}',
    );
  }
  if (masks.suffix !== undefined && typeof masks.suffix !== 'string') {
    throw new InpaintOptionsError('inpaint options: "masks.suffix" must be a string');
  }
  return masks.suffix
    ? { kind: 'folder', folder: masks.folder, suffix: masks.suffix }
    : { kind: 'folder', folder: masks.folder };
}

function parseTargetMasks(value: unknown): TargetMaskSource {
  const masks = (value ?? {}) as Record<string, unknown>;
  if (masks.kind === 'none') return { kind: 'none' };
  if (masks.kind === 'folder' && typeof masks.folder === 'string' && masks.folder.trim() !== '') {
    return { kind: 'folder', folder: masks.folder };
  }
  throw new InpaintOptionsError(
    'inpaint options: "targetMasks" must be {kind:"none"} or {kind:"folder", folder}',
  );
}

/**
 * The CLI request of one run (`augment ... --json`): the answers, the output folder and the two
 * settings that shape a run (`maskmedpaint.executionProvider`, `maskmedpaint.requireReview`).
 */
export function augmentRequest(
  source: string,
  output: string,
  options: InpaintOptions,
  settings: { executionProvider: ExecutionProviderPreference; requireReview: boolean },
): AugmentCliRequest {
  return {
    command: 'augment',
    source,
    target: options.target,
    out: output,
    ...(options.labels !== undefined ? { labels: options.labels } : {}),
    ...(options.masks.kind === 'folder'
      ? {
          masks: {
            folder: options.masks.folder,
            ...(options.masks.suffix ? { suffix: options.masks.suffix } : {}),
          },
        }
      : {}),
    ...(options.targetMasks ? { targetMasks: options.targetMasks } : {}),
    preset: options.preset,
    engine: options.engine,
    ...(options.model !== undefined ? { model: options.model } : {}),
    perImage: options.perImage,
    seed: options.seed,
    executionProvider: settings.executionProvider,
    ...(options.mode === 'preview' ? { limit: PREVIEW_IMAGE_COUNT } : {}),
    requireReview: settings.requireReview,
  };
}
