#!/usr/bin/env bash
# Runs a command while nvidia-smi samples the GPU's memory in use every 100 ms, and writes the
# peak above the level before it started to MEMFILE as JSON ({"baselineMiB", "peakMiB",
# "peakAboveBaselineMiB"}; nulls where nvidia-smi is missing, e.g. in a rehearsal). The command's
# own output and exit status pass through.
#   bash bench/gpu/gpu-peak.sh MEMFILE command...
set -uo pipefail
memfile=$1
shift
if ! command -v nvidia-smi >/dev/null 2>&1; then
  echo '{"baselineMiB": null, "peakMiB": null, "peakAboveBaselineMiB": null}' >"$memfile"
  exec "$@"
fi
query=(nvidia-smi --query-gpu=memory.used --format=csv,noheader,nounits -i 0)
baseline=$("${query[@]}" | head -n 1)
samples=$(mktemp)
"${query[@]}" -lms 100 >"$samples" 2>/dev/null &
sampler=$!
"$@"
status=$?
kill "$sampler" 2>/dev/null
wait "$sampler" 2>/dev/null
peak=$(sort -n "$samples" | tail -n 1)
peak=${peak:-$baseline}
echo "{\"baselineMiB\": $baseline, \"peakMiB\": $peak, \"peakAboveBaselineMiB\": $((peak - baseline))}" >"$memfile"
rm -f "$samples"
exit $status
