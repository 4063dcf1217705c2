import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { addModel, downloadModel, listModels, removeModel } from '../../../src/cli/commands/models';
import type { ModelsIo } from '../../../src/cli/commands/modelsIo';
import { EXIT_CANCELLED, UsageError } from '../../../src/cli/exitCodes';
import type { Catalog } from '../../../src/core/models/catalogTypes';
import { startFileServer, type TestServer } from './helpers/fileServer';

const body = Buffer.concat([Buffer.from([0x08, 0x08]), randomBytes(200_000)]);
const sha = createHash('sha256').update(body).digest('hex');

function io(): ModelsIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { stdout, stderr, out: () => out, err: () => err };
}

let server: TestServer;
let catalog: Catalog;
before(async () => {
  server = await startFileServer({
    '/m.onnx': { body },
    '/slow.onnx': { body, stallAfter: 50_000 },
  });
  const base = {
    title: 'Test model',
    kind: 'background-removal' as const,
    homepage: 'https://example.org',
    license: 'test-nc',
    licenseNote: 'Research use only.',
    recommendedPreset: 'natural' as const,
    verified: true,
  };
  catalog = {
    version: 1,
    models: [
      {
        ...base,
        id: 'nc-model',
        nonCommercial: true,
        files: [{ path: 'model.onnx', url: server.url('/m.onnx'), size: body.length, sha256: sha }],
      },
      {
        ...base,
        id: 'slow-model',
        nonCommercial: false,
        files: [
          { path: 'model.onnx', url: server.url('/slow.onnx'), size: body.length, sha256: sha },
        ],
      },
    ],
  };
});
after(() => server.close());

test('download shows the licence, refuses without --accept-license, then installs and lists', async () => {
  const cache = fs.mkdtempSync(join(os.tmpdir(), 'mmp-cli-'));
  const first = io();
  await assert.rejects(
    downloadModel('nc-model', { cache }, first, undefined, catalog),
    (e: unknown) => e instanceof UsageError && /--accept-license/.test(e.message),
  );
  assert.match(first.err(), /Research use only\./);
  const second = io();
  assert.equal(
    await downloadModel(
      'nc-model',
      { cache, acceptLicense: true, proxy: '' },
      second,
      undefined,
      catalog,
    ),
    0,
  );
  assert.match(second.out(), /nc-model ready at .*model\.onnx \(SHA-256 verified\)/);
  assert.match(second.err(), /100% /, 'progress lines with percentages');
  const listing = io();
  await listModels(cache, true, listing);
  const parsed = JSON.parse(listing.out()) as { installed: Array<{ id: string }> };
  assert.deepEqual(
    parsed.installed.map((m) => m.id),
    ['nc-model'],
  );
  const removal = io();
  await removeModel('nc-model', cache, removal);
  assert.match(removal.out(), /removed nc-model and its files/);
});

test('unknown ids are usage errors listing the catalog', async () => {
  await assert.rejects(
    downloadModel('nope', {}, io(), undefined, catalog),
    /Known models: nc-model, slow-model/,
  );
});

test('Ctrl+C during a download exits 130 and keeps the partial for resume', async () => {
  const cache = fs.mkdtempSync(join(os.tmpdir(), 'mmp-cli-'));
  const controller = new AbortController();
  const streams = io();
  streams.stderr.on('data', () => {
    if (/model\.onnx: /.test(streams.err())) controller.abort();
  });
  const code = await downloadModel(
    'slow-model',
    { cache, proxy: '' },
    { ...streams, interactive: true },
    controller.signal,
    catalog,
  );
  assert.equal(code, EXIT_CANCELLED);
  assert.match(streams.err(), /rerun the same command to resume/);
  assert.ok(fs.statSync(join(cache, 'slow-model', 'model.onnx.part')).size > 0);
});

test('add registers a local file; remove leaves it on disk', async () => {
  const cache = fs.mkdtempSync(join(os.tmpdir(), 'mmp-cli-'));
  const file = join(fs.mkdtempSync(join(os.tmpdir(), 'mmp-own-')), 'seg.onnx');
  fs.writeFileSync(file, body);
  const streams = io();
  await addModel(file, { cache, kind: 'background-removal' }, streams);
  assert.match(streams.out(), /registered seg: background-removal/);
  await assert.rejects(
    addModel(file, { cache }, io()),
    (e: unknown) => e instanceof UsageError && /--kind/.test(e.message),
  );
  const removal = io();
  await removeModel('seg', cache, removal);
  assert.match(removal.out(), /untouched/);
  assert.ok(fs.existsSync(file));
});
