import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResultsApp } from '../../../src/webview/results/resultsApp';
import type { FromResultsMessage } from '../../../src/shared/webviewProtocol';
import { createPage } from './domShim';

test('results view: says ready, draws tables, plot and notes as text', async () => {
  const page = createPage();
  const posted: FromResultsMessage[] = [];
  const app = new ResultsApp({ root: page.root, post: (m) => posted.push(m) });
  app.start();
  assert.deepEqual(posted, [{ type: 'ready' }]);
  app.handle({
    type: 'state',
    title: 'quick',
    tables: [
      {
        headers: ['arm', 'target acc'],
        rows: [
          ['source', '0.5'],
          ['maskmedpaint', '<i>0.7</i>'],
        ],
      },
    ],
    plotUris: ['https://res.test/plot.png'],
    notes: ['Machine: 2 cores'],
  });
  assert.equal(
    page.root.querySelector('[data-testid="results-plot"]')!.getAttribute('src'),
    'https://res.test/plot.png',
  );
  const rows = [...page.root.querySelectorAll('vscode-table-row')].map((r) =>
    [...r.children].map((c) => c.textContent),
  );
  assert.deepEqual(rows, [
    ['source', '0.5'],
    ['maskmedpaint', '<i>0.7</i>'],
  ]);
  assert.equal(page.root.querySelectorAll('i').length, 0);
  assert.match(
    page.root.querySelector('[data-testid="results-notes"]')!.textContent ?? '',
    /2 cores/,
  );
  await page.close();
});
