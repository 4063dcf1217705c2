/**
 * Answers the notebook renderer's "resolve" request: reads the manifest (or takes the inline
 * items), applies the filter, takes one page (from `offset`, the filter's `limit` items),
 * confines every path, and attaches thumbnails only when the workspace is trusted. No vscode
 * import: paths are checked through the injected `isAllowed`.
 */
import * as path from 'node:path';
import { readManifest } from '../../core/jobs/manifestStore';
import type { Manifest, ManifestDicomInfo } from '../../shared/manifest';
import { runRequiresReview } from '../../shared/usable';
import { filterManifestItems, pageOf, type ResolvedPage } from '../../shared/rendererPage';
import type { GalleryPayload, RendererItemView } from '../../shared/rendererProtocol';
import { ManifestPaths } from '../../core/jobs/manifestPaths';
import { confinedImagePaths, RefusalReport } from './confinedItemPaths';

/** What resolving needs from the host. */
export interface ResolveContext {
  /** Folder that relative payload paths are relative to (the notebook's folder). */
  baseDir: string;
  trusted: boolean;
  isAllowed: (absolutePath: string) => Promise<boolean>;
  /** `dicom`: the item's DICOM facts, for outputs written as 16-bit PNG. */
  thumbnail: (absolutePath: string, dicom?: ManifestDicomInfo) => Promise<string | null>;
  /** Where refusals of manifest paths are reported (the extension's log). */
  warn: (message: string) => void;
}

interface PendingItem {
  view: Omit<RendererItemView, 'sourceThumb' | 'maskThumb' | 'outputThumb'>;
  source: string | null;
  mask: string | null;
  output: string | null;
  dicom?: ManifestDicomInfo;
}

async function withThumbnails(
  pending: PendingItem[],
  ctx: ResolveContext,
): Promise<RendererItemView[]> {
  const thumb = async (p: string | null, dicom?: ManifestDicomInfo): Promise<string | null> =>
    ctx.trusted && p !== null && (await ctx.isAllowed(p)) ? ctx.thumbnail(p, dicom) : null;
  const views: RendererItemView[] = [];
  for (const item of pending) {
    views.push({
      ...item.view,
      sourceThumb: await thumb(item.source),
      maskThumb: await thumb(item.mask),
      outputThumb: await thumb(item.output, item.dicom),
    });
  }
  return views;
}

/** Resolves a payload into renderer items, or an error message the renderer shows as text. */
export async function resolvePayload(
  payload: GalleryPayload,
  ctx: ResolveContext,
  offset = 0,
): Promise<ResolvedPage> {
  const fail = (error: string): ResolvedPage => ({
    trusted: ctx.trusted,
    manifest: null,
    items: [],
    offset,
    total: 0,
    error,
  });
  if ('manifest' in payload) {
    const manifestPath = path.resolve(ctx.baseDir, payload.manifest);
    if (!(await ctx.isAllowed(manifestPath)))
      return fail(`manifest is outside the workspace: ${payload.manifest}`);
    let manifest: Manifest;
    try {
      manifest = await readManifest(manifestPath);
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
    const filtered = filterManifestItems(
      manifest.items,
      payload.filter,
      runRequiresReview(manifest),
    );
    const page = pageOf(offset, payload.filter?.limit);
    // Each path lies in the folder the manifest records for it, or it is not drawn. Untrusted,
    // nothing is drawn, so nothing is looked up either.
    const paths = ctx.trusted ? await ManifestPaths.open(manifestPath, manifest.inputs) : null;
    const report = new RefusalReport('notebook renderer', ctx.warn);
    const pending: PendingItem[] = [];
    for (const item of filtered.slice(page.start, page.end)) {
      pending.push({
        view: { id: item.id, label: item.label, status: item.status, error: item.error },
        ...(paths
          ? await confinedImagePaths(paths, item, report)
          : { source: null, mask: null, output: null }),
        ...(item.dicom ? { dicom: item.dicom } : {}),
      });
    }
    report.finish();
    return {
      trusted: ctx.trusted,
      manifest: manifestPath,
      items: await withThumbnails(pending, ctx),
      offset,
      total: filtered.length,
      error: null,
    };
  }
  const abs = (p: string | null | undefined): string | null =>
    p ? path.resolve(ctx.baseDir, p) : null;
  const page = pageOf(offset, payload.filter?.limit);
  const pending = payload.items.slice(page.start, page.end).map((item, index) => ({
    view: {
      id: item.id ?? `item ${page.start + index + 1}`,
      label: item.label ?? '',
      status: item.status ?? null,
      error: null,
    },
    source: path.resolve(ctx.baseDir, item.source),
    mask: abs(item.mask),
    output: abs(item.output),
  }));
  return {
    trusted: ctx.trusted,
    manifest: null,
    items: await withThumbnails(pending, ctx),
    offset,
    total: payload.items.length,
    error: null,
  };
}
