/**
 * The models the wizard offers for an engine: those installed through "Download Model" or "Use
 * Local Model Folder" (the extension's model registry), the `maskmedpaint.modelFolders` setting,
 * and the last one used. What fits an engine comes from its descriptor in the engine registry.
 * Pure, so the rules are unit-tested.
 */
import * as path from 'node:path';
import { engineDescriptor, isEngineId } from '../../core/engines/registry';
import type { RegisteredModel } from '../../core/models/registry';

/** One row of the model step. */
export interface ModelOption {
  path: string;
  label: string;
  description: string;
}

/** True when a registered model can run with `engine`. */
export function modelFitsEngine(model: RegisteredModel, engine: string): boolean {
  const requirement = isEngineId(engine) ? engineDescriptor(engine).model : null;
  if (!requirement) return false;
  return (
    requirement.kinds.includes(model.kind) &&
    (!requirement.registeredPerEngine || model.engine === engine)
  );
}

/** True when a path from the setting has the shape `engine` reads (a folder, or an .onnx file). */
function settingFits(entry: string, engine: string): boolean {
  const requirement = isEngineId(engine) ? engineDescriptor(engine).model : null;
  if (!requirement) return false;
  return entry.toLowerCase().endsWith('.onnx') === (requirement.layout === 'onnxFile');
}

/** Options for `engine`, last-used first, each path once. */
export function modelOptions(
  engine: string,
  registered: readonly RegisteredModel[],
  settingFolders: readonly string[],
  last: string | undefined,
): ModelOption[] {
  const options: ModelOption[] = [];
  const seen = new Set<string>();
  const add = (option: ModelOption): void => {
    const key = path.resolve(option.path);
    if (seen.has(key)) return;
    seen.add(key);
    options.push(option);
  };
  if (last) add({ path: last, label: path.basename(last), description: 'last used' });
  for (const model of registered.filter((m) => modelFitsEngine(m, engine))) {
    const verified = model.verified ? 'verified' : 'hashes not verified';
    add({
      path: model.path,
      label: model.id,
      description: `${model.source === 'download' ? 'downloaded' : 'local'}, ${verified}`,
    });
  }
  for (const entry of settingFolders.filter((e) => settingFits(e, engine)))
    add({ path: entry, label: path.basename(entry), description: 'maskmedpaint.modelFolders' });
  return options;
}
