#!/usr/bin/env bash
# Builds the JupyterLab renderer extension into python/labextension/, where the Python package's
# build picks it up (python/pyproject.toml, data-files): src/jupyterlab/ is bundled by esbuild into
# labextension/lib/, then JupyterLab's own builder (@jupyterlab/builder, webpack) makes the
# prebuilt extension that shares @lumino/widgets with the running JupyterLab.
# Usage: scripts/build-jupyterlab.sh PYTHON   (a Python with jupyterlab installed: the builder reads
# the shared package versions from that JupyterLab's staging/package.json)
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:?usage: scripts/build-jupyterlab.sh PYTHON (with jupyterlab installed)}
core=$("$python" -c 'import jupyterlab, os; print(os.path.join(os.path.dirname(jupyterlab.__file__), "staging"))')

# The builder's own dependencies live in labextension/node_modules, installed from its lock file
# on first use (and again when the lock file changes), so they stay out of the main project.
stamp=labextension/node_modules/.lock.sha256
want=$(sha256sum labextension/package-lock.json | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  npm ci --prefix labextension --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi

node esbuild.mjs
rm -rf python/labextension
node labextension/node_modules/@jupyterlab/builder/lib/build-labextension.js --core-path "$core" labextension
cp labextension/install.json python/labextension/install.json
echo "build-jupyterlab: python/labextension/ ($(find python/labextension -type f | wc -l) files)"
