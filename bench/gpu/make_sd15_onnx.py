"""Stable Diffusion 1.5 inpainting at its real size, with random weights, as an optimum-layout ONNX
folder, plus PyTorch's own time for the same UNet: what the GPU benchmark (bench/gpu/run.sh) needs
to measure the TypeScript pipeline's host overhead against a real UNet's cost.

No released weights are reachable from the GPU machine, and none are needed: the cost of a
denoising step depends on the architecture (SD 1.5's UNet: 860M parameters, ~1.6 TFLOP per guided
step at 64x64 latents), not on the values. The configurations below are SD 1.5 inpainting's
(runwayml/stable-diffusion-inpainting: 9-channel UNet, CLIP ViT-L/14 text encoder, the KL VAE);
`--scale small` shrinks the widths for a CPU rehearsal of the script.

Usage: python bench/gpu/make_sd15_onnx.py --out DIR [--dtype fp16|fp32] [--device cuda|cpu]
                                          [--scale full|small] [--timings FILE] [--fixture DIR]
"""
from __future__ import annotations

import argparse
import json
import shutil
import time
from pathlib import Path

import torch
from diffusers import AutoencoderKL, UNet2DConditionModel
from transformers import CLIPTextConfig, CLIPTextModel

OPSET = 17
FIXTURE = Path(__file__).resolve().parents[2] / "test" / "fixtures" / "sd-tiny" / "optimum-9ch"


def build(scale: str, eos_id: int, unet_channels: int = 9):
    wide = scale == "full"
    torch.manual_seed(0)
    text = CLIPTextModel(CLIPTextConfig(
        vocab_size=49408, hidden_size=768 if wide else 64, intermediate_size=3072 if wide else 128,
        num_attention_heads=12 if wide else 4, num_hidden_layers=12 if wide else 2,
        max_position_embeddings=77, hidden_act="quick_gelu", projection_dim=768,
        bos_token_id=eos_id - 1, eos_token_id=eos_id, pad_token_id=eos_id,
    )).eval()
    vae = AutoencoderKL(
        in_channels=3, out_channels=3, latent_channels=4, layers_per_block=2,
        block_out_channels=(128, 256, 512, 512) if wide else (16, 16, 32, 32),
        norm_num_groups=32 if wide else 8, sample_size=512,
        down_block_types=("DownEncoderBlock2D",) * 4, up_block_types=("UpDecoderBlock2D",) * 4,
    ).eval()
    unet = UNet2DConditionModel(
        sample_size=64, in_channels=unet_channels, out_channels=4, layers_per_block=2,
        block_out_channels=(320, 640, 1280, 1280) if wide else (32, 64, 64, 64),
        norm_num_groups=32, cross_attention_dim=768 if wide else 64, attention_head_dim=8,
        down_block_types=("CrossAttnDownBlock2D",) * 3 + ("DownBlock2D",),
        up_block_types=("UpBlock2D",) + ("CrossAttnUpBlock2D",) * 3,
    ).eval()
    return text, vae, unet


def calibrate_unet(unet, hidden_size: int, device, dtype, channels: int = 9) -> None:
    """A random UNet predicts noise of arbitrary size; scale its last layer so its output has unit
    variance, like a trained one, and fifty steps keep latents finite (the pipeline checks)."""
    with torch.no_grad():
        sample = torch.randn(2, channels, 64, 64, device=device, dtype=dtype)
        hidden = torch.randn(2, 77, hidden_size, device=device, dtype=dtype)
        out = unet(sample, torch.tensor([500, 500], device=device), hidden, return_dict=False)[0]
        scale = 1.0 / max(out.float().std().item(), 1e-6)
        unet.conv_out.weight.mul_(scale)
        unet.conv_out.bias.mul_(scale)


class UnetGraph(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, sample, timestep, encoder_hidden_states):
        return self.model(sample, timestep, encoder_hidden_states, return_dict=False)[0]


class TextGraph(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids):
        out = self.model(input_ids, return_dict=False)
        return out[0], out[1]


class VaeEncoderGraph(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, sample):
        return self.model.encode(sample).latent_dist.parameters


class VaeDecoderGraph(torch.nn.Module):
    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, latent_sample):
        return self.model.decode(latent_sample, return_dict=False)[0]


def export(module, args, path: Path, inputs, outputs, dynamic) -> float:
    path.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    with torch.no_grad():
        torch.onnx.export(module, args, str(path), input_names=inputs, output_names=outputs,
                          dynamic_axes=dynamic, opset_version=OPSET, dynamo=False,
                          do_constant_folding=True)
    return time.perf_counter() - start


def cuda_time_ms(fn, repeats: int) -> float:
    for _ in range(3):
        fn()
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(repeats):
        fn()
    torch.cuda.synchronize()
    return (time.perf_counter() - start) * 1000 / repeats


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--dtype", choices=("fp16", "fp32"), default="fp16")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--scale", choices=("full", "small"), default="full")
    parser.add_argument("--timings", type=Path)
    parser.add_argument("--unet-channels", type=int, choices=(4, 9), default=9,
                        help="9: SD 1.5 inpainting; 4: SD 1.5 base (the authors' latent-blending setup)")
    parser.add_argument("--fixture", type=Path, default=FIXTURE,
                        help="a tiny SD folder whose tokenizer, scheduler and model_index.json are copied")
    args = parser.parse_args()
    device = torch.device(args.device)
    dtype = torch.float16 if args.dtype == "fp16" else torch.float32
    out: Path = args.out
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(args.fixture / "tokenizer", out / "tokenizer")
    shutil.copytree(args.fixture / "scheduler", out / "scheduler")
    shutil.copy(args.fixture / "model_index.json", out / "model_index.json")
    eos_id = json.loads((out / "tokenizer" / "vocab.json").read_text())["<|endoftext|>"]

    channels = args.unet_channels
    text, vae, unet = build(args.scale, eos_id, channels)
    text, vae, unet = (m.to(device=device, dtype=dtype) for m in (text, vae, unet))
    hidden_size = text.config.hidden_size
    calibrate_unet(unet, hidden_size, device, dtype, channels)
    params = {name: sum(p.numel() for p in m.parameters()) for name, m in
              (("text_encoder", text), ("vae", vae), ("unet", unet))}
    report: dict = {"scale": args.scale, "dtype": args.dtype, "device": str(device), "unet_channels": channels,
                    "parameters": params}
    if device.type == "cuda":
        report["gpu"] = torch.cuda.get_device_name(device)
        sample = torch.randn(2, channels, 64, 64, device=device, dtype=dtype)
        hidden = torch.randn(2, 77, hidden_size, device=device, dtype=dtype)
        t = torch.tensor([500, 500], device=device)
        latent = torch.randn(1, 4, 64, 64, device=device, dtype=dtype)
        image = torch.randn(1, 3, 512, 512, device=device, dtype=dtype)
        ids = torch.zeros(2, 77, dtype=torch.long, device=device)
        with torch.no_grad():
            report["torch_ms"] = {
                "unet_guided_step": cuda_time_ms(lambda: unet(sample, t, hidden, return_dict=False), 20),
                "text_encoder": cuda_time_ms(lambda: text(ids, return_dict=False), 10),
                "vae_encoder": cuda_time_ms(lambda: vae.encode(image), 5),
                "vae_decoder": cuda_time_ms(lambda: vae.decode(latent, return_dict=False), 5),
            }
        ms = report["torch_ms"]
        report["torch_ms"]["image_50_steps_estimate"] = (
            ms["text_encoder"] + ms["vae_encoder"] + ms["vae_decoder"] + 51 * ms["unet_guided_step"])
        print(json.dumps(report["torch_ms"]), flush=True)

    seconds = {}
    seconds["unet"] = export(
        UnetGraph(unet),
        (torch.zeros(2, channels, 64, 64, device=device, dtype=dtype), torch.ones(2, dtype=torch.int64, device=device),
         torch.zeros(2, 77, hidden_size, device=device, dtype=dtype)),
        out / "unet/model.onnx", ["sample", "timestep", "encoder_hidden_states"], ["out_sample"],
        {"sample": {0: "batch", 2: "height", 3: "width"}, "timestep": {0: "steps"},
         "encoder_hidden_states": {0: "batch"}, "out_sample": {0: "batch", 2: "height", 3: "width"}})
    # The text encoder runs once per image, so it is exported in float32: a float16 export of
    # transformers' CLIP through the TorchScript exporter leaves LayerNormalization with mixed
    # float16/float32 inputs, which onnxruntime refuses to load (seen on the GPU machine).
    seconds["text_encoder"] = export(
        TextGraph(text.float()), (torch.zeros(1, 77, dtype=torch.int64, device=device),),
        out / "text_encoder/model.onnx", ["input_ids"], ["last_hidden_state", "pooler_output"],
        {"input_ids": {0: "batch"}, "last_hidden_state": {0: "batch"}, "pooler_output": {0: "batch"}})
    seconds["vae_encoder"] = export(
        VaeEncoderGraph(vae), (torch.zeros(1, 3, 512, 512, device=device, dtype=dtype),),
        out / "vae_encoder/model.onnx", ["sample"], ["latent_parameters"],
        {"sample": {0: "batch", 2: "height", 3: "width"}, "latent_parameters": {0: "batch", 2: "h", 3: "w"}})
    seconds["vae_decoder"] = export(
        VaeDecoderGraph(vae), (torch.zeros(1, 4, 64, 64, device=device, dtype=dtype),),
        out / "vae_decoder/model.onnx", ["latent_sample"], ["sample"],
        {"latent_sample": {0: "batch", 2: "height", 3: "width"}, "sample": {0: "batch", 2: "h", 3: "w"}})
    vae_config = {**dict(vae.config), "scaling_factor": 0.18215, "_class_name": "AutoencoderKL"}
    configs = {"unet": {**dict(unet.config), "_class_name": "UNet2DConditionModel"},
               "vae_encoder": vae_config, "vae_decoder": vae_config, "text_encoder": text.config.to_dict()}
    for part, config in configs.items():
        config = {k: v for k, v in config.items() if not k.startswith("_use_default")}
        (out / part / "config.json").write_text(json.dumps(config, indent=2, default=list) + "\n")
    report["export_seconds"] = seconds
    report["onnx_mib"] = {p: round((out / p / "model.onnx").stat().st_size / 2**20, 1) for p in configs}
    print(json.dumps(report), flush=True)
    if args.timings:
        args.timings.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
