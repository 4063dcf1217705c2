/** `maskmedpaint inspect`: what a source folder holds and how usable its masks are. */
import type { Command } from 'commander';
import { inspectDataset, type DatasetReport } from '../../core/dataset/inspectDataset';
import { describeAspectMismatch } from '../../core/image/maskIo';
import { integerOption } from '../parse';
import { tty } from '../terminalText';

interface InspectFlags {
  masks?: string;
  maskSuffix?: string;
  maskCsv?: string;
  labels?: string;
  threshold?: number;
  decode?: boolean;
  json?: boolean;
}

const percent = (value: number | null): string =>
  value === null ? '-' : `${(value * 100).toFixed(1)}%`;

/** Human-readable report lines. */
export function formatReport(report: DatasetReport): string {
  const { scan } = report;
  const lines = [
    tty`Source: ${scan.root} (${scan.layout === 'labelsCsv' ? 'flat + labels CSV' : 'one folder per class'})`,
  ];
  lines.push('Class            images  with mask');
  for (const label of Object.keys(report.perClass).sort()) {
    const counts = report.perClass[label] ?? { images: 0, withMask: 0 };
    lines.push(
      tty`${label.padEnd(16)} ${String(counts.images).padStart(6)}  ${String(counts.withMask).padStart(9)}`,
    );
  }
  const c = report.coverage;
  lines.push(
    `Key-region coverage over ${c.count} masks: min ${percent(c.min)}, median ${percent(c.median)}, max ${percent(c.max)}`,
  );
  const section = (title: string, items: readonly string[]): void => {
    if (items.length === 0) return;
    lines.push(`${title} (${items.length}):`);
    for (const item of items) lines.push(tty`  ${item}`);
  };
  section('Empty masks (nothing to keep)', report.emptyMasks);
  section('Full masks (nothing to regenerate)', report.fullMasks);
  section('Fragmented masks (several separate parts)', report.fragmentedMasks);
  section(
    'Masks of another aspect ratio than their image (stretched to fit: check them)',
    report.stretchedMasks.map(
      ({ path, mismatch }) => `${path}: ${describeAspectMismatch(mismatch)}`,
    ),
  );
  section('Images without a mask', scan.imagesWithoutMask);
  section('Masks matching no image', scan.unmatchedMasks);
  if (scan.suggestedMaskSuffix !== null) {
    lines.push(
      tty`Hint: the masks seem to be named <image stem>${scan.suggestedMaskSuffix}: try --mask-suffix ${scan.suggestedMaskSuffix}`,
    );
  }
  section('Images without a label', scan.unlabeled);
  section(
    'Unreadable files',
    report.unreadable.map((u) => `${u.path}: ${u.error}`),
  );
  section('Skipped non-image files', scan.skippedNonImages);
  section('Problems', scan.problems);
  return lines.join('\n') + '\n';
}

/** Adds the `inspect` command. */
export function register(program: Command): void {
  program
    .command('inspect')
    .description(
      'count images per class, check masks (coverage, empty/full/fragmented) and list unusable files',
    )
    .argument('<dir>', 'source folder')
    .option('--masks <dir>', 'key-region masks folder')
    .option('--mask-suffix <suffix>', 'mask name suffix after the stem, e.g. _segmentation')
    .option('--mask-csv <csv>', 'CSV "image,mask"')
    .option('--labels <csv>', 'CSV "path,label" for a flat folder')
    .option('--threshold <n>', 'mask threshold (8-bit scale)', integerOption(1, 255))
    .option(
      '--decode',
      'decode every image fully (finds truncated pixel data; default: read image headers only)',
    )
    .option('--json', 'print the report as JSON')
    .action(async (dir: string, flags: InspectFlags) => {
      const report = await inspectDataset(dir, {
        ...(flags.masks ? { masksDir: flags.masks } : {}),
        ...(flags.maskSuffix ? { maskSuffix: flags.maskSuffix } : {}),
        ...(flags.maskCsv ? { maskCsv: flags.maskCsv } : {}),
        ...(flags.labels ? { labelsCsv: flags.labels } : {}),
        ...(flags.threshold !== undefined ? { threshold: flags.threshold } : {}),
        ...(flags.decode ? { decodeImages: true } : {}),
      });
      if (flags.json) {
        const { scan, ...rest } = report;
        const { images, ...scanSummary } = scan;
        process.stdout.write(
          JSON.stringify(
            { ...rest, scan: { ...scanSummary, imageCount: images.length } },
            null,
            2,
          ) + '\n',
        );
      } else {
        process.stdout.write(formatReport(report));
      }
      process.exitCode = report.unreadable.length > 0 ? 1 : 0;
    });
}
