/**
 * `maskmedpaint masks chexmask | remove-background | quality`: make key-region mask files from
 * CheXmask RLE tables or a background-removal model, and check a masks folder's quality.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { listFolder } from '../../core/dataset/walk';
import { readImage } from '../../core/image/io';
import { maskValues } from '../../core/image/maskIo';
import { exportChexmask } from '../../core/masks/exportChexmask';
import { proposeMasksForFolder } from '../../core/masks/proposeMasks';
import {
  describeQuality,
  maskQuality,
  summarizeQuality,
  type MaskQuality,
} from '../../core/masks/quality';
import { modelSearchDirs } from '../../core/models/cacheDir';
import { ModelRegistry } from '../../core/models/registry';
import { EXECUTION_PROVIDERS, type ExecutionProviderPreference } from '../../shared/recipeChoices';
import { disposeSharedWorkerClient, sharedWorkerClient } from '../../worker/client';
import { RemoteBackgroundRemover } from '../../worker/remoteBackgroundRemover';
import { backendLine } from '../../worker/workerEngineHost';
import { EXIT_CANCELLED, EXIT_ITEMS_FAILED, EXIT_OK, UsageError } from '../exitCodes';
import { choiceOption } from '../parse';
import { tty } from '../terminalText';

/** "WxH" -> size. */
export function sizeOption(value: string): { width: number; height: number } {
  const match = /^(\d+)x(\d+)$/i.exec(value.trim());
  if (!match || Number(match[1]) < 1 || Number(match[2]) < 1)
    throw new InvalidArgumentError(`expected WIDTHxHEIGHT, got "${value}"`);
  return { width: Number(match[1]), height: Number(match[2]) };
}

/** "11x3" -> square kernel 11, 3 iterations. */
export function dilateOption(value: string): { kernel: number; iterations: number } {
  const match = /^(\d+)x(\d+)$/i.exec(value.trim());
  if (!match || Number(match[1]) % 2 === 0)
    throw new InvalidArgumentError(
      `expected KERNELxITERATIONS with an odd kernel (e.g. 11x3), got "${value}"`,
    );
  return { kernel: Number(match[1]), iterations: Number(match[2]) };
}

function thresholdOption(value: string): number {
  const parsed = Number(value);
  if (!(parsed > 0 && parsed < 1))
    throw new InvalidArgumentError(`expected a number between 0 and 1, got "${value}"`);
  return parsed;
}

/** A background-removal model: a path to an .onnx file, or a registered id. */
export async function resolveBackgroundModel(
  reference: string,
  cacheDirs: readonly string[],
): Promise<string> {
  try {
    if ((await fs.stat(reference)).isFile()) return path.resolve(reference);
  } catch {
    // not a path: try the registry
  }
  let model;
  for (const dir of cacheDirs) {
    model = await new ModelRegistry(dir).get(reference);
    if (model !== undefined) break;
  }
  if (model === undefined) {
    throw new UsageError(
      `--model ${reference}: no such file or registered model (try \`maskmedpaint models download rmbg-1.4\`)`,
    );
  }
  if (model.kind !== 'background-removal')
    throw new UsageError(`--model ${reference} is a ${model.kind} model, not background removal`);
  return model.path;
}

interface ChexmaskFlags {
  csv: string;
  out: string;
  organs?: string;
  idColumn?: string;
  source?: string;
  size?: { width: number; height: number };
  maskSize?: { width: number; height: number };
}

interface RemoveBackgroundFlags {
  model: string;
  source: string;
  out: string;
  threshold?: number;
  dilate?: { kernel: number; iterations: number };
  overwrite?: boolean;
  provider?: ExecutionProviderPreference;
  cache?: string;
}

/** `masks quality`: per-mask area and flags, then a summary. */
export async function reportQuality(
  masksDir: string,
  json: boolean,
  out: NodeJS.WritableStream,
): Promise<number> {
  const files = (await listFolder(masksDir)).images;
  const reports: Array<{ file: string } & MaskQuality> = [];
  for (const file of files) {
    let image;
    try {
      image = await readImage(path.join(masksDir, ...file.split('/')));
    } catch (error) {
      out.write(tty`${file}: unreadable (${(error as Error).message})\n`);
      continue;
    }
    // Any non-zero value is key region, as with --threshold nonzero.
    const values = maskValues(image);
    const data = new Uint8Array(values.length);
    for (let i = 0; i < data.length; i++) data[i] = values[i] > 0 ? 1 : 0;
    reports.push({ file, ...maskQuality({ width: image.width, height: image.height, data }) });
  }
  const summary = summarizeQuality(reports);
  if (json) {
    out.write(JSON.stringify({ masks: reports, summary }, null, 2) + '\n');
    return EXIT_OK;
  }
  for (const report of reports)
    if (report.flags.length > 0) out.write(tty`${report.file}: ${describeQuality(report)}\n`);
  const flagged = Object.entries(summary.flagged)
    .filter(([, n]) => n > 0)
    .map(([flag, n]) => `${n} ${flag}`);
  const q = summary.areaQuartiles?.map((v) => `${(v * 100).toFixed(1)}%`).join(' / ') ?? '-';
  out.write(
    `${summary.count} masks; key-region area min/25%/median/75%/max: ${q}; flagged: ${flagged.join(', ') || 'none'}\n`,
  );
  return EXIT_OK;
}

/** Adds the `masks` command group. */
export function register(program: Command): void {
  const masks = program
    .command('masks')
    .description('make key-region masks (CheXmask RLE, background removal) and check them');
  masks
    .command('chexmask')
    .description('decode a CheXmask CSV (RLE per organ) into PNG masks; lungs + heart by default')
    .requiredOption('--csv <file>', 'CheXmask table (.csv)')
    .requiredOption('--out <dir>', 'masks folder to write')
    .option(
      '--organs <list>',
      'comma-separated: lungs, heart, "Left Lung", "Right Lung"',
      'lungs,heart',
    )
    .option(
      '--id-column <name>',
      'image id column (default: dicom_id, Image Index, ImageID, image_id, Path, ...)',
    )
    .option('--source <dir>', 'source images: masks take their size and relative folders')
    .option('--size <WxH>', 'resize every mask to this size (nearest neighbour)', sizeOption)
    .option(
      '--mask-size <WxH>',
      'mask size for tables without Height/Width (CheXmask preprocessed: 1024x1024)',
      sizeOption,
    )
    .action(async (flags: ChexmaskFlags) => {
      const organs = (flags.organs ?? 'lungs,heart')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      let result;
      try {
        result = await exportChexmask({
          csvPath: flags.csv,
          outDir: flags.out,
          organs,
          ...(flags.idColumn ? { idColumn: flags.idColumn } : {}),
          ...(flags.source ? { sourceDir: flags.source } : {}),
          ...(flags.size ? { size: flags.size } : {}),
          ...(flags.maskSize ? { maskSize: flags.maskSize } : {}),
        });
      } catch (error) {
        throw new UsageError((error as Error).message);
      }
      process.stdout.write(tty`wrote ${result.written} masks to ${flags.out}\n`);
      if (result.unmatched.length > 0)
        process.stderr.write(
          tty`${result.unmatched.length} rows matched no source image (first: ${result.unmatched[0]})\n`,
        );
      if (result.ambiguous.length > 0)
        process.stderr.write(
          tty`${result.ambiguous.length} ids matched several images (first used): ${result.ambiguous.slice(0, 5).join(', ')}\n`,
        );
      process.exitCode = EXIT_OK;
    });
  masks
    .command('remove-background')
    .description(
      'propose key regions (foreground) with a background-removal model; existing mask files are kept',
    )
    .requiredOption(
      '--model <file|id>',
      'background-removal .onnx or registered id (e.g. rmbg-1.4)',
    )
    .requiredOption('--source <dir>', 'source images (searched recursively)')
    .requiredOption('--out <dir>', 'masks folder to write (same relative paths, .png)')
    .option(
      '--threshold <t>',
      'foreground probability threshold, 0..1 (default 0.5)',
      thresholdOption,
    )
    .option(
      '--dilate <KxN>',
      "square dilation kernel x iterations, e.g. 11x3 (the authors' camera-trap margin)",
      dilateOption,
    )
    .option('--overwrite', 'replace existing mask files')
    .option(
      '--provider <p>',
      `execution provider: ${EXECUTION_PROVIDERS.join(', ')}`,
      choiceOption(EXECUTION_PROVIDERS),
    )
    .option('--cache <dir>', 'model cache folder')
    .action(async (flags: RemoveBackgroundFlags) => {
      const modelPath = await resolveBackgroundModel(
        flags.model,
        flags.cache !== undefined ? [flags.cache] : modelSearchDirs(),
      );
      // The graph runs in the inference worker, like every engine's.
      const remover = new RemoteBackgroundRemover(
        sharedWorkerClient({ log: (message) => process.stderr.write(tty`${message}\n`) }),
        modelPath,
        flags.provider ?? 'auto',
      );
      const controller = new AbortController();
      const onInterrupt = (): void => controller.abort();
      process.once('SIGINT', onInterrupt);
      try {
        const backend = await remover.load().catch((error: Error) => {
          // A file that is not a background-removal graph is the user's model to fix (exit 2).
          throw new UsageError(`--model ${flags.model}: ${error.message}`);
        });
        process.stderr.write(`${backendLine('background removal', modelPath, backend)}\n`);
        const result = await proposeMasksForFolder(remover, {
          sourceDir: flags.source,
          outDir: flags.out,
          signal: controller.signal,
          ...(flags.threshold !== undefined ? { threshold: flags.threshold } : {}),
          ...(flags.dilate ? { dilate: flags.dilate } : {}),
          ...(flags.overwrite ? { overwrite: true } : {}),
          onImage: (e) => {
            if (e.status === 'failed')
              process.stderr.write(tty`${e.relPath}: ${e.error ?? 'failed'}\n`);
          },
        });
        process.stdout.write(
          `${result.written} masks written, ${result.cached} kept from before, ${result.failed.length} failed\n`,
        );
        process.exitCode = result.cancelled
          ? EXIT_CANCELLED
          : result.failed.length > 0
            ? EXIT_ITEMS_FAILED
            : EXIT_OK;
      } finally {
        process.removeListener('SIGINT', onInterrupt);
        await disposeSharedWorkerClient();
      }
    });
  masks
    .command('quality')
    .description('key-region area per mask and empty / full / fragmented / tiny / huge flags')
    .argument('<dir>', 'masks folder')
    .option('--json', 'print JSON')
    .action(async (dir: string, flags: { json?: boolean }) => {
      process.exitCode = await reportQuality(dir, flags.json === true, process.stdout);
    });
}
