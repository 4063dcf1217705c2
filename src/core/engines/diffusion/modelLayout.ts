/**
 * What a Stable Diffusion ONNX folder (optimum or the older diffusers export, docs/diffusion.md)
 * looks like to the pipeline. Everything is read from the graphs' own metadata and the folder's
 * config files, never guessed from the exporter's name; a folder that is not usable gets one error
 * listing every problem at once.
 */
import type { TensorInfo } from '../../backend/tensor';
import { unetDownFactorOf, vaeScaleFactorOf } from './modelGeometry';

/** The four graphs of a diffusers ONNX export, by folder name. */
export const COMPONENTS = ['text_encoder', 'unet', 'vae_encoder', 'vae_decoder'] as const;
export type Component = (typeof COMPONENTS)[number];

/** Files without which a folder is not a model (paths relative to the folder). */
export const REQUIRED_FILES = [
  'model_index.json',
  'scheduler/scheduler_config.json',
  'tokenizer/vocab.json',
  'tokenizer/merges.txt',
  ...COMPONENTS.map((c) => `${c}/model.onnx`),
];

/** The latent scale of SD 1.x/2.x VAEs, used when the folder carries no VAE config. */
export const DEFAULT_SCALING_FACTOR = 0.18215;

/** A graph's signature, as the backend reports it. */
export interface GraphSignature {
  inputs: TensorInfo[];
  outputs: TensorInfo[];
}

/** Everything the pipeline needs to know about the graphs it drives. */
export interface ModelLayout {
  /** 4 = plain SD (latent blending, the authors' setup); 9 = inpainting UNet (mask + masked image). */
  unetChannels: 4 | 9;
  textEncoder: { inputIds: TensorInfo; hiddenStates: string };
  unet: { sample: TensorInfo; timestep: TensorInfo; hiddenStates: TensorInfo; output: string };
  /** 'parameters' = mean and log-variance (8 channels, sampled with the seeded generator); 'sample' = 4 latents. */
  vaeEncoder: { input: TensorInfo; output: string; kind: 'parameters' | 'sample' };
  vaeDecoder: { input: TensorInfo; output: string };
  /** VAE latent scale (config `scaling_factor`, else 0.18215). */
  scalingFactor: number;
  /** Pixels per latent (2^(VAE blocks - 1), else 8). */
  vaeScaleFactor: number;
  /** Latent sides must be multiples of this (2^(UNet down blocks - 1), else 8): see modelGeometry.ts. */
  unetDownFactor: number;
  /** The model's native processing size in pixels (UNet sample_size x vaeScaleFactor, else 512). */
  nativeSize: number;
}

/** Optional JSON configs found in the folder (diffusers writes them beside each graph). */
export interface FolderConfigs {
  unet?: Record<string, unknown>;
  vae?: Record<string, unknown>;
  /** model_index.json: its pipeline class is the last hint at the UNet's channel count. */
  modelIndex?: Record<string, unknown>;
}

/** The single error for an unusable model folder: every problem found, one per line. */
export class ModelFolderError extends Error {
  constructor(
    readonly folder: string,
    readonly problems: string[],
  ) {
    super(`Not a usable Stable Diffusion ONNX model folder: ${folder}\n- ${problems.join('\n- ')}`);
    this.name = 'ModelFolderError';
  }
}

const FLOATS = ['float32', 'float16'];

/**
 * Reads the layout from the graphs' signatures and optional configs. Graphs missing from
 * `graphs` (their file was absent) are skipped; their absence is reported by the caller.
 * Returns the layout, or the list of problems found.
 */
export function resolveModelLayout(
  graphs: Partial<Record<Component, GraphSignature>>,
  configs: FolderConfigs,
): { layout?: ModelLayout; problems: string[] } {
  const problems: string[] = [];
  const input = (c: Component, names: string[], dtypes: string[]): TensorInfo | undefined => {
    const graph = graphs[c];
    if (!graph) return undefined;
    const found = graph.inputs.find((i) => names.includes(i.name));
    if (!found) {
      problems.push(
        `${c}/model.onnx has no input ${names.join(' or ')} (inputs: ${list(graph.inputs)})`,
      );
    } else if (!dtypes.includes(found.dtype)) {
      problems.push(
        `${c}/model.onnx input ${found.name} is ${found.dtype}, expected ${dtypes.join(' or ')}`,
      );
    }
    return found;
  };
  const output = (c: Component, names: string[]): TensorInfo | undefined => {
    const graph = graphs[c];
    if (!graph) return undefined;
    const found = graph.outputs.find((o) => names.includes(o.name));
    if (!found)
      problems.push(
        `${c}/model.onnx has no output ${names.join(' or ')} (outputs: ${list(graph.outputs)})`,
      );
    return found;
  };

  const inputIds = input('text_encoder', ['input_ids'], ['int32', 'int64']);
  const hidden = output('text_encoder', ['last_hidden_state']);
  const sample = input('unet', ['sample'], FLOATS);
  const timestep = input('unet', ['timestep'], [...FLOATS, 'int64', 'int32']);
  const unetHidden = input('unet', ['encoder_hidden_states'], FLOATS);
  const unetOut = graphs.unet
    ? (graphs.unet.outputs.find((o) => o.name === 'out_sample') ?? graphs.unet.outputs[0])
    : undefined;
  if (timestep && timestep.shape.length > 1)
    problems.push(
      `unet/model.onnx timestep must be a scalar or 1-D, got [${timestep.shape.join(', ')}]`,
    );
  const unetChannels = sample ? channelCount(sample, configs) : undefined;
  const configured = configs.unet?.in_channels;
  if (sample && typeof sample.shape[1] === 'number' && typeof configured === 'number')
    if (sample.shape[1] !== configured)
      problems.push(
        `unet/model.onnx sample has ${sample.shape[1]} channels, but unet/config.json says in_channels ${configured}`,
      );
  if (sample && unetChannels !== 4 && unetChannels !== 9) {
    problems.push(
      unetChannels === undefined
        ? 'unet/model.onnx does not say how many channels its sample has (symbolic dimension), and neither unet/config.json (in_channels) nor model_index.json (_class_name) does; add unet/config.json with "in_channels": 4 or 9'
        : `unet/model.onnx sample has ${unetChannels} channels; expected 4 (plain SD) or 9 (inpainting)`,
    );
  }
  const encIn = input('vae_encoder', ['sample'], FLOATS);
  const encOut = output('vae_encoder', ['latent_parameters', 'latent_sample', 'latent_dist']);
  const decIn = input('vae_decoder', ['latent_sample'], FLOATS);
  const decOut = output('vae_decoder', ['sample']);

  if (
    problems.length > 0 ||
    !inputIds ||
    !hidden ||
    !sample ||
    !timestep ||
    !unetHidden ||
    !unetOut ||
    !encIn ||
    !encOut ||
    !decIn ||
    !decOut
  ) {
    return { problems };
  }
  const vaeScaleFactor = vaeScaleFactorOf(configs.vae);
  const scaling = configs.vae?.scaling_factor;
  const sampleSize = configs.unet?.sample_size ?? sample.shape[2];
  return {
    problems,
    layout: {
      unetChannels: unetChannels === 9 ? 9 : 4,
      textEncoder: { inputIds, hiddenStates: hidden.name },
      unet: { sample, timestep, hiddenStates: unetHidden, output: unetOut.name },
      vaeEncoder: {
        input: encIn,
        output: encOut.name,
        kind: encOut.name === 'latent_sample' ? 'sample' : 'parameters',
      },
      vaeDecoder: { input: decIn, output: decOut.name },
      scalingFactor: typeof scaling === 'number' && scaling > 0 ? scaling : DEFAULT_SCALING_FACTOR,
      vaeScaleFactor,
      unetDownFactor: unetDownFactorOf(configs.unet),
      nativeSize:
        typeof sampleSize === 'number' && sampleSize > 0 ? sampleSize * vaeScaleFactor : 512,
    },
  };
}

/**
 * The UNet's input channels: the fixed dim of `sample`, else unet/config.json's in_channels, else
 * what model_index.json's pipeline class implies. Older diffusers ONNX exports (runwayml's `onnx`
 * branches) declare the channel dim symbolic and ship no unet/config.json; their class then says
 * it: OnnxStableDiffusionInpaintPipeline runs a 9-channel UNet, the plain and the "legacy" inpaint
 * pipelines a 4-channel one.
 */
function channelCount(sample: TensorInfo, configs: FolderConfigs): number | undefined {
  const dim = sample.shape[1];
  if (typeof dim === 'number') return dim;
  const configured = configs.unet?.in_channels;
  if (typeof configured === 'number') return configured;
  const pipelineClass = configs.modelIndex?._class_name;
  if (typeof pipelineClass !== 'string') return undefined;
  if (/InpaintPipelineLegacy$/.test(pipelineClass)) return 4;
  if (/InpaintPipeline$/.test(pipelineClass)) return 9;
  if (/StableDiffusionPipeline$/.test(pipelineClass)) return 4;
  return undefined;
}

function list(values: TensorInfo[]): string {
  return values.map((v) => `${v.name}:${v.dtype}`).join(', ') || 'none';
}
