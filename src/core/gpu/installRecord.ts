/**
 * install.json, written last into the staging folder of an install (so a folder without a valid
 * record is never an install) and read by `gpu status` and by the worker's environment.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSTALL_RECORD, INSTALL_SUBDIRS } from './gpuPaths';

export interface InstallRecord {
  /** The onnxruntime-node version the provider was installed for (it must match to be used). */
  onnxruntimeVersion: string;
  platform: string;
  arch: string;
  installedAt: string;
  /** Whether CUDA's runtime libraries were installed too (else the system's are used). */
  cudaRuntime: boolean;
  wheels: { filename: string; sha256: string; verifiedBy: string }[];
  /** Every installed file (relative to the install folder, forward slashes) and its SHA-256. */
  files: Record<string, string>;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

/** The record of the install in `folder`, or undefined when there is none or it is damaged. */
export function readInstallRecord(folder: string): InstallRecord | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(join(folder, INSTALL_RECORD), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const r = parsed as Record<string, unknown>;
  const valid =
    typeof r.onnxruntimeVersion === 'string' &&
    typeof r.platform === 'string' &&
    typeof r.arch === 'string' &&
    typeof r.installedAt === 'string' &&
    typeof r.cudaRuntime === 'boolean' &&
    Array.isArray(r.wheels) &&
    isStringRecord(r.files);
  return valid ? (parsed as InstallRecord) : undefined;
}

/** The library folders of an install: onnxruntime with the providers, then CUDA's runtime. */
export function installLibraryDirs(folder: string, record: InstallRecord): string[] {
  const dirs = [join(folder, INSTALL_SUBDIRS.runtime)];
  if (record.cudaRuntime) dirs.push(join(folder, INSTALL_SUBDIRS.cuda));
  return dirs;
}
