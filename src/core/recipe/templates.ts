/**
 * Prompt templates: `{class}` is the source image's label, `{target}` the target domain's name,
 * `{labels}` the label list (multi-label sources separate labels with '|' or ';').
 */

/** Placeholders a prompt template may use. */
export const PROMPT_PLACEHOLDERS = ['class', 'target', 'labels'] as const;

/** Values substituted into a prompt template. */
export interface PromptValues {
  label: string;
  /** Name of the target domain, e.g. the target folder's name. */
  target: string;
}

/** Placeholders in `template` that {@link renderPrompt} does not know (empty when fine). */
export function unknownPlaceholders(template: string): string[] {
  const known = new Set<string>(PROMPT_PLACEHOLDERS);
  const found = [...template.matchAll(/\{([^{}]*)\}/g)].map((match) => match[1] ?? '');
  return [...new Set(found.filter((name) => !known.has(name)))];
}

/** Fills a prompt template; unknown placeholders are left as written (validation reports them). */
export function renderPrompt(template: string, values: PromptValues): string {
  const labels = values.label
    .split(/[|;]/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(', ');
  return template
    .replace(/\{class\}/g, values.label)
    .replace(/\{target\}/g, values.target)
    .replace(/\{labels\}/g, labels);
}
