"""Build the evidence experiment's tiny Stable Diffusion base model from configs (never downloaded).

Same family as SD 1.5 (character-level CLIP tokenizer + CLIP text encoder, AutoencoderKL,
cross-attention UNet), with a few channels so fine-tuning a few hundred steps at 48-64 px runs in
minutes on one CPU thread. Stable Diffusion's VAE comes pretrained; a randomly initialised VAE would
decode noise, so this one is trained here as a plain autoencoder on unlabeled images (the target
pool and the source training images, no labels) - the stand-in for SD's generic pretraining. The
UNet and text encoder stay random: the toolkit's target-dreambooth stage is what teaches them the
target domain. The VAE's scaling factor is set so the latents have unit standard deviation, as
SD's 0.18215 does for its VAE.

Usage: python build_tiny_sd.py --out DIR --size 48 --images DIR [DIR ...]
       [--unet-channels 32,64] [--vae-channels 16,32,32] [--vae-steps 400] [--threads 1]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np
import torch
from PIL import Image

SD15_SCHEDULER = {
    "_class_name": "PNDMScheduler",
    "beta_end": 0.012,
    "beta_schedule": "scaled_linear",
    "beta_start": 0.00085,
    "clip_sample": False,
    "num_train_timesteps": 1000,
    "set_alpha_to_one": False,
    "skip_prk_steps": True,
    "steps_offset": 1,
}
PIPELINE_INDEX = {
    "_class_name": "StableDiffusionPipeline",
    "scheduler": ["diffusers", "PNDMScheduler"],
    "text_encoder": ["transformers", "CLIPTextModel"],
    "tokenizer": ["transformers", "CLIPTokenizer"],
    "unet": ["diffusers", "UNet2DConditionModel"],
    "vae": ["diffusers", "AutoencoderKL"],
}
TEXT_WIDTH = 32


def byte_alphabet() -> list[str]:
    """CLIP's byte -> printable character table (the byte-level BPE alphabet)."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1))
    printable += list(range(ord("®"), ord("ÿ") + 1))
    codes, extra = printable[:], 0
    for byte in range(256):
        if byte not in printable:
            printable.append(byte)
            codes.append(256 + extra)
            extra += 1
    return [chr(code) for code in codes]


def write_tokenizer(folder: Path) -> int:
    """A CLIP tokenizer with no merges (every character is a token); returns the vocabulary size.
    The prompts used here are under 77 characters, so nothing of them is truncated."""
    folder.mkdir(parents=True, exist_ok=True)
    alphabet = byte_alphabet()
    tokens = alphabet + [char + "</w>" for char in alphabet] + ["<|startoftext|>", "<|endoftext|>"]
    vocab = {token: i for i, token in enumerate(tokens)}
    (folder / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    (folder / "merges.txt").write_text("#version: 0.2\n", encoding="utf-8")
    config = {
        "tokenizer_class": "CLIPTokenizer",
        "model_max_length": 77,
        "bos_token": "<|startoftext|>",
        "eos_token": "<|endoftext|>",
        "pad_token": "<|endoftext|>",
        "unk_token": "<|endoftext|>",
        "do_lower_case": True,
    }
    (folder / "tokenizer_config.json").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return len(vocab)


def load_images(folders: list[Path], size: int) -> torch.Tensor:
    """Every image under the folders, resized to size x size, as [-1, 1] NCHW floats."""
    paths = sorted(p for folder in folders for p in folder.rglob("*.png"))
    if not paths:
        raise SystemExit(f"no PNG images under {', '.join(map(str, folders))}")
    arrays = [np.asarray(Image.open(p).convert("RGB").resize((size, size), Image.Resampling.BICUBIC)) for p in paths]
    pixels = torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2).float()
    return pixels / 127.5 - 1.0


def pretrain_vae(vae, images: torch.Tensor, steps: int, batch: int, seed: int) -> float:
    """Reconstruction + a small KL term (the posterior must stay near N(0, I) for sampling to work)."""
    generator = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.AdamW(vae.parameters(), lr=2e-3, weight_decay=0.0)
    vae.train()
    loss_value = float("nan")
    for step in range(steps):
        index = torch.randint(0, images.shape[0], (batch,), generator=generator)
        x = images[index]
        flip = torch.rand(batch, generator=generator) < 0.5
        x = torch.where(flip[:, None, None, None], x.flip(3), x)
        posterior = vae.encode(x).latent_dist
        recon = vae.decode(posterior.sample(generator=generator)).sample
        loss = torch.nn.functional.mse_loss(recon, x) + 1e-6 * posterior.kl().mean()
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        loss_value = loss.item()
        if (step + 1) % 100 == 0:
            print(json.dumps({"vae_step": step + 1, "loss": round(loss_value, 5)}), flush=True)
    vae.eval()
    return loss_value


def latent_std(vae, images: torch.Tensor) -> float:
    with torch.no_grad():
        means = torch.cat([vae.encode(images[i : i + 64]).latent_dist.mean for i in range(0, images.shape[0], 64)])
    return float(means.std())


def channels(text: str) -> tuple[int, ...]:
    values = tuple(int(v) for v in text.split(","))
    if not values or any(v < 4 or v % 4 for v in values):
        raise argparse.ArgumentTypeError(f"channel list {text!r}: positive multiples of 4, comma-separated")
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--size", type=int, required=True, help="image size in pixels (the dataset's)")
    parser.add_argument("--images", type=Path, nargs="+", required=True, help="unlabeled images for the VAE")
    parser.add_argument("--unet-channels", type=channels, default=(32, 64))
    parser.add_argument("--vae-channels", type=channels, default=(16, 32, 32),
                        help="one entry per VAE block; n blocks down-sample by 2^(n-1)")
    parser.add_argument("--vae-steps", type=int, default=400)
    parser.add_argument("--vae-batch", type=int, default=16)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    from diffusers import AutoencoderKL, UNet2DConditionModel
    from transformers import CLIPTextConfig, CLIPTextModel

    torch.set_num_threads(args.threads)
    started = time.time()
    scale = 2 ** (len(args.vae_channels) - 1)
    if args.size % scale or args.size % 8:
        raise SystemExit(f"--size {args.size} must be a multiple of 8 and of the VAE's down-sampling {scale}")
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    vocab_size = write_tokenizer(out / "tokenizer")
    torch.manual_seed(args.seed)
    CLIPTextModel(
        CLIPTextConfig(vocab_size=vocab_size, hidden_size=TEXT_WIDTH, intermediate_size=64, num_attention_heads=4,
                       num_hidden_layers=2, max_position_embeddings=77, bos_token_id=vocab_size - 2,
                       eos_token_id=vocab_size - 1, pad_token_id=vocab_size - 1)
    ).save_pretrained(out / "text_encoder")
    groups = min(4, *args.vae_channels)
    vae = AutoencoderKL(in_channels=3, out_channels=3, latent_channels=4, layers_per_block=1,
                        norm_num_groups=groups, block_out_channels=args.vae_channels, sample_size=args.size,
                        down_block_types=("DownEncoderBlock2D",) * len(args.vae_channels),
                        up_block_types=("UpDecoderBlock2D",) * len(args.vae_channels))
    images = load_images(args.images, args.size)
    vae_loss = pretrain_vae(vae, images, args.vae_steps, args.vae_batch, args.seed)
    scaling = 1.0 / max(latent_std(vae, images), 1e-3)
    vae.register_to_config(scaling_factor=scaling)
    vae.save_pretrained(out / "vae")
    UNet2DConditionModel(
        sample_size=args.size // scale, in_channels=4, out_channels=4, layers_per_block=1,
        block_out_channels=args.unet_channels, norm_num_groups=min(8, *args.unet_channels),
        cross_attention_dim=TEXT_WIDTH, attention_head_dim=8,
        down_block_types=("CrossAttnDownBlock2D",) * (len(args.unet_channels) - 1) + ("DownBlock2D",),
        up_block_types=("UpBlock2D",) + ("CrossAttnUpBlock2D",) * (len(args.unet_channels) - 1),
    ).save_pretrained(out / "unet")
    (out / "scheduler").mkdir(exist_ok=True)
    (out / "scheduler" / "scheduler_config.json").write_text(json.dumps(SD15_SCHEDULER, indent=2) + "\n")
    (out / "model_index.json").write_text(json.dumps(PIPELINE_INDEX, indent=2) + "\n")
    summary = {"size": args.size, "unet_channels": list(args.unet_channels), "vae_channels": list(args.vae_channels),
               "vae_steps": args.vae_steps, "vae_images": int(images.shape[0]), "vae_final_loss": round(vae_loss, 5),
               "vae_scaling_factor": round(scaling, 5), "seconds": round(time.time() - started, 1)}
    (out / "tiny_sd.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
