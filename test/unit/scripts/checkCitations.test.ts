// scripts/check-citations.mjs (part of `npm run lint`): a file that cites a document outside the
// repository fails the check; paths into the repository's own shared/ folder do not.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { freshTempDirs } from '../helpers/tempDir';

const script = path.resolve(__dirname, '..', '..', '..', 'scripts', 'check-citations.mjs');
const tempDir = freshTempDirs('citations');

/** A git work tree holding `files` (path -> text); the check reads tracked and untracked files. */
function repoWith(files: Record<string, string>): string {
  const root = tempDir();
  spawnSync('git', ['init', '-q'], { cwd: root });
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

function check(root: string): { status: number | null; out: string } {
  const result = spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
  return { status: result.status, out: result.stdout + result.stderr };
}

test('imports of the repository shared/ folder and docs/ links pass', () => {
  const root = repoWith({
    'src/cli/a.ts': "import type { Recipe } from '../shared/recipe';\n",
    'src/core/jobs/b.ts': "import type { Manifest } from '../../shared/manifest';\n",
    'docs/c.md': 'See [method.md](method.md) section 3 and docs/architecture.md.\n',
    'CHANGELOG.md': `- history may name ${'METHOD'}.md\n`,
  });
  const { status, out } = check(root);
  assert.equal(status, 0, out);
});

test('each note outside the repository, and a path climbing out of it, is named with its line', () => {
  for (const name of ['METHOD', 'ARCHITECTURE', 'TOOLCHAIN', 'PEERS']) {
    const root = repoWith({ 'src/x.ts': `// ok\n// as ${name}.md says\n` });
    const { status, out } = check(root);
    assert.equal(status, 1, `${name}: ${out}`);
    assert.match(out, new RegExp(`src/x\\.ts:2: cites ${name}\\.md`));
  }
  const climbing = check(repoWith({ 'docs/x.md': 'see ../../shared/notes\n' }));
  assert.equal(climbing.status, 1);
  assert.match(climbing.out, /docs\/x\.md:1: \.\.\/\.\.\/shared leads out of the repository/);
  const absolute = check(
    repoWith({ 'scripts/x.sh': `# read ${['', 'work', 'shared'].join('/')}/x\n` }),
  );
  assert.equal(absolute.status, 1);
  assert.match(absolute.out, /scripts\/x\.sh:1: names/);
});
