/**
 * One line that says what a run will use (folders, preset, engine, counts): shown on the wizard's
 * last step before anything runs and written to the log when the job starts. Pure, unit-tested.
 */
import * as path from 'node:path';
import { defaultRecipe } from '../../core/recipe/defaults';
import { PRESETS } from '../../core/recipe/presets';
import type { InpaintOptions } from './inpaintOptions';

/** The answers the summary describes (the mode and output folder are shown elsewhere). */
export type SummarisedAnswers = Omit<InpaintOptions, 'mode' | 'output'>;

/**
 * E.g. "target data/target · masks data/masks · target masks data/target-masks · Dermoscopy
 * (ISIC) · blends inside the mask's edge (...) · composite · 5 per image · seed 0". `relative`
 * shortens paths for display.
 */
export function runSummary(answers: SummarisedAnswers, relative: (p: string) => string): string {
  const parts = [`target ${relative(answers.target)}`];
  if (answers.masks.kind === 'folder') {
    const suffix = answers.masks.suffix ? ` (suffix ${answers.masks.suffix})` : '';
    parts.push(`masks ${relative(answers.masks.folder)}${suffix}`);
  } else {
    parts.push('no masks');
  }
  if (answers.targetMasks?.kind === 'folder') {
    parts.push(`target masks ${relative(answers.targetMasks.folder)}`);
  } else if (answers.targetMasks?.kind === 'none') {
    parts.push('target lesions not filled (no target masks)');
  }
  parts.push(PRESETS[answers.preset].title);
  parts.push(keptRegionSummary(answers.preset));
  const model = answers.model === undefined ? '' : ` ${path.basename(answers.model)}`;
  parts.push(`${answers.engine}${model}`);
  parts.push(`${answers.perImage} per image`, `seed ${answers.seed}`);
  return parts.join(' · ');
}

/** What the preset keeps of the mask, in the words the README uses. */
export function keptRegionSummary(preset: SummarisedAnswers['preset']): string {
  const side = PRESETS[preset].values.mask?.blendSide ?? defaultRecipe().mask.blendSide;
  return side === 'inside'
    ? "blends inside the mask's edge (the authors' blur and feather; some mask pixels change)"
    : 'keeps every mask pixel exactly (blends outside the mask)';
}

/**
 * Every answer on its own line, for the wizard's last step (shown as separator lines, which are
 * never cut off): "Target images: data/target", ..., "Seed: 3".
 */
export function summaryLines(
  answers: SummarisedAnswers,
  relative: (p: string) => string,
): string[] {
  const lines = [`Target images: ${relative(answers.target)}`];
  if (answers.masks.kind === 'folder') {
    const suffix = answers.masks.suffix ? ` (name suffix ${answers.masks.suffix})` : '';
    lines.push(`Key-region masks: ${relative(answers.masks.folder)}${suffix}`);
  } else {
    lines.push("Key-region masks: none (the recipe's per-class policy)");
  }
  if (answers.targetMasks?.kind === 'folder')
    lines.push(`Target masks: ${relative(answers.targetMasks.folder)}`);
  else if (answers.targetMasks?.kind === 'none')
    lines.push('Target masks: none (the target lesions are not filled)');
  lines.push(`Preset: ${PRESETS[answers.preset].title}`);
  lines.push(`Key region: ${keptRegionSummary(answers.preset)}`);
  lines.push(
    `Engine: ${answers.engine}${answers.model === undefined ? '' : ` (model ${relative(answers.model)})`}`,
  );
  lines.push(`Images per source: ${answers.perImage}`, `Seed: ${answers.seed}`);
  return lines;
}
