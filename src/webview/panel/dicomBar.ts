/**
 * The review panel's DICOM bar: the key header fields the host sent (modality, photometric
 * interpretation, bit depth, transfer syntax; never patient data), a burned-in annotation
 * warning, and the window preset menu. Choosing a preset asks the host to re-render the images.
 */
import { el } from '../common/dom';
import type { ReviewDicomView } from '../../shared/webviewProtocol';
import {
  WINDOW_PRESET_LABELS,
  isWindowPresetId,
  type WindowPresetId,
} from '../../shared/windowPresets';

/** Builds the bar; `onWindow` receives the chosen preset. */
export function dicomBar(
  doc: Document,
  view: ReviewDicomView,
  onWindow: (preset: WindowPresetId) => void,
): HTMLElement {
  const parts: HTMLElement[] = [
    el(doc, 'span', {
      className: 'dicom-header',
      text: view.header,
      attrs: { 'data-testid': 'review-dicom-header' },
    }),
  ];
  if (view.burnedInAnnotation) {
    parts.push(
      el(doc, 'span', {
        className: 'flag flag-burned-in',
        text: 'burned-in annotation: pixels may show text',
        attrs: { 'data-testid': 'review-burned-in' },
      }),
    );
  }
  if (view.presets.length > 0) {
    const select = el(doc, 'select', {
      attrs: { 'data-testid': 'review-window', 'aria-label': 'Window' },
      on: {
        change: (event) => {
          const value = (event.target as HTMLSelectElement).value;
          if (isWindowPresetId(value)) onWindow(value);
        },
      },
    });
    for (const preset of view.presets) {
      const option = el(doc, 'option', {
        attrs: { value: preset },
        text: WINDOW_PRESET_LABELS[preset],
      });
      if (preset === view.window) option.setAttribute('selected', '');
      select.appendChild(option);
    }
    parts.push(el(doc, 'label', { className: 'range' }, [doc.createTextNode('Window'), select]));
  }
  return el(
    doc,
    'div',
    { className: 'toolbar dicom', attrs: { 'data-testid': 'review-dicom' } },
    parts,
  );
}
