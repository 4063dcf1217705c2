#!/usr/bin/env bash
# The evidence experiment's diffusion arm: the whole MaskMedPaint method on the CPU (minutes):
# 1. build a tiny Stable Diffusion from configs (VAE pretrained as an autoencoder on unlabeled images);
# 2. stage 1: the toolkit's source-finetune on the labeled source images (captions with the class);
# 3. stage 2: the toolkit's target-dreambooth on the N unlabeled target-pool images, from stage 1;
# 4. export it to ONNX with the toolkit's export (verified against PyTorch);
# 5. augment the source training set with `--engine diffusion --preset dermoscopy` (init from the
#    target composite, the preset's strength, paste-back on) into AUG_ROOT/diffusion-n<N>/.
# Settings go to AUG_ROOT/diffusion-n<N>.json, which run_experiment.py copies into results.json.
#
# Usage: evidence/diffusion_arm/run.sh WORK N SIZE PER_IMAGE
#   WORK: the experiment's work folder (data/, pool-n<N>/, pool-masks-n<N>/, aug/ already there).
# Environment (defaults in brackets): DIFFUSION_SOURCE_STEPS [300] (stage 1),
#   DIFFUSION_TRAIN_STEPS [300] (stage 2), DIFFUSION_LR [1e-3], DIFFUSION_DENOISE_STEPS [50],
#   DIFFUSION_BATCH [8], DIFFUSION_UNET_CHANNELS [32,64], DIFFUSION_VAE_CHANNELS [16,32,32],
#   DIFFUSION_VAE_STEPS [400], DIFFUSION_THREADS [1].
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ $# -ne 4 ]; then
  echo "usage: evidence/diffusion_arm/run.sh WORK N SIZE PER_IMAGE" >&2
  exit 2
fi
work=$1 n=$2 size=$3 per_image=$4
source_steps=${DIFFUSION_SOURCE_STEPS:-300}
train_steps=${DIFFUSION_TRAIN_STEPS:-300}
denoise_steps=${DIFFUSION_DENOISE_STEPS:-50}
learning_rate=${DIFFUSION_LR:-1e-3}
batch=${DIFFUSION_BATCH:-8}
unet_channels=${DIFFUSION_UNET_CHANNELS:-32,64}
vae_channels=${DIFFUSION_VAE_CHANNELS:-16,32,32}
vae_steps=${DIFFUSION_VAE_STEPS:-400}
threads=${DIFFUSION_THREADS:-1}
export OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads
for folder in "$work/data/source" "$work/data/masks" "$work/pool-n$n" "$work/pool-masks-n$n"; do
  [ -d "$folder" ] || { echo "diffusion arm: missing $folder (run scripts/evidence.sh first)" >&2; exit 2; }
done
model=$work/diffusion-n$n
out=$work/aug/diffusion-n$n
rm -rf "$model" "$out"
mkdir -p "$model"
# The dermoscopy preset blurs the mask with a 33 px kernel, chosen for 512 px images; at 48-64 px that
# would wash the key region out, so the blur is scaled to the image size (33 * size / 512).
blur=$(( (33 * size + 256) / 512 ))
printf '{"mask": {"blurFactor": %d}, "diffusion": {"steps": %d}}\n' "$blur" "$denoise_steps" >"$model/recipe.json"
seconds() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(seconds)" 'BEGIN { printf "%.1f", b - a }'; }

echo "diffusion arm (slow on CPU): building the tiny SD (${size} px, UNet $unet_channels, VAE $vae_channels)" >&2
t=$(seconds)
.venv/bin/python evidence/diffusion_arm/build_tiny_sd.py --out "$model/base" --size "$size" \
  --images "$work/pool-n$n" "$work/data/source" --unet-channels "$unet_channels" \
  --vae-channels "$vae_channels" --vae-steps "$vae_steps" --threads "$threads" >"$model/build.log"
build_s=$(elapsed "$t")

echo "diffusion arm: stage 1, source-finetune on the labeled source images, $source_steps steps" >&2
t=$(seconds)
.venv/bin/maskmedpaint-train source-finetune --images "$work/data/source" --output "$model/stage1" \
  --base-model "$model/base" --preset dermoscopy --resolution "$size" --learning-rate "$learning_rate" \
  --batch-size "$batch" --gradient-accumulation 1 --max-steps "$source_steps" \
  --checkpoint-every "$source_steps" --random-flip --device cpu --seed 0 \
  >"$model/stage1.jsonl" 2>"$model/stage1.log"
source_s=$(elapsed "$t")
source_loss=$(grep '"type":"step"' "$model/stage1.jsonl" | tail -1 | sed 's/.*"loss":\([^,]*\),.*/\1/')

echo "diffusion arm: stage 2, target-dreambooth on $n pool images, $train_steps steps" >&2
t=$(seconds)
.venv/bin/maskmedpaint-train target-dreambooth --images "$work/pool-n$n" --output "$model/run" \
  --base-model "$model/stage1/final" --preset dermoscopy --resolution "$size" --learning-rate "$learning_rate" \
  --batch-size "$batch" --gradient-accumulation 1 --max-steps "$train_steps" \
  --checkpoint-every "$train_steps" --min-images 2 --random-flip --device cpu --seed 0 \
  >"$model/train.jsonl" 2>"$model/train.log"
train_s=$(elapsed "$t")
final_loss=$(grep '"type":"step"' "$model/train.jsonl" | tail -1 | sed 's/.*"loss":\([^,]*\),.*/\1/')

echo "diffusion arm: exporting to ONNX" >&2
t=$(seconds)
.venv/bin/maskmedpaint-train export --model "$model/run/final" --output "$model/onnx" \
  >"$model/export.jsonl" 2>"$model/export.log"
export_s=$(elapsed "$t")

echo "diffusion arm: augmenting the source set (diffusion engine, dermoscopy preset)" >&2
t=$(seconds)
node bin/maskmedpaint.js augment --source "$work/data/source" --masks "$work/data/masks" \
  --mask-suffix _segmentation --target "$work/pool-n$n" --target-masks "$work/pool-masks-n$n" \
  --out "$out" --preset dermoscopy --engine diffusion --model "$model/onnx" --recipe "$model/recipe.json" \
  --per-image "$per_image" --seed 0 >/dev/null
augment_s=$(elapsed "$t")

cat >"$work/aug/diffusion-n$n.json" <<EOF
{
  "note": "tiny Stable Diffusion built from configs and fine-tuned on CPU (slow on CPU)",
  "pool_size": $n,
  "image_size": $size,
  "base": $(cat "$model/base/tiny_sd.json"),
  "source_finetune": {"steps": $source_steps, "learning_rate": $learning_rate, "batch_size": $batch,
                      "final_loss": ${source_loss:-null}},
  "dreambooth": {"steps": $train_steps, "learning_rate": $learning_rate, "batch_size": $batch,
                 "final_loss": ${final_loss:-null}},
  "augment": {"preset": "dermoscopy", "per_image": $per_image, "mask_blur_factor": $blur,
              "denoising_steps": $denoise_steps},
  "seconds": {"build": $build_s, "source_finetune": $source_s, "dreambooth": $train_s, "export": $export_s,
              "augment": $augment_s}
}
EOF
echo "diffusion arm: done (build ${build_s}s, stage 1 ${source_s}s, stage 2 ${train_s}s, export ${export_s}s, augment ${augment_s}s)" >&2
