// `npm run package`: builds a platform-specific VSIX (vsce package --target) that carries only
// that platform's native binaries. The bundles in dist/ contain every pure-JS dependency but one;
// the packages esbuild leaves external (native sharp and onnxruntime-node, and piscina, which
// starts its own thread script from its package folder) ship as node_modules,
// copied into a staging folder with other platforms' binaries pruned, so the repository's own
// node_modules is never modified.
//
// A target's sharp binaries (@img/sharp-<target>, @img/sharp-libvips-<target>) are npm optional
// dependencies that npm installs for the machine it runs on only; for another target they are
// fetched with `npm pack` at sharp's exact pinned versions (npm checks the registry's integrity
// hash) into .cache/vsix-natives/, so any machine that reaches the npm registry packages every
// target. onnxruntime-node's package carries every platform's binaries; the others are pruned.
// Each VSIX is then checked: every native file is listed and must be built for its target
// (scripts/vsix-contents.mjs).
//
// Usage: node scripts/package-vsix.mjs [--target linux-x64|all] [--out DIR]
//   --target  VS Code target (linux-x64, linux-arm64, darwin-arm64, darwin-x64, win32-x64,
//             win32-arm64), or `all` for linux-x64, win32-x64 and darwin-arm64; default: this
//             machine.
//   --out     folder for the .vsix files (default: the repository root).
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { nativeProblems, readVsix } from './vsix-contents.mjs';
import { SHIPPED_EXTERNALS } from './bundleExternals.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const requested = option('--target', `${process.platform}-${process.arch}`);
const outDir = path.resolve(option('--out', repoRoot));
const TARGETS = [
  'linux-x64',
  'linux-arm64',
  'darwin-x64',
  'darwin-arm64',
  'win32-x64',
  'win32-arm64',
];
const targets = requested === 'all' ? ['linux-x64', 'win32-x64', 'darwin-arm64'] : [requested];
for (const target of targets) {
  if (!TARGETS.includes(target)) {
    console.error(
      `package-vsix: unsupported --target ${target} (known: ${TARGETS.join(', ')}, all)`,
    );
    process.exit(2);
  }
}

/** Packages the bundles load at run time from node_modules (scripts/bundleExternals.mjs). */
const NATIVE_ROOTS = SHIPPED_EXTERNALS;

/** True when an optional platform package (e.g. @img/sharp-linux-x64) belongs to the target. */
function matchesTarget(name, target) {
  return name.replace(/^@img\/sharp-(libvips-)?/, '') === target;
}

const readManifest = (dir) => JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));

/**
 * The folder of package `name` at `version`: the repository's node_modules when it holds that
 * version, else a copy fetched once with `npm pack` into .cache/vsix-natives/ (renamed into place
 * when complete, so an interrupted fetch is never used).
 */
function packageDir(name, version) {
  const installed = path.join(repoRoot, 'node_modules', name);
  if (
    existsSync(installed) &&
    (version === undefined || readManifest(installed).version === version)
  )
    return installed;
  if (version === undefined) throw new Error(`package-vsix: ${name} is not installed (run npm ci)`);
  const cached = path.join(
    repoRoot,
    '.cache',
    'vsix-natives',
    `${name.replace('/', '+')}@${version}`,
  );
  if (existsSync(path.join(cached, 'package.json'))) return cached;
  const temp = mkdtempSync(path.join(os.tmpdir(), 'vsix-natives-'));
  try {
    const tarball = execFileSync(
      'npm',
      ['pack', `${name}@${version}`, '--silent', '--pack-destination', temp],
      {
        cwd: temp,
        encoding: 'utf8',
      },
    )
      .trim()
      .split('\n')
      .at(-1);
    execFileSync('tar', ['-xzf', path.join(temp, tarball), '-C', temp]);
    mkdirSync(path.dirname(cached), { recursive: true });
    rmSync(cached, { recursive: true, force: true });
    renameSync(path.join(temp, 'package'), cached);
    console.log(`package-vsix: fetched ${name}@${version} for another platform (npm pack)`);
    return cached;
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

/** The production dependency closure of `roots` for `target`: package name -> folder. */
function dependencyClosure(roots, target) {
  const found = new Map();
  const visit = (name, version) => {
    if (found.has(name)) return;
    const dir = packageDir(name, version);
    found.set(name, dir);
    const manifest = readManifest(dir);
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, undefined);
    for (const [dep, pinned] of Object.entries(manifest.optionalDependencies ?? {}))
      if (matchesTarget(dep, target)) visit(dep, pinned);
  };
  roots.forEach((name) => visit(name, undefined));
  return new Map([...found].sort(([a], [b]) => a.localeCompare(b)));
}

function folderSize(dir) {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    const stat = statSync(full);
    total += stat.isDirectory() ? folderSize(full) : stat.size;
  }
  return total;
}

const run = (command, commandArgs, cwd) =>
  execFileSync(command, commandArgs, { cwd, stdio: 'inherit' });

/** Stages, packages and checks one target's VSIX; returns its path. */
async function packageTarget(target) {
  const [platform, arch] = target.split('-');
  const staging = path.join(repoRoot, '.cache', 'vsix-staging', target);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const manifest = readManifest(repoRoot);
  const natives = dependencyClosure(NATIVE_ROOTS, target);
  const stagedManifest = { ...manifest };
  // Pure-JS dependencies are inside the bundles; vsce's `npm list` must see exactly what ships.
  stagedManifest.dependencies = Object.fromEntries(
    NATIVE_ROOTS.map((name) => [name, readManifest(natives.get(name)).version]),
  );
  delete stagedManifest.devDependencies;
  delete stagedManifest.scripts;
  writeFileSync(path.join(staging, 'package.json'), JSON.stringify(stagedManifest, null, 2) + '\n');
  for (const file of ['README.md', 'CHANGELOG.md', 'LICENSE']) {
    if (existsSync(path.join(repoRoot, file)))
      cpSync(path.join(repoRoot, file), path.join(staging, file));
  }
  cpSync(path.join(repoRoot, 'dist'), path.join(staging, 'dist'), {
    recursive: true,
    // Integration-test bundles and stale source maps of development builds stay out.
    filter: (src) => !src.includes(`${path.sep}dist${path.sep}test`) && !src.endsWith('.map'),
  });
  for (const folder of ['media', 'schema']) {
    if (existsSync(path.join(repoRoot, folder)))
      cpSync(path.join(repoRoot, folder), path.join(staging, folder), { recursive: true });
  }
  // The Python toolkit: "Fine-tune Model on Target Domain" pip-installs it from this copy (never by
  // name from the package index). Sources and project file only: no tests, caches or build output.
  for (const entry of ['pyproject.toml', 'README.md', 'src']) {
    const from = path.join(repoRoot, 'python', entry);
    if (!existsSync(from)) continue;
    cpSync(from, path.join(staging, 'python', entry), {
      recursive: true,
      filter: (src) => !/(__pycache__|\.egg-info|\.pyc$)/.test(src),
    });
  }
  cpSync(path.join(repoRoot, '.vscodeignore'), path.join(staging, '.vscodeignore'));
  for (const [name, dir] of natives) {
    cpSync(dir, path.join(staging, 'node_modules', name), { recursive: true, dereference: true });
  }

  // Prune onnxruntime-node's binaries for other platforms (each is 25 to 90 MB).
  const ortBin = path.join(staging, 'node_modules', 'onnxruntime-node', 'bin');
  for (const napi of readdirSync(ortBin)) {
    for (const osName of readdirSync(path.join(ortBin, napi))) {
      for (const cpu of readdirSync(path.join(ortBin, napi, osName))) {
        if (osName !== platform || cpu !== arch)
          rmSync(path.join(ortBin, napi, osName, cpu), { recursive: true, force: true });
      }
      if (readdirSync(path.join(ortBin, napi, osName)).length === 0)
        rmSync(path.join(ortBin, napi, osName), { recursive: true });
    }
    if (!existsSync(path.join(ortBin, napi, platform, arch))) {
      throw new Error(`package-vsix: onnxruntime-node has no ${target} binary in ${napi}`);
    }
  }

  mkdirSync(outDir, { recursive: true });
  const vsix = path.join(outDir, `${manifest.name}-${manifest.version}-${target}.vsix`);
  const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
  run(
    process.execPath,
    [
      vsce,
      'package',
      '--target',
      target,
      '--out',
      vsix,
      '--allow-missing-repository',
      '--skip-license',
      // README links to docs/ in the repository; without a repository URL they stay relative.
      '--no-rewrite-relative-links',
    ],
    staging,
  );
  const files = await readVsix(vsix);
  const problems = nativeProblems(files, target);
  if (problems.length > 0)
    throw new Error(
      `package-vsix: ${path.basename(vsix)} carries wrong native files:\n  ${problems.join('\n  ')}`,
    );
  const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  console.log(`package-vsix: ${vsix}`);
  console.log(
    `package-vsix: VSIX size ${mb(statSync(vsix).size)} (staged files ${mb(folderSize(staging))}); ` +
      `${files.filter((f) => f.header).length} native files, all built for ${target}`,
  );
  return vsix;
}

// Production bundles (minified, no source maps), once for every target.
run(process.execPath, ['esbuild.mjs', '--production'], repoRoot);
for (const target of targets) await packageTarget(target);
