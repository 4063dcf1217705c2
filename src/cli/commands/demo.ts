/**
 * `maskmedpaint demo`: generate the synthetic shortcut dataset and augment it with the built-in
 * composite engine, so a newcomer sees the whole flow in seconds without models or data.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { generateShortcutDataset } from '../../core/demo/shortcutDataset';
import { UsageError } from '../exitCodes';
import { runAugment } from '../runAugment';
import { tty } from '../terminalText';

interface DemoFlags {
  out: string;
  json?: boolean;
}

/** Adds the `demo` command. */
export function register(program: Command): void {
  program
    .command('demo')
    .description(
      'generate a small synthetic dermoscopy-like dataset with a ruler shortcut, then augment it',
    )
    .option('--out <dir>', 'folder for the dataset and the results', 'demo-output')
    .option('--json', 'print one JSON progress event per line on stdout')
    .action(async (flags: DemoFlags) => {
      const root = path.resolve(flags.out);
      const datasetDir = path.join(root, 'dataset');
      // Rerunning the demo reuses its dataset (generation is deterministic) and resumes the run.
      const dataset = existsSync(path.join(datasetDir, 'dataset.json'))
        ? {
            sourceDir: path.join(datasetDir, 'source'),
            masksDir: path.join(datasetDir, 'masks'),
            maskSuffix: '_segmentation',
            targetDir: path.join(datasetDir, 'target'),
            targetMasksDir: path.join(datasetDir, 'target-masks'),
          }
        : await generateShortcutDataset({ outDir: datasetDir }).catch((error: unknown) => {
            throw new UsageError(`${(error as Error).message} (choose another --out)`);
          });
      const outDir = path.join(root, 'augmented');
      if (!flags.json) process.stdout.write(tty`Demo dataset: ${datasetDir}\n`);
      process.exitCode = await runAugment(
        {
          source: dataset.sourceDir,
          target: dataset.targetDir,
          out: outDir,
          masks: dataset.masksDir,
          maskSuffix: dataset.maskSuffix,
          targetMasks: dataset.targetMasksDir,
          preset: 'dermoscopy',
          // The dermoscopy preset's blur 33 is meant for 512 px images; the demo's 128 px lesions would lose
          // the irregular border that marks them malignant.
          overrides: { engine: 'composite', perImage: 2 },
          json: flags.json === true,
        },
        { stdout: process.stdout, stderr: process.stderr },
      );
      if (!flags.json) {
        process.stdout.write(
          tty`\nDemo results: ${outDir}\n` +
            'In the source, rulers sit beside malignant lesions; in the augmented images the lesions are\n' +
            "kept and everything around them comes from the target hospital's images.\n",
        );
      }
    });
}
