// `npm run package`: builds a platform-specific VSIX (vsce package --target) that carries only
// that platform's native binaries. The bundles in dist/ contain every pure-JS dependency; only
// the native packages esbuild leaves external (sharp, onnxruntime-node) ship as node_modules,
// copied into a staging folder with other platforms' binaries pruned, so the repository's own
// node_modules is never modified.
//
// Usage: node scripts/package-vsix.mjs [--target linux-x64] [--out DIR]
//   --target  VS Code target (linux-x64, linux-arm64, darwin-arm64, darwin-x64, win32-x64,
//             win32-arm64); default: this machine.
//   --out     folder for the .vsix (default: the repository root).
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const target = option('--target', `${process.platform}-${process.arch}`);
const outDir = path.resolve(option('--out', repoRoot));
const [platform, arch] = target.split('-');
const TARGETS = [
  'linux-x64',
  'linux-arm64',
  'darwin-x64',
  'darwin-arm64',
  'win32-x64',
  'win32-arm64',
];
if (!TARGETS.includes(target)) {
  console.error(`package-vsix: unsupported --target ${target} (known: ${TARGETS.join(', ')})`);
  process.exit(2);
}

/** Native packages the bundles load at run time (esbuild.mjs nodeExternals minus vscode). */
const NATIVE_ROOTS = ['sharp', 'onnxruntime-node'];

/** True when an optional platform package (e.g. @img/sharp-linux-x64) belongs to the target. */
function matchesTarget(name) {
  const platformPart = name.replace(/^@img\/sharp-(libvips-)?/, '');
  return platformPart === target;
}

/** The production dependency closure of `roots` that is installed in the repository. */
function dependencyClosure(roots) {
  const seen = new Set();
  const visit = (name) => {
    if (seen.has(name)) return;
    const manifestPath = path.join(repoRoot, 'node_modules', name, 'package.json');
    if (!existsSync(manifestPath))
      throw new Error(`package-vsix: ${name} is not installed (run npm ci)`);
    seen.add(name);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep);
    for (const dep of Object.keys(manifest.optionalDependencies ?? {})) {
      if (!matchesTarget(dep)) continue;
      if (!existsSync(path.join(repoRoot, 'node_modules', dep))) {
        throw new Error(
          `package-vsix: ${dep} (the ${target} binary of ${name}) is not installed; install it with npm install --os/--cpu or package on a ${target} machine`,
        );
      }
      visit(dep);
    }
  };
  roots.forEach(visit);
  return [...seen].sort();
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

// 1. Production bundles (minified, no source maps).
run(process.execPath, ['esbuild.mjs', '--production'], repoRoot);

// 2. Staging copy: the files the VSIX carries, nothing else.
const staging = path.join(repoRoot, '.cache', 'vsix-staging', target);
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
const installed = (name) =>
  JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', name, 'package.json'), 'utf8'))
    .version;
const stagedManifest = { ...manifest };
// Pure-JS dependencies are inside the bundles; vsce's `npm list` must see exactly what ships.
stagedManifest.dependencies = Object.fromEntries(
  NATIVE_ROOTS.map((name) => [name, installed(name)]),
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
for (const name of dependencyClosure(NATIVE_ROOTS)) {
  cpSync(path.join(repoRoot, 'node_modules', name), path.join(staging, 'node_modules', name), {
    recursive: true,
    dereference: true,
  });
}

// 3. Prune onnxruntime-node's binaries for other platforms (each is 25 to 90 MB).
const ortBin = path.join(staging, 'node_modules', 'onnxruntime-node', 'bin');
for (const napi of readdirSync(ortBin)) {
  for (const os of readdirSync(path.join(ortBin, napi))) {
    for (const cpu of readdirSync(path.join(ortBin, napi, os))) {
      if (os !== platform || cpu !== arch)
        rmSync(path.join(ortBin, napi, os, cpu), { recursive: true, force: true });
    }
    if (readdirSync(path.join(ortBin, napi, os)).length === 0)
      rmSync(path.join(ortBin, napi, os), { recursive: true });
  }
  if (!existsSync(path.join(ortBin, napi, platform, arch))) {
    throw new Error(`package-vsix: onnxruntime-node has no ${target} binary in ${napi}`);
  }
}

// 4. Package.
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
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
console.log(`package-vsix: ${vsix}`);
console.log(
  `package-vsix: VSIX size ${mb(statSync(vsix).size)} (staged files ${mb(folderSize(staging))})`,
);
