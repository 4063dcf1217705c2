// Downloads are bounded by the expected size and say how much arrived when they stop, against a
// real HTTP server on 127.0.0.1 (helpers/fileServer.ts).
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import {
  downloadFile,
  DownloadInterruptedError,
  OversizeError,
} from '../../../src/core/models/downloader';
import { startFileServer, type TestServer } from './helpers/fileServer';
import { freshTempDirs } from '../helpers/tempDir';

const body = randomBytes(256 * 1024 + 123);
const bodySha = createHash('sha256').update(body).digest('hex');
const noProxyEnv = { env: {} };

const tempDir = freshTempDirs('dl-limits');

describe('download limits and interruptions', () => {
  let server: TestServer;
  before(async () => {
    server = await startFileServer({
      '/ok': { body },
      '/drop-always': { body, dropAfter: 50_000, dropTimes: 99 },
      '/chunked': { body, chunked: true },
    });
  });
  after(() => server.close());

  /** A write stream that records how many bytes reached the disk. */
  function countingFile(counter: { bytes: number }): (path: string, append: boolean) => Writable {
    return (path, append) => {
      const file = fs.createWriteStream(path, { flags: append ? 'a' : 'w' });
      const wrapper = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          counter.bytes += chunk.length;
          file.write(chunk, callback);
        },
        final(callback) {
          file.end(callback);
        },
      });
      return wrapper;
    };
  }

  test('a Content-Length larger than the catalog size is refused before a byte is written', async () => {
    const dest = join(tempDir(), 'model.onnx');
    const before = server.requests.length;
    const written = { bytes: 0 };
    await assert.rejects(
      downloadFile({
        url: server.url('/ok'),
        destination: dest,
        expectedSha256: bodySha,
        expectedSize: 100_000,
        openWriteStream: countingFile(written),
        proxy: noProxyEnv,
      }),
      (error: unknown) =>
        error instanceof OversizeError &&
        error.announced === body.length &&
        /announces 262267 bytes .* more than the 100000 bytes .* the catalog lists/.test(
          error.message,
        ),
    );
    assert.equal(written.bytes, 0);
    assert.equal(server.requests.length - before, 1, 'not retried');
    assert.equal(fs.existsSync(dest), false);
    assert.equal(fs.existsSync(`${dest}.part`), false);
  });

  test('a server sending more than the catalog size (no Content-Length) is cut at that size', async () => {
    const dest = join(tempDir(), 'model.onnx');
    const before = server.requests.length;
    const written = { bytes: 0 };
    await assert.rejects(
      downloadFile({
        url: server.url('/chunked'),
        destination: dest,
        expectedSha256: null,
        expectedSize: 100_000,
        openWriteStream: countingFile(written),
        proxy: noProxyEnv,
      }),
      (error: unknown) =>
        error instanceof OversizeError &&
        /sent more bytes for .*model\.onnx, more than the 100000 bytes \(100\.0 KB\) the catalog lists/.test(
          error.message,
        ),
    );
    assert.equal(written.bytes, 100_000, 'exactly the expected size reached the disk, not more');
    assert.equal(server.requests.length - before, 1, 'not retried');
    assert.equal(fs.existsSync(`${dest}.part`), false, 'not the catalog file: deleted');
    assert.equal(fs.existsSync(dest), false);
  });

  test('a resume whose server now announces a larger file is refused and the partial deleted', async () => {
    const dest = join(tempDir(), 'model.onnx');
    fs.writeFileSync(`${dest}.part`, body.subarray(0, 1000));
    await assert.rejects(
      downloadFile({
        url: server.url('/ok'),
        destination: dest,
        expectedSha256: bodySha,
        expectedSize: body.length - 1,
        proxy: noProxyEnv,
      }),
      OversizeError,
    );
    assert.equal(fs.existsSync(`${dest}.part`), false);
  });

  test('a connection that keeps dropping says how much arrived of how much, and that a rerun resumes', async () => {
    const dest = join(tempDir(), 'model.onnx');
    await assert.rejects(
      downloadFile({
        url: server.url('/drop-always'),
        destination: dest,
        expectedSha256: bodySha,
        expectedSize: body.length,
        retries: 1,
        proxy: noProxyEnv,
      }),
      (error: unknown) => {
        assert.ok(error instanceof DownloadInterruptedError, String(error));
        const kept = fs.statSync(`${dest}.part`).size;
        assert.equal(error.received, kept);
        assert.equal(error.total, body.length);
        assert.equal(error.attempts, 2);
        assert.match(
          error.message,
          /^Download of .*model\.onnx interrupted after 2 attempts \(connection dropped(: aborted)?\): 100\.0 KB of 262\.3 KB \(38%\) arrived and is kept; run the same command again to resume from there\.$/,
        );
        return true;
      },
    );
  });
});
