/**
 * `maskmedpaint rerun`: regenerate one item of an earlier run with an edited key-region mask (the
 * review panel's brush tool runs this in a child process).
 */
import type { Command } from 'commander';
import { rerunItem } from '../../core/jobs/rerunItem';
import { cliEngineWiring } from '../engineWiring';
import { EXIT_CANCELLED, EXIT_ITEMS_FAILED, EXIT_OK } from '../exitCodes';
import { integerOption } from '../parse';
import { jsonReporter } from '../progress';
import { tty } from '../terminalText';

interface RerunFlags {
  mask: string;
  wait?: number;
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
    .option(
      '--wait <seconds>',
      'if another process holds the run folder, wait up to this long for it (default: refuse at once)',
      integerOption(0, 86400),
    )
    .option('--json', 'print one JSON progress event per line on stdout')
    .action(async (manifest: string, itemId: string, flags: RerunFlags) => {
      // Ctrl+C (or the extension's Cancel) stops the engine between steps; the old image stays.
      const controller = new AbortController();
      const onInterrupt = (): void => {
        if (controller.signal.aborted) process.exit(EXIT_CANCELLED);
        controller.abort();
      };
      process.on('SIGINT', onInterrupt);
      // Models named by catalog id are found where `augment` finds them, and run where it runs them.
      const wiring = cliEngineWiring((message) => process.stderr.write(tty`${message}\n`));
      let result;
      try {
        result = await rerunItem(manifest, itemId, flags.mask, {
          signal: controller.signal,
          engineContext: wiring.context,
          ...(flags.json ? { onEvent: jsonReporter(process.stdout) } : {}),
          ...(flags.wait !== undefined ? { waitForFolderMs: flags.wait * 1000 } : {}),
          onWaitForFolder: (holder) =>
            process.stderr.write(tty`note: waiting up to ${flags.wait ?? 0} s: ${holder}\n`),
        });
      } finally {
        process.off('SIGINT', onInterrupt);
        await wiring.dispose();
      }
      if (controller.signal.aborted && !result.ok) {
        process.exitCode = EXIT_CANCELLED;
        return;
      }
      if (!flags.json) {
        process.stdout.write(
          result.ok
            ? // Names the files really written: the output and, when copied in, the edited mask.
              tty`Regenerated ${itemId}: ${result.item.output ?? ''} with the mask ${result.item.mask ?? ''} (review status reset to pending)\n`
            : tty`Could not regenerate ${itemId}: ${result.error}\n`,
        );
      }
      process.exitCode = result.ok ? EXIT_OK : EXIT_ITEMS_FAILED;
    });
}
