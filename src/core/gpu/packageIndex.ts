/**
 * The files of one release on a Python package index, with the SHA-256 the index publishes for
 * each. Two kinds of index are read:
 * - PyPI's JSON API (`https://pypi.org/pypi`, the default): `<base>/<name>/<version>/json`, or
 *   `<base>/<name>/json` and its `releases` where a proxy serves only the project-wide document;
 * - a simple index (PEP 691 JSON), the pip-style `--index-url` that mirrors and proxies (devpi,
 *   Artifactory, Nexus, pypi.org/simple) serve: any URL whose path ends in `/simple`.
 * Requests go through the model downloader's HTTP layer (proxy, CA certificates, redirects).
 */
import { getFollowingRedirects, HttpError, type GetOptions } from '../models/httpGet';

/** A file of a release as the index lists it. */
export interface IndexFile {
  filename: string;
  url: string;
  sha256: string;
  /** Bytes, when the index says. */
  size?: number;
}

/** PyPI's JSON API. */
export const DEFAULT_INDEX_URL = 'https://pypi.org/pypi';

/** Index documents larger than this are refused (onnxruntime-gpu's whole history is ~10 MB). */
const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

/** Whether `indexUrl` names a simple index (PEP 503/691) rather than PyPI's JSON API. */
export function isSimpleIndex(indexUrl: string): boolean {
  return /\/simple\/?$/.test(new URL(indexUrl).pathname);
}

/** PEP 503 name normalisation (runs of -, _ and . become one -, lower case). */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The files of `name` `version` on the index, each with its published SHA-256. */
export async function releaseFiles(
  indexUrl: string,
  name: string,
  version: string,
  options: GetOptions = {},
): Promise<IndexFile[]> {
  const base = indexUrl.replace(/\/+$/, '');
  if (isSimpleIndex(indexUrl)) {
    const url = new URL(`${base}/${normalizeName(name)}/`);
    const document = await getJson(url, options, 'application/vnd.pypi.simple.v1+json');
    const prefix = `${normalizeName(name).replace(/-/g, '_')}-${version}-`;
    return simpleFiles(document.body, document.url).filter((f) =>
      f.filename.toLowerCase().startsWith(prefix),
    );
  }
  try {
    const document = await getJson(new URL(`${base}/${name}/${version}/json`), options);
    return jsonApiFiles(field(document.body, 'urls'), document.url);
  } catch (error) {
    if (!(error instanceof HttpError && error.status === 404)) throw error;
  }
  const project = await getJson(new URL(`${base}/${name}/json`), options);
  const releases = field(project.body, 'releases');
  const files = isRecord(releases) ? releases[version] : undefined;
  if (files === undefined) throw new Error(`${name} ${version} is not on ${indexUrl}`);
  return jsonApiFiles(files, project.url);
}

async function getJson(
  url: URL,
  options: GetOptions,
  accept = 'application/json',
): Promise<{ body: unknown; url: URL }> {
  const { response, finalUrl } = await getFollowingRedirects(url, {
    ...options,
    headers: { ...options.headers, Accept: accept },
  });
  const status = response.statusCode ?? 0;
  if (status !== 200) {
    response.resume();
    throw new HttpError(`HTTP ${status} for ${finalUrl.href}`, status);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response) {
    size += (chunk as Buffer).length;
    if (size > MAX_DOCUMENT_BYTES) {
      response.destroy();
      throw new Error(`${finalUrl.href} sent more than ${MAX_DOCUMENT_BYTES} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return { body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown, url: finalUrl };
  } catch {
    throw new Error(`${finalUrl.href} did not answer with JSON`);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function field(value: unknown, name: string): unknown {
  return isRecord(value) ? value[name] : undefined;
}

/** `urls` (or a `releases` entry) of the JSON API: filename, url, size, digests.sha256. */
function jsonApiFiles(files: unknown, documentUrl: URL): IndexFile[] {
  if (!Array.isArray(files)) throw new Error(`${documentUrl.href} lists no files`);
  return files.flatMap((f): IndexFile[] => {
    const sha256 = field(field(f, 'digests'), 'sha256');
    return indexFile(field(f, 'filename'), field(f, 'url'), sha256, field(f, 'size'), documentUrl);
  });
}

/** `files` of a PEP 691 project page: filename, url (maybe relative), hashes.sha256, size. */
function simpleFiles(document: unknown, documentUrl: URL): IndexFile[] {
  const files = field(document, 'files');
  if (!Array.isArray(files)) throw new Error(`${documentUrl.href} is not a PEP 691 project page`);
  return files.flatMap((f): IndexFile[] => {
    const sha256 = field(field(f, 'hashes'), 'sha256');
    return indexFile(field(f, 'filename'), field(f, 'url'), sha256, field(f, 'size'), documentUrl);
  });
}

/** A well-formed entry, or none (entries without a SHA-256 cannot be verified and are left out). */
function indexFile(
  filename: unknown,
  url: unknown,
  sha256: unknown,
  size: unknown,
  documentUrl: URL,
): IndexFile[] {
  if (typeof filename !== 'string' || typeof url !== 'string') return [];
  if (typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/i.test(sha256)) return [];
  return [
    {
      filename,
      url: new URL(url, documentUrl).href,
      sha256: sha256.toLowerCase(),
      ...(typeof size === 'number' && Number.isInteger(size) && size >= 0 ? { size } : {}),
    },
  ];
}
