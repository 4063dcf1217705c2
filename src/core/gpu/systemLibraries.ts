/**
 * Cheap checks of what the system offers a CUDA provider, before trying it: whether an NVIDIA
 * driver is there (libcuda.so.1 in the loader's cache, the kernel module's version) and which
 * libraries the provider library needs but the loader cannot find (ldd, run with the worker's
 * library path).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Sonames from `ldconfig -p` output, each with its path. */
export function parseLdconfig(text: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of text.split('\n')) {
    const match = /^\s*(\S+)\s+\(([^)]*)\)\s+=>\s+(\S+)\s*$/.exec(line);
    if (match && !found.has(match[1])) found.set(match[1], match[3]);
  }
  return found;
}

/** Sonames `ldd` reports as "not found". */
export function parseLddMissing(text: string): string[] {
  const missing: string[] = [];
  for (const line of text.split('\n')) {
    const match = /^\s*(\S+)\s+=>\s+not found\s*$/.exec(line);
    if (match && !missing.includes(match[1])) missing.push(match[1]);
  }
  return missing;
}

/** The NVIDIA kernel module's version from /proc/driver/nvidia/version's text. */
export function parseDriverVersion(text: string): string | undefined {
  return /Kernel Module(?:\s+for\s+\S+)?\s+(\d+(?:\.\d+)+)/.exec(text)?.[1];
}

function run(command: string, args: string[], env?: NodeJS.ProcessEnv): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8', env, timeout: 30_000 });
  return result.error || result.status !== 0 ? undefined : result.stdout;
}

/** The loader cache (`ldconfig -p`); empty when ldconfig is not available. */
export function loaderCache(): Map<string, string> {
  const text = run('ldconfig', ['-p']) ?? run('/sbin/ldconfig', ['-p']) ?? '';
  return parseLdconfig(text);
}

/**
 * Where the loader would find `soname`: the folders of LD_LIBRARY_PATH first (containers often put
 * the NVIDIA driver there, outside the loader cache), then the loader cache, then the default
 * folders. Undefined when it is nowhere.
 */
export function findLibrary(
  soname: string,
  env: NodeJS.ProcessEnv,
  cache: Map<string, string>,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  const searched = (env.LD_LIBRARY_PATH ?? '').split(delimiter).filter((d) => d !== '');
  for (const dir of searched) if (exists(join(dir, soname))) return join(dir, soname);
  const cached = cache.get(soname);
  if (cached !== undefined) return cached;
  for (const dir of [
    '/lib64',
    '/usr/lib64',
    '/lib/x86_64-linux-gnu',
    '/usr/lib/x86_64-linux-gnu',
    '/usr/lib/aarch64-linux-gnu',
    '/usr/lib/wsl/lib',
  ])
    if (exists(join(dir, soname))) return join(dir, soname);
  return undefined;
}

/** Libraries `file` needs that the loader cannot find with `env`'s library path (undefined: no ldd). */
export function missingLibraries(file: string, env: NodeJS.ProcessEnv): string[] | undefined {
  const text = run('ldd', [file], env);
  return text === undefined ? undefined : parseLddMissing(text);
}

/** The NVIDIA kernel driver's version, when one is loaded. */
export function nvidiaDriverVersion(path = '/proc/driver/nvidia/version'): string | undefined {
  try {
    return parseDriverVersion(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}
