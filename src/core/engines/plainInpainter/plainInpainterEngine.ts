/**
 * `--engine migan` / `--engine lama`: a plain ONNX (image, mask) -> image inpainter applied to the
 * region outside the key region. The init image is the source (or the target composite when the
 * recipe asks), converted to 8-bit RGB at the model's size; the model fills everything outside the
 * key region; the result is scaled back and the source key region is pasted back on top
 * (pasteKeyRegion), so the key region is bit-identical to the source.
 */
import type { InferenceModel } from '../../backend/tensor';
import { invert } from '../../image/maskOps';
import { resizeNearest } from '../../image/maskIo';
import { pasteKeyRegion } from '../../image/pasteBack';
import { toBitDepth, toChannels } from '../../image/pixelFormat';
import type { RawImage } from '../../image/rawImage';
import { resizeExact } from '../../image/resize';
import { compositeOntoTarget } from '../composite/compositeOntoTarget';
import type { AugmentRequest, Engine, EngineProgress, ExecutionBackend } from '../engine';
import {
  CONTRACTS,
  resolveSignature,
  runSize,
  type PlainEngineId,
  type PlainSignature,
} from './contracts';
import { imageTensor, maskTensor, outputImage } from './planarTensors';

export interface PlainInpainterInfo {
  /** Where the model came from, for describe(). */
  modelPath: string;
  /** Execution provider in use, when the backend reports one. */
  executionProvider?: string;
  /** Providers tried before it, with why they could not be used. */
  fallbacks?: { provider: string; error: string }[];
}

function cancelled(): Error {
  const error = new Error('Cancelled.');
  error.name = 'AbortError';
  return error;
}

export class PlainInpainterEngine implements Engine {
  readonly id: PlainEngineId;
  private readonly signature: PlainSignature;

  constructor(
    engine: PlainEngineId,
    private readonly model: InferenceModel,
    private readonly info: PlainInpainterInfo,
  ) {
    this.id = engine;
    this.signature = resolveSignature(engine, model.inputs, model.outputs);
  }

  executionBackend(): ExecutionBackend {
    return {
      executionProvider: this.info.executionProvider ?? 'unknown provider',
      fallbacks: this.info.fallbacks ?? [],
    };
  }

  describe(): string {
    const provider = this.info.executionProvider ?? 'unknown provider';
    const size = this.signature.fixedSize
      ? `${this.signature.fixedSize[1]}x${this.signature.fixedSize[0]}`
      : 'any size';
    return `${this.id} (${this.info.modelPath}) on ${provider}, ${size}`;
  }

  async augment(
    request: AugmentRequest,
    onProgress?: (p: EngineProgress) => void,
  ): Promise<RawImage> {
    const { source, keyMask, keyAlpha, recipe, signal } = request;
    if (signal?.aborted) throw cancelled();
    const contract = CONTRACTS[this.id];
    let init = source;
    if (recipe.diffusion.initFromTargetComposite && request.target !== undefined) {
      onProgress?.({ kind: 'compositing' });
      init = await compositeOntoTarget(
        {
          source,
          keyMask,
          keyAlpha,
          target: request.target,
          ...(request.targetKeyMask ? { targetKeyMask: request.targetKeyMask } : {}),
        },
        {
          blend: recipe.composite.blend,
          harmonize: recipe.composite.harmonize,
          fillTargetKeyRegion: recipe.composite.fillTargetKeyRegion,
          seed: request.seed,
        },
      );
    }
    const [runWidth, runHeight] = runSize(this.signature, contract, source.width, source.height);
    // The models are 8-bit RGB: grey and 16-bit sources are converted for the model only; the
    // key region comes back from the untouched source at full depth.
    let rgb = toBitDepth(toChannels(init, 3), 8);
    if (rgb.width !== runWidth || rgb.height !== runHeight)
      rgb = await resizeExact(rgb, runWidth, runHeight, 'linear');
    const regenerate = resizeNearest(invert(keyMask), runWidth, runHeight).data;
    if (signal?.aborted) throw cancelled();
    onProgress?.({ kind: 'denoising', step: 0, total: 1 });
    const feeds = {
      [this.signature.image.name]: imageTensor(rgb, this.signature.image.dtype, contract),
      [this.signature.mask.name]: maskTensor(
        regenerate,
        runWidth,
        runHeight,
        this.signature.mask.dtype,
        contract,
      ),
    };
    const results = await this.model.run(feeds);
    onProgress?.({ kind: 'denoising', step: 1, total: 1 });
    const output = results[this.signature.output.name];
    if (output === undefined)
      throw new Error(`${this.id}: the model produced no output "${this.signature.output.name}"`);
    onProgress?.({ kind: 'decoding' });
    let generated = outputImage(output, contract);
    if (generated.width !== source.width || generated.height !== source.height) {
      generated = await resizeExact(generated, source.width, source.height, 'linear');
    }
    return pasteKeyRegion(generated, source, keyAlpha);
  }

  async dispose(): Promise<void> {
    await this.model.release();
  }
}
