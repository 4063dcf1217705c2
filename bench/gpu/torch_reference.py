"""PyTorch eager reference for the GPU benchmark: the same SD 1.5 architectures as
make_sd15_onnx.py (random weights; the cost does not depend on them), float16, timed per guided
UNet step for one and two images (UNet batch 2 and 4: classifier-free guidance doubles the batch),
per 512x512 image at 50 steps (text encoder, VAE encoder, 50 guided UNet steps, VAE decoder, run end
to end), and the peak GPU memory of each (torch.cuda.max_memory_allocated).

Usage: python bench/gpu/torch_reference.py [--unet-channels 9|4] [--scale full|small]
                [--device cuda|cpu] [--dtype fp16|fp32] [--steps 50] [--size 512]
Prints one JSON object. A rehearsal on a CPU: --scale small --device cpu --dtype fp32 --size 64.
"""
from __future__ import annotations

import argparse
import json
import time

import torch

from make_sd15_onnx import build, calibrate_unet


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def timed(fn, device: torch.device, repeats: int, warmup: int = 3) -> float:
    """Milliseconds per call after `warmup` calls."""
    for _ in range(warmup):
        fn()
    synchronize(device)
    start = time.perf_counter()
    for _ in range(repeats):
        fn()
    synchronize(device)
    return (time.perf_counter() - start) * 1000 / repeats


def peak_mib(device: torch.device, fn) -> float | None:
    """Peak GPU memory allocated while `fn` runs once, in MiB (None on the CPU)."""
    if device.type != "cuda":
        fn()
        return None
    synchronize(device)
    torch.cuda.reset_peak_memory_stats(device)
    fn()
    synchronize(device)
    return torch.cuda.max_memory_allocated(device) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--unet-channels", type=int, choices=(4, 9), default=9)
    parser.add_argument("--scale", choices=("full", "small"), default="full")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--dtype", choices=("fp16", "fp32"), default="fp16")
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--size", type=int, default=512, help="image size (a rehearsal uses 64)")
    args = parser.parse_args()
    device = torch.device(args.device)
    dtype = torch.float16 if args.dtype == "fp16" else torch.float32
    channels = args.unet_channels
    latent = args.size // 8
    text, vae, unet = build(args.scale, 49407, channels)
    text, vae, unet = (m.to(device=device, dtype=dtype) for m in (text, vae, unet))
    hidden_size = text.config.hidden_size
    calibrate_unet(unet, hidden_size, device, dtype, channels)
    report: dict = {"framework": f"PyTorch {torch.__version__} eager", "device": str(device),
                    "dtype": args.dtype, "scale": args.scale, "unet_channels": channels,
                    "steps": args.steps, "size": args.size}
    if device.type == "cuda":
        report["gpu"] = torch.cuda.get_device_name(device)
        report["sdpa"] = True  # diffusers' default attention processor in PyTorch 2 is SDPA

    per_images = {}
    with torch.no_grad():
        for images in (1, 2):
            rows = 2 * images  # unconditional + conditional row per image
            sample = torch.randn(rows, channels, latent, latent, device=device, dtype=dtype)
            hidden = torch.randn(rows, 77, hidden_size, device=device, dtype=dtype)
            t = torch.full((rows,), 500, device=device)
            ids = torch.zeros(rows, 77, dtype=torch.long, device=device)
            image = torch.randn(images, 3, args.size, args.size, device=device, dtype=dtype)
            step = lambda: unet(sample, t, hidden, return_dict=False)  # noqa: E731

            def whole_image() -> None:
                states = text(ids, return_dict=False)[0]
                vae.encode(image)
                latents = torch.randn(images, 4, latent, latent, device=device, dtype=dtype)
                for i in range(args.steps):
                    x = torch.cat([latents, latents], dim=0)
                    if channels == 9:
                        x = torch.cat([x, torch.zeros(rows, 5, latent, latent, device=device, dtype=dtype)], 1)
                    eps = unet(x, torch.full((rows,), 999 - 20 * i, device=device), states,
                               return_dict=False)[0]
                    uncond, cond = eps.chunk(2)
                    latents = latents - 0.02 * (uncond + 7.5 * (cond - uncond))
                vae.decode(latents, return_dict=False)

            whole_ms = timed(whole_image, device, repeats=1, warmup=1)
            per_images[str(images)] = {
                "unet_batch": rows,
                "unet_ms_per_guided_step": timed(step, device, args.repeats),
                "image_ms_at_steps": whole_ms,
                "ms_per_image": whole_ms / images,
                "peak_gpu_mib_step": peak_mib(device, step),
                "peak_gpu_mib_image": peak_mib(device, whole_image),
            }
    report["images"] = per_images
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
