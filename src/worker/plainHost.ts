/**
 * The plain ONNX inpainters (MI-GAN, LaMa) inside the inference worker: the same runtime module
 * (core/backend/ort.ts) and the same child process as the diffusion engine. Keeps the last model
 * loaded between jobs, as the diffusion side does.
 */
import { OrtModel } from '../core/backend/ort';
import type { EngineProgress } from '../core/engines/engine';
import { PlainInpainterEngine } from '../core/engines/plainInpainter/plainInpainterEngine';
import type { RawImage } from '../core/image/rawImage';
import type { BackendInfo, GenerateJob } from '../shared/workerProtocol';

let loaded: { key: string; engine: PlainInpainterEngine; model: OrtModel } | undefined;

async function engineFor(
  engineId: 'migan' | 'lama',
  job: GenerateJob,
): Promise<{ engine: PlainInpainterEngine; model: OrtModel }> {
  const key = `${engineId}\n${job.modelDir}\n${job.executionProvider}`;
  if (loaded?.key === key) return loaded;
  await disposePlainEngine();
  const model = await OrtModel.load(job.modelDir, { preference: job.executionProvider });
  // A graph without the (image, mask) -> image interface fails here; release its session first.
  let engine: PlainInpainterEngine;
  try {
    engine = new PlainInpainterEngine(engineId, model, {
      modelPath: job.modelDir,
      executionProvider: model.executionProvider,
    });
  } catch (error) {
    await model.release();
    throw error;
  }
  loaded = { key, engine, model };
  return loaded;
}

/** Runs a migan/lama job's items one at a time; an empty item list only loads the model. */
export async function runPlainJob(
  engineId: 'migan' | 'lama',
  job: GenerateJob,
  signal: AbortSignal,
  onProgress: (progress: EngineProgress) => void,
): Promise<{ images: RawImage[]; backend: BackendInfo }> {
  const { engine, model } = await engineFor(engineId, job);
  const images: RawImage[] = [];
  for (const item of job.items) {
    images.push(
      await engine.augment(
        {
          source: job.source,
          keyMask: job.keyMask,
          keyAlpha: job.keyAlpha,
          label: job.label,
          recipe: job.recipe,
          seed: item.seed,
          signal,
          ...(item.target ? { target: item.target } : {}),
          ...(item.targetKeyMask ? { targetKeyMask: item.targetKeyMask } : {}),
          ...(job.targetName !== undefined ? { targetName: job.targetName } : {}),
        },
        onProgress,
      ),
    );
  }
  return {
    images,
    backend: {
      executionProvider: model.executionProvider,
      fallbacks: model.fallbacks,
      description: engine.describe(),
    },
  };
}

/** Releases the loaded inpainter's session, if any. */
export async function disposePlainEngine(): Promise<void> {
  const current = loaded;
  loaded = undefined;
  await current?.engine.dispose();
}
