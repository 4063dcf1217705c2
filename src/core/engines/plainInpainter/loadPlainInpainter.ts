/**
 * Creates the 'migan' / 'lama' engine where it runs (the inference worker, as the registry says):
 * loads the .onnx file through the runtime module and checks its (image, mask) -> image
 * interface, so a graph that does not fit fails when the engine is created, before any item.
 */
import { OrtModel } from '../../backend/ort';
import type { EngineCreateOptions, LocatedModel } from '../engineDescriptor';
import type { PlainEngineId } from './contracts';
import { PlainInpainterEngine } from './plainInpainterEngine';

/** The registry's factory for the plain inpainters. */
export async function createPlainInpainter(
  engine: PlainEngineId,
  model: LocatedModel | undefined,
  options: EngineCreateOptions,
): Promise<PlainInpainterEngine> {
  if (!model) throw new Error(`the ${engine} engine needs an .onnx model file`);
  const session = await OrtModel.load(model.path, { preference: options.executionProvider });
  try {
    return new PlainInpainterEngine(engine, session, {
      modelPath: model.path,
      executionProvider: session.executionProvider,
      fallbacks: session.fallbacks,
    });
  } catch (error) {
    // A graph without the (image, mask) -> image interface: release its session before failing.
    await session.release();
    throw error;
  }
}
