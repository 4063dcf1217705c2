"""Where and how a run computes: device, mixed precision and gradient checkpointing ("auto" = on for GPUs)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

import torch

from ..errors import UserFacingError


@dataclass(frozen=True)
class Runtime:
    device: torch.device
    # dtype of frozen modules and autocast; float32 means full precision
    compute_dtype: torch.dtype
    gradient_checkpointing: bool

    @property
    def mixed_precision(self) -> str:
        return {torch.float16: "fp16", torch.bfloat16: "bf16"}.get(self.compute_dtype, "no")

    def autocast(self) -> Any:
        if self.compute_dtype == torch.float32:
            return contextlib.nullcontext()
        return torch.autocast(device_type=self.device.type, dtype=self.compute_dtype)


def pick_runtime(device: str, mixed_precision: str, gradient_checkpointing: str, assigned: torch.device | None = None) -> Runtime:
    """The runtime of a run; ``assigned`` is the device accelerate's launcher gave this process."""
    if assigned is not None:
        chosen = assigned
    elif device == "auto":
        chosen = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    else:
        chosen = torch.device(device)
        if chosen.type == "cuda" and not torch.cuda.is_available():
            raise UserFacingError("--device cuda was asked for but this PyTorch build sees no CUDA GPU (torch.cuda.is_available() is False)")
    on_gpu = chosen.type == "cuda"
    if mixed_precision == "auto":
        mixed_precision = ("bf16" if torch.cuda.is_bf16_supported() else "fp16") if on_gpu else "no"
    dtypes = {"no": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}
    if mixed_precision not in dtypes:
        raise UserFacingError(f"--mixed-precision must be one of auto, no, fp16, bf16 (got {mixed_precision!r})")
    if mixed_precision == "fp16" and not on_gpu:
        raise UserFacingError("--mixed-precision fp16 needs a CUDA GPU; use bf16 or no on CPU")
    if gradient_checkpointing not in ("auto", "on", "off"):
        raise UserFacingError(f"--gradient-checkpointing must be auto, on or off (got {gradient_checkpointing!r})")
    checkpointing = on_gpu if gradient_checkpointing == "auto" else gradient_checkpointing == "on"
    return Runtime(chosen, dtypes[mixed_precision], checkpointing)
