// The per-target VSIX check of npm run package (scripts/vsix-contents.mjs): native files are
// recognised by their headers (ELF, PE, Mach-O, with the CPU), and a package that carries another
// platform's onnxruntime or sharp binaries, or misses its own, is refused. Synthetic VSIX zips here;
// the real ones are checked by npm run package itself (docs/performance.md lists the runs).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import * as yazl from 'yazl';
import { useTempDir } from '../helpers/tempDir';

const temp = useTempDir('vsix-contents');
const ort = 'extension/node_modules/onnxruntime-node/bin/napi-v6';

function elf(machine: number): Buffer {
  const b = Buffer.alloc(64);
  b.writeUInt32BE(0x7f454c46, 0);
  b.writeUInt16LE(machine, 18);
  return b;
}
function pe(machine: number): Buffer {
  const b = Buffer.alloc(256);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(128, 60);
  b.write('PE\0\0', 128, 'latin1');
  b.writeUInt16LE(machine, 132);
  return b;
}
function macho(cpu: number): Buffer {
  const b = Buffer.alloc(32);
  b.writeUInt32LE(0xfeedfacf, 0);
  b.writeUInt32LE(cpu, 4);
  return b;
}

async function vsix(name: string, files: Record<string, Buffer>): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [path, bytes] of Object.entries(files)) zip.addBuffer(bytes, path);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const path = temp(name);
  writeFileSync(path, Buffer.concat(chunks));
  return path;
}

/** The script's checks (an ES module, loaded the way the other script tests load theirs). */
const checks = () => import('../../../scripts/vsix-contents.mjs');

describe('VSIX native files per target', () => {
  it("recognises this machine's real binaries and every platform's onnxruntime binding", async () => {
    const { binaryKind } = await checks();
    const bin = join(
      __dirname,
      '..',
      '..',
      '..',
      'node_modules',
      'onnxruntime-node',
      'bin',
      'napi-v6',
    );
    for (const target of ['linux-x64', 'linux-arm64', 'win32-x64', 'win32-arm64', 'darwin-arm64']) {
      const [os, arch] = target.split('-');
      const header = readFileSync(join(bin, os, arch, 'onnxruntime_binding.node')).subarray(
        0,
        4096,
      );
      assert.deepEqual(binaryKind(header), { os, arch }, target);
    }
  });

  it('accepts a package with only its own binaries', async () => {
    const { nativeProblems, readVsix } = await checks();
    const files = await readVsix(
      await vsix('win.vsix', {
        'extension/package.json': Buffer.from('{}'),
        [`${ort}/win32/x64/onnxruntime_binding.node`]: pe(0x8664),
        [`${ort}/win32/x64/onnxruntime.dll`]: pe(0x8664),
        'extension/node_modules/@img/sharp-win32-x64/lib/sharp-win32-x64.node': pe(0x8664),
        'extension/node_modules/@img/colour/index.js': Buffer.from(''),
      }),
    );
    assert.equal(files.filter((f) => f.header).length, 3);
    assert.deepEqual(nativeProblems(files, 'win32-x64'), []);
  });

  it("refuses another platform's binaries and a missing binding or sharp package", async () => {
    const { nativeProblems, readVsix } = await checks();
    const files = await readVsix(
      await vsix('mixed.vsix', {
        [`${ort}/darwin/arm64/onnxruntime_binding.node`]: macho(0x0100000c),
        [`${ort}/linux/x64/onnxruntime_binding.node`]: elf(0x3e),
        'extension/node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64.node': elf(0x3e),
        'extension/node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.8': elf(0x3e),
        'extension/node_modules/@img/sharp-darwin-arm64/lib/sharp-darwin-arm64.node': elf(0xb7),
      }),
    );
    assert.deepEqual(nativeProblems(files, 'darwin-arm64'), [
      'onnxruntime-node carries linux-x64 binaries',
      "sharp's @img/sharp-linux-x64 is not for darwin-arm64",
      "sharp's @img/sharp-libvips-linux-x64 is not for darwin-arm64",
      `${ort}/linux/x64/onnxruntime_binding.node is built for linux-x64`,
      'extension/node_modules/@img/sharp-linux-x64/lib/sharp-linux-x64.node is built for linux-x64',
      'extension/node_modules/@img/sharp-libvips-linux-x64/lib/libvips-cpp.so.8 is built for linux-x64',
      'extension/node_modules/@img/sharp-darwin-arm64/lib/sharp-darwin-arm64.node is built for linux-arm64',
    ]);
    assert.deepEqual(
      nativeProblems(
        files.filter((f) => !f.path.includes('darwin')),
        'darwin-arm64',
      ).slice(0, 2),
      [
        'onnxruntime-node has no darwin-arm64 binding',
        'onnxruntime-node carries linux-x64 binaries',
      ],
    );
  });
});
