"""Optional passes over exported graphs: float16 compute, and ONNX Runtime's Stable Diffusion
graph optimizer (``onnxruntime.transformers``) with fused attention, GroupNorm and bias-add kernels.

* ``--dtype fp16-compute``: the text encoder and the UNet are converted to float16 throughout
  (weights, activations, inputs and outputs), what a GPU runs fast. The VAE encoder and decoder
  stay float32: SD's VAE overflows float16 in its decoder (black images), a known fault of the
  original weights. The CPU's float16 support is partial, so this is the GPU export; ``fp32`` and
  ``fp16`` (float16 storage, float32 compute) remain the CPU exports.
* ``--optimize cpu``: the fusions ONNX Runtime's CPU provider can run (multi-head attention,
  LayerNorm, Gelu and their bias/skip variants); verified on the CPU like every export.
* ``--optimize gpu``: also GroupNorm, SkipGroupNorm, BiasSplitGelu, BiasAdd, packed QKV/KV and
  NHWC convolutions, contrib kernels that exist for CUDA (and ROCm) only: such a graph does not
  load on the CPU, so its verification needs a GPU (on a CPU it is reported as not verified).
"""

from __future__ import annotations

from typing import Any

import onnx

# The graphs a float16-compute export converts; the VAE stays float32 (overflow).
FLOAT16_COMPUTE_GRAPHS = ("text_encoder", "unet")
# onnxruntime.transformers model types of the graphs.
OPTIMIZER_MODEL_TYPES = {"text_encoder": "clip", "unet": "unet", "vae_encoder": "vae", "vae_decoder": "vae"}
# Fusions whose kernels ONNX Runtime has for CUDA/ROCm only.
GPU_ONLY_FUSIONS = (
    "enable_group_norm",
    "enable_skip_group_norm",
    "enable_bias_splitgelu",
    "enable_bias_add",
    "enable_packed_qkv",
    "enable_packed_kv",
    "enable_nhwc_conv",
)


def to_float16_compute(model: onnx.ModelProto) -> onnx.ModelProto:
    """The graph in float16 throughout, inputs and outputs included (integer inputs stay integers)."""
    from onnxruntime.transformers.onnx_model import OnnxModel

    # ONNX Runtime's symbolic shape inference (unlike ONNX's own) knows the optimizer's contrib
    # operators, so fused graphs convert too; the value types it infers keep Resize scales float32.
    wrapped = OnnxModel(model)
    wrapped.convert_float_to_float16(keep_io_types=False, use_symbolic_shape_infer=True)
    return wrapped.model


def fusion_options(component: str, target: str) -> Any:
    """The optimizer's fusion options for a graph; ``target`` 'cpu' turns the CUDA-only fusions off."""
    from onnxruntime.transformers.fusion_options import FusionOptions

    options = FusionOptions(OPTIMIZER_MODEL_TYPES[component])
    if target == "cpu":
        for name in GPU_ONLY_FUSIONS:
            if hasattr(options, name):
                setattr(options, name, False)
    return options


def optimize_graph(model: onnx.ModelProto, component: str, target: str, num_heads: int, hidden_size: int) -> tuple[onnx.ModelProto, dict[str, Any]]:
    """Apply the Stable Diffusion fusions for ``target`` ('cpu' or 'gpu'); returns the graph and a
    record: the count of each fused operator it now holds, and the fusions that could not apply.

    The attention fusion reads head counts from the Reshape constants of the traced graph; where a
    graph's pattern differs from what it expects it raises, and the graph is optimized again
    without attention fusion (recorded as ``skipped``), rather than the export failing.
    """
    from onnxruntime.transformers.optimizer import optimize_model

    def run(options: Any) -> onnx.ModelProto:
        optimized = optimize_model(
            onnx.ModelProto.FromString(model.SerializeToString()),  # the optimizer edits its input
            model_type=OPTIMIZER_MODEL_TYPES[component],
            num_heads=num_heads,
            hidden_size=hidden_size,
            optimization_options=options,
            opt_level=0,  # the Python fusions only: the result must not depend on this machine's provider
            use_gpu=target == "gpu",
        )
        return optimized.model

    options = fusion_options(component, target)
    skipped: list[str] = []
    try:
        result = run(options)
    except (TypeError, ValueError, AssertionError, IndexError) as error:
        options.enable_attention = False
        skipped.append(f"attention ({type(error).__name__}: {error})")
        result = run(options)
    return result, {"operators": fused_operators(result), "skipped": skipped}


# Operators the fusions introduce (contrib ops of the com.microsoft domain and ONNX's LayerNormalization).
FUSED_OPERATORS = (
    "MultiHeadAttention", "Attention", "LayerNormalization", "SkipLayerNormalization", "Gelu", "BiasGelu",
    "FastGelu", "GroupNorm", "SkipGroupNorm", "BiasSplitGelu", "BiasAdd", "NhwcConv",
)  # fmt: skip


def fused_operators(model: onnx.ModelProto) -> dict[str, int]:
    counts: dict[str, int] = {}
    for node in model.graph.node:
        if node.op_type in FUSED_OPERATORS:
            counts[node.op_type] = counts.get(node.op_type, 0) + 1
    return dict(sorted(counts.items()))
