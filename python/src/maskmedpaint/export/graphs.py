"""The four ONNX graphs of a Stable Diffusion folder, with optimum-onnx's input/output names.

Names and dtypes (what the TypeScript engine reads from each session's metadata, docs/method.md section 7):
  text_encoder  input_ids int64 [batch, sequence] -> last_hidden_state, pooler_output
  unet          sample [batch, 4, h, w], timestep float32 [batch], encoder_hidden_states -> out_sample
  vae_encoder   sample [batch, 3, H, W] -> latent_parameters [batch, 8, h, w] (mean, log-variance)
  vae_decoder   latent_sample [batch, 4, h, w] -> sample [batch, 3, H, W]
The timestep is float (as in the older diffusers exporter) so fractional timesteps of Euler and
DPM-Solver schedules pass through unrounded.
"""

from __future__ import annotations

import os
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import torch
from onnx import helper, numpy_helper

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


def graph_specs(text_encoder: Any, unet: Any, vae: Any, max_length: int) -> list[GraphSpec]:
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
                torch.zeros((2, unet.config.in_channels, latent, latent), dtype=torch.float32),
                torch.ones((2,), dtype=torch.float32),
                torch.zeros((2, max_length, hidden), dtype=torch.float32),
            ),
            ["sample", "timestep", "encoder_hidden_states"],
            ["out_sample"],
            {"sample": latent_axes, "timestep": {0: "batch"}, "encoder_hidden_states": {0: "batch", 1: "sequence"}, "out_sample": latent_axes},
        ),
        GraphSpec(
            "vae_encoder",
            VaeEncoderGraph(vae),
            (torch.zeros((1, 3, latent * factor, latent * factor), dtype=torch.float32),),
            ["sample"],
            ["latent_parameters"],
            {"sample": image_axes, "latent_parameters": latent_axes},
        ),
        GraphSpec(
            "vae_decoder",
            VaeDecoderGraph(vae),
            (torch.zeros((1, vae.config.latent_channels, latent, latent), dtype=torch.float32),),
            ["latent_sample"],
            ["sample"],
            {"latent_sample": latent_axes, "sample": image_axes},
        ),
    ]


def store_weights_as_fp16(model: onnx.ModelProto) -> None:
    """Store float32 weights as float16 with a Cast back to float32 at the top of the graph.

    Halves the files while computation and I/O stay float32, so the model runs (and is verified)
    on every execution provider, the CPU included; ONNX Runtime folds the casts once at load.
    """
    graph = model.graph
    casts, kept = [], []
    for tensor in graph.initializer:
        if tensor.data_type == onnx.TensorProto.FLOAT and int(np.prod(tensor.dims)) > 16:
            half = numpy_helper.from_array(numpy_helper.to_array(tensor).astype(np.float16), tensor.name + "_fp16")
            kept.append(half)
            casts.append(helper.make_node("Cast", [half.name], [tensor.name], to=onnx.TensorProto.FLOAT, name=tensor.name + "_cast"))
        else:
            kept.append(tensor)
    del graph.initializer[:]
    graph.initializer.extend(kept)
    nodes = casts + list(graph.node)
    del graph.node[:]
    graph.node.extend(nodes)


def export_graph(
    spec: GraphSpec,
    destination: Path,
    opset: int,
    external_data: str,
    fp16_weights: bool = False,
    transform: Callable[[onnx.ModelProto], onnx.ModelProto] | None = None,
) -> Path:
    """Export one graph to ``destination/model.onnx``; weights go to one ``model.onnx_data`` file
    when the model is over the protobuf limit (or when ``external_data == "always"``).
    ``transform`` rewrites the traced graph first (graph_passes.py: fusions, float16 compute)."""
    destination.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent) as scratch:
        raw = Path(scratch) / "model.onnx"
        # Tracing warns about every shape-dependent Python branch in diffusers; the dynamic axes cover them.
        with torch.no_grad(), warnings.catch_warnings():
            warnings.simplefilter("ignore", torch.jit.TracerWarning)
            warnings.simplefilter("ignore", DeprecationWarning)
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
        if transform is not None:
            model = transform(model)
        if fp16_weights:
            store_weights_as_fp16(model)
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
            # onnx creates the data file owner-only; give it the same permissions as model.onnx.
            os.chmod(destination / EXTERNAL_DATA_NAME, target.stat().st_mode & 0o777)
        else:
            onnx.save_model(model, str(target))
    return target
