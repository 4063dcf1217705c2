"""Classical augmentation baseline: flips, colour jitter and CutMix on the source images."""
from __future__ import annotations

import numpy as np
import torch


def classical_augment(
    images: torch.Tensor, labels: np.ndarray, count: int, seed: int, num_classes: int = 2
) -> tuple[torch.Tensor, torch.Tensor]:
    """Returns `count` augmented images and their soft labels (CutMix mixes labels by area)."""
    rng = np.random.default_rng(seed)
    n, _, h, w = images.shape
    out = torch.empty((count, 3, h, w))
    soft = torch.zeros((count, num_classes))
    for i in range(count):
        a = int(rng.integers(n))
        img = images[a].clone()
        if rng.random() < 0.5:
            img = img.flip(2)
        if rng.random() < 0.5:
            img = img.flip(1)
        # Colour jitter: brightness, contrast and per-channel gain, each +-20%.
        img = img * float(rng.uniform(0.8, 1.2))
        mean = img.mean()
        img = (img - mean) * float(rng.uniform(0.8, 1.2)) + mean
        img = img * torch.tensor(rng.uniform(0.9, 1.1, size=3), dtype=torch.float32).view(3, 1, 1)
        weight_a = 1.0
        if rng.random() < 0.5:
            b = int(rng.integers(n))
            lam = float(rng.beta(1.0, 1.0))
            cut_h, cut_w = int(h * np.sqrt(1 - lam)), int(w * np.sqrt(1 - lam))
            cy, cx = int(rng.integers(h)), int(rng.integers(w))
            y0, y1 = max(cy - cut_h // 2, 0), min(cy + cut_h // 2, h)
            x0, x1 = max(cx - cut_w // 2, 0), min(cx + cut_w // 2, w)
            img[:, y0:y1, x0:x1] = images[b, :, y0:y1, x0:x1]
            weight_a = 1.0 - (y1 - y0) * (x1 - x0) / (h * w)
            soft[i, labels[b]] += 1.0 - weight_a
        soft[i, labels[a]] += weight_a
        out[i] = img.clamp(0, 1)
    return out, soft
