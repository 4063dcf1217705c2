/**
 * The models the wizard offers for an engine: those installed through "Download Model" or "Use
 * Local Model Folder" (the extension's model registry), the `maskmedpaint.modelFolders` setting,
 * and the last one used. Pure, so the rules are unit-tested.
 */
import * as path from 'node:path';
import type { RegisteredModel } from '../../core/models/registry';
import type { EngineId } from '../../shared/recipe';

/** One row of the model step. */
export interface ModelOption {
  path: string;
  label: string;
  description: string;
}

/** True when a registered model can run with `engine`. */
export function modelFitsEngine(model: RegisteredModel, engine: EngineId): boolean {
  if (engine === 'diffusion')
    return model.kind === 'sd-inpaint-9ch' || model.kind === 'sd-base-4ch';
  if (engine === 'migan' || engine === 'lama')
    return model.kind === 'plain-inpainter' && model.engine === engine;
  return false;
}

/** Options for `engine`, last-used first, each path once. */
export function modelOptions(
  engine: EngineId,
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
  for (const folder of settingFolders)
    add({ path: folder, label: path.basename(folder), description: 'maskmedpaint.modelFolders' });
  return options;
}
