/**
 * Download every file of a catalog entry into `<cacheDir>/<id>/` and register it. Licence and
 * verification gates come first, so nothing is fetched that the user has not agreed to.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { sha256File } from '../util/hash';
import type { CatalogEntry, CatalogFile } from './catalogTypes';
import { downloadFile, type DownloadRequest } from './downloader';
import { hubAuthorization } from './proxy';
import type { DownloadProgress } from './progressMeter';
import type { ModelRegistry, RegisteredModel } from './registry';

/** The entry needs a licence confirmation the caller did not give. */
export class LicenseNotAcceptedError extends Error {
  constructor(readonly entry: CatalogEntry) {
    super(
      `${entry.title} has a restrictive licence (${entry.license}): ${entry.licenseNote} Confirm it to download.`,
    );
    this.name = 'LicenseNotAcceptedError';
  }
}

/** The entry has files without a published hash and the caller did not allow that. */
export class UnverifiedModelError extends Error {
  constructor(readonly entry: CatalogEntry) {
    super(
      `${entry.title} has files without a published SHA-256 (${entry.note ?? 'unverified'}). ` +
        'Allow unverified downloads to fetch it anyway; the received hashes are recorded.',
    );
    this.name = 'UnverifiedModelError';
  }
}

export interface InstallOptions extends Pick<
  DownloadRequest,
  'signal' | 'proxy' | 'ca' | 'retries' | 'now' | 'authorizationFor'
> {
  /** Required for entries with nonCommercial: true. */
  acceptLicense?: boolean;
  /** Required for entries with verified: false. */
  allowUnverified?: boolean;
  onFileStart?: (file: CatalogFile, index: number, count: number) => void;
  onProgress?: (file: CatalogFile, progress: DownloadProgress) => void;
}

/** Where an entry's files go; "." for a single-file model is the file itself. */
export function modelFolder(cacheDir: string, entry: CatalogEntry): string {
  return path.join(cacheDir, entry.id);
}

function registeredPath(folder: string, entry: CatalogEntry): string {
  // A one-file model is registered as that file, the way an engine loads it.
  return entry.files.length === 1 ? path.join(folder, ...entry.files[0].path.split('/')) : folder;
}

/** The hash of a finished earlier download of `file`, when it is complete and verified. */
async function alreadyComplete(
  destination: string,
  file: CatalogFile,
): Promise<string | undefined> {
  if (file.sha256 === null) return undefined;
  try {
    const stat = await fs.stat(destination);
    if (file.size !== null && stat.size !== file.size) return undefined;
  } catch {
    return undefined;
  }
  const sha256 = await sha256File(destination);
  return sha256 === file.sha256 ? sha256 : undefined;
}

/** Download (resuming where possible), verify and register one catalog entry. */
export async function installModel(
  entry: CatalogEntry,
  registry: ModelRegistry,
  options: InstallOptions = {},
): Promise<RegisteredModel> {
  if (entry.nonCommercial && options.acceptLicense !== true)
    throw new LicenseNotAcceptedError(entry);
  if (!entry.verified && options.allowUnverified !== true) throw new UnverifiedModelError(entry);
  const folder = modelFolder(registry.cacheDir, entry);
  const hashes: Record<string, string> = {};
  let allVerified = true;
  for (const [index, file] of entry.files.entries()) {
    options.onFileStart?.(file, index, entry.files.length);
    const destination = path.join(folder, ...file.path.split('/'));
    await fs.mkdir(path.dirname(destination), { recursive: true });
    const already = await alreadyComplete(destination, file);
    if (already !== undefined) {
      hashes[file.path] = already;
      continue;
    }
    const result = await downloadFile({
      url: file.url,
      destination,
      expectedSha256: file.sha256,
      expectedSize: file.size,
      signal: options.signal,
      proxy: options.proxy,
      ca: options.ca,
      authorizationFor: options.authorizationFor ?? hubAuthorization(),
      retries: options.retries,
      now: options.now,
      onProgress: (progress) => options.onProgress?.(file, progress),
    });
    hashes[file.path] = result.sha256;
    allVerified &&= result.verified;
  }
  const model: RegisteredModel = {
    id: entry.id,
    kind: entry.kind,
    ...(entry.engine !== undefined ? { engine: entry.engine } : {}),
    path: registeredPath(folder, entry),
    source: 'download',
    files: hashes,
    verified: allVerified,
    catalogId: entry.id,
    addedAt: new Date().toISOString(),
  };
  await registry.put(model);
  return model;
}
