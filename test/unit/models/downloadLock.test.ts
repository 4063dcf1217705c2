import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { join } from 'node:path';
import { DownloadInProgressError, lockDownload } from '../../../src/core/models/downloadLock';
import { downloadFile } from '../../../src/core/models/downloader';
import { startFileServer } from './helpers/fileServer';
import { freshTempDirs } from '../helpers/tempDir';

const lockDirs = freshTempDirs('lock');
const dest = (): string => join(lockDirs(), 'model.onnx');

test('a live lock holder blocks a second download of the same file before any request', async () => {
  const server = await startFileServer({ '/m': { body: Buffer.from('abc') } });
  try {
    const file = dest();
    fs.writeFileSync(`${file}.lock`, String(process.ppid)); // the test runner: certainly alive
    await assert.rejects(
      downloadFile({
        url: server.url('/m'),
        destination: file,
        expectedSha256: null,
        proxy: { env: {} },
      }),
      (error: unknown) => error instanceof DownloadInProgressError && error.pid === process.ppid,
    );
    assert.equal(server.requests.length, 0);
  } finally {
    await server.close();
  }
});

test('a stale lock (dead process) is taken over, and the lock is gone after success and failure', async () => {
  const server = await startFileServer({ '/m': { body: Buffer.from('abc') } });
  try {
    const file = dest();
    fs.writeFileSync(`${file}.lock`, '2147483646');
    await downloadFile({
      url: server.url('/m'),
      destination: file,
      expectedSha256: null,
      proxy: { env: {} },
    });
    assert.equal(fs.readFileSync(file, 'utf8'), 'abc');
    assert.equal(fs.existsSync(`${file}.lock`), false);
    const other = dest();
    await assert.rejects(
      downloadFile({
        url: server.url('/missing'),
        destination: other,
        expectedSha256: null,
        proxy: { env: {} },
      }),
    );
    assert.equal(fs.existsSync(`${other}.lock`), false);
  } finally {
    await server.close();
  }
});

test('two downloads of one file in the same process do not interleave', async () => {
  const file = dest();
  const release = await lockDownload(file);
  await assert.rejects(lockDownload(file), DownloadInProgressError);
  await release();
  const again = await lockDownload(file);
  await again();
});
