/**
 * The extension -> CLI boundary: one typed request per command the extension runs in the bundled
 * CLI, and {@link cliArguments}, the one function that turns a request into its command line. The
 * CLI parses those arguments back with its own parser (test/unit/cli/cliRequest.test.ts checks that
 * every request survives the round trip), so no other place builds CLI arguments by hand, and each
 * value is said once: a recipe setting is a flag, never a flag and a recipe file too.
 *
 * Every option is written `--name=value` and the positional arguments follow `--`, so a value or a
 * path that starts with a dash is never read as an option.
 */
import type { ItemStatus } from './manifest';
import type { ExecutionProviderPreference, GpuProvider, PresetId } from './recipeChoices';

/** `maskmedpaint augment ... --json`: one augmentation run (the wizard's answers). */
export interface AugmentCliRequest {
  command: 'augment';
  source: string;
  target: string;
  out: string;
  /** A labels CSV naming the source images and their classes (a selection); absent = class folders. */
  labels?: string;
  /** Key-region masks; absent = none. */
  masks?: { folder: string; suffix?: string };
  /**
   * The target images' own key-region masks: a folder, or 'none' to composite onto the targets as
   * they are (said explicitly, so a preset that wants them does not stop the run); absent = what a
   * resumed run recorded.
   */
  targetMasks?: { kind: 'folder'; folder: string } | { kind: 'none' };
  preset: PresetId;
  /** An engine id of the engine registry. */
  engine: string;
  /** Model folder, .onnx file or catalog id, for engines that run one. */
  model?: string;
  perImage: number;
  seed: number;
  executionProvider: ExecutionProviderPreference;
  /** Only the first N source images (a preview). */
  limit?: number;
  /** The `maskmedpaint.requireReview` setting, always said explicitly. */
  requireReview: boolean;
  /** Wait up to this long for a run folder another process holds; absent = refuse at once. */
  waitSeconds?: number;
}

/** `maskmedpaint rerun MANIFEST ITEM --mask FILE --json`: one item again with an edited mask. */
export interface RerunCliRequest {
  command: 'rerun';
  manifest: string;
  itemId: string;
  mask: string;
  waitSeconds?: number;
}

/** `maskmedpaint review RUN ...`: decisions from the command line, and the usable summary. */
export interface ReviewCliRequest {
  command: 'review';
  run: string;
  approve?: readonly string[];
  reject?: readonly string[];
  reset?: readonly string[];
  note?: string;
  list?: ItemStatus | 'all';
}

/** `maskmedpaint models check MODEL --json`: a model on the CPU and on a GPU provider. */
export interface ModelsCheckCliRequest {
  command: 'modelsCheck';
  model: string;
  provider: GpuProvider | 'auto';
  /** The model cache folder whose registry names models (the extension's own). */
  cacheDir?: string;
}

/** `maskmedpaint gpu status --json`: each execution provider's state on this machine. */
export interface GpuStatusCliRequest {
  command: 'gpuStatus';
}

/** `maskmedpaint gpu install --json`: the CUDA provider into the user cache. */
export interface GpuInstallCliRequest {
  command: 'gpuInstall';
  /** Only print what would be fetched and its size; otherwise install without asking. */
  planOnly: boolean;
  /** The proxy URL the download goes through (VS Code's `http.proxy`). */
  proxy?: string;
}

/**
 * `maskmedpaint plan ... --json`: the wizard's run split into shards for a cluster
 * (extension/cluster, docs/scale-out.md). The run's options mean what they mean for `augment`; a
 * preview's limit and the folder wait say how to run, not what, and have no place in a plan.
 */
export interface PlanCliRequest {
  command: 'plan';
  run: Omit<AugmentCliRequest, 'command' | 'limit' | 'waitSeconds'>;
  shards: number;
  /** Also write the Slurm array job and submit.sh; absent = no Slurm scripts (Ray, or by hand). */
  slurm?: { partition?: string; time?: string };
}

/** `maskmedpaint merge --plan P --json`: a plan's finished shards joined into its merged run. */
export interface MergeCliRequest {
  command: 'merge';
  plan: string;
}

/** Everything the extension asks the CLI to do. */
export type CliRequest =
  | AugmentCliRequest
  | RerunCliRequest
  | ReviewCliRequest
  | ModelsCheckCliRequest
  | GpuStatusCliRequest
  | GpuInstallCliRequest
  | PlanCliRequest
  | MergeCliRequest;

/** `--name=value`, or nothing when the value is absent. */
function option(name: string, value: string | number | undefined): string[] {
  return value === undefined ? [] : [`--${name}=${value}`];
}

/** A list option, one `--name=value` per value (commander collects repeats of a variadic option). */
function many(name: string, values: readonly string[] | undefined): string[] {
  return (values ?? []).map((value) => `--${name}=${value}`);
}

/** The options that say what a run makes: `augment`'s, and a plan's. */
function runOptions(request: PlanCliRequest['run']): string[] {
  const { masks, targetMasks } = request;
  return [
    ...option('source', request.source),
    ...option('target', request.target),
    ...option('out', request.out),
    ...option('labels', request.labels),
    ...option('masks', masks?.folder),
    ...option('mask-suffix', masks?.suffix || undefined),
    ...option('target-masks', targetMasks?.kind === 'folder' ? targetMasks.folder : undefined),
    ...(targetMasks?.kind === 'none' ? ['--no-fill-target'] : []),
    ...option('preset', request.preset),
    ...option('engine', request.engine),
    ...option('model', request.model),
    ...option('per-image', request.perImage),
    ...option('seed', request.seed),
    ...option('provider', request.executionProvider),
    request.requireReview ? '--require-review' : '--no-require-review',
  ];
}

function augmentArguments(request: AugmentCliRequest): string[] {
  return [
    'augment',
    ...runOptions(request),
    ...option('limit', request.limit),
    ...option('wait', request.waitSeconds),
    '--json',
  ];
}

function planArguments(request: PlanCliRequest): string[] {
  const { slurm } = request;
  return [
    'plan',
    ...runOptions(request.run),
    ...option('shards', request.shards),
    ...(slurm
      ? ['--slurm', ...option('partition', slurm.partition), ...option('time', slurm.time)]
      : []),
    '--json',
  ];
}

/** The command line after the CLI script for `request`. */
export function cliArguments(request: CliRequest): string[] {
  switch (request.command) {
    case 'augment':
      return augmentArguments(request);
    case 'rerun':
      return [
        'rerun',
        ...option('mask', request.mask),
        ...option('wait', request.waitSeconds),
        '--json',
        '--',
        request.manifest,
        request.itemId,
      ];
    case 'review':
      return [
        'review',
        ...option('note', request.note),
        ...option('list', request.list),
        ...many('approve', request.approve),
        ...many('reject', request.reject),
        ...many('reset', request.reset),
        '--',
        request.run,
      ];
    case 'modelsCheck':
      return [
        'models',
        'check',
        ...option('provider', request.provider),
        ...option('cache', request.cacheDir),
        '--json',
        '--',
        request.model,
      ];
    case 'gpuStatus':
      return ['gpu', 'status', '--json'];
    case 'gpuInstall':
      return [
        'gpu',
        'install',
        request.planOnly ? '--plan' : '--yes',
        '--json',
        ...option('proxy', request.proxy),
      ];
    case 'plan':
      return planArguments(request);
    case 'merge':
      return ['merge', ...option('plan', request.plan), '--json'];
    default: {
      const unknown: never = request;
      throw new Error(`unknown CLI request ${JSON.stringify(unknown)}`);
    }
  }
}
