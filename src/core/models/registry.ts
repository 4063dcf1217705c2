/**
 * The registry of models available on this machine: downloaded ones and folders the user added
 * ("Use Local Model Folder", `models add DIR`). One JSON file in the cache folder, written
 * atomically; model files themselves are never copied or moved.
 */
import Ajv from 'ajv';
import type { ValidateFunction } from 'ajv';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import registrySchema from '../../../models/registry.schema.json';
import { writeFileAtomic } from '../util/atomicWrite';
import { describeSchemaErrors } from '../util/schemas';
import { stableStringify } from '../util/stableJson';
import type { ModelKind } from './catalogTypes';

export interface RegisteredModel {
  id: string;
  kind: ModelKind;
  /** The engine that runs it, for kinds several engines share (an engine id of the engine registry). */
  engine?: string;
  /** Absolute path of the model folder (SD layout) or of the single .onnx file. */
  path: string;
  source: 'download' | 'local';
  /** SHA-256 per relative file path, as received or as found on disk. */
  files: Record<string, string>;
  /** True when every hash matched the catalog's published value. */
  verified: boolean;
  /** Catalog id this model corresponds to, when known. */
  catalogId?: string;
  addedAt: string;
}

interface RegistryFile {
  version: 1;
  models: Record<string, RegisteredModel>;
}

export const REGISTRY_FILE = 'registry.json';

/**
 * The registry file cannot be used (not JSON, wrong shape, unreadable). Nothing is overwritten:
 * the user's registered folders are listed in it, so it is theirs to fix or delete.
 */
export class RegistryError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly string[],
  ) {
    super(
      `model registry ${file} cannot be used (fix it, or delete it and register your models again ` +
        `with \`maskmedpaint models add\` / \`models download\`):\n  ${problems.join('\n  ')}`,
    );
    this.name = 'RegistryError';
  }
}

let validator: ValidateFunction | undefined;

/** Schema problems of a parsed registry file, plus entries filed under another id. */
function registryProblems(value: unknown): string[] {
  validator ??= new Ajv({ allErrors: true, strictTypes: false }).compile(registrySchema);
  if (!validator(value)) return describeSchemaErrors(validator.errors);
  return Object.entries((value as RegistryFile).models)
    .filter(([key, model]) => key !== model.id)
    .map(([key, model]) => `/models/${key}: filed under "${key}" but its id is "${model.id}"`);
}

/** Reads and updates `<cacheDir>/registry.json`. */
export class ModelRegistry {
  constructor(readonly cacheDir: string) {}

  private get file(): string {
    return path.join(this.cacheDir, REGISTRY_FILE);
  }

  private async read(): Promise<RegistryFile> {
    let text: string;
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') return { version: 1, models: {} };
      throw new RegistryError(this.file, [`cannot be read (${code ?? (error as Error).message})`]);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new RegistryError(this.file, [`not valid JSON (${(error as Error).message})`]);
    }
    const problems = registryProblems(parsed);
    if (problems.length > 0) throw new RegistryError(this.file, problems);
    return parsed as RegistryFile;
  }

  private async write(registry: RegistryFile): Promise<void> {
    await writeFileAtomic(this.file, stableStringify(registry));
  }

  /** All registered models, sorted by id. */
  async list(): Promise<RegisteredModel[]> {
    const registry = await this.read();
    return Object.values(registry.models).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  async get(id: string): Promise<RegisteredModel | undefined> {
    return (await this.read()).models[id];
  }

  /** Add or replace an entry. */
  async put(model: RegisteredModel): Promise<void> {
    const registry = await this.read();
    registry.models[model.id] = model;
    await this.write(registry);
  }

  /**
   * Forget a model. Downloaded files (inside the cache) are deleted; a user's own folder is only
   * unregistered, never deleted.
   */
  async remove(id: string): Promise<RegisteredModel> {
    const registry = await this.read();
    const model = registry.models[id];
    if (model === undefined) throw new Error(`No model "${id}" is registered.`);
    delete registry.models[id];
    await this.write(registry);
    if (model.source === 'download' && isInside(this.cacheDir, model.path)) {
      await fs.rm(model.path, { recursive: true, force: true });
    }
    return model;
  }
}

function isInside(parent: string, child: string): boolean {
  const relative = path.relative(path.resolve(parent), path.resolve(child));
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/**
 * Resolve a model reference from a recipe or the command line: an existing path is used as is;
 * otherwise it must be a registered id.
 */
export async function resolveModelReference(
  reference: string,
  registry: ModelRegistry,
): Promise<RegisteredModel | string> {
  try {
    await fs.stat(reference);
    return path.resolve(reference);
  } catch {
    const model = await registry.get(reference);
    if (model === undefined) {
      throw new Error(
        `"${reference}" is neither an existing path nor a registered model id. ` +
          'Download one with `maskmedpaint models download ID` or register a folder with `maskmedpaint models add DIR`.',
      );
    }
    return model;
  }
}
