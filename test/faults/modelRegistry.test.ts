// `maskmedpaint models list` with a registry file that is garbage, of the wrong shape or
// unreadable: exit 2 naming the file and the problem, end to end through the real CLI.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { assertPlainEnvironmentFailure, buildCli, removeCli, runWithFaults } from './faultCli';

let root: string;
before(async () => {
  await buildCli();
  root = mkdtempSync(path.join(tmpdir(), 'mmp-faults-registry-'));
});
after(removeCli);

function cacheWith(name: string, registry: string): string {
  const cache = path.join(root, name);
  mkdirSync(cache, { recursive: true });
  writeFileSync(path.join(cache, 'registry.json'), registry);
  return cache;
}

test('a registry that is not JSON: exit 2 naming the file', async () => {
  const cache = cacheWith('garbage', 'garbage\n');
  assertPlainEnvironmentFailure(
    await runWithFaults(['models', 'list', '--cache', cache]),
    /model registry .*garbage.registry\.json cannot be used \(fix it, or delete it .*\):\n {2}not valid JSON/,
  );
});

test('a registry of the wrong shape: exit 2 naming each problem (it used to crash listing it)', async () => {
  const cache = cacheWith('shape', '{"version":1,"models":{"x":5,"y":{"id":"y"}}}');
  assertPlainEnvironmentFailure(
    await runWithFaults(['models', 'list', '--cache', cache]),
    /cannot be used .*:\n {2}\/models\/x: must be object\n {2}\/models\/y: must have required property 'kind'/,
  );
});

test('a registry that cannot be read: exit 2', async () => {
  const cache = cacheWith('unreadable', '{"version":1,"models":{}}');
  assertPlainEnvironmentFailure(
    await runWithFaults(
      ['models', 'list', '--cache', cache],
      [{ op: 'readFile', match: 'registry.json', code: 'EACCES' }],
    ),
    /registry\.json cannot be used .*:\n {2}cannot be read \(EACCES\)/,
  );
});
