/**
 * Form controls built from @vscode-elements/elements tags. Only the tags are created here; the
 * bundle's main.ts imports the component definitions it uses, so these builders also work under
 * a DOM shim in tests (where the tags stay plain elements with `value`/`checked` set by hand).
 */
import { el } from './dom';

/** An element carrying a `value` (vscode-single-select, vscode-textfield, ...). */
type Valued = HTMLElement & { value?: string };
/** An element carrying `checked` (vscode-checkbox). */
type Checkable = HTMLElement & { checked?: boolean };

/** A drop-down; `''` is the "any" choice. Calls `onChange` with the chosen value or null. */
export function selectControl(
  doc: Document,
  testId: string,
  label: string,
  choices: readonly string[],
  current: string | null,
  onChange: (value: string | null) => void,
): HTMLElement {
  const select = el(doc, 'vscode-single-select', {
    attrs: { 'data-testid': testId, 'aria-label': label },
  }) as Valued;
  const any = el(doc, 'vscode-option', { attrs: { value: '' }, text: `${label}: all` });
  select.appendChild(any);
  for (const choice of choices) {
    const option = el(doc, 'vscode-option', { attrs: { value: choice }, text: choice });
    if (choice === current) option.setAttribute('selected', '');
    select.appendChild(option);
  }
  select.addEventListener('change', () => {
    const value = select.value ?? '';
    onChange(value === '' ? null : value);
  });
  return select;
}

/** A checkbox with a label; calls `onChange` with the new state. */
export function checkboxControl(
  doc: Document,
  testId: string,
  label: string,
  checked: boolean,
  onChange: (checked: boolean) => void,
): HTMLElement {
  const box = el(doc, 'vscode-checkbox', {
    attrs: { 'data-testid': testId, label },
  }) as Checkable;
  if (checked) box.setAttribute('checked', '');
  box.checked = checked;
  box.addEventListener('change', () => onChange(box.checked === true));
  return box;
}

/** A button; `secondary` uses the secondary style. */
export function buttonControl(
  doc: Document,
  testId: string,
  text: string,
  onClick: () => void,
  options: { secondary?: boolean; title?: string } = {},
): HTMLElement {
  return el(doc, 'vscode-button', {
    attrs: {
      'data-testid': testId,
      title: options.title,
      secondary: options.secondary ? '' : undefined,
    },
    text,
    on: { click: () => onClick() },
  });
}
