/**
 * A local package index for the tests (127.0.0.1 only): PyPI's JSON API under /pypi, a PEP 691
 * simple index under /simple, and the files under /files with Range support. It can act as a
 * forward proxy (absolute-form request lines), drop a connection part-way once, and answer the
 * per-version JSON document with 404 like some proxies do.
 */
import { createHash } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeFile {
  filename: string;
  bytes: Buffer;
  /** Publish this digest instead of the real one (a tampered index or file). */
  publishedSha256?: string;
}

export interface FakeIndexOptions {
  /** Answer /pypi/<name>/<version>/json with 404 (only the project document works). */
  versionDocument404?: boolean;
  /** Close the first download of each file after this many bytes. */
  dropAfterBytes?: number;
  /** Leave simple-index URLs relative (PEP 691 allows it). */
  relativeUrls?: boolean;
}

export interface FakeIndex {
  url: string;
  /** Request paths seen, in order. */
  requests: string[];
  /** Requests that arrived in proxy (absolute) form. */
  proxied: number;
  close(): Promise<void>;
}

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** "onnxruntime_gpu-1.30.0-..." -> name onnxruntime-gpu, version 1.30.0. */
function nameAndVersion(filename: string): [string, string] {
  const [name, version] = filename.split('-');
  return [name.replace(/_/g, '-').toLowerCase(), version];
}

export async function startFakeIndex(
  files: FakeFile[],
  options: FakeIndexOptions = {},
): Promise<FakeIndex> {
  const dropped = new Set<string>();
  const state = { requests: [] as string[], proxied: 0 };
  const server = http.createServer((request, response) => {
    let path = request.url ?? '/';
    if (/^https?:\/\//.test(path)) {
      state.proxied++;
      path = new URL(path).pathname;
    }
    state.requests.push(path);
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const entry = (f: FakeFile) => ({
      filename: f.filename,
      url: options.relativeUrls ? `../../files/${f.filename}` : `${base}/files/${f.filename}`,
      size: f.bytes.length,
      sha256: f.publishedSha256 ?? sha256(f.bytes),
    });
    const json = (body: unknown, type = 'application/json'): void => {
      response.writeHead(200, { 'Content-Type': type });
      response.end(JSON.stringify(body));
    };
    let match = /^\/pypi\/([^/]+)\/([^/]+)\/json$/.exec(path);
    if (match && !options.versionDocument404) {
      const [, name, version] = match;
      const urls = files
        .filter((f) => nameAndVersion(f.filename).join() === [name, version].join())
        .map(entry);
      if (urls.length === 0) return void response.writeHead(404).end();
      return json({
        urls: urls.map((u) => ({
          filename: u.filename,
          url: u.url,
          size: u.size,
          digests: { sha256: u.sha256 },
        })),
      });
    }
    match = /^\/pypi\/([^/]+)\/json$/.exec(path);
    if (match) {
      const releases: Record<string, unknown[]> = {};
      for (const f of files.filter((f) => nameAndVersion(f.filename)[0] === match?.[1])) {
        const u = entry(f);
        (releases[nameAndVersion(f.filename)[1]] ??= []).push({
          filename: u.filename,
          url: u.url,
          size: u.size,
          digests: { sha256: u.sha256 },
        });
      }
      return json({ releases });
    }
    match = /^\/simple\/([^/]+)\/$/.exec(path);
    if (match) {
      const listed = files.filter((f) => nameAndVersion(f.filename)[0] === match?.[1]).map(entry);
      return json(
        {
          meta: { 'api-version': '1.1' },
          name: match[1],
          files: listed.map((u) => ({
            filename: u.filename,
            url: u.url,
            size: u.size,
            hashes: { sha256: u.sha256 },
          })),
        },
        'application/vnd.pypi.simple.v1+json',
      );
    }
    match = /^\/files\/([^/]+)$/.exec(path);
    const file = match ? files.find((f) => f.filename === match?.[1]) : undefined;
    if (!file) return void response.writeHead(404).end();
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const body = file.bytes.subarray(start);
    response.writeHead(range ? 206 : 200, {
      'Content-Length': body.length,
      ...(range
        ? { 'Content-Range': `bytes ${start}-${file.bytes.length - 1}/${file.bytes.length}` }
        : {}),
    });
    if (options.dropAfterBytes !== undefined && !dropped.has(file.filename)) {
      dropped.add(file.filename);
      response.write(body.subarray(0, options.dropAfterBytes), () => response.destroy());
      return;
    }
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    get requests() {
      return state.requests;
    },
    get proxied() {
      return state.proxied;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
