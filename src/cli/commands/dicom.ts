/**
 * `maskmedpaint dicom FILE`: the key header fields of a DICOM image (never patient data) and,
 * on request, the image as the pipeline sees it: the windowed 8-bit display PNG, or the stored
 * samples as a PNG of the file's bit depth.
 */
import type { Command } from 'commander';
import {
  WINDOW_PRESET_IDS,
  renderDisplay8,
  resolveVoi,
  type WindowPresetId,
} from '../../core/image/dicom/display';
import { describeDicom, summarizeDicom } from '../../core/image/dicom/headerSummary';
import { readDicomImage } from '../../core/image/dicom/readDicom';
import { ImageDecodeError, encodeImage } from '../../core/image/io';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { choiceOption } from '../parse';
import { UsageError } from '../usageError';

interface DicomFlags {
  window: WindowPresetId;
  png?: string;
  storedPng?: string;
  json?: boolean;
}

/** Adds the `dicom` command. */
export function register(program: Command): void {
  program
    .command('dicom')
    .description("show a DICOM image's key header fields (no patient data); write it as PNG")
    .argument('<file>', 'DICOM file')
    .option(
      '--window <preset>',
      `display window: ${WINDOW_PRESET_IDS.join(', ')} (lung, bone, softTissue for CT)`,
      choiceOption(WINDOW_PRESET_IDS),
      'default',
    )
    .option('--png <file>', 'write the windowed 8-bit display image (MONOCHROME1 inverted)')
    .option(
      '--stored-png <file>',
      'write the stored samples (shifted to start at 0) at their bit depth',
    )
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, flags: DicomFlags) => {
      // A file that cannot be read is the user's input to fix (exit 2, the reason), not a bug.
      const { image, info } = await readDicomImage(file).catch((error: unknown) => {
        throw error instanceof ImageDecodeError ? new UsageError(error.message) : error;
      });
      const summary = summarizeDicom(image, info);
      const voi = resolveVoi(image, info, flags.window);
      if (flags.png)
        await writeFileAtomic(
          flags.png,
          await encodeImage(renderDisplay8(image, info, voi), 'png'),
        );
      if (flags.storedPng) await writeFileAtomic(flags.storedPng, await encodeImage(image, 'png'));
      const shown = voi.kind === 'window' ? { ...voi.window } : { lut: true };
      if (flags.json) {
        process.stdout.write(
          `${JSON.stringify({ ...summary, shownWindow: shown, sampleShift: info.rescaleIntercept })}\n`,
        );
        return;
      }
      process.stdout.write(`${describeDicom(summary)}\n${summary.columns} x ${summary.rows}\n`);
      if (summary.rescale)
        process.stdout.write(
          `Rescale: slope ${summary.rescale.slope}, intercept ${summary.rescale.intercept} ${summary.rescale.type}\n`,
        );
      for (const w of summary.windows)
        process.stdout.write(`Window: centre ${w.center}, width ${w.width} (${w.function})\n`);
      if (summary.windowPresets.length > 0)
        process.stdout.write(`Window presets: ${summary.windowPresets.join(', ')}\n`);
    });
}
