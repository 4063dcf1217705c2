/**
 * Resolves a gallery payload in the browser, for the JupyterLab renderer: the same answer the VS
 * Code extension host gives the VS Code renderer (extension/views/rendererResolve.ts), built from
 * files fetched from the Jupyter server. The manifest is checked against its schema, the review
 * decisions journal beside it is folded in (a rejection made in any tool shows here), the filter
 * and page rules are the shared ones, and each item path must lie in the folder the manifest
 * records for it, or it is not drawn.
 */
import { foldDecisions } from '../core/jobs/decisionFold';
import { parseDecisionLines } from '../core/jobs/decisionRecord';
import { manifestProblems } from '../core/jobs/manifestProblems';
import { DECISIONS_FILE_NAME, type Manifest, type ManifestItem } from '../shared/manifest';
import { filterManifestItems, pageOf, type ResolvedPage } from '../shared/rendererPage';
import type { GalleryPayload, RendererItemView } from '../shared/rendererProtocol';
import { mapLimited } from '../shared/mapLimited';
import { runRequiresReview } from '../shared/usable';
import type { ServerFiles } from './serverFiles';
import { isInsideServerDir, serverDirOf, toServerPath } from './serverPaths';

/** Thumbnails made at once (each is a fetch and a decode in the browser). */
const THUMBNAIL_CONCURRENCY = 6;

/** An item's image paths on the server; null where not drawn. */
interface ItemPaths {
  source: string | null;
  mask: string | null;
  output: string | null;
}

/** The folders each item field may name files in (server paths), as the manifest records them. */
interface ManifestRoots {
  manifestDir: string;
  source: string[];
  mask: string[];
  output: string[];
}

function rootsOf(
  manifest: Manifest,
  manifestDir: string,
  serverRoot: string | null,
): ManifestRoots {
  const folder = (recorded: string | null | undefined): string[] => {
    if (recorded === null || recorded === undefined) return [];
    // A mask CSV is recorded instead of a masks folder; the masks it names sit in its folder.
    const dir = recorded.toLowerCase().endsWith('.csv') ? `${recorded}/..` : recorded;
    const located = toServerPath(dir, manifestDir, serverRoot);
    return located === null ? [] : [located];
  };
  return {
    manifestDir,
    source: folder(manifest.inputs.source),
    mask: [...folder(manifest.inputs.masks), manifestDir],
    output: [manifestDir],
  };
}

function itemPaths(item: ManifestItem, roots: ManifestRoots, serverRoot: string | null): ItemPaths {
  const confined = (value: string | null, allowed: string[]): string | null => {
    if (value === null) return null;
    const located = toServerPath(value, roots.manifestDir, serverRoot);
    return located !== null && allowed.some((dir) => isInsideServerDir(dir, located))
      ? located
      : null;
  };
  return {
    source: confined(item.source, roots.source),
    mask: confined(item.mask, roots.mask),
    output: confined(item.output, roots.output),
  };
}

async function withThumbnails(
  views: Omit<RendererItemView, 'sourceThumb' | 'maskThumb' | 'outputThumb'>[],
  paths: ItemPaths[],
  files: ServerFiles,
): Promise<RendererItemView[]> {
  const thumb = (p: string | null): Promise<string | null> =>
    p === null ? Promise.resolve(null) : files.thumbnail(p).catch(() => null);
  return mapLimited(views, THUMBNAIL_CONCURRENCY, async (view, index) => {
    const p = paths[index];
    return {
      ...view,
      sourceThumb: await thumb(p.source),
      maskThumb: await thumb(p.mask),
      outputThumb: await thumb(p.output),
    };
  });
}

/** Reads, checks and folds the manifest at `manifestPath` (a server path). */
async function readManifestFromServer(
  manifestPath: string,
  files: ServerFiles,
): Promise<Manifest | string> {
  let text: string | null;
  try {
    text = await files.readText(manifestPath);
  } catch (error) {
    return `cannot read ${manifestPath} (${error instanceof Error ? error.message : String(error)})`;
  }
  if (text === null) return `no manifest at ${manifestPath}`;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `${manifestPath} is not valid JSON (${(error as Error).message})`;
  }
  const problems = manifestProblems(parsed);
  if (problems.length > 0) return `invalid manifest ${manifestPath}: ${problems.join('; ')}`;
  const manifest = parsed as Manifest;
  const journalPath = `${serverDirOf(manifestPath)}/${DECISIONS_FILE_NAME}`.replace(/^\//, '');
  let journal: string | null;
  try {
    journal = await files.readText(journalPath);
  } catch (error) {
    return `cannot read the review decisions journal ${journalPath} (${(error as Error).message})`;
  }
  if (journal === null) return manifest;
  const { items } = foldDecisions(manifest.items, parseDecisionLines(journal).decisions);
  return { ...manifest, items };
}

/** The page of `payload` that starts at item `offset`, or an error the renderer shows as text. */
export async function resolveInBrowser(
  payload: GalleryPayload,
  files: ServerFiles,
  offset = 0,
): Promise<ResolvedPage> {
  const fail = (error: string): ResolvedPage => ({
    trusted: true,
    manifest: null,
    items: [],
    offset,
    total: 0,
    error,
  });
  const page = pageOf(offset, payload.filter?.limit);
  if ('manifest' in payload) {
    const manifestPath = toServerPath(payload.manifest, files.notebookDir, files.serverRoot);
    if (manifestPath === null)
      return fail(`the manifest ${payload.manifest} is outside the Jupyter server's root folder`);
    const manifest = await readManifestFromServer(manifestPath, files);
    if (typeof manifest === 'string') return fail(manifest);
    const filtered = filterManifestItems(
      manifest.items,
      payload.filter,
      runRequiresReview(manifest),
    );
    const shown = filtered.slice(page.start, page.end);
    const roots = rootsOf(manifest, serverDirOf(manifestPath), files.serverRoot);
    const views = shown.map((item) => ({
      id: item.id,
      label: item.label,
      status: item.status,
      error: item.error,
    }));
    const paths = shown.map((item) => itemPaths(item, roots, files.serverRoot));
    return {
      trusted: true,
      // No review panel in JupyterLab: the renderer offers no "Open review" without a host.
      manifest: null,
      items: await withThumbnails(views, paths, files),
      offset,
      total: filtered.length,
      error: null,
    };
  }
  const locate = (p: string | null | undefined): string | null =>
    p ? toServerPath(p, files.notebookDir, files.serverRoot) : null;
  const shown = payload.items.slice(page.start, page.end);
  const views = shown.map((item, index) => ({
    id: item.id ?? `item ${page.start + index + 1}`,
    label: item.label ?? '',
    status: item.status ?? null,
    error: null,
  }));
  const paths = shown.map((item) => ({
    source: locate(item.source),
    mask: locate(item.mask),
    output: locate(item.output),
  }));
  return {
    trusted: true,
    manifest: null,
    items: await withThumbnails(views, paths, files),
    offset,
    total: payload.items.length,
    error: null,
  };
}
