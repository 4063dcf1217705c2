// Fails when a file of the repository cites a document that lives outside it: the maintainers'
// design notes that the project's docs/ replaced (docs/method.md, docs/architecture.md), or a
// relative path such as ../shared/... that climbs out of the repository. A reader of the repository
// cannot open either. Part of `npm run lint`.
// Usage: node scripts/check-citations.mjs [REPO]   (default: this repository; prints each offending
// line and exits 1 when there is any)
import { execFileSync } from 'node:child_process';
import { dirname, relative, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? resolve(dirname(new URL(import.meta.url).pathname), '..'));

// Spelled in pieces so this file does not cite them itself.
const outsideNotes = ['METHOD', 'ARCHITECTURE', 'TOOLCHAIN', 'PEERS'].map((name) => `${name}.md`);
const outsideFolder = ['', 'work', 'shared'].join('/');
const pattern = [
  ...outsideNotes.map((n) => n.replace('.', '\\.')),
  outsideFolder,
  '(\\.\\./)+shared',
].join('|');

/** `file:line:text` lines of tracked and untracked (not ignored) text files matching `pattern`. */
function candidateLines() {
  try {
    return execFileSync(
      'git',
      ['grep', '--untracked', '-I', '-n', '-E', pattern, '--', '.', ':!CHANGELOG.md'],
      { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
    )
      .split('\n')
      .filter((line) => line !== '');
  } catch (error) {
    if (error.status === 1) return []; // git grep: no match
    throw error;
  }
}

/** True when a `../shared` path written in `file` leads out of the repository. */
function climbsOut(file, relativePath) {
  const target = resolve(root, dirname(file), relativePath);
  return relative(root, target).startsWith('..');
}

/** Why `text` (a line of `file`) cites something outside the repository, or undefined. */
function offence(file, text) {
  const note = outsideNotes.find((name) => text.includes(name));
  if (note)
    return `cites ${note}, which is not in the repository (cite docs/method.md or docs/architecture.md)`;
  if (text.includes(outsideFolder)) return `names ${outsideFolder}, which is not in the repository`;
  for (const match of text.matchAll(/(?:\.\.\/)+shared/g)) {
    if (climbsOut(file, match[0])) return `${match[0]} leads out of the repository`;
  }
  return undefined;
}

const problems = [];
for (const line of candidateLines()) {
  const [file, number, ...rest] = line.split(':');
  const why = offence(file, rest.join(':'));
  if (why) problems.push(`${file}:${number}: ${why}`);
}
if (problems.length > 0) {
  console.error(problems.join('\n'));
  console.error(
    `check-citations: ${problems.length} citation(s) of documents outside the repository`,
  );
  process.exit(1);
}
console.log('check-citations: no citations of documents outside the repository');
