"""Comparing regenerated fixtures with committed ones, in units of floating-point precision.

PyTorch and ONNX Runtime pick their CPU kernels at run time (scalar, AVX2, AVX-512; and SLEEF or libm
for exp, log, sin and cos), and each sums in its own order. A fixture regenerated on another CPU so
differs from the committed one by rounding: a few units of the dtype's machine epsilon, relative to
the size of the numbers that were added up. That size is the tensor's largest magnitude, not each
element's own value (an element near zero is the difference of terms as large as the tensor's
biggest: its rounding error is that of those terms), so every bound here is

    max |regenerated - committed|  <=  multiple * eps(dtype) * max |committed|

with ``multiple`` chosen from measured differences (see ``KERNEL_DIFFERENCES``), never an absolute
number of a few ulps of one particular value.
"""

from __future__ import annotations

import numpy as np

# Largest differences seen between fixtures regenerated with PyTorch 2.13.0 forced onto each kernel
# set (ATEN_CPU_CAPABILITY=default, avx2, avx512; ``torch.backends.cpu.get_cpu_capability()``
# reported DEFAULT, AVX2 and AVX512 on an Intel Xeon with AVX-512) and the committed fixtures
# (recorded on AVX-512 and AVX2 machines), in units of eps(dtype) * max |value| of the tensor:
#   scheduler steps (scheduler_reference.py):       default 5.3 (DPM-Solver++ Heun, step 15,
#                                                   2.5e-5 on -18.2 with max 39.0); avx2 0; avx512 0
#   recorded pipeline noise (make_tiny_sd.py):      default 3.1 (torch.randn's vectorised
#                                                   Box-Muller differs from the scalar one); avx2 0
#   recorded pipeline latents:                      default 4.5; avx2 2.7; avx512 0
#   float32 graph outputs on the same inputs:       default 11.7 (the VAE decoder: weights drawn
#                                                   by the default kernels differ by an ulp); avx2 0
#   float16 graph outputs:                          default 0.4 (one float16 ulp at 1.0); avx2 0
# On an AMD EPYC (AVX-512) clean clone the old absolute bounds failed by 1.4e-6 near 5.4 and
# 1.3e-5 near 21.1: at most 2.2 and 5.2 in these units (less where the tensor holds larger values).
KERNEL_DIFFERENCES = {"scheduler": 5.3, "noise": 3.1, "latents": 4.5, "graph32": 11.7, "graph16": 0.4}

# About six times the largest difference measured for elementwise chains (schedulers, noise,
# latents after a whole denoising loop) ...
ROUNDING_MULTIPLE = 32
# ... and for whole float32 graphs (dozens of layers, each adding its rounding).
GRAPH_MULTIPLE = 64
# float16 outputs are float32 results rounded once more: a float32 difference far below a float16
# step moves a value by at most about one float16 ulp.
FLOAT16_GRAPH_MULTIPLE = 4


def assert_close_in_eps(
    actual: np.ndarray, expected: np.ndarray, multiple: float, where: str, scale_at_least: float = 0.0
) -> None:
    """Fail unless ``max |actual - expected| <= multiple * eps(expected.dtype) * max |expected|``.

    ``scale_at_least`` raises that magnitude for a tensor computed from larger numbers than it holds
    (a function of an input whose own rounding it carries): the bound is then relative to those."""
    assert actual.shape == expected.shape, f"{where}: shape {actual.shape} != {expected.shape}"
    if expected.size == 0:
        return
    eps = float(np.finfo(expected.dtype).eps)
    scale = max(float(np.max(np.abs(expected.astype(np.float64)))), scale_at_least)
    diff = float(np.max(np.abs(actual.astype(np.float64) - expected.astype(np.float64))))
    # The smallest normal number keeps an all-zero tensor's bound at exact equality.
    bound = multiple * eps * max(scale, float(np.finfo(expected.dtype).tiny))
    in_eps = diff / (eps * scale) if scale > 0 else float("inf")
    assert diff <= bound, (
        f"{where}: max |diff| {diff:.3g} exceeds {multiple} x eps({expected.dtype}) x max |value| {scale:.3g} "
        f"= {bound:.3g} (it is {in_eps:.1f} eps x max |value|)"
    )
