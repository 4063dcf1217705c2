/**
 * Register a model the user already has on disk (offline use): a diffusers/optimum ONNX folder
 * or a single .onnx file. The folder is checked for the files the engines need; a single file
 * whose SHA-256 matches a catalog file is recognised as that catalog model.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
// The diffusion engine's own description of an SD folder (a pure module: no runtime is loaded).
import { COMPONENTS, REQUIRED_FILES } from '../engines/diffusion/modelLayout';
import { sha256File } from '../util/hash';
import { isFile } from '../util/isFile';
import type { Catalog, CatalogEntry, ModelKind } from './catalogTypes';
import type { ModelRegistry, RegisteredModel } from './registry';

export interface AddLocalOptions {
  /** Registry id; default: the catalog id when recognised, else the folder/file name. */
  id?: string;
  /** Needed for a single .onnx file that is not in the catalog. */
  kind?: ModelKind;
  /** The engine that runs a plain inpainter (an engine id of the engine registry). */
  engine?: string;
}

/** ONNX files are protobuf ModelProto messages, which start with field 1 (ir_version, varint). */
export async function looksLikeOnnx(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(1), 0, 1, 0);
    return bytesRead === 1 && buffer[0] === 0x08;
  } finally {
    await handle.close();
  }
}

/** 9 channels for inpainting UNets, from unet/config.json or model_index.json's pipeline class. */
async function sdKind(folder: string): Promise<ModelKind> {
  try {
    const config = JSON.parse(
      await fs.readFile(path.join(folder, 'unet', 'config.json'), 'utf8'),
    ) as { in_channels?: number };
    if (config.in_channels === 9) return 'sd-inpaint-9ch';
    if (config.in_channels === 4) return 'sd-base-4ch';
  } catch {
    // optimum writes unet/config.json; the older diffusers script does not.
  }
  const index = JSON.parse(await fs.readFile(path.join(folder, 'model_index.json'), 'utf8')) as {
    _class_name?: string;
  };
  return /inpaint/i.test(index._class_name ?? '') ? 'sd-inpaint-9ch' : 'sd-base-4ch';
}

function slug(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/\.onnx$/, '')
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return cleaned === '' ? 'local-model' : cleaned;
}

function catalogMatch(catalog: Catalog, sha256: string): CatalogEntry | undefined {
  return catalog.models.find(
    (entry) => entry.files.length === 1 && entry.files[0].sha256 === sha256,
  );
}

/** Validate `target` (folder or .onnx file) and register it without copying anything. */
export async function addLocalModel(
  target: string,
  registry: ModelRegistry,
  catalog: Catalog,
  options: AddLocalOptions = {},
): Promise<RegisteredModel> {
  const absolute = path.resolve(target);
  let stat;
  try {
    stat = await fs.stat(absolute);
  } catch {
    throw new Error(`${absolute} does not exist.`);
  }
  const addedAt = new Date().toISOString();
  if (stat.isDirectory() && (await isFile(path.join(absolute, 'model_index.json')))) {
    const missing: string[] = [];
    for (const file of REQUIRED_FILES)
      if (!(await isFile(path.join(absolute, ...file.split('/'))))) missing.push(file);
    if (missing.length > 0) {
      throw new Error(
        `${absolute} is not a complete Stable Diffusion ONNX folder; missing: ${missing.join(', ')}`,
      );
    }
    for (const part of COMPONENTS) {
      if (!(await looksLikeOnnx(path.join(absolute, part, 'model.onnx')))) {
        throw new Error(
          `${path.join(absolute, part, 'model.onnx')} does not look like an ONNX model.`,
        );
      }
    }
    const model: RegisteredModel = {
      id: options.id ?? slug(path.basename(absolute)),
      kind: options.kind ?? (await sdKind(absolute)),
      path: absolute,
      source: 'local',
      files: {},
      verified: false,
      addedAt,
    };
    await registry.put(model);
    return model;
  }
  let file = absolute;
  if (stat.isDirectory()) {
    const onnx = (await fs.readdir(absolute)).filter((name) =>
      name.toLowerCase().endsWith('.onnx'),
    );
    if (onnx.length !== 1) {
      throw new Error(
        `${absolute} has no model_index.json and ${onnx.length} .onnx files; give the .onnx file itself or a diffusers ONNX folder.`,
      );
    }
    file = path.join(absolute, onnx[0]);
  }
  if (!(await looksLikeOnnx(file))) throw new Error(`${file} does not look like an ONNX model.`);
  const sha256 = await sha256File(file);
  const known = catalogMatch(catalog, sha256);
  const kind = options.kind ?? known?.kind;
  if (kind === undefined) {
    throw new Error(
      `${path.basename(file)} is not a catalog model (SHA-256 ${sha256}); say what it is with --kind plain-inpainter --engine migan|lama or --kind background-removal.`,
    );
  }
  const engine = options.engine ?? known?.engine;
  if (kind === 'plain-inpainter' && engine === undefined) {
    throw new Error(
      `Say which engine runs ${path.basename(file)}: --engine migan or --engine lama.`,
    );
  }
  const model: RegisteredModel = {
    id: options.id ?? known?.id ?? slug(path.basename(file)),
    kind,
    ...(engine !== undefined ? { engine } : {}),
    path: file,
    source: 'local',
    files: { [path.basename(file)]: sha256 },
    verified: known !== undefined,
    ...(known !== undefined ? { catalogId: known.id } : {}),
    addedAt,
  };
  await registry.put(model);
  return model;
}
