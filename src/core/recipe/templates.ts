/**
 * Prompt templates: `{class}` is the source image's label, `{target}` the target domain's name,
 * `{labels}` the label list (multi-label sources separate labels with '|' or ';'). A `[segment]`
 * is kept, without its brackets, only when every placeholder inside it has a non-empty value.
 *
 * Each preset's prompt is derived from schema/prompt-templates.json, the one template per preset
 * that the Python toolkit also captions its fine-tuning images with, so inference uses the tokens
 * the model was trained on.
 */
import templateData from '../../../schema/prompt-templates.json';
import type { PresetId } from '../../shared/recipe';

/** Placeholders a prompt template may use. */
export const PROMPT_PLACEHOLDERS = ['class', 'target', 'labels'] as const;

/** Values substituted into a prompt template. */
export interface PromptValues {
  label: string;
  /** Name of the target domain, e.g. the target folder's name. */
  target: string;
}

/** A preset's shared template and its domain words (null: the image folder's name). */
export interface PresetTemplate {
  template: string;
  sourceDomain: string | null;
  targetDomain: string | null;
}

/** The shared templates (schema/prompt-templates.json), one per preset. */
export const PRESET_TEMPLATES: Readonly<Record<PresetId, PresetTemplate>> = templateData.presets;

/** Placeholders in `template` that {@link renderPrompt} does not know (empty when fine). */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(PROMPT_PLACEHOLDERS);
  const found = [...template.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1] ?? '');
  return [...new Set(found.filter((name) => !known.has(name)))];
}

/** A label list as prompts show it: parts split at '|' or ';', trimmed, joined with ', '. */
export function joinLabels(label: string): string {
  return label
    .split(/[|;]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(', ');
}

/**
 * Fills `{name}` placeholders from `values` (unknown ones stay as written) and resolves
 * `[segments]`: kept without brackets when each placeholder inside has a non-empty value, else
 * dropped. The Python toolkit's captions follow the same two rules (prompts.py).
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  const fill = (text: string): string =>
    text.replace(/\{([^{}]*)\}/g, (whole, name: string) => values[name] ?? whole);
  const withSegments = template.replace(/\[([^[\]]*)\]/g, (_whole, inner: string) => {
    const names = [...inner.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1] ?? '');
    return names.every((name) => values[name] !== '') ? inner : '';
  });
  return fill(withSegments);
}

/** Fills a prompt template; unknown placeholders are left as written (validation reports them). */
export function renderPrompt(template: string, values: PromptValues): string {
  return fillTemplate(template, {
    class: values.label,
    target: values.target,
    labels: joinLabels(values.label),
  });
}

/**
 * The inference prompt of a shared template: its segments kept (every source image has a label)
 * and `{domain}` replaced by the target domain word, `{target}` when the word is the folder's name.
 */
export function inferencePrompt(entry: PresetTemplate, domain?: string): string {
  const word = domain ?? entry.targetDomain ?? '{target}';
  return entry.template.replace(/\[([^[\]]*)\]/g, '$1').replace(/\{domain\}/g, word);
}
