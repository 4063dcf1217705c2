#!/usr/bin/env bash
# `npm run evidence [-- --quick]`: the miniature of the paper's experiment (issues 7 and 15).
# 1. generate a synthetic dermoscopy-like dataset with a ruler shortcut (reversed at the target) and a
#    lesion shift (the target hospital renders lesions differently);
# 2. augment the source with the composite engine from N = 10, 50, 100 unlabeled target images;
# 3. the whole method with diffusion on the largest pool: a tiny SD fine-tuned in two stages (source,
#    then target), exported, and run by the CLI's diffusion engine (evidence/diffusion_arm/run.sh);
# 4. train a small CNN under each arm with several seeds (two runs at a time, one per core); write
#    results.{json,md} and plot.png.
# --quick: smaller dataset, fewer seeds and steps, no diffusion arm (under 3 minutes, 1.5 min of CPU);
#   --quick --with-diffusion adds a miniature of step 3 (several minutes more).
# --without-diffusion: leave out step 3 in the full run.
# --work=DIR: the scratch folder.
set -euo pipefail
cd "$(dirname "$0")/.."
export ORT_DISABLE_TELEMETRY=1
quick=0
diffusion=
work=
out=evidence/results
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    --out=*) out="${arg#--out=}" ;;
    --with-diffusion) diffusion=1 ;;
    --without-diffusion) diffusion=0 ;;
    --work=*) work="${arg#--work=}" ;;
    *) echo "usage: npm run evidence [-- --quick [--with-diffusion]] [-- --without-diffusion] [-- --out=DIR] [-- --work=DIR]" >&2; exit 2 ;;
  esac
done
# The full run includes the whole method with diffusion; the quick run only when asked.
diffusion=${diffusion:-$((1 - quick))}
if [ "$quick" = 1 ]; then
  per_class=60; test_per_class=60; pool=50; sizes="10 50"; seeds=3; steps=120; per_image=2; size=48
  # The diffusion arm's reduced training: enough to show the pipeline end to end, not to learn much.
  export DIFFUSION_VAE_STEPS=${DIFFUSION_VAE_STEPS:-120} DIFFUSION_SOURCE_STEPS=${DIFFUSION_SOURCE_STEPS:-40}
  export DIFFUSION_TRAIN_STEPS=${DIFFUSION_TRAIN_STEPS:-40} DIFFUSION_DENOISE_STEPS=${DIFFUSION_DENOISE_STEPS:-20}
  [ "$out" = evidence/results ] && out=evidence/results-quick
else
  per_class=200; test_per_class=150; pool=100; sizes="10 50 100"; seeds=5; steps=300; per_image=5; size=64
  # The diffusion arm's budget (the whole run stays well under an hour on 2 idle cores): 2 images per
  # source and 30 PNDM steps (15 at the preset's strength 0.5) instead of 5 and 50.
  export DIFFUSION_VAE_STEPS=${DIFFUSION_VAE_STEPS:-300} DIFFUSION_SOURCE_STEPS=${DIFFUSION_SOURCE_STEPS:-200}
  export DIFFUSION_TRAIN_STEPS=${DIFFUSION_TRAIN_STEPS:-200} DIFFUSION_DENOISE_STEPS=${DIFFUSION_DENOISE_STEPS:-30}
  export DIFFUSION_PER_IMAGE=${DIFFUSION_PER_IMAGE:-2}
fi
work=${work:-evidence/.work/$([ "$quick" = 1 ] && echo quick || echo full)}
rm -rf "$work"
mkdir -p "$work"
node esbuild.mjs
bash scripts/setup-python.sh

node --import tsx evidence/generate.ts --out "$work/data" --per-class "$per_class" \
  --test-per-class "$test_per_class" --pool "$pool" --size "$size" --seed 7 --lesion-shift
for n in $sizes; do
  node evidence/subset.mjs "$work/data/target" "$work/pool-n$n" "$n"
  node evidence/subset.mjs "$work/data/target-masks" "$work/pool-masks-n$n" "$n"
  node bin/maskmedpaint.js augment --source "$work/data/source" --masks "$work/data/masks" \
    --mask-suffix _segmentation --target "$work/pool-n$n" --target-masks "$work/pool-masks-n$n" \
    --out "$work/aug/n$n" --preset dermoscopy --engine composite --per-image "$per_image" --seed 0 >/dev/null
done
flags=()
if [ "$quick" = 1 ]; then flags+=(--quick); fi
if [ "$quick$diffusion" = 11 ]; then flags+=(--with-diffusion); fi
if [ "$quick$diffusion" = 00 ]; then flags+=(--without-diffusion); fi
command="npm run evidence"
if [ ${#flags[@]} -gt 0 ]; then command="$command -- ${flags[*]}"; fi
diffusion_args=()
if [ "$diffusion" = 1 ]; then
  diffusion_n=${sizes##* }
  bash evidence/diffusion_arm/run.sh "$work" "$diffusion_n" "$size" "${DIFFUSION_PER_IMAGE:-$per_image}"
  diffusion_args=(--diffusion-pool-size "$diffusion_n")
fi
.venv/bin/python evidence/run_experiment.py --data "$work/data" --aug-root "$work/aug" --out "$out" --size "$size" \
  --seeds "$seeds" --steps "$steps" --pool-sizes $sizes --command "$command" \
  "${diffusion_args[@]}"
echo "Results: $out/results.md, $out/plot.png"
