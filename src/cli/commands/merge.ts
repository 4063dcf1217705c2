/**
 * `maskmedpaint merge --plan P [--out DIR]`: verify every shard of a plan and join them into one
 * run folder (manifest, CSV files, images) that the gallery, the review panel and the Python
 * loaders take like any run. Exit 1 when items failed (like `augment`), 2 when shards are not
 * finished or do not match the plan (nothing is merged then).
 */
import * as path from 'node:path';
import type { Command } from 'commander';
import { MANIFEST_CSV_NAME, TRAINING_CSV_NAME } from '../../shared/manifest';
import { mergeShards } from '../../core/plan/mergeShards';
import { planPath, readPlanFile } from '../../core/plan/planFile';
import { EXIT_ITEMS_FAILED, EXIT_OK } from '../exitCodes';
import { noteUnusable } from '../reviewNotes';
import { tty } from '../terminalText';

interface MergeFlags {
  plan: string;
  out?: string;
  json?: boolean;
}

/** Adds the `merge` command. */
export function register(program: Command): void {
  program
    .command('merge')
    .description("join a plan's finished shards into one run folder, verified against the plan")
    .requiredOption('--plan <file>', 'the plan (maskmedpaint-plan.json)')
    .option('--out <dir>', 'the merged run folder (default: the --out the plan was made for)')
    .option('--json', 'print the outcome as one JSON object')
    .action(async (flags: MergeFlags) => {
      const loaded = await readPlanFile(flags.plan);
      const out = path.resolve(flags.out ?? planPath(loaded, loaded.plan.layout.out));
      const summary = await mergeShards(loaded, out);
      if (flags.json) {
        process.stdout.write(JSON.stringify({ out, ...summary }) + '\n');
      } else {
        process.stdout.write(
          [
            `Merged ${loaded.plan.shards.length} shards: ${summary.generated} generated, ${summary.failed} failed ` +
              `(${summary.copied} copied, ${summary.kept} already in place)`,
            tty`Manifest: ${summary.manifestPath}`,
            tty`CSV:      ${path.join(out, MANIFEST_CSV_NAME)} (training: ${TRAINING_CSV_NAME})`,
          ].join('\n') + '\n',
        );
        await noteUnusable(summary.manifestPath, process.stderr);
      }
      process.exitCode = summary.failed > 0 ? EXIT_ITEMS_FAILED : EXIT_OK;
    });
}
