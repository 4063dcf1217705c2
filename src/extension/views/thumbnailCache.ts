/**
 * The host-side thumbnail service: images that webviews cannot draw as they are (DICOM, TIFF,
 * 16-bit outputs of DICOM sources) are rendered once to 8-bit PNGs in a hidden cache folder
 * beside the run (`.maskmedpaint-thumbs`, inside the folders the webview may load from) and the
 * views hand out that file's webview URI. A cached file is keyed by the image's path, size and
 * modification time and by the rendering options, so an edited image renders anew.
 */
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../../core/util/atomicWrite';
import { needsHostRendering, renderDisplayPng, type RenderOptions } from './thumbnailRender';

/** Name of the cache folder created beside a manifest. */
export const THUMBNAIL_FOLDER = '.maskmedpaint-thumbs';

/** Longest side of a gallery thumbnail. */
export const GALLERY_THUMB_SIZE = 256;

/** Renders and caches display images for one cache folder. */
export class ThumbnailCache {
  private readonly pending = new Map<string, Promise<string | null>>();

  constructor(private readonly cacheDir: string) {}

  /** The cache of the run whose manifest is `manifestPath`. */
  static beside(manifestPath: string): ThumbnailCache {
    return new ThumbnailCache(path.join(path.dirname(manifestPath), THUMBNAIL_FOLDER));
  }

  /**
   * The file a webview should load for `filePath`: the file itself when a browser can draw it,
   * else the cached rendering (made now if missing). Null when the image cannot be read.
   */
  async displayPath(filePath: string, options: RenderOptions = {}): Promise<string | null> {
    if (!needsHostRendering(filePath, options.dicom)) return filePath;
    const stat = await fs.stat(filePath).catch(() => undefined);
    if (!stat?.isFile()) return null;
    const key = createHash('sha256')
      .update(JSON.stringify([path.resolve(filePath), stat.size, stat.mtimeMs, options]))
      .digest('hex')
      .slice(0, 32);
    const cached = path.join(this.cacheDir, `${key}.png`);
    if (existsSync(cached)) return cached;
    let running = this.pending.get(cached);
    if (!running) {
      running = renderDisplayPng(filePath, options)
        .then(async (png) => {
          await writeFileAtomic(cached, png);
          return cached;
        })
        .catch(() => null)
        .finally(() => this.pending.delete(cached));
      this.pending.set(cached, running);
    }
    return running;
  }
}
