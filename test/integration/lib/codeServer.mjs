// Starts code-server (a real VS Code server + web workbench, installed by
// scripts/setup-code-server.sh) in throwaway folders and stops it again.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';

/** Absolute path of the code-server launcher installed by scripts/setup-code-server.sh. */
export function codeServerBin(repoRoot) {
  return path.join(repoRoot, '.cache', 'code-server', 'node_modules', '.bin', 'code-server');
}

/** A free TCP port on the loopback interface (the OS picks it). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Environment with HOME, XDG folders and TMPDIR inside `sandbox`, so nothing the server or the
 * extension host writes lands in the developer's real profile.
 */
export function sandboxEnv(sandbox, extra = {}) {
  const dirs = {
    HOME: 'home',
    XDG_CONFIG_HOME: 'config',
    XDG_DATA_HOME: 'data',
    XDG_CACHE_HOME: 'cache',
    TMPDIR: 'tmp',
  };
  const env = {
    ...process.env,
    ORT_DISABLE_TELEMETRY: '1',
    ONNXRUNTIME_NODE_INSTALL: 'skip',
    ...extra,
  };
  for (const [name, sub] of Object.entries(dirs)) {
    env[name] = path.join(sandbox, sub);
    mkdirSync(env[name], { recursive: true });
  }
  return env;
}

/** `code-server --install-extension VSIX` into `extensionsDir`; resolves with its output. */
export function installExtension(repoRoot, vsix, { extensionsDir, userDataDir, env }) {
  return runToEnd(
    codeServerBin(repoRoot),
    [
      '--extensions-dir',
      extensionsDir,
      '--user-data-dir',
      userDataDir,
      '--install-extension',
      vsix,
    ],
    env,
  );
}

/**
 * Starts code-server on a free port serving `workspace`; resolves once it listens. With
 * `trusted: false` workspace trust stays enabled and the folder opens in restricted mode.
 * Returns { url, port, stop(), output() }.
 */
export async function startCodeServer(
  repoRoot,
  { workspace, extensionsDir, userDataDir, env, log, trusted = true },
) {
  const port = await freePort();
  const args = [
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--auth',
    'none',
    '--disable-telemetry',
    '--disable-update-check',
    // Trusted sessions skip the trust machinery; the untrusted session keeps it on.
    ...(trusted ? ['--disable-workspace-trust'] : []),
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
    workspace,
  ];
  const child = spawn(codeServerBin(repoRoot), args, {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  const listening = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      const text = chunk.toString();
      output += text;
      log?.(text);
      if (output.includes('HTTP server listening')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) =>
      reject(new Error(`code-server exited (${code}) before listening:\n${output}`)),
    );
    child.once('error', reject);
  });
  await listening;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: () => stopGroup(child),
  };
}

/** Ends the process group of `child` (code-server forks its extension host and file watcher). */
function stopGroup(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}

function runToEnd(command, args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve(output)
        : reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`)),
    );
  });
}
