// `npm ci` must work on a machine that reaches only the package registries: onnxruntime-node's
// install script must not try to download its CUDA provider from NuGet. The project's .npmrc says
// so; npm hands the setting to the script as npm_config_onnxruntime_node_install, which the
// package's own flag parser must read as "skip".
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

test("npm reads onnxruntime-node-install=skip from the project's .npmrc", () => {
  const { ONNXRUNTIME_NODE_INSTALL: _variable, ...env } = process.env;
  const result = spawnSync('npm', ['config', 'get', 'onnxruntime-node-install'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env,
  });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout.trim(), 'skip');
});

test("onnxruntime-node's install script reads that npm setting as: skip the download", () => {
  const { ONNXRUNTIME_NODE_INSTALL: _variable, ...env } = process.env;
  const script =
    "const { parseInstallFlag } = require('onnxruntime-node/script/install-utils.js');" +
    'process.stdout.write(JSON.stringify(parseInstallFlag()));';
  const result = spawnSync(process.execPath, ['-e', script], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...env, npm_config_onnxruntime_node_install: 'skip' },
  });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'false');
});
