/**
 * The import direction of docs/architecture.md is enforced by ESLint (eslint.config.mjs): each
 * source folder's forbidden imports are refused, the allowed ones pass. Real files are linted with
 * replaced text, so the typed configuration applies as in `npm run lint`.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const root = path.resolve(__dirname, '..', '..', '..');
const eslint = new ESLint({
  cwd: root,
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
});

/** The no-restricted-imports messages for `source` placed in the existing file `file`. */
async function restricted(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(`import type {} from '${source}';\n`, {
    filePath: path.join(root, file),
  });
  assert.ok(result);
  assert.deepEqual(
    result.messages.filter((m) => m.ruleId !== 'no-restricted-imports').map((m) => m.message),
    [],
    'no other problem (e.g. a parsing error) hides the verdict',
  );
  return result.messages.map((m) => m.message);
}

const cases: Array<{ file: string; refused: string[]; allowed: string[] }> = [
  {
    file: 'src/core/engines/registry.ts',
    refused: [
      '../../worker/client',
      '../../cli/program',
      '../../extension/api',
      '../../webview/gallery/main',
    ],
    allowed: ['../../shared/recipe', '../models/registry'],
  },
  {
    file: 'src/worker/main.ts',
    refused: ['../cli/program', '../extension/api', '../webview/gallery/main'],
    allowed: ['../core/engines/registry', '../shared/recipe'],
  },
  {
    file: 'src/cli/program.ts',
    refused: ['../extension/api', '../webview/gallery/main'],
    allowed: ['../worker/client', '../core/engines/registry'],
  },
  {
    file: 'src/extension/statusBar.ts',
    refused: ['../webview/gallery/main', '../worker/client'],
    allowed: ['../core/engines/registry', '../shared/recipe'],
  },
  {
    file: 'src/shared/recipe.ts',
    refused: ['../core/engines/registry', '../worker/client', '../extension/api'],
    allowed: ['./engineProgress'],
  },
  {
    file: 'src/webview/gallery/main.ts',
    refused: ['../../core/engines/registry', '../../extension/api'],
    allowed: ['../../shared/webviewProtocol'],
  },
];

test('each source folder may import only in the documented direction', async () => {
  for (const { file, refused, allowed } of cases) {
    for (const source of refused)
      assert.match(
        (await restricted(file, source)).join('\n'),
        /must not import src\//,
        `${file} importing ${source} is refused`,
      );
    for (const source of allowed)
      assert.deepEqual(await restricted(file, source), [], `${file} may import ${source}`);
  }
});
