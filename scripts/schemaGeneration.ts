/**
 * What `npm run generate:schemas` writes: the enums of the JSON Schemas (and package.json's enum
 * settings) from their one source, the engine registry (src/core/engines/registry.ts) and the
 * constant arrays of src/shared/recipeChoices.ts and src/shared/manifest.ts, and the Python
 * package's byte-identical copies of the schemas and prompt templates, and the recipe and manifest
 * validators compiled from those schemas ahead of time (ajv's standalone code: compiling them at
 * run time cost every command that reads a recipe or a manifest about 65 ms). Each file is the one
 * in the repository with only those values replaced, formatted by prettier as `npm run lint`
 * checks it, so a file that is already current is rewritten byte for byte. scripts/generate-schemas.ts writes
 * or checks them; test/unit/shared/generatedSchemas.test.ts fails when one is stale.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import Ajv from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import { applyEdits, findNodeAtLocation, modify, parseTree, type JSONPath } from 'jsonc-parser';
import { format, resolveConfig } from 'prettier';
import { WEBGPU_LAYOUTS } from '../src/core/backend/webgpuLayout';
import { ENGINES, ENGINE_IDS } from '../src/core/engines/registry';
import {
  DICOM_PHOTOMETRICS,
  ITEM_STATUSES,
  REVIEW_STATUSES,
  VOI_FUNCTIONS,
} from '../src/shared/manifest';
import {
  BLEND_MODES,
  BLEND_SIDES,
  DIFFUSION_RESOLUTIONS,
  EXECUTION_PROVIDERS,
  OUTPUT_FORMATS,
  PER_CLASS_POLICIES,
  PRESET_IDS,
  SCHEDULER_IDS,
} from '../src/shared/recipeChoices';

/** The command that rewrites the generated files (named in every "stale" message). */
export const GENERATE_COMMAND = 'npm run generate:schemas';

/** The repository root. */
export const REPO_ROOT = path.resolve(__dirname, '..');

/** Engines whose registered models name them (the model catalog's and registry's `engine`). */
const PER_ENGINE_MODEL_IDS = ENGINES.filter((engine) => engine.model?.registeredPerEngine).map(
  (engine) => engine.id,
);

/** One JSON file whose enums are set from constants: `/`-separated paths to each `enum`'s parent. */
interface EnumFile {
  file: string;
  enums: ReadonlyArray<readonly [pointer: string, values: readonly string[]]>;
}

const ENUM_FILES: readonly EnumFile[] = [
  {
    file: 'schema/recipe.schema.json',
    enums: [
      ['properties/engine', ENGINE_IDS],
      ['properties/preset', PRESET_IDS],
      ['properties/diffusion/properties/scheduler', SCHEDULER_IDS],
      ['properties/diffusion/properties/executionProvider', EXECUTION_PROVIDERS],
      ['properties/diffusion/properties/resolution', DIFFUSION_RESOLUTIONS],
      ['properties/outputFormat', OUTPUT_FORMATS],
      ['properties/composite/properties/blend', BLEND_MODES],
      ['properties/mask/properties/blendSide', BLEND_SIDES],
      ['properties/mask/properties/perClass/additionalProperties', PER_CLASS_POLICIES],
    ],
  },
  {
    file: 'schema/manifest.schema.json',
    enums: [
      ['definitions/item/properties/status', ITEM_STATUSES],
      [
        'definitions/item/properties/review/properties/staleDecision/properties/status',
        REVIEW_STATUSES,
      ],
      ['definitions/dicomInfo/properties/photometric', DICOM_PHOTOMETRICS],
      ['definitions/dicomInfo/properties/window/anyOf/0/properties/function', VOI_FUNCTIONS],
    ],
  },
  {
    file: 'schema/plan.schema.json',
    enums: [['properties/execution/properties/provider', EXECUTION_PROVIDERS]],
  },
  {
    file: 'models/catalog.schema.json',
    enums: [['definitions/entry/properties/engine', PER_ENGINE_MODEL_IDS]],
  },
  {
    file: 'models/registry.schema.json',
    enums: [['definitions/model/properties/engine', PER_ENGINE_MODEL_IDS]],
  },
  {
    file: 'package.json',
    enums: [
      ['contributes/configuration/properties/maskmedpaint.defaultPreset', PRESET_IDS],
      ['contributes/configuration/properties/maskmedpaint.executionProvider', EXECUTION_PROVIDERS],
      ['contributes/configuration/properties/maskmedpaint.webgpuLayout', WEBGPU_LAYOUTS],
    ],
  },
];

/** Files the Python package ships as byte-identical copies: [source, copy]. */
const PACKAGED_COPIES: ReadonlyArray<readonly [source: string, copy: string]> = [
  ['schema/recipe.schema.json', 'python/src/maskmedpaint/schema/recipe.schema.json'],
  ['schema/manifest.schema.json', 'python/src/maskmedpaint/schema/manifest.schema.json'],
  ['schema/prompt-templates.json', 'python/src/maskmedpaint/prompt_templates.json'],
];

/**
 * `text` with the `enum` of the object at `pointer` replaced, the rest of the file untouched (an
 * edit, not a re-serialisation, so the file keeps its hand-chosen layout). An unknown path is an
 * error naming it.
 */
function withEnum(text: string, file: string, pointer: string, values: readonly string[]): string {
  const location: JSONPath = [
    ...pointer.split('/').map((key) => (/^\d+$/.test(key) ? Number(key) : key)),
    'enum',
  ];
  const root = parseTree(text);
  if (!root || findNodeAtLocation(root, location)?.type !== 'array')
    throw new Error(`${file}: no "enum" at ${pointer} (the generator's path is out of date)`);
  const edits = modify(text, location, [...values], {
    formattingOptions: { insertSpaces: true, tabSize: 2 },
  });
  return applyEdits(text, edits);
}

async function formatted(file: string, text: string): Promise<string> {
  const filepath = path.join(REPO_ROOT, file);
  const options = (await resolveConfig(filepath)) ?? {};
  return format(text, { ...options, filepath });
}

/** The precompiled validators' module, and what src/core/util/schemas.ts imports of it. */
const VALIDATORS_FILE = 'src/core/util/schemaValidators.generated.js';
const RECIPE_SCHEMA = 'schema/recipe.schema.json';
const MANIFEST_SCHEMA = 'schema/manifest.schema.json';

/**
 * The recipe and manifest validators as one CommonJS module (`recipe`, `manifest`), compiled with
 * the options the project validates with: every error at once (a user fixes a file in one pass),
 * strict schemas.
 */
function validatorsModule(recipeText: string, manifestText: string): string {
  const recipe = JSON.parse(recipeText) as { $id: string };
  const manifest = JSON.parse(manifestText) as { $id: string };
  const ajv = new Ajv({
    allErrors: true,
    strict: true,
    strictTypes: false,
    code: { source: true, esm: false },
  });
  ajv.addSchema(recipe);
  ajv.addSchema(manifest);
  const header = `// Generated by \`${GENERATE_COMMAND}\` from ${RECIPE_SCHEMA} and ${MANIFEST_SCHEMA}: do not edit.\n`;
  return header + standaloneCode(ajv, { recipe: recipe.$id, manifest: manifest.$id });
}

/** Every generated file: repository-relative path to its content, in writing order. */
export async function generatedFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const { file, enums } of ENUM_FILES) {
    let text = await readFile(path.join(REPO_ROOT, file), 'utf8');
    for (const [pointer, values] of enums) text = withEnum(text, file, pointer, values);
    files.set(file, await formatted(file, text));
  }
  const current = async (file: string): Promise<string> =>
    files.get(file) ?? (await readFile(path.join(REPO_ROOT, file), 'utf8'));
  for (const [source, copy] of PACKAGED_COPIES) files.set(copy, await current(source));
  files.set(
    VALIDATORS_FILE,
    await formatted(
      VALIDATORS_FILE,
      validatorsModule(await current(RECIPE_SCHEMA), await current(MANIFEST_SCHEMA)),
    ),
  );
  return files;
}

/** The generated files whose content on disk differs from what the generator writes. */
export async function staleFiles(files: Map<string, string>): Promise<string[]> {
  const stale: string[] = [];
  for (const [file, content] of files) {
    const current = await readFile(path.join(REPO_ROOT, file), 'utf8').catch(() => undefined);
    if (current !== content) stale.push(file);
  }
  return stale;
}
