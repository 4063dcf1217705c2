/**
 * Finds the model an engine runs from the recipe's reference, the same way for every engine, as
 * its descriptor's model requirement says: a path (a folder or an .onnx file, checked to be the
 * right one), else a model registered under that id in the search folders' registries, else (for
 * folders) a folder of that name under a search folder, else (where the engine allows it) the
 * catalog's model for the engine or any suitable registered one.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { loadCatalog } from '../models/catalog';
import { ModelRegistry, type RegisteredModel } from '../models/registry';
import type { LocatedModel, ModelRequirement } from './engineDescriptor';
import { EngineModelError } from './engineErrors';

async function kindOf(target: string): Promise<'file' | 'folder' | 'other' | undefined> {
  try {
    const stat = await fs.stat(target);
    return stat.isFile() ? 'file' : stat.isDirectory() ? 'folder' : 'other';
  } catch {
    return undefined;
  }
}

function suits(model: RegisteredModel, engine: string, requirement: ModelRequirement): boolean {
  return (
    requirement.kinds.includes(model.kind) &&
    (!requirement.registeredPerEngine || model.engine === engine)
  );
}

function located(model: RegisteredModel): LocatedModel {
  return { path: model.path, id: model.catalogId ?? model.id };
}

/** A path the user gave: it must be what the engine reads (a folder, or an .onnx file). */
async function locateByPath(
  engine: string,
  reference: string,
  requirement: ModelRequirement,
): Promise<LocatedModel | undefined> {
  const absolute = path.resolve(reference);
  const kind = await kindOf(absolute);
  const onnxName = reference.toLowerCase().endsWith('.onnx');
  if (requirement.layout === 'folder') {
    if (kind === 'folder') return { path: absolute, id: path.basename(absolute) };
    if (kind !== undefined)
      throw new EngineModelError(
        `--model ${reference} is a file; the ${engine} engine needs a ${requirement.noun}`,
      );
    return undefined;
  }
  if (kind === 'file' && onnxName) return { path: absolute, id: path.basename(absolute) };
  if (onnxName) throw new EngineModelError(`--model ${reference}: file not found`);
  // A folder (or any file but .onnx) would otherwise be taken as a registry id, not found, and
  // silently replaced by the engine's default model.
  if (kind !== undefined)
    throw new EngineModelError(`--model ${reference}: the ${engine} engine needs an .onnx file`);
  return undefined;
}

async function registeredModels(searchPaths: readonly string[]): Promise<RegisteredModel[]> {
  const all: RegisteredModel[] = [];
  for (const dir of searchPaths) all.push(...(await new ModelRegistry(dir).list()));
  return all;
}

/** Without a reference: the catalog's model for the engine first, then any suitable one. */
async function locateDefault(
  engine: string,
  requirement: ModelRequirement,
  searchPaths: readonly string[],
): Promise<LocatedModel> {
  const preferred = loadCatalog()
    .models.filter((entry) => entry.engine === engine)
    .map((entry) => entry.id);
  const candidates = (await registeredModels(searchPaths)).filter((m) =>
    suits(m, engine, requirement),
  );
  candidates.sort((a, b) => Number(!preferred.includes(a.id)) - Number(!preferred.includes(b.id)));
  if (candidates[0] !== undefined) return located(candidates[0]);
  const id = preferred[0] ?? `${engine}-512`;
  throw new EngineModelError(
    `no ${engine} model found. Download it with \`maskmedpaint models download ${id}\`, ` +
      `register one you have with \`maskmedpaint models add FILE.onnx --kind ${requirement.kinds[0] ?? 'plain-inpainter'} --engine ${engine}\`, ` +
      'or pass --model FILE.onnx',
  );
}

/**
 * The model engine `engine` runs for `reference` (the recipe's `diffusion.model`).
 * @throws EngineModelError saying what was looked for and how to get a model.
 */
export async function locateModel(
  engine: string,
  requirement: ModelRequirement,
  reference: string,
  searchPaths: readonly string[],
): Promise<LocatedModel> {
  if (reference !== '') {
    const byPath = await locateByPath(engine, reference, requirement);
    if (byPath) return byPath;
    if (!path.isAbsolute(reference)) {
      for (const dir of searchPaths) {
        const model = await new ModelRegistry(dir).get(reference);
        // A registered folder that is gone falls through to the folder lookup below; a missing
        // file is reported by the start-up check, naming the registered path.
        const usable =
          requirement.layout === 'onnxFile' || (await kindOf(model?.path ?? '')) === 'folder';
        if (model && suits(model, engine, requirement) && usable) return located(model);
      }
      if (requirement.layout === 'folder') {
        for (const dir of searchPaths)
          if ((await kindOf(path.join(dir, reference))) === 'folder')
            return { path: path.join(dir, reference), id: reference };
      }
    }
  }
  if (requirement.defaultFromRegistry) return locateDefault(engine, requirement, searchPaths);
  if (reference === '') {
    throw new EngineModelError(
      `the ${engine} engine needs a model: set recipe.diffusion.model or pass --model ${requirement.layout === 'folder' ? 'DIR' : 'FILE.onnx'}`,
    );
  }
  const where = searchPaths.length > 0 ? ` or under ${searchPaths.join(', ')}` : '';
  throw new EngineModelError(
    `${engine} model ${requirement.layout === 'folder' ? 'folder' : 'file'} not found: ${reference} ` +
      `(looked for ${requirement.layout === 'folder' ? 'a folder' : 'a file'} at that path${where})`,
  );
}
