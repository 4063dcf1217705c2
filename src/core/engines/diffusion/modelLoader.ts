/**
 * Opens a Stable Diffusion ONNX model folder: checks the files, loads the four graphs on the
 * preferred execution provider, reads the layout from their metadata and the configs, and loads
 * the tokenizer and scheduler config. Any problem ends in one {@link ModelFolderError}.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadWithPaddedConvolutions } from '../../backend/convPadding/paddedModelLoader';
import { loadInNchwLayout } from '../../backend/nchwLayoutLoader';
import { OrtModel, type ProviderFallback, type ProviderName } from '../../backend/ort';
import { DEFAULT_WEBGPU_LAYOUT, WEBGPU_LAYOUT_ENV } from '../../backend/webgpuLayout';
import type { ExecutionProviderPreference } from '../../../shared/recipe';
import {
  COMPONENTS,
  type Component,
  type FolderConfigs,
  type GraphSignature,
  type ModelLayout,
  ModelFolderError,
  REQUIRED_FILES,
  resolveModelLayout,
} from './modelLayout';
import type { SchedulerConfig } from './schedulers/scheduler';
import { guardUnetProvider } from './providerGuard';
import { ClipTokenizer } from './tokenizer/clipTokenizer';

/** Turns a prompt into the text encoder's 77 token ids. */
export interface PromptTokenizer {
  encode(text: string): Int32Array;
}

/** A model folder ready to run. */
export interface DiffusionModel {
  folder: string;
  layout: ModelLayout;
  graphs: Record<Component, OrtModel>;
  tokenizer: PromptTokenizer;
  schedulerConfig: SchedulerConfig;
  /** The provider the UNet runs on (all graphs ask for the same preference). */
  executionProvider: ProviderName;
  /** Providers that failed to load before it, with why. */
  fallbacks: ProviderFallback[];
  /** How the graphs were adapted to the provider (a rewrite, a non-default layout), for the log. */
  notes: string[];
}

export interface LoadDiffusionModelOptions {
  executionProvider: ExecutionProviderPreference;
  intraOpThreads?: number;
}

/** Loads `folder`; throws {@link ModelFolderError} listing everything missing or mismatched. */
export async function loadDiffusionModel(
  folder: string,
  options: LoadDiffusionModelOptions,
): Promise<DiffusionModel> {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new ModelFolderError(folder, ['the folder does not exist']);
  }
  const problems = REQUIRED_FILES.filter((file) => !existsSync(join(folder, file))).map(
    (file) => `missing ${file}`,
  );
  const configs: FolderConfigs = {
    unet: readJson(folder, ['unet/config.json'], problems),
    modelIndex: readJson(folder, ['model_index.json'], problems),
    vae: readJson(
      folder,
      ['vae_decoder/config.json', 'vae_encoder/config.json', 'vae/config.json'],
      problems,
    ),
  };
  const schedulerConfig = readJson(folder, ['scheduler/scheduler_config.json'], problems);
  const graphs: Partial<Record<Component, OrtModel>> = {};
  for (const component of COMPONENTS) {
    const path = join(folder, component, 'model.onnx');
    if (!existsSync(path)) continue;
    try {
      graphs[component] = await OrtModel.load(path, {
        preference: options.executionProvider,
        ...(options.intraOpThreads ? { intraOpThreads: options.intraOpThreads } : {}),
      });
    } catch (error) {
      problems.push(`${component}/model.onnx could not be loaded: ${message(error)}`);
    }
  }
  const signatures: Partial<Record<Component, GraphSignature>> = { ...graphs };
  const { layout, problems: layoutProblems } = resolveModelLayout(signatures, configs);
  problems.push(...layoutProblems);
  if (schedulerConfig && typeof schedulerConfig._class_name !== 'string') {
    problems.push('scheduler/scheduler_config.json has no _class_name');
  }
  let tokenizer: PromptTokenizer | undefined;
  if (
    existsSync(join(folder, 'tokenizer/vocab.json')) &&
    existsSync(join(folder, 'tokenizer/merges.txt'))
  ) {
    try {
      tokenizer = await ClipTokenizer.fromModelFolder(folder);
    } catch (error) {
      problems.push(`tokenizer could not be read: ${message(error)}`);
    }
  }
  if (problems.length > 0 || !layout || !tokenizer || !schedulerConfig || !isComplete(graphs)) {
    await Promise.all(Object.values(graphs).map((g) => g.release()));
    throw new ModelFolderError(folder, problems.length > 0 ? problems : ['incomplete model']);
  }
  const guarded = await guardUnetProvider(
    folder,
    layout.unetChannels,
    graphs.unet,
    options,
    undefined,
    {
      pad: (unet, provider) => loadWithPaddedConvolutions(unet, provider, options),
      relayout: (unet, provider) => loadInNchwLayout(unet, provider, options),
    },
  );
  graphs.unet = guarded.unet;
  // The guard's note says how it adapted the UNet; without one, a layout other than the default
  // is the environment's choice, said here.
  const layoutChosen =
    graphs.unet.webgpuLayout !== undefined && graphs.unet.webgpuLayout !== DEFAULT_WEBGPU_LAYOUT;
  const notes =
    guarded.note !== undefined
      ? [guarded.note]
      : layoutChosen
        ? [`webgpu computes in the ${graphs.unet.webgpuLayout} layout (${WEBGPU_LAYOUT_ENV})`]
        : [];
  return {
    folder,
    layout,
    graphs,
    tokenizer,
    schedulerConfig: schedulerConfig as unknown as SchedulerConfig,
    executionProvider: graphs.unet.executionProvider,
    fallbacks: guarded.fallbacks,
    notes,
  };
}

/** Releases every session of a loaded model. */
export async function releaseDiffusionModel(model: DiffusionModel): Promise<void> {
  await Promise.all(Object.values(model.graphs).map((g) => g.release()));
}

function isComplete(
  graphs: Partial<Record<Component, OrtModel>>,
): graphs is Record<Component, OrtModel> {
  return COMPONENTS.every((c) => graphs[c] !== undefined);
}

/** The first of `candidates` that exists, parsed; a file that exists but does not parse is a problem. */
function readJson(
  folder: string,
  candidates: string[],
  problems: string[],
): Record<string, unknown> | undefined {
  for (const relative of candidates) {
    const path = join(folder, relative);
    if (!existsSync(path)) continue;
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, 'utf8'));
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        return parsed as Record<string, unknown>;
      problems.push(`${relative} is not a JSON object`);
    } catch (error) {
      problems.push(`${relative} is not valid JSON: ${message(error)}`);
    }
    return undefined;
  }
  return undefined;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
