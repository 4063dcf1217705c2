#!/usr/bin/env bash
# The CUDA provider wheel travels to the GPU machine in parts: a device call carries at most
# 64 MiB including the repository's own files (about 12 MB), and that machine has no network. The
# wheel itself travels (zstd-compressed, in 45 MiB parts), not the extracted library, so `gpu install --from` verifies it there against the SHA-256
# the package index published, exactly as on any offline machine.
#   bash bench/gpu/cuda-parts.sh pack WHEEL OUTDIR     here: OUTDIR/wheel.zst.part-aa, -ab, ...
#                                                      and OUTDIR/SHA256SUMS (parts and wheel)
#   bash bench/gpu/cuda-parts.sh unpack PARTSDIR OUTDIR  there: checks every part, joins them,
#                                                      decompresses and checks the wheel
# ZSTD may name the zstd binary (the kit carries Debian's; see prepare.sh).
set -euo pipefail
zstd=${ZSTD:-zstd}
case "${1:-}" in
pack)
  wheel=$2 out=$3
  mkdir -p "$out"
  rm -f "$out"/wheel.zst.part-* "$out/SHA256SUMS"
  "$zstd" -q -3 --long=27 -T0 -c "$wheel" | split -b 45M - "$out/wheel.zst.part-"
  (cd "$out" && sha256sum wheel.zst.part-* >SHA256SUMS)
  (cd "$(dirname "$wheel")" && sha256sum "$(basename "$wheel")") >>"$out/SHA256SUMS"
  ls -l "$out"
  ;;
unpack)
  parts=$(cd "$2" && pwd) out=$3
  mkdir -p "$out"
  wheel=$(grep -v 'wheel.zst.part-' "$parts/SHA256SUMS" | awk '{print $2}')
  (cd "$parts" && grep 'wheel.zst.part-' SHA256SUMS | sha256sum -c --quiet -)
  cat "$parts"/wheel.zst.part-* | "$zstd" -q -d --long=27 -c >"$out/$wheel"
  (cd "$out" && grep -v 'wheel.zst.part-' "$parts/SHA256SUMS" | sha256sum -c --quiet -)
  echo "$out/$wheel"
  ;;
*)
  echo "usage: cuda-parts.sh pack WHEEL OUTDIR | unpack PARTSDIR OUTDIR" >&2
  exit 2
  ;;
esac
