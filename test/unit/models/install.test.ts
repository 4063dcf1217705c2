import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import type { Catalog, CatalogEntry } from '../../../src/core/models/catalogTypes';
import {
  installModel,
  LicenseNotAcceptedError,
  UnverifiedModelError,
} from '../../../src/core/models/installModel';
import { addLocalModel } from '../../../src/core/models/localModel';
import { ModelRegistry, resolveModelReference } from '../../../src/core/models/registry';
import { startFileServer, type TestServer } from './helpers/fileServer';

// An ONNX ModelProto starts with field 1 (ir_version) as a varint: 0x08.
const onnxBytes = Buffer.concat([Buffer.from([0x08, 0x08]), randomBytes(4096)]);
const onnxSha = createHash('sha256').update(onnxBytes).digest('hex');

function entry(overrides: Partial<CatalogEntry>, url: string): CatalogEntry {
  return {
    id: 'tiny-migan',
    title: 'Tiny',
    kind: 'plain-inpainter',
    engine: 'migan',
    homepage: 'https://example.org',
    files: [{ path: 'migan.onnx', url, size: onnxBytes.length, sha256: onnxSha }],
    license: 'MIT',
    licenseNote: 'MIT',
    nonCommercial: false,
    recommendedPreset: 'custom',
    verified: true,
    ...overrides,
  };
}

function cache(): string {
  return fs.mkdtempSync(join(os.tmpdir(), 'mmp-cache-'));
}

describe('installModel', () => {
  let server: TestServer;
  before(async () => {
    server = await startFileServer({ '/m.onnx': { body: onnxBytes } });
  });
  after(() => server.close());

  test('downloads into <cache>/<id>/, registers it verified, and skips a complete file next time', async () => {
    const registry = new ModelRegistry(cache());
    const model = await installModel(entry({}, server.url('/m.onnx')), registry, {
      proxy: { env: {} },
    });
    assert.equal(model.path, join(registry.cacheDir, 'tiny-migan', 'migan.onnx'));
    assert.deepEqual(fs.readFileSync(model.path), onnxBytes);
    assert.equal(model.verified, true);
    assert.deepEqual(
      (await registry.list()).map((m) => m.id),
      ['tiny-migan'],
    );
    const count = server.requests.length;
    await installModel(entry({}, server.url('/m.onnx')), registry, { proxy: { env: {} } });
    assert.equal(server.requests.length, count, 'no new request for a verified complete file');
  });

  test('a non-commercial licence must be accepted before any request', async () => {
    const registry = new ModelRegistry(cache());
    const count = server.requests.length;
    await assert.rejects(
      installModel(
        entry({ nonCommercial: true, licenseNote: 'Non-commercial only.' }, server.url('/m.onnx')),
        registry,
      ),
      (error: unknown) =>
        error instanceof LicenseNotAcceptedError && error.message.includes('Non-commercial only.'),
    );
    assert.equal(server.requests.length, count);
    const model = await installModel(
      entry({ nonCommercial: true }, server.url('/m.onnx')),
      registry,
      {
        acceptLicense: true,
        proxy: { env: {} },
      },
    );
    assert.equal(model.verified, true);
  });

  test('unverified entries need consent and record the received hash', async () => {
    const registry = new ModelRegistry(cache());
    const unverified = entry(
      {
        verified: false,
        files: [{ path: 'migan.onnx', url: server.url('/m.onnx'), size: null, sha256: null }],
      },
      '',
    );
    await assert.rejects(installModel(unverified, registry), UnverifiedModelError);
    const model = await installModel(unverified, registry, {
      allowUnverified: true,
      proxy: { env: {} },
    });
    assert.equal(model.verified, false);
    assert.deepEqual(model.files, { 'migan.onnx': onnxSha });
  });

  test('remove deletes downloaded files but never a local folder', async () => {
    const registry = new ModelRegistry(cache());
    const model = await installModel(entry({}, server.url('/m.onnx')), registry, {
      proxy: { env: {} },
    });
    await registry.remove('tiny-migan');
    assert.equal(fs.existsSync(model.path), false);
    const own = join(fs.mkdtempSync(join(os.tmpdir(), 'mmp-own-')), 'mine.onnx');
    fs.writeFileSync(own, onnxBytes);
    await addLocalModel(own, registry, { version: 1, models: [] }, { kind: 'background-removal' });
    await registry.remove('mine');
    assert.equal(fs.existsSync(own), true);
    await assert.rejects(registry.remove('mine'), /No model "mine"/);
  });
});

describe('addLocalModel (offline folders)', () => {
  const catalog: Catalog = { version: 1, models: [entry({}, 'https://example.org/m.onnx')] };

  test('a file whose hash is in the catalog is recognised as that model', async () => {
    const registry = new ModelRegistry(cache());
    const dir = fs.mkdtempSync(join(os.tmpdir(), 'mmp-own-'));
    fs.writeFileSync(join(dir, 'whatever.onnx'), onnxBytes);
    const model = await addLocalModel(dir, registry, catalog);
    assert.equal(model.id, 'tiny-migan');
    assert.equal(model.engine, 'migan');
    assert.equal(model.verified, true);
    assert.equal(model.path, join(dir, 'whatever.onnx'));
    const resolved = await resolveModelReference('tiny-migan', registry);
    assert.equal(typeof resolved === 'string' ? resolved : resolved.path, model.path);
  });

  test('an unknown file needs --kind (and --engine for inpainters); non-ONNX files are refused', async () => {
    const registry = new ModelRegistry(cache());
    const dir = fs.mkdtempSync(join(os.tmpdir(), 'mmp-own-'));
    const file = join(dir, 'other.onnx');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0x08, 0x07]), randomBytes(100)]));
    await assert.rejects(addLocalModel(file, registry, catalog), /--kind/);
    await assert.rejects(
      addLocalModel(file, registry, catalog, { kind: 'plain-inpainter' }),
      /--engine/,
    );
    const model = await addLocalModel(file, registry, catalog, {
      kind: 'plain-inpainter',
      engine: 'lama',
    });
    assert.equal(model.id, 'other');
    assert.equal(model.verified, false);
    const text = join(dir, 'notes.onnx');
    fs.writeFileSync(text, 'hello');
    await assert.rejects(
      addLocalModel(text, registry, catalog, { kind: 'background-removal' }),
      /does not look like an ONNX/,
    );
  });

  test('an SD folder is checked for every part and its UNet channel count read', async () => {
    const registry = new ModelRegistry(cache());
    const dir = join(fs.mkdtempSync(join(os.tmpdir(), 'mmp-sd-')), 'my-sd');
    const files = [
      'model_index.json',
      'scheduler/scheduler_config.json',
      'tokenizer/vocab.json',
      'tokenizer/merges.txt',
      'text_encoder/model.onnx',
      'unet/model.onnx',
      'vae_encoder/model.onnx',
      'vae_decoder/model.onnx',
    ];
    for (const file of files) {
      fs.mkdirSync(join(dir, file, '..'), { recursive: true });
      fs.writeFileSync(join(dir, file), file.endsWith('.onnx') ? onnxBytes : '{}');
    }
    fs.writeFileSync(
      join(dir, 'model_index.json'),
      JSON.stringify({ _class_name: 'OnnxStableDiffusionInpaintPipeline' }),
    );
    assert.equal((await addLocalModel(dir, registry, catalog)).kind, 'sd-inpaint-9ch');
    fs.writeFileSync(join(dir, 'unet', 'config.json'), JSON.stringify({ in_channels: 4 }));
    const model = await addLocalModel(dir, registry, catalog);
    assert.equal(model.kind, 'sd-base-4ch');
    assert.equal(model.id, 'my-sd');
    fs.rmSync(join(dir, 'vae_encoder'), { recursive: true });
    await assert.rejects(addLocalModel(dir, registry, catalog), /missing: vae_encoder\/model.onnx/);
  });

  test('a corrupt registry file is reported, not silently replaced', async () => {
    const registry = new ModelRegistry(cache());
    fs.writeFileSync(join(registry.cacheDir, 'registry.json'), '{oops');
    await assert.rejects(registry.list(), /not valid JSON/);
  });
});
