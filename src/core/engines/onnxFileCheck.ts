/**
 * The check of one .onnx file without a runtime: it exists, is a non-empty file and starts like
 * an ONNX graph. A module of its own so that engine inspections (diffusion/modelFolderCheck.ts)
 * and the start-up check (inspectModel.ts, which reaches them through engineFactories.ts) share it
 * without an import cycle.
 */
import { promises as fs } from 'node:fs';
import { looksLikeOnnx } from '../models/localModel';

/** Problems of one .onnx file, named `label` in the messages (empty when it looks usable). */
export async function onnxFileProblems(file: string, label: string): Promise<string[]> {
  let size: number;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) return [`${label} is not a file`];
    size = stat.size;
  } catch {
    return [`${label}: file not found`];
  }
  if (size === 0) return [`${label} is empty (0 bytes), not an ONNX model`];
  if (!(await looksLikeOnnx(file)))
    return [`${label} is not an ONNX model file (it does not start like an ONNX graph)`];
  return [];
}
