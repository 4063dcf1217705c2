import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ReviewApp } from '../../../src/webview/panel/reviewApp';
import {
  parsePanelMessage,
  type FromPanelMessage,
  type ReviewState,
} from '../../../src/shared/webviewProtocol';
import { createPage } from './domShim';

function dicomState(): ReviewState {
  return {
    item: {
      id: 'patient_a__0',
      name: 'patient_a__k0.dcm',
      source: '../source/ct/patient_a.dcm',
      label: 'normal',
      status: 'pending',
      error: null,
      sourceUri: 'https://res.test/src.png',
      maskUri: 'https://res.test/mask.png',
      outputUri: 'https://res.test/out.png',
      maskFlags: [],
    },
    index: 0,
    total: 4,
    readOnly: false,
    title: 'out/maskmedpaint.json',
    dicom: {
      header: 'CT MONOCHROME2 16-bit, Explicit VR Little Endian',
      presets: ['default', 'fullRange', 'lung', 'bone', 'softTissue'],
      window: 'lung',
      burnedInAnnotation: true,
    },
  };
}

test('review panel shows DICOM header fields, the burned-in flag and the window menu', () => {
  const page = createPage();
  const posted: FromPanelMessage[] = [];
  const app = new ReviewApp({ root: page.root, post: (m) => posted.push(m) });
  app.handle({ type: 'state', state: dicomState() });
  const q = (id: string): HTMLElement | null => page.root.querySelector(`[data-testid="${id}"]`);
  assert.equal(
    q('review-dicom-header')?.textContent,
    'CT MONOCHROME2 16-bit, Explicit VR Little Endian',
  );
  assert.ok(q('review-burned-in'));
  const select = q('review-window') as HTMLSelectElement;
  const options = Array.from(select.querySelectorAll('option')).map((o) => o.getAttribute('value'));
  assert.deepEqual(options, ['default', 'fullRange', 'lung', 'bone', 'softTissue']);
  assert.equal(select.querySelector('option[selected]')?.getAttribute('value'), 'lung');
  select.value = 'bone';
  const win = page.document.defaultView as unknown as typeof globalThis;
  select.dispatchEvent(new win.Event('change', { bubbles: true }));
  assert.deepEqual(posted, [{ type: 'setWindow', preset: 'bone' }]);
});

test('review panel without DICOM facts has no DICOM bar', () => {
  const page = createPage();
  const app = new ReviewApp({ root: page.root, post: () => undefined });
  const { dicom: _dicom, ...plain } = dicomState();
  app.handle({ type: 'state', state: plain });
  assert.equal(page.root.querySelector('[data-testid="review-dicom"]'), null);
});

test('setWindow messages: known presets pass, anything else is refused', () => {
  assert.deepEqual(parsePanelMessage({ type: 'setWindow', preset: 'softTissue' }), {
    ok: true,
    message: { type: 'setWindow', preset: 'softTissue' },
  });
  const refused = parsePanelMessage({ type: 'setWindow', preset: '../../etc' });
  assert.equal(refused.ok, false);
});
