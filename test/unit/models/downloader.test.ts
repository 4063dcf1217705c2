import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { downloadFile, HashMismatchError, WriteError } from '../../../src/core/models/downloader';
import { HttpError } from '../../../src/core/models/httpGet';
import { startFileServer, type TestServer } from './helpers/fileServer';
import { freshTempDirs } from '../helpers/tempDir';

const body = randomBytes(256 * 1024 + 123);
const bodySha = createHash('sha256').update(body).digest('hex');
const noProxyEnv = { env: {} };

const tempDir = freshTempDirs('dl');

describe('downloadFile against a real HTTP server', () => {
  let server: TestServer;
  before(async () => {
    server = await startFileServer({
      '/ok': { body },
      '/drop': { body, dropAfter: 100_000, dropTimes: 1 },
      '/drop-always': { body, dropAfter: 50_000, dropTimes: 99 },
      '/stall': { body, stallAfter: 64 * 1024 },
      '/norange': { body, ignoreRange: true },
      '/hop1': { redirectTo: '/hop2', redirectStatus: 301 },
      '/hop2': { redirectTo: 'hop3', redirectStatus: 302 },
      '/hop3': { redirectTo: '/ok', redirectStatus: 307 },
      '/loop': { redirectTo: '/loop' },
      '/broken': { status: 500 },
    });
  });
  after(() => server.close());

  test('downloads, verifies the hash, reports progress, and leaves no .part', async () => {
    const dest = join(tempDir(), 'model.onnx');
    const seen: number[] = [];
    const result = await downloadFile({
      url: server.url('/ok'),
      destination: dest,
      expectedSha256: bodySha,
      expectedSize: body.length,
      onProgress: (p) => seen.push(p.received),
      proxy: noProxyEnv,
    });
    assert.equal(result.sha256, bodySha);
    assert.equal(result.verified, true);
    assert.deepEqual(fs.readFileSync(dest), body);
    assert.equal(fs.existsSync(`${dest}.part`), false);
    assert.equal(seen[seen.length - 1], body.length);
  });

  test('a connection dropped half way is resumed with Range to the right hash', async () => {
    const dest = join(tempDir(), 'model.onnx');
    const before = server.requests.length;
    const result = await downloadFile({
      url: server.url('/drop'),
      destination: dest,
      expectedSha256: bodySha,
      proxy: noProxyEnv,
    });
    assert.equal(result.sha256, bodySha);
    const mine = server.requests.slice(before);
    assert.equal(mine.length, 2);
    assert.equal(mine[0].range, undefined);
    assert.match(mine[1].range ?? '', /^bytes=\d+-$/);
    assert.ok(Number(/\d+/.exec(mine[1].range!)![0]) > 0, 'resumed from a non-zero offset');
  });

  test('a later call resumes the .part left by a failed one', async () => {
    const dest = join(tempDir(), 'model.onnx');
    await assert.rejects(
      downloadFile({
        url: server.url('/drop-always'),
        destination: dest,
        expectedSha256: bodySha,
        retries: 0,
        proxy: noProxyEnv,
      }),
    );
    const kept = fs.statSync(`${dest}.part`).size;
    assert.ok(kept > 0 && kept < body.length);
    const before = server.requests.length;
    const result = await downloadFile({
      url: server.url('/ok'),
      destination: dest,
      expectedSha256: bodySha,
      proxy: noProxyEnv,
    });
    assert.equal(result.sha256, bodySha);
    assert.equal(server.requests[before].range, `bytes=${kept}-`);
  });

  test('a server that ignores Range is restarted from zero, not appended', async () => {
    const dest = join(tempDir(), 'model.onnx');
    fs.writeFileSync(`${dest}.part`, body.subarray(0, 1000));
    const result = await downloadFile({
      url: server.url('/norange'),
      destination: dest,
      expectedSha256: bodySha,
      proxy: noProxyEnv,
    });
    assert.equal(result.size, body.length);
    assert.equal(result.sha256, bodySha);
  });

  test('a wrong hash deletes the partial and names both hashes', async () => {
    const dest = join(tempDir(), 'model.onnx');
    const wrong = 'a'.repeat(64);
    await assert.rejects(
      downloadFile({
        url: server.url('/ok'),
        destination: dest,
        expectedSha256: wrong,
        proxy: noProxyEnv,
      }),
      (error: unknown) =>
        error instanceof HashMismatchError &&
        error.message.includes(wrong) &&
        error.message.includes(bodySha),
    );
    assert.equal(fs.existsSync(dest), false);
    assert.equal(fs.existsSync(`${dest}.part`), false);
  });

  test('404 is a clear HTTP error and is not retried', async () => {
    const dest = join(tempDir(), 'model.onnx');
    const before = server.requests.length;
    await assert.rejects(
      downloadFile({
        url: server.url('/missing'),
        destination: dest,
        expectedSha256: bodySha,
        proxy: noProxyEnv,
      }),
      (error: unknown) =>
        error instanceof HttpError && error.status === 404 && /404/.test(error.message),
    );
    assert.equal(server.requests.length - before, 1);
    assert.equal(fs.existsSync(dest), false);
  });

  test('a 5xx is retried the given number of times, then reported', async () => {
    const dest = join(tempDir(), 'model.onnx');
    const before = server.requests.length;
    await assert.rejects(
      downloadFile({
        url: server.url('/broken'),
        destination: dest,
        expectedSha256: null,
        retries: 2,
        proxy: noProxyEnv,
      }),
      (error: unknown) => error instanceof HttpError && error.status === 500,
    );
    assert.equal(server.requests.length - before, 3);
  });

  test('follows a redirect chain (301, relative 302, 307)', async () => {
    const dest = join(tempDir(), 'model.onnx');
    const result = await downloadFile({
      url: server.url('/hop1'),
      destination: dest,
      expectedSha256: bodySha,
      proxy: noProxyEnv,
    });
    assert.equal(result.sha256, bodySha);
  });

  test('an authorization header is asked per hop and not sent to the redirect target', async () => {
    const other = await startFileServer({ '/ok': { body } });
    const first = await startFileServer({ '/go': { redirectTo: other.url('/ok') } });
    try {
      const home = new URL(first.url('/')).host;
      await downloadFile({
        url: first.url('/go'),
        destination: join(tempDir(), 'model.onnx'),
        expectedSha256: bodySha,
        proxy: noProxyEnv,
        authorizationFor: (url) => (url.host === home ? 'Bearer secret' : undefined),
      });
      assert.equal(first.requests[0].authorization, 'Bearer secret');
      assert.equal(other.requests[0].authorization, undefined);
    } finally {
      await first.close();
      await other.close();
    }
  });

  test('a redirect loop stops with a clear error', async () => {
    const dest = join(tempDir(), 'model.onnx');
    await assert.rejects(
      downloadFile({
        url: server.url('/loop'),
        destination: dest,
        expectedSha256: null,
        maxRedirects: 3,
        proxy: noProxyEnv,
      }),
      /Too many redirects/,
    );
  });

  test('a slow server is cancelled by AbortSignal; the partial is kept for resume', async () => {
    const dest = join(tempDir(), 'model.onnx');
    const controller = new AbortController();
    await assert.rejects(
      downloadFile({
        url: server.url('/stall'),
        destination: dest,
        expectedSha256: bodySha,
        signal: controller.signal,
        proxy: noProxyEnv,
        onProgress: (p) => {
          if (p.received >= 64 * 1024) controller.abort();
        },
      }),
      (error: unknown) => error instanceof Error && error.name === 'AbortError',
    );
    assert.equal(fs.existsSync(dest), false);
    assert.ok(fs.statSync(`${dest}.part`).size > 0);
  });

  test('a full disk (failing write) is reported as a write error, not retried', async () => {
    const dest = join(tempDir(), 'model.onnx');
    const before = server.requests.length;
    let written = 0;
    const fullDisk = () =>
      new Writable({
        write(chunk: Buffer, _encoding, callback) {
          written += chunk.length;
          if (written > 50_000) {
            const error = Object.assign(new Error('ENOSPC: no space left on device, write'), {
              code: 'ENOSPC',
            });
            callback(error);
          } else callback();
        },
      });
    await assert.rejects(
      downloadFile({
        url: server.url('/ok'),
        destination: dest,
        expectedSha256: bodySha,
        openWriteStream: fullDisk,
        proxy: noProxyEnv,
      }),
      (error: unknown) => error instanceof WriteError && /ENOSPC/.test(error.message),
    );
    assert.equal(server.requests.length - before, 1);
    assert.equal(fs.existsSync(dest), false);
  });
});
