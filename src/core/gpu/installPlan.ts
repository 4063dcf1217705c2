/**
 * What `gpu install` will fetch or take, before anything is written: one wheel per requirement of
 * cudaWheelSet.ts, from the package index or from wheel files the user carried in (`--from`), each
 * with the SHA-256 it must have. The plan's sizes are what the user confirms.
 */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { GetOptions } from '../models/httpGet';
import { cudaWheelSet, knownDigest, type WheelRequirement } from './cudaWheelSet';
import { DEFAULT_INDEX_URL, normalizeName, releaseFiles } from './packageIndex';
import { chooseWheel, parseWheelName, type WheelTarget } from './wheelChoice';

/** One wheel of the plan. */
export interface PlannedWheel {
  requirement: WheelRequirement;
  filename: string;
  /** The SHA-256 the file must have; null only for an allowed unverified local wheel. */
  sha256: string | null;
  size?: number;
  source: { kind: 'index'; url: string } | { kind: 'file'; path: string };
  /** Where the expected hash comes from. */
  verifiedBy: 'index' | 'index and pinned list' | 'pinned list' | 'unverified';
}

export interface InstallPlan {
  onnxruntimeVersion: string;
  withCudaRuntime: boolean;
  wheels: PlannedWheel[];
  /** Bytes to download (wheels from the index whose size the index gave). */
  downloadBytes: number;
}

export interface PlanOptions {
  onnxruntimeVersion: string;
  target: WheelTarget;
  withCudaRuntime: boolean;
  /** PyPI's JSON API by default; a `/simple` URL for a pip-style mirror. */
  indexUrl?: string;
  /** Wheel files or folders of wheels to install from instead of the index. */
  from?: string[];
  /** Lets `--from` install wheels whose hash is not in the pinned list (recorded, not checked). */
  allowUnverified?: boolean;
  http?: GetOptions;
}

/** A wheel could not be found or verified; nothing has been written. */
export class InstallPlanError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InstallPlanError';
  }
}

/** Resolves every requirement to a wheel (index look-ups or the given files). */
export async function planInstall(options: PlanOptions): Promise<InstallPlan> {
  const requirements = cudaWheelSet(options.onnxruntimeVersion, options.withCudaRuntime);
  const wheels: PlannedWheel[] = [];
  const local = options.from ? wheelFiles(options.from) : undefined;
  for (const requirement of requirements) {
    wheels.push(
      local
        ? fromFiles(requirement, local, options)
        : await fromIndex(requirement, options.indexUrl ?? DEFAULT_INDEX_URL, options),
    );
  }
  const downloadBytes = wheels
    .filter((w) => w.source.kind === 'index')
    .reduce((sum, w) => sum + (w.size ?? 0), 0);
  return {
    onnxruntimeVersion: options.onnxruntimeVersion,
    withCudaRuntime: options.withCudaRuntime,
    wheels,
    downloadBytes,
  };
}

function describe(requirement: WheelRequirement): string {
  return `${requirement.name}==${requirement.version}`;
}

async function fromIndex(
  requirement: WheelRequirement,
  indexUrl: string,
  options: PlanOptions,
): Promise<PlannedWheel> {
  const files = await releaseFiles(indexUrl, requirement.name, requirement.version, options.http);
  const filename = chooseWheel(
    files.map((f) => f.filename),
    options.target,
  );
  const file = files.find((f) => f.filename === filename);
  if (!file)
    throw new InstallPlanError(
      `${indexUrl} has no ${describe(requirement)} wheel for ${options.target.platform}-${options.target.arch}` +
        (files.length > 0 ? ` (it has ${files.map((f) => f.filename).join(', ')})` : ''),
    );
  const pinned = knownDigest(file.filename);
  if (pinned !== undefined && pinned !== file.sha256)
    throw new InstallPlanError(
      `${indexUrl} publishes SHA-256 ${file.sha256} for ${file.filename}, but this release of ` +
        `MaskMedPaint recorded ${pinned}: the file on the index has changed; nothing was downloaded.`,
    );
  return {
    requirement,
    filename: file.filename,
    sha256: file.sha256,
    ...(file.size !== undefined ? { size: file.size } : {}),
    source: { kind: 'index', url: file.url },
    verifiedBy: pinned !== undefined ? 'index and pinned list' : 'index',
  };
}

/** Every .whl among `paths` (files, or the wheels directly inside folders). */
function wheelFiles(paths: string[]): string[] {
  return paths.flatMap((path) => {
    if (!statSync(path).isDirectory()) return [path];
    return readdirSync(path)
      .filter((name) => name.endsWith('.whl'))
      .sort()
      .map((name) => join(path, name));
  });
}

function fromFiles(
  requirement: WheelRequirement,
  files: string[],
  options: PlanOptions,
): PlannedWheel {
  const wanted = normalizeName(requirement.name);
  const candidates = files.filter((file) => {
    const tags = parseWheelName(basename(file));
    return tags && normalizeName(tags.name) === wanted && tags.version === requirement.version;
  });
  const filename = chooseWheel(
    candidates.map((f) => basename(f)),
    options.target,
  );
  const path = candidates.find((f) => basename(f) === filename);
  if (!path || !filename)
    throw new InstallPlanError(
      `no ${describe(requirement)} wheel for ${options.target.platform}-${options.target.arch} among ` +
        `the given files${candidates.length > 0 ? ` (found ${candidates.map((f) => basename(f)).join(', ')})` : ''}; ` +
        `download it on a machine with network: pip download --no-deps --only-binary=:all: ${describe(requirement)}`,
    );
  const pinned = knownDigest(filename);
  if (pinned === undefined && options.allowUnverified !== true)
    throw new InstallPlanError(
      `${filename} is not in this release's list of published SHA-256 digests, so it cannot be ` +
        'verified offline; install from the index, or pass --allow-unverified to take it as it is.',
    );
  return {
    requirement,
    filename,
    sha256: pinned ?? null,
    size: statSync(path).size,
    source: { kind: 'file', path },
    verifiedBy: pinned !== undefined ? 'pinned list' : 'unverified',
  };
}
