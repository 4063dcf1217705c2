/**
 * A fresh happy-dom page for one test: the apps take their root element and read
 * `ownerDocument` from it, so no globals are installed.
 */
import { Window } from 'happy-dom';

/** A new document with an empty #root; `close()` releases the window. */
export function createPage(): { document: Document; root: HTMLElement; close(): Promise<void> } {
  const window = new Window({ url: 'https://webview.test/' });
  const document = window.document as unknown as Document;
  const root = document.createElement('div');
  root.id = 'root';
  document.body.appendChild(root);
  return { document, root, close: () => window.happyDOM.close() };
}

/** Sets `value` on a vscode-single-select stand-in and fires `change`, as the component does. */
export function choose(select: Element, value: string): void {
  (select as HTMLElement & { value: string }).value = value;
  select.dispatchEvent(
    new (select.ownerDocument.defaultView as unknown as typeof globalThis).Event('change'),
  );
}

/** Sets `checked` on a vscode-checkbox stand-in and fires `change`. */
export function check(box: Element, checked: boolean): void {
  (box as HTMLElement & { checked: boolean }).checked = checked;
  box.dispatchEvent(
    new (box.ownerDocument.defaultView as unknown as typeof globalThis).Event('change'),
  );
}
