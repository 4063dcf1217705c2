/**
 * `maskmedpaint rerun`: regenerate one item of an earlier run with an edited key-region mask (the
 * review panel's brush tool runs this in a child process).
 */
import type { Command } from 'commander';
import { rerunItem } from '../../core/jobs/rerunItem';
import { modelSearchDirs } from '../../core/models/cacheDir';
import { EXIT_CANCELLED, EXIT_ITEMS_FAILED, EXIT_OK } from '../exitCodes';
import { jsonReporter } from '../progress';
import { tty } from '../terminalText';

interface RerunFlags {
  mask: string;
  json?: boolean;
}

/** Adds the `rerun` command. */
export function register(program: Command): void {
  program
    .command('rerun')
    .description(
      'regenerate one item of a run with an edited key-region mask (same source, target, seed)',
    )
    .argument('<manifest>', "the run's maskmedpaint.json")
    .argument('<item-id>', 'id of the item to regenerate')
    .requiredOption('--mask <file>', 'the edited key-region mask (white = keep)')
    .option('--json', 'print one JSON progress event per line on stdout')
    .action(async (manifest: string, itemId: string, flags: RerunFlags) => {
      // Ctrl+C (or the extension's Cancel) stops the engine between steps; the old image stays.
      const controller = new AbortController();
      const onInterrupt = (): void => {
        if (controller.signal.aborted) process.exit(EXIT_CANCELLED);
        controller.abort();
      };
      process.on('SIGINT', onInterrupt);
      let result;
      try {
        result = await rerunItem(manifest, itemId, flags.mask, {
          signal: controller.signal,
          // Models named by catalog id are found where `augment` finds them.
          engineContext: {
            modelSearchPaths: modelSearchDirs(),
            log: (message) => process.stderr.write(tty`${message}\n`),
            signal: controller.signal,
          },
          ...(flags.json ? { onEvent: jsonReporter(process.stdout) } : {}),
        });
      } finally {
        process.off('SIGINT', onInterrupt);
      }
      if (controller.signal.aborted && !result.ok) {
        process.exitCode = EXIT_CANCELLED;
        return;
      }
      if (!flags.json) {
        process.stdout.write(
          result.ok
            ? tty`Regenerated ${itemId}: ${result.item.output ?? ''} (review status reset to pending)\n`
            : tty`Could not regenerate ${itemId}: ${result.error}\n`,
        );
      }
      process.exitCode = result.ok ? EXIT_OK : EXIT_ITEMS_FAILED;
    });
}
