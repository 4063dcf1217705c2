import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePredictionsCsv, splitCsv, summarizeAccuracy } from '../../../src/shared/predictions';
import { GalleryApp } from '../../../src/webview/gallery/galleryApp';
import type { FromGalleryMessage, PredictionRowView } from '../../../src/shared/webviewProtocol';
import { check, createPage } from './domShim';

const CSV = [
  'prediction,path,label,domain,score',
  'benign,a.png,benign,siteA,0.9',
  'benign,b.png,malignant,siteA,0.6',
  'malignant,"dir, with comma/c.png",malignant,siteB,0.8',
  'malignant,d.png,benign,siteB,',
  'malignant,e.png,malignant,siteB,0.7',
].join('\r\n');

test('CSV: columns in any order, quoted commas, empty optional score', () => {
  const rows = parsePredictionsCsv(CSV);
  assert.equal(rows.length, 5);
  assert.deepEqual(rows[2], {
    path: 'dir, with comma/c.png',
    label: 'malignant',
    prediction: 'malignant',
    score: 0.8,
    domain: 'siteB',
  });
  assert.equal(rows[3].score, undefined);
  assert.deepEqual(splitCsv('a,"say ""hi"""\n'), [['a', 'say "hi"']]);
});

test('CSV: specific errors for a missing column, a short row, a bad score', () => {
  assert.throws(() => parsePredictionsCsv('path,label\nx.png,a\n'), /lacks column\(s\) prediction/);
  assert.throws(
    () => parsePredictionsCsv('path,label,prediction\nx.png,a\n'),
    /line 2: 2 fields, header has 3/,
  );
  assert.throws(
    () => parsePredictionsCsv('path,label,prediction,score\nx.png,a,a,high\n'),
    /line 2: score "high"/,
  );
  assert.throws(() => parsePredictionsCsv(''), /empty/);
});

test('accuracy: overall, per class (true label) and per domain', () => {
  const summary = summarizeAccuracy(parsePredictionsCsv(CSV));
  // Correct rows: a (benign), c and e (malignant); wrong: b (malignant->benign), d (benign->malignant).
  assert.deepEqual(summary.overall, { key: 'all', correct: 3, total: 5, accuracy: 3 / 5 });
  assert.deepEqual(summary.perClass, [
    { key: 'benign', correct: 1, total: 2, accuracy: 1 / 2 },
    { key: 'malignant', correct: 2, total: 3, accuracy: 2 / 3 },
  ]);
  assert.deepEqual(summary.perDomain, [
    { key: 'siteA', correct: 1, total: 2, accuracy: 1 / 2 },
    { key: 'siteB', correct: 2, total: 3, accuracy: 2 / 3 },
  ]);
  assert.ok(Number.isNaN(summarizeAccuracy([]).overall.accuracy));
  assert.deepEqual(summarizeAccuracy([{ path: 'x', label: 'a', prediction: 'a' }]).perDomain, []);
});

function rowViews(): PredictionRowView[] {
  return parsePredictionsCsv(CSV).map((row) => ({
    ...row,
    fsPath: `/ws/data/${row.path}`,
    imageUri: `https://res.test/${row.path}`,
  }));
}

test('predictions view: accuracy tables, misclassified by default, selection starts inpainting', async () => {
  const page = createPage();
  const posted: FromGalleryMessage[] = [];
  const app = new GalleryApp({
    root: page.root,
    post: (m) => posted.push(m),
    measure: () => ({ width: 400, height: 2000 }),
  });
  app.handle({
    type: 'state',
    state: { kind: 'predictions', readOnly: false, title: 'preds.csv', rows: rowViews() },
  });
  const overall = page.root.querySelector('[data-testid="accuracy-overall"] tr')!;
  assert.match(overall.textContent ?? '', /60\.0%.*3\/5/);
  assert.equal(page.root.querySelectorAll('[data-testid="accuracy-domain"] tr').length, 2);
  const shown = () =>
    [...page.root.querySelectorAll('[data-testid="prediction-item"]')].map((e) =>
      e.getAttribute('data-path'),
    );
  assert.deepEqual(shown(), ['/ws/data/b.png', '/ws/data/d.png']);

  page.root.querySelector<HTMLElement>('[data-path="/ws/data/d.png"]')!.click();
  assert.equal(
    page.root.querySelector('[data-path="/ws/data/d.png"]')!.getAttribute('data-selected'),
    'true',
  );
  page.root.querySelector<HTMLElement>('[data-testid="inpaint-selection"]')!.click();
  assert.deepEqual(posted, [{ type: 'inpaintSelection', paths: ['/ws/data/d.png'] }]);

  check(page.root.querySelector('[data-testid="filter-misclassified"]')!, false);
  assert.equal(shown().length, 5);
  await page.close();
});

test('predictions view is read-only when untrusted: no inpaint button', async () => {
  const page = createPage();
  const app = new GalleryApp({
    root: page.root,
    post: () => undefined,
    measure: () => ({ width: 400, height: 2000 }),
  });
  app.handle({
    type: 'state',
    state: { kind: 'predictions', readOnly: true, title: 'preds.csv', rows: rowViews() },
  });
  assert.equal(page.root.querySelector('[data-testid="inpaint-selection"]'), null);
  await page.close();
});

test('prediction cells show the file name and the full labels in a tooltip; "Back to" returns to the run', async () => {
  const page = createPage();
  const posted: FromGalleryMessage[] = [];
  const app = new GalleryApp({
    root: page.root,
    post: (m) => posted.push(m),
    measure: () => ({ width: 400, height: 2000 }),
  });
  app.handle({
    type: 'state',
    state: {
      kind: 'predictions',
      readOnly: false,
      title: 'preds.csv',
      rows: rowViews(),
      backTo: 'source-maskmedpaint/maskmedpaint.json',
    },
  });
  check(page.root.querySelector('[data-testid="filter-misclassified"]')!, false);
  const cell = page.root.querySelector<HTMLElement>(
    '[data-path="/ws/data/dir, with comma/c.png"]',
  )!;
  assert.equal(cell.querySelector('[data-testid="prediction-name"]')!.textContent, 'c.png');
  const tooltip = cell.getAttribute('title') ?? '';
  assert.equal(
    tooltip,
    'dir, with comma/c.png\ntrue label: malignant\npredicted: malignant (0.80)\ndomain: siteB',
  );
  assert.equal(
    cell.querySelector('[data-testid="prediction-labels"]')!.getAttribute('title'),
    tooltip,
  );
  const back = page.root.querySelector<HTMLElement>('[data-testid="back-to-run"]')!;
  assert.equal(back.textContent, '← Back to source-maskmedpaint/maskmedpaint.json');
  back.click();
  assert.deepEqual(posted, [{ type: 'showRun' }]);
  await page.close();
});

test('predictions without a run shown before offer no way back', async () => {
  const page = createPage();
  const app = new GalleryApp({
    root: page.root,
    post: () => undefined,
    measure: () => ({ width: 400, height: 2000 }),
  });
  app.handle({
    type: 'state',
    state: { kind: 'predictions', readOnly: false, title: 'preds.csv', rows: rowViews() },
  });
  assert.equal(page.root.querySelector('[data-testid="back-to-run"]'), null);
  await page.close();
});
