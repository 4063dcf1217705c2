/**
 * The precision an exported model records (`dtype` in `maskmedpaint_model.json`: `fp32`, `fp16`
 * or `fp16-compute`, docs/python.md), for the plan's `execution.precision`. Models exported
 * elsewhere record none: null, and the model's hash still pins the exact weights.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { MODEL_METADATA_FILE } from '../recipe/trainedPrompt';

/** The recorded precision of the model at `modelPath`, or null. */
export async function modelPrecision(modelPath: string | undefined): Promise<string | null> {
  if (modelPath === undefined) return null;
  try {
    const text = await fs.readFile(path.join(modelPath, MODEL_METADATA_FILE), 'utf8');
    const dtype = (JSON.parse(text) as { dtype?: unknown } | null)?.dtype;
    return typeof dtype === 'string' ? dtype : null;
  } catch {
    return null; // a single .onnx file, or no (readable) metadata
  }
}
