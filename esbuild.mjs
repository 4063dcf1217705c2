// One build script for every bundle the product ships (docs/architecture.md, conventions).
// Native modules (sharp, onnxruntime-node) and piscina stay external (scripts/bundleExternals.mjs).
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { NODE_EXTERNALS } from './scripts/bundleExternals.mjs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const nodeExternals = NODE_EXTERNALS;

/** Every bundle: where it starts, where it goes, and the runtime it runs in. */
const entries = [
  {
    name: 'extension',
    in: 'src/extension/extension.ts',
    out: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
  },
  {
    name: 'worker',
    in: 'src/worker/main.ts',
    out: 'dist/worker.js',
    platform: 'node',
    format: 'cjs',
  },
  { name: 'cli', in: 'src/cli/main.ts', out: 'dist/cli.js', platform: 'node', format: 'cjs' },
  // `gpu status` tries each provider in a child process (a provider library can crash its process).
  {
    name: 'providerTrial',
    in: 'src/core/gpu/providerTrialMain.ts',
    out: 'dist/providerTrial.js',
    platform: 'node',
    format: 'cjs',
  },
  {
    // The job runner's pool threads (src/core/jobs/pool/threadPool.ts looks for it beside cli.js).
    name: 'augmentThread',
    in: 'src/core/jobs/pool/augmentThread.ts',
    out: 'dist/augmentThread.js',
    platform: 'node',
    format: 'cjs',
  },
  {
    name: 'gallery',
    in: 'src/webview/gallery/main.ts',
    out: 'dist/webview/gallery.js',
    platform: 'browser',
    format: 'iife',
  },
  {
    name: 'panel',
    in: 'src/webview/panel/main.ts',
    out: 'dist/webview/panel.js',
    platform: 'browser',
    format: 'iife',
  },
  {
    name: 'results',
    in: 'src/webview/results/main.ts',
    out: 'dist/webview/results.js',
    platform: 'browser',
    format: 'iife',
  },
  {
    name: 'renderer',
    in: 'src/webview/renderer/main.ts',
    out: 'dist/webview/renderer.js',
    platform: 'browser',
    format: 'esm',
  },
  {
    // The JupyterLab extension's module (labextension/): JupyterLab's builder turns it into a
    // prebuilt extension that takes @lumino/widgets from JupyterLab itself (scripts/build-jupyterlab.sh).
    name: 'jupyterlab',
    in: 'src/jupyterlab/index.ts',
    out: 'labextension/lib/index.js',
    platform: 'browser',
    format: 'esm',
    external: ['@lumino/widgets'],
  },
];

/** Integration test bundles (run inside the real extension host). */
const testEntries = [
  {
    name: 'integration',
    in: 'test/integration/suite/index.ts',
    out: 'dist/test/integration/index.js',
    platform: 'node',
    format: 'cjs',
  },
];

function options(entry) {
  return {
    entryPoints: [entry.in],
    outfile: entry.out,
    bundle: true,
    platform: entry.platform,
    format: entry.format,
    target: entry.platform === 'node' ? 'node20' : 'es2022',
    sourcemap: production ? false : 'linked',
    minify: production,
    external: entry.external ?? (entry.platform === 'node' ? nodeExternals : []),
    logLevel: 'warning',
  };
}

// A missing entry is an error (a renamed file must not silently drop a bundle from the product).
const selected = [...entries, ...testEntries];
const missing = selected.filter((entry) => !existsSync(entry.in));
if (missing.length > 0) {
  console.error(`esbuild: missing entry points: ${missing.map((e) => e.in).join(', ')}`);
  process.exit(1);
}

// The DICOM codecs' WebAssembly modules, loaded at run time from dist/codecs beside the bundles
// (src/core/image/dicom/codecs.ts); they ship in the VSIX with dist/.
const codecWasm = [
  '@cornerstonejs/codec-charls/decodewasm',
  '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasm',
  '@cornerstonejs/codec-openjpeg/decodewasm',
];
const require = createRequire(import.meta.url);
mkdirSync('dist/codecs', { recursive: true });
for (const request of codecWasm) {
  const from = require.resolve(request);
  copyFileSync(from, `dist/codecs/${basename(from)}`);
}

if (watch) {
  for (const entry of selected) {
    const ctx = await esbuild.context(options(entry));
    await ctx.watch();
  }
  console.log('esbuild: watching');
} else {
  await Promise.all(selected.map((entry) => esbuild.build(options(entry))));
}
