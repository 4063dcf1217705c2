import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { downloadFile } from '../../../src/core/models/downloader';
import {
  startFileServer,
  startProxy,
  TLS_CERT,
  type TestServer,
  type TestProxy,
} from './helpers/fileServer';
import { freshTempDirs } from '../helpers/tempDir';

const body = randomBytes(64 * 1024 + 7);
const bodySha = createHash('sha256').update(body).digest('hex');

const tempDir = freshTempDirs('dl-proxy');

describe('downloadFile through a proxy', () => {
  let plain: TestServer;
  let secure: TestServer;
  let proxy: TestProxy;
  before(async () => {
    plain = await startFileServer({ '/ok': { body } });
    secure = await startFileServer({ '/ok': { body }, '/hop': { redirectTo: '/ok' } }, true);
    proxy = await startProxy();
  });
  after(async () => {
    await plain.close();
    await secure.close();
    await proxy.close();
  });

  test('http target goes through HTTP_PROXY as an absolute-form request', async () => {
    const dest = join(tempDir(), 'model.onnx');
    const result = await downloadFile({
      url: plain.url('/ok'),
      destination: dest,
      expectedSha256: bodySha,
      proxy: { env: { HTTP_PROXY: proxy.url('') } },
    });
    assert.equal(result.sha256, bodySha);
    assert.deepEqual(proxy.seen.slice(-1), [plain.url('/ok')]);
  });

  test('https target is tunnelled with CONNECT through an explicit proxy (VS Code http.proxy)', async () => {
    const dest = join(tempDir(), 'model.onnx');
    const count = proxy.seen.length;
    const result = await downloadFile({
      url: secure.url('/hop'),
      destination: dest,
      expectedSha256: bodySha,
      ca: TLS_CERT,
      proxy: { proxy: proxy.url(''), env: {} },
    });
    assert.equal(result.sha256, bodySha);
    const host = new URL(secure.url('/')).host;
    assert.deepEqual(proxy.seen.slice(count), [`CONNECT ${host}`, `CONNECT ${host}`]);
    assert.deepEqual(
      secure.requests.map((r) => r.path),
      ['/hop', '/ok'],
    );
  });

  test('NO_PROXY bypasses the proxy', async () => {
    const dest = join(tempDir(), 'model.onnx');
    const count = proxy.seen.length;
    await downloadFile({
      url: plain.url('/ok'),
      destination: dest,
      expectedSha256: bodySha,
      proxy: { env: { HTTP_PROXY: proxy.url(''), NO_PROXY: 'example.org,127.0.0.1' } },
    });
    assert.equal(proxy.seen.length, count);
  });
});
