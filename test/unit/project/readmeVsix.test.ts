import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const read = (file: string): string => readFileSync(path.join(root, file), 'utf8');

test('the README names the VSIX file that npm run package writes', () => {
  const script = read('scripts/package-vsix.mjs');
  // The file name template of the packaging script, e.g. `${manifest.name}-${manifest.version}-${target}.vsix`.
  const template = /`\$\{manifest\.name\}([^`]*)\.vsix`/.exec(script);
  assert.ok(template, 'the packaging script no longer names its file as expected');
  const manifest = JSON.parse(read('package.json')) as { name: string; version: string };
  const written = `${manifest.name}${template[1]
    .replace('${manifest.version}', manifest.version)
    .replace('${target}', 'linux-x64')}.vsix`;
  assert.equal(written, `maskmedpaint-${manifest.version}-linux-x64.vsix`);
  const readme = read('README.md');
  assert.ok(readme.includes(`--install-extension ${written}`), `README does not name ${written}`);
  assert.ok(readme.includes('maskmedpaint-<version>-<platform>.vsix'));
});
