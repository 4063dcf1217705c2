"""The ``export`` subcommand's arguments."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..progress import ProgressReporter


def add_export_command(commands: Any) -> None:
    description = "export a (fine-tuned) SD pipeline to the ONNX folder layout MaskMedPaint loads, then verify it"
    command = commands.add_parser("export", help=description, description=description, formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    command.add_argument("--model", required=True, help="diffusers pipeline folder (e.g. a run's final/) or hub id")
    command.add_argument("--unet", type=Path, help="swap in this checkpoint's weights (a checkpoint or run final/ folder, or a unet/ folder), as the authors did")
    command.add_argument(
        "--text-encoder",
        choices=("checkpoint", "base"),
        default="checkpoint",
        help="the --unet checkpoint's trained text encoder when it has one (what select scored), or --model's",
    )
    command.add_argument("--output", type=Path, required=True, help="ONNX model folder to create")
    command.add_argument(
        "--dtype",
        choices=("fp32", "fp16", "fp16-compute"),
        default="fp32",
        help="fp16: weights stored as float16 (half the size), float32 compute and I/O so every provider runs it (the CPU export); "
        "fp16-compute: text encoder and UNet compute in float16 (the GPU export), the VAE stays float32 (its float16 overflow)",
    )
    command.add_argument(
        "--optimize",
        choices=("none", "cpu", "gpu"),
        default="none",
        help="ONNX Runtime's Stable Diffusion graph optimizer: cpu = fusions the CPU provider runs (attention, LayerNorm, Gelu); "
        "gpu = also GroupNorm, BiasSplitGelu, BiasAdd, packed QKV and NHWC convolutions, CUDA-only kernels (verify on a GPU)",
    )
    command.add_argument("--opset", type=int, default=17)
    command.add_argument("--external-data", choices=("auto", "always", "never"), default="auto", help="auto: weights in model.onnx_data when over 2 GB")
    command.add_argument("--no-verify", dest="verify", action="store_false", help="skip the onnxruntime vs PyTorch comparison")
    command.add_argument("--overwrite", action="store_true", help="replace an existing output folder")
    command.set_defaults(handler=_run_export)


def _run_export(args: argparse.Namespace, reporter: ProgressReporter) -> None:
    from .pipeline_export import ExportOptions, export_onnx

    export_onnx(
        ExportOptions(
            model=args.model,
            output=args.output,
            unet=args.unet,
            dtype=args.dtype,
            opset=args.opset,
            external_data=args.external_data,
            verify=args.verify,
            overwrite=args.overwrite,
            text_encoder=args.text_encoder,
            optimize=args.optimize,
        ),
        reporter,
    )
