/**
 * Where `maskmedpaint gpu install` keeps the CUDA provider: a per-user cache folder, never the
 * workspace or the extension's folder (an extension update replaces that folder, and a workspace
 * may be shared or untrusted).
 *
 * $MASKMEDPAINT_GPU_DIR, else the platform's cache folder:
 * - Linux and others: $XDG_CACHE_HOME/maskmedpaint/gpu, default ~/.cache/maskmedpaint/gpu
 * - macOS: ~/Library/Caches/maskmedpaint/gpu
 * - Windows: %LOCALAPPDATA%\maskmedpaint\gpu
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { CacheDirInputs } from '../models/cacheDir';

/** The per-user GPU folder (not created here). */
export function defaultGpuDir(inputs: CacheDirInputs = {}): string {
  const env = inputs.env ?? process.env;
  const platform = inputs.platform ?? process.platform;
  const home = inputs.homedir ?? os.homedir();
  const explicit = env.MASKMEDPAINT_GPU_DIR;
  if (explicit !== undefined && explicit !== '') return path.resolve(explicit);
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA ?? path.win32.join(home, 'AppData', 'Local');
    return path.win32.join(local, 'maskmedpaint', 'gpu');
  }
  if (platform === 'darwin')
    return path.posix.join(home, 'Library', 'Caches', 'maskmedpaint', 'gpu');
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.posix.join(home, '.cache');
  return path.posix.join(base, 'maskmedpaint', 'gpu');
}

/** The folders inside the GPU folder. */
export interface GpuLayout {
  root: string;
  /** The installed CUDA provider (replaced whole by an atomic rename). */
  install: string;
  /** Wheels being downloaded (.part files resume from here). */
  downloads: string;
}

export function gpuLayout(root: string): GpuLayout {
  return {
    root,
    install: path.join(root, 'cuda'),
    downloads: path.join(root, 'downloads'),
  };
}

/** Inside an install: onnxruntime's library with the provider libraries beside it, and CUDA's. */
export const INSTALL_SUBDIRS = { runtime: 'ort', cuda: 'cuda' } as const;

/** The record an install leaves: what was installed, from where, and every file's hash. */
export const INSTALL_RECORD = 'install.json';
