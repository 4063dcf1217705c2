/**
 * Where downloaded models live for the command line: a per-user cache, never the workspace.
 * (The extension passes its globalStorageUri folder instead.)
 *
 * Order: $MASKMEDPAINT_MODELS_DIR, then the platform's cache folder:
 * - Linux and others: $XDG_CACHE_HOME/maskmedpaint/models, default ~/.cache/maskmedpaint/models
 * - macOS: ~/Library/Caches/maskmedpaint/models
 * - Windows: %LOCALAPPDATA%\maskmedpaint\models
 */
import * as os from 'node:os';
import * as path from 'node:path';

export interface CacheDirInputs {
  env?: Record<string, string | undefined>;
  platform?: NodeJS.Platform;
  homedir?: string;
}

/** The per-user model cache folder for the CLI (not created here). */
export function defaultModelCacheDir(inputs: CacheDirInputs = {}): string {
  const env = inputs.env ?? process.env;
  const platform = inputs.platform ?? process.platform;
  const home = inputs.homedir ?? os.homedir();
  const explicit = env.MASKMEDPAINT_MODELS_DIR;
  if (explicit !== undefined && explicit !== '') return path.resolve(explicit);
  if (platform === 'win32') {
    const local = env.LOCALAPPDATA ?? path.win32.join(home, 'AppData', 'Local');
    return path.win32.join(local, 'maskmedpaint', 'models');
  }
  if (platform === 'darwin')
    return path.posix.join(home, 'Library', 'Caches', 'maskmedpaint', 'models');
  const xdg = env.XDG_CACHE_HOME;
  const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.posix.join(home, '.cache');
  return path.posix.join(base, 'maskmedpaint', 'models');
}

/**
 * Every model cache to look in: the folders in $MASKMEDPAINT_MODEL_SEARCH_PATHS (path-delimited;
 * the extension sets it to its global-storage cache when it starts the CLI), then the CLI cache.
 */
export function modelSearchDirs(inputs: CacheDirInputs = {}): string[] {
  const env = inputs.env ?? process.env;
  const delimiter = (inputs.platform ?? process.platform) === 'win32' ? ';' : ':';
  const extra = (env.MASKMEDPAINT_MODEL_SEARCH_PATHS ?? '')
    .split(delimiter)
    .filter((dir) => dir.trim() !== '');
  const all = [...extra, defaultModelCacheDir(inputs)];
  return all.filter((dir, index) => all.indexOf(dir) === index);
}
