"""Fine-tuning Stable Diffusion toward a target domain (docs/method.md section 4): stage 1 on labeled
source images, stage 2 DreamBooth-style on unlabeled target images."""
