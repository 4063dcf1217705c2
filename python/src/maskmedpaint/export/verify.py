"""Checking an exported folder: every graph loads in onnxruntime, and each graph's output matches
the PyTorch module it came from on seeded random inputs (max absolute difference reported)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import torch

from .graphs import GraphSpec

# fp32 graphs match PyTorch to float rounding; fp16-weight graphs to the weights' half-precision
# rounding; float16-compute graphs to float16 arithmetic (10 mantissa bits: about 1e-3 relative per
# operation, accumulated over the UNet's layers), against PyTorch in float32.
TOLERANCE = {"fp32": 1e-3, "fp16": 5e-2, "fp16-compute": 5e-2}
ONNX_FLOAT_TYPES = {"tensor(float16)": np.float16, "tensor(float)": np.float32}


def verification_inputs(spec: GraphSpec, vocab_size: int, seed: int = 0) -> tuple[torch.Tensor, ...]:
    """Random inputs shaped like the example but at a small spatial size to keep the check quick."""
    generator = torch.Generator().manual_seed(seed)
    inputs = []
    for name, example in zip(spec.inputs, spec.example, strict=True):
        if name == "input_ids":
            inputs.append(torch.randint(0, vocab_size, tuple(example.shape), generator=generator, dtype=example.dtype))
        elif name == "timestep":
            inputs.append(torch.tensor([981.0, 1.0])[: example.shape[0]].to(example.dtype))
        else:
            shape = list(example.shape)
            if len(shape) == 4:
                shape[2], shape[3] = _small(shape[2]), _small(shape[3])
            inputs.append(torch.randn(shape, generator=generator).to(example.dtype))
    return tuple(inputs)


def _small(size: int) -> int:
    # Latent sides above 16 are checked at 16 (image side 128): same weights, a fraction of the time.
    return min(size, 16) if size <= 64 else min(size, 128)


def compare_graph(spec: GraphSpec, model_path: Path, vocab_size: int, providers: list[str] | None = None) -> dict[str, Any]:
    """Run the ONNX graph and the PyTorch module on the same inputs; return shapes and max abs diff."""
    import onnxruntime as ort

    session = ort.InferenceSession(str(model_path), providers=providers or ["CPUExecutionProvider"])
    # A float16-compute graph takes float16 inputs: both sides get the values rounded to float16.
    declared = {value.name: value.type for value in session.get_inputs()}
    inputs = tuple(
        tensor.half().float() if declared.get(name) == "tensor(float16)" else tensor
        for name, tensor in zip(spec.inputs, verification_inputs(spec, vocab_size), strict=True)
    )
    with torch.no_grad():
        expected = spec.module(*inputs)
    expected_list = list(expected) if isinstance(expected, tuple) else [expected]
    feeds = {
        name: tensor.numpy().astype(ONNX_FLOAT_TYPES.get(declared.get(name, ""), tensor.numpy().dtype))
        for name, tensor in zip(spec.inputs, inputs, strict=True)
    }
    actual_list = [output.astype(np.float32) if output.dtype == np.float16 else output for output in session.run(spec.outputs, feeds)]
    diffs = [float(np.max(np.abs(a.astype(np.float64) - e.float().numpy().astype(np.float64)))) for a, e in zip(actual_list, expected_list, strict=True)]
    return {
        "component": spec.folder,
        "inputs": {name: list(tensor.shape) for name, tensor in zip(spec.inputs, inputs, strict=True)},
        "outputShapes": [list(a.shape) for a in actual_list],
        "maxAbsDiff": max(diffs),
        "finite": bool(all(np.isfinite(a).all() for a in actual_list)),
    }
