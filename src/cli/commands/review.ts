/**
 * `maskmedpaint review`: review decisions from the terminal (for runs nobody opens in VS Code),
 * and the run's review summary. Each decision is appended to the run folder's decisions journal
 * (safe while a job runs there) with the OS user as reviewer; the manifest and CSV files are then
 * brought up to date unless a job holds the folder (it does so at its next manifest write).
 */
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { ITEM_STATUSES, MANIFEST_FILE_NAME, type ReviewStatus } from '../../shared/manifest';
import { compactDecisions } from '../../core/jobs/compactDecisions';
import { readManifest } from '../../core/jobs/manifestStore';
import { osReviewer, recordDecision } from '../../core/jobs/reviewDecisions';
import { EXIT_ITEMS_FAILED, EXIT_OK, UsageError } from '../exitCodes';
import { choiceOption } from '../parse';
import { unusableNote, usableSummaryLine } from '../reviewNotes';

interface ReviewFlags {
  approve?: string[];
  reject?: string[];
  reset?: string[];
  note?: string;
  list?: (typeof LISTABLE)[number];
}

const LISTABLE = [...ITEM_STATUSES, 'all'] as const;

/** The manifest of a run folder or the manifest file itself. */
function manifestPathOf(run: string): string {
  const candidate =
    existsSync(run) && statSync(run).isDirectory() ? path.join(run, MANIFEST_FILE_NAME) : run;
  if (!existsSync(candidate))
    throw new UsageError(
      `no MaskMedPaint manifest at ${candidate} (give a run folder or its ${MANIFEST_FILE_NAME})`,
    );
  return path.resolve(candidate);
}

/** Each id with the status it gets; the same id twice is a usage error. */
function requestedDecisions(flags: ReviewFlags): Array<{ id: string; status: ReviewStatus }> {
  const requested: Array<{ id: string; status: ReviewStatus }> = [
    ...(flags.approve ?? []).map((id) => ({ id, status: 'approved' as const })),
    ...(flags.reject ?? []).map((id) => ({ id, status: 'rejected' as const })),
    ...(flags.reset ?? []).map((id) => ({ id, status: 'pending' as const })),
  ];
  const seen = new Set<string>();
  for (const { id } of requested) {
    if (seen.has(id)) throw new UsageError(`item "${id}" is named more than once`);
    seen.add(id);
  }
  return requested;
}

/** Adds the `review` command. */
export function register(program: Command): void {
  program
    .command('review')
    .description(
      'approve or reject generated images from the terminal, and show what training may use',
    )
    .argument('<run>', 'the run folder (or its maskmedpaint.json)')
    .option('--approve <ids...>', 'approve these items (training may use them)')
    .option('--reject <ids...>', 'reject these items (training never uses them)')
    .option('--reset <ids...>', 'set these items back to pending')
    .option('--note <text>', 'a note recorded with each decision of this command')
    .option(
      '--list <status>',
      `list the items with this status: ${LISTABLE.join(', ')}`,
      choiceOption(LISTABLE),
    )
    .action(async (run: string, flags: ReviewFlags) => {
      const manifestPath = manifestPathOf(run);
      const runDir = path.dirname(manifestPath);
      const requested = requestedDecisions(flags);
      const manifest = await readManifest(manifestPath);
      const byId = new Map(manifest.items.map((item) => [item.id, item]));
      const reviewer = osReviewer();
      const problems: string[] = [];
      let recorded = 0;
      // Each decision stands alone: a wrong id is reported and the others are still recorded.
      for (const { id, status } of requested) {
        const item = byId.get(id);
        if (!item) problems.push(`no item "${id}" in ${manifestPath}`);
        else if (item.status === 'failed')
          problems.push(`item "${id}" failed to generate and cannot be reviewed`);
        else {
          await recordDecision(runDir, item, status, {
            decidedBy: reviewer,
            ...(flags.note !== undefined ? { note: flags.note } : {}),
          });
          recorded += 1;
        }
      }
      const compaction = await compactDecisions(manifestPath);
      const after = await readManifest(manifestPath);
      const lines: string[] = [];
      if (requested.length > 0) lines.push(`Recorded ${recorded} decision(s) as ${reviewer}.`);
      if (compaction === 'busy')
        lines.push(
          'A running job holds this folder: it writes the decisions into the manifest and CSV files at its next manifest write (the toolkit and VS Code see them already).',
        );
      lines.push(`${path.basename(runDir)}: ${usableSummaryLine(after)}`);
      if (flags.list) {
        for (const item of after.items) {
          if (flags.list === 'all' || item.status === flags.list)
            lines.push(`  ${item.id}  ${item.status}  ${item.output ?? item.error ?? ''}`);
        }
      }
      process.stdout.write(`${lines.join('\n')}\n`);
      const note = unusableNote(after, runDir);
      if (note) process.stderr.write(`note: ${note}\n`);
      for (const problem of problems) process.stderr.write(`error: ${problem}\n`);
      process.exitCode = problems.length > 0 ? EXIT_ITEMS_FAILED : EXIT_OK;
    });
}
