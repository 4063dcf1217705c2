/**
 * A tiny element builder: creates elements with attributes, properties-free text children and
 * event handlers, without innerHTML (so no markup injection from file names or notes).
 */

/** Attributes (strings), `text` content, and `on*` listeners for `el`. */
export interface ElementSpec {
  attrs?: Record<string, string | undefined>;
  className?: string;
  text?: string;
  on?: Partial<Record<string, (event: Event) => void>>;
}

/** Creates `tag` in `doc` with the given spec and children. */
export function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  spec?: ElementSpec,
  children?: readonly Node[],
): HTMLElementTagNameMap[K];
export function el(
  doc: Document,
  tag: string,
  spec?: ElementSpec,
  children?: readonly Node[],
): HTMLElement;
export function el(
  doc: Document,
  tag: string,
  spec: ElementSpec = {},
  children: readonly Node[] = [],
): HTMLElement {
  const element = doc.createElement(tag);
  if (spec.className) element.className = spec.className;
  for (const [name, value] of Object.entries(spec.attrs ?? {})) {
    if (value !== undefined) element.setAttribute(name, value);
  }
  if (spec.text !== undefined) element.textContent = spec.text;
  for (const [name, listener] of Object.entries(spec.on ?? {})) {
    if (listener) element.addEventListener(name, listener);
  }
  for (const child of children) element.appendChild(child);
  return element;
}

/** Formats a 0..1 fraction as a percentage with one decimal ("n/a" for NaN). */
export function formatPercent(fraction: number): string {
  return Number.isNaN(fraction) ? 'n/a' : `${(fraction * 100).toFixed(1)}%`;
}
