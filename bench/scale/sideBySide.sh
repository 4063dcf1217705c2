#!/usr/bin/env bash
# Side-by-side augment timings of several builds on the scale benchmark's dataset, alternating the
# order every round so that the shared machine's load hits every build alike (its speed changes by
# up to a third from hour to hour, so only builds measured in the same minutes are compared).
#
# Usage: bash bench/scale/sideBySide.sh ROUNDS NAME=DIR:JOBS ...
#   DIR is a checkout with dist/cli.js built (`git worktree add /tmp/old 4ed296c`, link
#   node_modules in, `node esbuild.mjs`); JOBS is the --jobs value, or - for a build without it.
# The dataset is the one `node bench/run.mjs scale` writes (bench/.work/scale/data): run that first,
# or set MMP_SCALE_DATA to a folder `npx tsx bench/scale/writeDataset.ts SOURCES FOLDER` wrote.
# Prints one line per run: round, name, wall s, user s, sys s, peak RSS KiB, 1-minute load before.
set -euo pipefail
rounds=$1
shift
data=${MMP_SCALE_DATA:-bench/.work/scale/data}
[ -d "$data/source" ] || { echo "no dataset: run node bench/run.mjs scale first" >&2; exit 2; }
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
builds=("$@")
for round in $(seq 1 "$rounds"); do
  order=("${builds[@]}")
  if [ $((round % 2)) -eq 0 ]; then
    order=()
    for ((i = ${#builds[@]} - 1; i >= 0; i--)); do order+=("${builds[$i]}"); done
  fi
  for build in "${order[@]}"; do
    name=${build%%=*}
    spec=${build#*=}
    dir=${spec%:*}
    jobs=${spec##*:}
    extra=()
    [ "$jobs" != "-" ] && extra=(--jobs "$jobs")
    rm -rf "$out/run"
    load=$(cut -d' ' -f1 /proc/loadavg)
    /usr/bin/time -f "$round $name %e %U %S %M $load" node "$dir/dist/cli.js" augment \
      --source "$data/source" --masks "$data/masks" --target "$data/target" --out "$out/run" \
      --per-image 2 --no-require-review "${extra[@]}" 2>&1 >/dev/null | tail -1
  done
done
