#!/usr/bin/env bash
# Creates .venv with the Python side's development dependencies (idempotent).
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=.venv/.requirements.sha256
want=$(cat python/requirements-dev.txt python/pyproject.toml 2>/dev/null | sha256sum | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install -q --upgrade pip
.venv/bin/pip install -q -r python/requirements-dev.txt
if [ -f python/pyproject.toml ]; then .venv/bin/pip install -q -e ./python; fi
echo "$want" > "$stamp"
