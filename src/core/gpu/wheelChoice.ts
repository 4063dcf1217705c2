/**
 * Which wheel of a release fits this machine. The provider libraries do not use Python, so any
 * CPython build of onnxruntime-gpu carries the same ones; what matters is the platform tag
 * (manylinux for the CPU architecture) and that this machine's glibc is new enough for it.
 */

/** The parts of a wheel file name (PEP 427) this chooser reads. */
export interface WheelTags {
  name: string;
  version: string;
  python: string;
  abi: string;
  /** Platform tags (a compressed tag set like `manylinux_2_27_x86_64.manylinux_2_28_x86_64` split). */
  platforms: string[];
}

/** Splits `name-version(-build)?-python-abi-platform.whl`; undefined when it is not a wheel name. */
export function parseWheelName(filename: string): WheelTags | undefined {
  const match = /^([^-]+)-([^-]+)(?:-\d[^-]*)?-([^-]+)-([^-]+)-([^-]+)\.whl$/.exec(filename);
  if (!match) return undefined;
  return {
    name: match[1],
    version: match[2],
    python: match[3],
    abi: match[4],
    platforms: match[5].split('.'),
  };
}

const MACHINE: Record<string, string> = { x64: 'x86_64', arm64: 'aarch64' };

/** The glibc a manylinux tag needs ([2, 28] for manylinux_2_28; the legacy aliases by their PEP). */
function requiredGlibc(tag: string): [number, number] | undefined {
  const modern = /^manylinux_(\d+)_(\d+)_/.exec(tag);
  if (modern) return [Number(modern[1]), Number(modern[2])];
  if (tag.startsWith('manylinux1_')) return [2, 5];
  if (tag.startsWith('manylinux2010_')) return [2, 12];
  if (tag.startsWith('manylinux2014_')) return [2, 17];
  return undefined;
}

/** The machine a wheel must fit. */
export interface WheelTarget {
  platform: NodeJS.Platform;
  arch: string;
  /** glibc version as "2.36"; undefined when unknown (then the tag's glibc is not checked). */
  glibc?: string;
}

/** True when one of the wheel's platform tags runs on `target`. */
export function wheelFits(tags: WheelTags, target: WheelTarget): boolean {
  const machine = MACHINE[target.arch];
  if (target.platform !== 'linux' || machine === undefined) return false;
  const have = target.glibc?.split('.').map(Number);
  return tags.platforms.some((tag) => {
    if (!tag.endsWith(`_${machine}`)) return false;
    const need = requiredGlibc(tag);
    if (need === undefined) return false;
    if (have === undefined || have.length < 2) return true;
    return have[0] > need[0] || (have[0] === need[0] && have[1] >= need[1]);
  });
}

/**
 * The wheel to take from `filenames`: one that fits, preferring builds for the regular CPython ABI
 * (free-threaded `t` builds are made the same way but are newer and rarer on mirrors), then the
 * newest Python, so the choice is the same on every run.
 */
export function chooseWheel(filenames: string[], target: WheelTarget): string | undefined {
  const fitting = filenames
    .map((filename) => ({ filename, tags: parseWheelName(filename) }))
    .filter(
      (w): w is { filename: string; tags: WheelTags } => !!w.tags && wheelFits(w.tags, target),
    );
  const rank = (w: { tags: WheelTags }): [number, number] => [
    w.tags.abi.endsWith('t') ? 0 : 1,
    Number(/^cp3(\d+)/.exec(w.tags.python)?.[1] ?? 0),
  ];
  fitting.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0] - y[0] || x[1] - y[1] || a.filename.localeCompare(b.filename);
  });
  return fitting.at(-1)?.filename;
}

/** This process's glibc version, when it runs on glibc. */
export function runningGlibc(): string | undefined {
  const report = process.report?.getReport() as
    { header?: { glibcVersionRuntime?: string } } | undefined;
  return report?.header?.glibcVersionRuntime;
}
