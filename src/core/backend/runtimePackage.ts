/**
 * Where the installed onnxruntime-node lives and which version it is, found without loading it:
 * the CLI and the extension host ask this before they start the inference worker, and loading the
 * native binding there (ort.ts does) would put onnxruntime into the extension host's process.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The onnxruntime-node package the bundles load. */
export interface RuntimePackage {
  version: string;
  /** The folder holding onnxruntime_binding.node and libonnxruntime for this platform. */
  bindingDir: string;
}

/** Resolves onnxruntime-node's package.json the way the bundles' require() would. */
export function runtimePackage(
  platform: NodeJS.Platform = process.platform,
  arch: string = process.arch,
  resolve: (request: string) => string = require.resolve,
): RuntimePackage {
  const manifest = resolve('onnxruntime-node/package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { version, bindingDir: join(dirname(manifest), 'bin', 'napi-v6', platform, arch) };
}
