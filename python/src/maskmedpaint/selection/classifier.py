"""A small domain classifier (source = 0, target = 1) trained from scratch on downsized images.

Small on purpose: it only has to tell two image domains apart (colour, texture, borders), trains
in seconds on a CPU, and needs no downloaded weights.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from .._images import open_rgb
from ..errors import UserFacingError


class DomainNet(torch.nn.Module):
    def __init__(self) -> None:
        super().__init__()
        layers: list[torch.nn.Module] = []
        channels = 3
        for width in (16, 32, 64):
            layers += [torch.nn.Conv2d(channels, width, 3, stride=2, padding=1), torch.nn.BatchNorm2d(width), torch.nn.ReLU()]
            channels = width
        self.features = torch.nn.Sequential(*layers, torch.nn.AdaptiveAvgPool2d(1), torch.nn.Flatten())
        self.head = torch.nn.Linear(channels, 1)

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(images)).squeeze(1)


@dataclass
class DomainClassifier:
    """A trained classifier and its accuracy on held-out images (how much to trust its scores)."""

    net: DomainNet
    size: int
    validation_accuracy: float

    def target_probability(self, images: Sequence[Image.Image]) -> np.ndarray:
        self.net.eval()
        with torch.no_grad():
            logits = self.net(to_batch(images, self.size))
        return torch.sigmoid(logits).numpy()


def to_batch(images: Sequence[Image.Image], size: int) -> torch.Tensor:
    arrays = [np.asarray(image.convert("RGB").resize((size, size), Image.Resampling.BILINEAR), dtype=np.float32) / 127.5 - 1.0 for image in images]
    return torch.from_numpy(np.stack(arrays).transpose(0, 3, 1, 2).copy())


def load_images(paths: list[Path]) -> list[Image.Image]:
    images = []
    for path in paths:
        try:
            images.append(open_rgb(path))  # 16-bit grey rescaled, not clipped
        except Exception as error:  # any decoder failure means the same to the user
            raise UserFacingError(f"Cannot read image {path}: {error}") from error
    return images


def train_domain_classifier(
    source: Sequence[Image.Image], target: Sequence[Image.Image], size: int = 64, epochs: int = 30, seed: int = 0, holdout: float = 0.2
) -> DomainClassifier:
    """Train on all but a stratified ``holdout`` fraction of each domain; report accuracy on the rest."""
    if len(source) < 2 or len(target) < 2:
        raise UserFacingError(f"The domain classifier needs at least 2 source and 2 target images (got {len(source)} and {len(target)})")
    torch.manual_seed(seed)
    rng = np.random.default_rng(seed)
    images = to_batch([*source, *target], size)
    labels = torch.tensor([0.0] * len(source) + [1.0] * len(target))
    train_idx, val_idx = [], []
    for domain in (np.arange(len(source)), np.arange(len(source), len(source) + len(target))):
        shuffled = rng.permutation(domain)
        cut = max(1, round(len(shuffled) * holdout))
        val_idx += shuffled[:cut].tolist()
        train_idx += shuffled[cut:].tolist()
    net = DomainNet()
    optimizer = torch.optim.Adam(net.parameters(), lr=1e-3, weight_decay=1e-4)
    # Balance the domains: target sets are often much smaller than source sets.
    positives = float(labels[train_idx].sum())
    loss_fn = torch.nn.BCEWithLogitsLoss(pos_weight=torch.tensor((len(train_idx) - positives) / max(positives, 1.0)))
    generator = torch.Generator().manual_seed(seed)
    train_tensor = torch.tensor(train_idx)
    for _ in range(epochs):
        net.train()
        order = train_tensor[torch.randperm(len(train_tensor), generator=generator)]
        for batch in order.split(32):
            batch_images = images[batch]
            # Random horizontal flips: a cheap augmentation that keeps domain cues.
            flip = torch.rand(len(batch), generator=generator) < 0.5
            batch_images = torch.where(flip[:, None, None, None], batch_images.flip(3), batch_images)
            optimizer.zero_grad()
            loss_fn(net(batch_images), labels[batch]).backward()
            optimizer.step()
    net.eval()
    with torch.no_grad():
        predictions = (net(images[val_idx]) > 0).float()
    accuracy = float((predictions == labels[val_idx]).float().mean())
    return DomainClassifier(net, size, accuracy)
