/**
 * The brush tool's toolbar and wiring: a toggle that switches the stage from pan to paint, add /
 * erase modes, brush size, clear, and "Save mask & re-run".
 */
import { el } from '../common/dom';
import { buttonControl, checkboxControl } from '../common/controls';
import { BrushLayer, type BrushMode, type ContextOf } from './brushLayer';
import type { CompareView } from './compareView';

/** Adds a brush layer to the compare view's stage and returns it with its toolbar. */
export function createBrushTool(
  doc: Document,
  compare: CompareView,
  onSave: (brush: BrushLayer) => void,
  contextOf?: ContextOf,
): { brush: BrushLayer; toolbar: HTMLElement } {
  const brush = new BrushLayer(doc, contextOf);
  compare.stage.appendChild(brush.canvas);
  // The edit layer has the source's own pixel size so the host can merge it without resampling.
  const before = compare.stage.querySelector('img');
  before?.addEventListener('load', () => brush.resize(before.naturalWidth, before.naturalHeight));
  const modeButtons = new Map<BrushMode, HTMLElement>();
  const setMode = (mode: BrushMode): void => {
    brush.mode = mode;
    for (const [m, button] of modeButtons) {
      button.setAttribute('aria-pressed', String(m === mode));
      button.toggleAttribute('secondary', m !== mode);
    }
  };
  modeButtons.set(
    'add',
    buttonControl(doc, 'brush-add', 'Add', () => setMode('add')),
  );
  modeButtons.set(
    'erase',
    buttonControl(doc, 'brush-erase', 'Erase', () => setMode('erase')),
  );
  setMode('add');
  const size = el(doc, 'input', {
    attrs: {
      type: 'range',
      min: '2',
      max: '200',
      value: String(brush.size),
      'data-testid': 'brush-size',
      'aria-label': 'Brush size',
    },
    on: { input: (event) => (brush.size = Number((event.target as HTMLInputElement).value)) },
  });
  const toolbar = el(doc, 'div', { className: 'toolbar brush-bar' }, [
    checkboxControl(doc, 'brush-toggle', 'Edit key-region mask', false, (active) => {
      brush.setActive(active);
      compare.panEnabled = !active;
    }),
    ...modeButtons.values(),
    el(doc, 'label', { className: 'range' }, [doc.createTextNode('Size'), size]),
    buttonControl(doc, 'brush-clear', 'Clear edits', () => brush.clear(), { secondary: true }),
    buttonControl(doc, 'save-mask', 'Save mask & re-run', () => onSave(brush)),
  ]);
  return { brush, toolbar };
}
