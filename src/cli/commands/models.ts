/**
 * `maskmedpaint models list | download ID | add PATH | remove ID | check MODEL`: the model catalog
 * and the per-user model cache (see docs/models.md for the folder and the proxy settings).
 */
import type { Command } from 'commander';
import { defaultModelCacheDir } from '../../core/models/cacheDir';
import { findCatalogEntry, loadCatalog } from '../../core/models/catalog';
import type { Catalog, ModelKind } from '../../core/models/catalogTypes';
import {
  installModel,
  LicenseNotAcceptedError,
  UnverifiedModelError,
} from '../../core/models/installModel';
import { addLocalModel } from '../../core/models/localModel';
import {
  formatBytes,
  formatProgress,
  type DownloadProgress,
} from '../../core/models/progressMeter';
import { ENGINES } from '../../core/engines/registry';
import { ModelRegistry } from '../../core/models/registry';
import { GPU_PROVIDERS } from '../../shared/recipeChoices';
import { EXIT_CANCELLED, EXIT_OK, UsageError } from '../exitCodes';
import { choiceOption } from '../parse';
import { tty } from '../terminalText';
import { checkModel, type CheckFlags } from './modelsCheck';
import type { ModelsIo } from './modelsIo';

const KINDS: readonly ModelKind[] = [
  'sd-inpaint-9ch',
  'sd-base-4ch',
  'plain-inpainter',
  'background-removal',
];

/** Engines whose models are registered per engine (one model kind, several engines). */
const PER_ENGINE_MODEL_ENGINES: readonly string[] = ENGINES.filter(
  (engine) => engine.model?.registeredPerEngine === true,
).map((engine) => engine.id);

function registryFor(cache: string | undefined): ModelRegistry {
  return new ModelRegistry(cache ?? defaultModelCacheDir());
}

/** `models list`: catalog entries with their install state, then local models. */
export async function listModels(
  cache: string | undefined,
  json: boolean,
  io: ModelsIo,
): Promise<number> {
  const registry = registryFor(cache);
  const installed = await registry.list();
  const catalog = loadCatalog();
  if (json) {
    io.stdout.write(
      JSON.stringify({ cacheDir: registry.cacheDir, catalog: catalog.models, installed }, null, 2) +
        '\n',
    );
    return EXIT_OK;
  }
  io.stdout.write(tty`Model cache: ${registry.cacheDir}\n`);
  for (const entry of catalog.models) {
    const local = installed.find((m) => m.id === entry.id || m.catalogId === entry.id);
    const size = entry.files.every((f) => f.size !== null)
      ? formatBytes(entry.files.reduce((sum, f) => sum + (f.size ?? 0), 0))
      : 'size unknown';
    const flags = [
      entry.kind,
      size,
      entry.license,
      entry.verified ? 'sha256 verified' : 'UNVERIFIED hashes',
    ];
    if (entry.nonCommercial) flags.push('NON-COMMERCIAL');
    io.stdout.write(
      `${local ? '*' : ' '} ${entry.id.padEnd(28)} ${entry.title}\n    ${flags.join(', ')}\n`,
    );
  }
  const extra = installed.filter((m) => !catalog.models.some((e) => e.id === m.id));
  for (const model of extra)
    io.stdout.write(tty`* ${model.id.padEnd(28)} ${model.kind} (${model.source}) ${model.path}\n`);
  io.stdout.write('(* = on this machine)\n');
  return EXIT_OK;
}

export interface DownloadFlags {
  cache?: string;
  acceptLicense?: boolean;
  allowUnverified?: boolean;
  proxy?: string;
}

/** `models download ID`: licence note first, progress with speed and ETA, Ctrl+C keeps the partial. */
export async function downloadModel(
  id: string,
  flags: DownloadFlags,
  io: ModelsIo,
  signal?: AbortSignal,
  catalog: Catalog = loadCatalog(),
): Promise<number> {
  let entry;
  try {
    entry = findCatalogEntry(id, catalog);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const registry = registryFor(flags.cache);
  io.stderr.write(`${entry.title}\nLicence: ${entry.license}. ${entry.licenseNote}\n`);
  if (entry.note) io.stderr.write(`Note: ${entry.note}\n`);
  // Without a terminal: one line per tenth of the file (including 100%).
  let lastTenth = -1;
  const show = (file: string, progress: DownloadProgress): void => {
    const line = tty`${file}: ${formatProgress(progress)}`;
    if (io.interactive) io.stderr.write(`\r${line}\x1b[K`);
    else if (progress.total !== undefined && progress.total > 0) {
      const tenth = Math.floor((10 * progress.received) / progress.total);
      if (tenth <= lastTenth) return;
      lastTenth = tenth;
      io.stderr.write(`${line}\n`);
    }
  };
  try {
    const model = await installModel(entry, registry, {
      acceptLicense: flags.acceptLicense === true,
      allowUnverified: flags.allowUnverified === true,
      proxy: { ...(flags.proxy !== undefined ? { proxy: flags.proxy } : {}) },
      ...(signal !== undefined ? { signal } : {}),
      onFileStart: (file, index, count) => {
        lastTenth = -1;
        io.stderr.write(
          (io.interactive && index > 0 ? '\n' : '') + tty`[${index + 1}/${count}] ${file.path}\n`,
        );
      },
      onProgress: (file, progress) => show(file.path, progress),
    });
    if (io.interactive) io.stderr.write('\n');
    io.stdout.write(
      tty`${model.id} ready at ${model.path}` +
        (model.verified ? ' (SHA-256 verified)\n' : ' (hashes recorded, not verified)\n'),
    );
    return EXIT_OK;
  } catch (error) {
    if (error instanceof LicenseNotAcceptedError)
      throw new UsageError(`${error.message} Rerun with --accept-license.`);
    if (error instanceof UnverifiedModelError)
      throw new UsageError(`${error.message} Rerun with --allow-unverified.`);
    if (error instanceof Error && error.name === 'AbortError') {
      io.stderr.write(`\nDownload cancelled; rerun the same command to resume.\n`);
      return EXIT_CANCELLED;
    }
    throw new UsageError(`download of ${id} failed: ${(error as Error).message}`);
  }
}

export interface AddFlags {
  cache?: string;
  id?: string;
  kind?: ModelKind;
  engine?: string;
}

/** `models add PATH`: validate and register a folder or .onnx file the user already has. */
export async function addModel(target: string, flags: AddFlags, io: ModelsIo): Promise<number> {
  try {
    const model = await addLocalModel(target, registryFor(flags.cache), loadCatalog(), {
      ...(flags.id !== undefined ? { id: flags.id } : {}),
      ...(flags.kind !== undefined ? { kind: flags.kind } : {}),
      ...(flags.engine !== undefined ? { engine: flags.engine } : {}),
    });
    const recognised =
      model.catalogId !== undefined ? ` (recognised as catalog model ${model.catalogId})` : '';
    io.stdout.write(tty`registered ${model.id}: ${model.kind} at ${model.path}${recognised}\n`);
    return EXIT_OK;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `models remove ID`: downloaded files are deleted; a local folder is only unregistered. */
export async function removeModel(
  id: string,
  cache: string | undefined,
  io: ModelsIo,
): Promise<number> {
  try {
    const model = await registryFor(cache).remove(id);
    io.stdout.write(
      model.source === 'download'
        ? tty`removed ${id} and its files\n`
        : tty`unregistered ${id} (your files at ${model.path} are untouched)\n`,
    );
    return EXIT_OK;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

const stdio = (): ModelsIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  interactive: process.stderr.isTTY === true,
});

/** Adds the `models` command group. */
export function register(program: Command): void {
  const models = program
    .command('models')
    .description(
      `list, download and register models (cache: ${defaultModelCacheDir()}; set MASKMEDPAINT_MODELS_DIR to move it)`,
    );
  models
    .command('list')
    .description('catalog models and what is on this machine')
    .option('--cache <dir>', 'model cache folder')
    .option('--json', 'print JSON')
    .action(async (flags: { cache?: string; json?: boolean }) => {
      process.exitCode = await listModels(flags.cache, flags.json === true, stdio());
    });
  models
    .command('download')
    .description(
      'download a catalog model (resumable; SHA-256 checked; honours HTTPS_PROXY/NO_PROXY)',
    )
    .argument('<id>', 'catalog id (see models list)')
    .option('--cache <dir>', 'model cache folder')
    .option(
      '--accept-license',
      'accept a restrictive (e.g. non-commercial) licence shown before download',
    )
    .option('--allow-unverified', 'download a model whose files have no published SHA-256')
    .option('--proxy <url>', 'proxy URL (default: HTTPS_PROXY / HTTP_PROXY)')
    .action(async (id: string, flags: DownloadFlags) => {
      const controller = new AbortController();
      const onInterrupt = (): void => controller.abort();
      process.once('SIGINT', onInterrupt);
      try {
        process.exitCode = await downloadModel(id, flags, stdio(), controller.signal);
      } finally {
        process.removeListener('SIGINT', onInterrupt);
      }
    });
  models
    .command('add')
    .description('register a model folder or .onnx file you already have (offline use)')
    .argument('<path>', 'diffusers/optimum ONNX folder or a .onnx file')
    .option('--cache <dir>', 'model cache folder (where the registry lives)')
    .option('--id <id>', 'id to register it under')
    .option('--kind <kind>', `model kind: ${KINDS.join(', ')}`, choiceOption(KINDS))
    .option(
      '--engine <engine>',
      `engine for a plain inpainter: ${PER_ENGINE_MODEL_ENGINES.join(' or ')}`,
      choiceOption(PER_ENGINE_MODEL_ENGINES),
    )
    .action(async (target: string, flags: AddFlags) => {
      process.exitCode = await addModel(target, flags, stdio());
    });
  models
    .command('remove')
    .description('forget a model (downloaded files are deleted, your own folders are not)')
    .argument('<id>', 'registered id')
    .option('--cache <dir>', 'model cache folder')
    .action(async (id: string, flags: { cache?: string }) => {
      process.exitCode = await removeModel(id, flags.cache, stdio());
    });
  models
    .command('check')
    .description(
      'run a model on the CPU and on a GPU provider with the same inputs and say whether they agree',
    )
    .argument('<model>', 'model folder, .onnx file or registered id')
    .option('--cache <dir>', 'model cache folder (where the registry lives)')
    .option(
      '--provider <ep>',
      `provider to check against the CPU (default: the first GPU provider auto tries): ${CHECK_PROVIDERS.join(', ')}`,
      choiceOption(CHECK_PROVIDERS),
    )
    .option('--json', 'print JSON')
    .action(async (target: string, flags: CheckFlags) => {
      process.exitCode = await checkModel(target, flags, stdio());
    });
}

/** `auto` (the first GPU provider auto would try) or one of them; never the CPU itself. */
const CHECK_PROVIDERS = ['auto', ...GPU_PROVIDERS] as const;
