#!/usr/bin/env bash
# The JupyterLab tier: builds the renderer extension (scripts/build-jupyterlab.sh), installs the
# Python package with it into a venv with JupyterLab (.venv-jupyterlab, from
# python/requirements-jupyterlab.txt, created on first use), and checks in a real JupyterLab
# driven by headless Chromium that saved `maskmedpaint.show()` outputs are drawn by it
# (test/jupyterlab/run.mjs; screenshots in test-artifacts/screenshots/).
set -euo pipefail
cd "$(dirname "$0")/.."
export ONNXRUNTIME_NODE_INSTALL=skip ORT_DISABLE_TELEMETRY=1

venv=.venv-jupyterlab
stamp=$venv/.requirements.sha256
want=$(cat python/requirements-jupyterlab.txt python/pyproject.toml | sha256sum | cut -d' ' -f1)
if ! [ -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --upgrade pip
  # JupyterLab, and the package's own dependencies (numpy, Pillow, pandas).
  "$venv/bin/pip" install -q -r python/requirements-jupyterlab.txt ./python
  echo "$want" >"$stamp"
fi

bash scripts/build-jupyterlab.sh "$venv/bin/python"
# Installed as a user would get it (not editable): the extension lands in the venv's
# share/jupyter/labextensions, where JupyterLab looks. Reinstalled each time, as the version
# number does not change between builds.
"$venv/bin/pip" install -q --force-reinstall --no-deps ./python
rm -rf python/build

node esbuild.mjs
MMP_JL_PYTHON="$venv/bin/python" exec node test/jupyterlab/run.mjs
