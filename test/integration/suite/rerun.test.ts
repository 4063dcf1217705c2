/**
 * The review panel's brush path end to end: the panel sends an edited key-region mask, the host
 * saves it and re-runs just that item in a child process; the item's output is replaced, the
 * manifest records the edited mask and the new hash, and no other item changes. A hand-edited
 * mask path outside the run's folders is refused and logged, and nothing is written.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import sharp from 'sharp';
import * as vscode from 'vscode';
import type { Manifest } from '../../../src/shared/manifest';
import { postFromWebview, waitInWebview } from './bridge';
import { fixtureManifest, readJson, waitForManifest, workspaceRoot } from './helpers';
import { nextProblem } from './problems';
import { SELECTORS } from './selectors';

/** A 64x64 PNG data URL: a white disc of `radius` (the key region) on black. */
async function discMaskDataUrl(radius: number): Promise<string> {
  const size = 64;
  const pixels = Buffer.alloc(size * size);
  for (let y = 0; y < size; y += 1) {
    for (let x = 0; x < size; x += 1) {
      if ((x - size / 2) ** 2 + (y - size / 2) ** 2 <= radius ** 2) pixels[y * size + x] = 255;
    }
  }
  const png = await sharp(pixels, { raw: { width: size, height: size, channels: 1 } })
    .png()
    .toBuffer();
  return `data:image/png;base64,${png.toString('base64')}`;
}

/** Defines the re-run test (needs the inpaint tests' manifest and the Playwright bridge). */
export function defineRerunTests(): void {
  suite('re-run one item with an edited mask', () => {
    test('replaces the output, records the edited mask, leaves other items alone', async () => {
      const before = await readJson<Manifest>(fixtureManifest());
      const item = before.items[before.items.length - 1];
      assert.ok(item?.output && item.sha256);
      await vscode.commands.executeCommand(
        'maskmedpaint.reviewAugmentations',
        fixtureManifest(),
        item.id,
      );
      await waitInWebview(SELECTORS.reviewAccept);
      // What the brush tool posts when the user clicks "Save mask & re-run".
      await postFromWebview(SELECTORS.reviewAccept, {
        type: 'saveMask',
        itemId: item.id,
        pngDataUrl: await discMaskDataUrl(26),
      });
      const after = await waitForManifest<Manifest>(
        fixtureManifest(),
        (m) => m.items.some((i) => i.id === item.id && i.sha256 !== item.sha256),
        90_000,
      );
      const changed = after.items.find((i) => i.id === item.id);
      assert.ok(changed);
      assert.ok(changed.mask?.includes('edited-masks'), `mask is ${String(changed.mask)}`);
      assert.equal(changed.status, 'pending');
      const bytes = await vscode.workspace.fs.readFile(
        vscode.Uri.file(path.join(path.dirname(fixtureManifest().fsPath), changed.output ?? '')),
      );
      assert.equal(createHash('sha256').update(bytes).digest('hex'), changed.sha256);
      const others = (m: Manifest) =>
        m.items.filter((i) => i.id !== item.id).map((i) => [i.id, i.sha256, i.status]);
      assert.deepEqual(others(after), others(before));
    });

    test('a hand-edited mask path outside the run folders is refused by the mask save and logged; nothing is written', async () => {
      const original = await vscode.workspace.fs.readFile(fixtureManifest());
      const manifest = JSON.parse(new TextDecoder().decode(original)) as Manifest;
      const item = manifest.items[0];
      assert.ok(item?.output);
      // workspace/../outside/secret.png, seen from workspace/data/source-maskmedpaint/.
      item.mask = '../../../outside/secret.png';
      await vscode.workspace.fs.writeFile(
        fixtureManifest(),
        new TextEncoder().encode(JSON.stringify(manifest)),
      );
      try {
        await vscode.commands.executeCommand(
          'maskmedpaint.reviewAugmentations',
          fixtureManifest(),
          item.id,
        );
        await waitInWebview(SELECTORS.reviewAccept);
        // The save's own error (the panel's display refusal says "refused item ...").
        const refused = nextProblem(
          (line) => line.includes(`review panel: item "${item.id}", field "mask"`),
          30_000,
        );
        await postFromWebview(SELECTORS.reviewAccept, {
          type: 'saveMask',
          itemId: item.id,
          pngDataUrl: await discMaskDataUrl(20),
        });
        assert.match(await refused, /resolves to .*secret\.png, outside /);
        const siblings = await vscode.workspace.fs.readDirectory(
          vscode.Uri.joinPath(workspaceRoot(), '..', 'outside'),
        );
        assert.deepEqual(
          siblings.map(([name]) => name),
          ['secret.png'],
        );
        const after = await readJson<Manifest>(fixtureManifest());
        assert.equal(after.items[0]?.sha256, item.sha256, 'the item was re-run');
      } finally {
        await vscode.workspace.fs.writeFile(fixtureManifest(), original);
      }
    });
  });
}
