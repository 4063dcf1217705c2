/**
 * What the model commands show, computed without VS Code so it is unit-tested: the quick-pick
 * rows for "Download Model", the confirmations a licence or missing hashes need, and the proxy
 * settings taken from VS Code's own `http.proxy` / `http.noProxy`.
 */
import { ENGINES } from '../../core/engines/registry';
import type { CatalogEntry, ModelKind } from '../../core/models/catalogTypes';
import { formatBytes } from '../../core/models/progressMeter';
import type { ProxySettings } from '../../core/models/proxy';
import type { RegisteredModel } from '../../core/models/registry';

export interface ModelPickRow {
  id: string;
  label: string;
  description: string;
  detail: string;
}

/** One row per catalog model; installed ones say so. */
export function downloadPickRows(
  catalog: readonly CatalogEntry[],
  installed: readonly RegisteredModel[],
): ModelPickRow[] {
  return catalog.map((entry) => {
    const have = installed.some((m) => m.id === entry.id || m.catalogId === entry.id);
    const bytes = entry.files.every((f) => f.size !== null)
      ? formatBytes(entry.files.reduce((s, f) => s + (f.size ?? 0), 0))
      : 'size unknown';
    const tags = [entry.kind, bytes, entry.license];
    if (entry.nonCommercial) tags.push('non-commercial');
    if (!entry.verified) tags.push('unverified hashes');
    return {
      id: entry.id,
      label: `${have ? '$(check) ' : ''}${entry.title}`,
      description: tags.join(' · '),
      detail: entry.licenseNote,
    };
  });
}

export interface Confirmation {
  message: string;
  detail: string;
  accept: string;
}

/** The confirmations to ask, in order, before downloading `entry` (empty: none needed). */
export function confirmationsFor(entry: CatalogEntry): Confirmation[] {
  const asks: Confirmation[] = [];
  if (entry.nonCommercial) {
    asks.push({
      message: `${entry.title} has a restrictive licence (${entry.license}).`,
      detail: entry.licenseNote,
      accept: 'Accept Licence and Download',
    });
  }
  if (!entry.verified) {
    asks.push({
      message: `${entry.title} has files without a published SHA-256.`,
      detail:
        `${entry.note ?? ''} The hashes received are recorded so later changes are noticed.`.trim(),
      accept: 'Download Unverified',
    });
  }
  return asks;
}

/** VS Code's proxy settings as the downloader's ProxySettings (environment variables still apply). */
export function proxyFromVsCode(
  httpProxy: unknown,
  noProxy: unknown,
  env: Record<string, string | undefined>,
): ProxySettings {
  const proxy =
    typeof httpProxy === 'string' && httpProxy.trim() !== '' ? httpProxy.trim() : undefined;
  const bypass = Array.isArray(noProxy)
    ? noProxy.filter((v): v is string => typeof v === 'string').join(',')
    : undefined;
  return { env, ...(proxy !== undefined ? { proxy } : {}), ...(bypass ? { noProxy: bypass } : {}) };
}

/** A row of the "what is this file?" question for an .onnx that is not in the catalog. */
export interface LocalKindChoice {
  label: string;
  /** Not `kind`: QuickPickItem uses that name for separators. */
  modelKind: ModelKind;
  /** The engine that runs it, for kinds several engines share (an engine registry id). */
  engine?: string;
}

/** One row per engine whose models are registered per engine (the registry's plain inpainters). */
export const LOCAL_KIND_CHOICES: readonly LocalKindChoice[] = [
  ...ENGINES.flatMap((engine) =>
    engine.model?.registeredPerEngine && engine.model.kinds[0] !== undefined
      ? [
          {
            label: `${engine.label} inpainter`,
            modelKind: engine.model.kinds[0],
            engine: engine.id,
          },
        ]
      : [],
  ),
  { label: 'Background removal (key-region proposals)', modelKind: 'background-removal' },
];

/**
 * The models "Check Model on GPU Provider" offers: every registered model (any kind: the check
 * runs whatever graphs it has) and the `maskmedpaint.modelFolders` folders, each path once.
 * `id` is the path handed to `models check`.
 */
export function checkModelPickRows(
  registered: readonly RegisteredModel[],
  settingFolders: readonly string[],
): ModelPickRow[] {
  const rows: ModelPickRow[] = [];
  const seen = new Set<string>();
  const add = (row: ModelPickRow): void => {
    if (seen.has(row.id)) return;
    seen.add(row.id);
    rows.push(row);
  };
  for (const model of registered) {
    const origin = model.source === 'download' ? 'downloaded' : 'local';
    add({
      id: model.path,
      label: model.id,
      description: `${model.kind} · ${origin}`,
      detail: model.path,
    });
  }
  for (const folder of settingFolders) {
    const name =
      folder
        .split(/[\\/]/)
        .filter((part) => part !== '')
        .pop() ?? folder;
    add({ id: folder, label: name, description: 'maskmedpaint.modelFolders', detail: folder });
  }
  return rows;
}
