"""The four ONNX graphs of a Stable Diffusion folder, with optimum-onnx's input/output names.

Names and dtypes (what the TypeScript engine reads from each session's metadata, METHOD.md §7):
  text_encoder  input_ids int64 [batch, sequence] -> last_hidden_state, pooler_output
  unet          sample [batch, 4, h, w], timestep float32 [batch], encoder_hidden_states -> out_sample
  vae_encoder   sample [batch, 3, H, W] -> latent_parameters [batch, 8, h, w] (mean, log-variance)
  vae_decoder   latent_sample [batch, 4, h, w] -> sample [batch, 3, H, W]
The timestep is float (as in the older diffusers exporter) so fractional timesteps of Euler and
DPM-Solver schedules pass through unrounded.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import onnx
import torch

OPSET = 17
# Protobuf cannot serialize a single message over 2 GiB; stay well below it.
SINGLE_FILE_LIMIT = 1_800_000_000
EXTERNAL_DATA_NAME = "model.onnx_data"


class TextEncoderGraph(torch.nn.Module):
    def __init__(self, model: Any):
        super().__init__()
        self.model = model

    def forward(self, input_ids: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        out = self.model(input_ids, return_dict=False)
        return out[0], out[1]


class UnetGraph(torch.nn.Module):
    def __init__(self, model: Any):
        super().__init__()
        self.model = model

    def forward(self, sample: torch.Tensor, timestep: torch.Tensor, encoder_hidden_states: torch.Tensor) -> torch.Tensor:
        return self.model(sample, timestep, encoder_hidden_states, return_dict=False)[0]


class VaeEncoderGraph(torch.nn.Module):
    def __init__(self, model: Any):
        super().__init__()
        self.model = model

    def forward(self, sample: torch.Tensor) -> torch.Tensor:
        # The posterior's parameters (mean and log-variance): the consumer samples with its own seeded generator.
        return self.model.encode(sample, return_dict=False)[0].parameters


class VaeDecoderGraph(torch.nn.Module):
    def __init__(self, model: Any):
        super().__init__()
        self.model = model

    def forward(self, latent_sample: torch.Tensor) -> torch.Tensor:
        return self.model.decode(latent_sample, return_dict=False)[0]


@dataclass(frozen=True)
class GraphSpec:
    """One graph to export: wrapper module, example inputs, names and dynamic axes."""

    folder: str
    module: torch.nn.Module
    example: tuple[torch.Tensor, ...]
    inputs: list[str]
    outputs: list[str]
    dynamic: dict[str, dict[int, str]]


def graph_specs(text_encoder: Any, unet: Any, vae: Any, dtype: torch.dtype, max_length: int) -> list[GraphSpec]:
    """Example inputs at the model's native size (tracing fixes nothing but the rank; axes are dynamic)."""
    latent = int(unet.config.sample_size)
    factor = 2 ** (len(vae.config.block_out_channels) - 1)
    hidden = int(text_encoder.config.hidden_size)
    image_axes = {0: "batch", 2: "height", 3: "width"}
    latent_axes = {0: "batch", 2: "latent_height", 3: "latent_width"}
    return [
        GraphSpec(
            "text_encoder",
            TextEncoderGraph(text_encoder),
            (torch.zeros((1, max_length), dtype=torch.int64),),
            ["input_ids"],
            ["last_hidden_state", "pooler_output"],
            {"input_ids": {0: "batch", 1: "sequence"}, "last_hidden_state": {0: "batch", 1: "sequence"}, "pooler_output": {0: "batch"}},
        ),
        GraphSpec(
            "unet",
            UnetGraph(unet),
            (
                torch.zeros((2, unet.config.in_channels, latent, latent), dtype=dtype),
                torch.ones((2,), dtype=torch.float32),
                torch.zeros((2, max_length, hidden), dtype=dtype),
            ),
            ["sample", "timestep", "encoder_hidden_states"],
            ["out_sample"],
            {"sample": latent_axes, "timestep": {0: "batch"}, "encoder_hidden_states": {0: "batch", 1: "sequence"}, "out_sample": latent_axes},
        ),
        GraphSpec(
            "vae_encoder",
            VaeEncoderGraph(vae),
            (torch.zeros((1, 3, latent * factor, latent * factor), dtype=dtype),),
            ["sample"],
            ["latent_parameters"],
            {"sample": image_axes, "latent_parameters": latent_axes},
        ),
        GraphSpec(
            "vae_decoder",
            VaeDecoderGraph(vae),
            (torch.zeros((1, vae.config.latent_channels, latent, latent), dtype=dtype),),
            ["latent_sample"],
            ["sample"],
            {"latent_sample": latent_axes, "sample": image_axes},
        ),
    ]


def export_graph(spec: GraphSpec, destination: Path, opset: int, external_data: str) -> Path:
    """Export one graph to ``destination/model.onnx``; weights go to one ``model.onnx_data`` file
    when the model is over the protobuf limit (or when ``external_data == "always"``)."""
    destination.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent) as scratch:
        raw = Path(scratch) / "model.onnx"
        with torch.no_grad():
            torch.onnx.export(
                spec.module.eval(),
                spec.example,
                str(raw),
                input_names=spec.inputs,
                output_names=spec.outputs,
                dynamic_axes=spec.dynamic,
                opset_version=opset,
                do_constant_folding=True,
                dynamo=False,  # the TorchScript exporter: no onnxscript dependency, proven on SD graphs
            )
        model = onnx.load(str(raw), load_external_data=True)
        weight_bytes = sum(tensor.ByteSize() for tensor in model.graph.initializer)
        target = destination / "model.onnx"
        if external_data == "always" or (external_data == "auto" and weight_bytes > SINGLE_FILE_LIMIT):
            onnx.save_model(
                model,
                str(target),
                save_as_external_data=True,
                all_tensors_to_one_file=True,
                location=EXTERNAL_DATA_NAME,
                size_threshold=1024,
            )
        else:
            onnx.save_model(model, str(target))
    return target
