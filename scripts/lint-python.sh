#!/usr/bin/env bash
# The Python side's static checks (a tier of npm test): ruff (lint) and mypy (types) over the
# toolkit, its tests, the evidence experiment and the fixture generators, with the settings in
# python/pyproject.toml. Both run even when the first fails; the exit status is non-zero when either does.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup-python.sh || exit 1
paths=(python/src/maskmedpaint python/tests evidence scripts/fixtures)
status=0
echo "ruff check ${paths[*]}"
.venv/bin/ruff check --config python/pyproject.toml "${paths[@]}" || status=1
echo "mypy ${paths[*]}"
.venv/bin/mypy --config-file python/pyproject.toml "${paths[@]}" || status=1
exit "$status"
