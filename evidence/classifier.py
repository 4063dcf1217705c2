"""A small CNN classifier for the evidence experiment, trained on the CPU in seconds.

The architecture is deliberately tiny (three conv blocks, global average pooling): the point is
not accuracy but whether a shortcut (the ruler) is learned and whether augmentation breaks it.
Optimiser settings follow the authors' code (Adam, lr 1e-3, weight decay 1e-4).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn


class SmallCnn(nn.Module):
    def __init__(self, num_classes: int = 2) -> None:
        super().__init__()

        def block(cin: int, cout: int) -> nn.Sequential:
            return nn.Sequential(
                nn.Conv2d(cin, cout, 3, padding=1),
                nn.BatchNorm2d(cout),
                nn.ReLU(inplace=True),
                nn.MaxPool2d(2),
            )

        self.features = nn.Sequential(block(3, 16), block(16, 32), block(32, 64))
        self.head = nn.Linear(64, num_classes)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.head(self.features(x).mean(dim=(2, 3)))


@dataclass
class TrainSettings:
    # A fixed number of optimisation steps rather than epochs: arms differ in training-set size,
    # and small sets would otherwise get too few updates (and unsettled BatchNorm statistics).
    steps: int = 400
    batch_size: int = 32
    lr: float = 1e-3
    weight_decay: float = 1e-4


def train(
    images: torch.Tensor, soft_labels: torch.Tensor, seed: int, settings: TrainSettings
) -> SmallCnn:
    """Trains on float images [N,3,H,W] in [0,1] with soft labels [N,C] (CutMix needs soft ones)."""
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    model = SmallCnn(soft_labels.shape[1])
    optimiser = torch.optim.Adam(model.parameters(), lr=settings.lr, weight_decay=settings.weight_decay)
    model.train()
    n = images.shape[0]
    order = torch.randperm(n, generator=generator)
    cursor = 0
    for _ in range(settings.steps):
        if cursor + settings.batch_size > n:
            order, cursor = torch.randperm(n, generator=generator), 0
        batch = order[cursor : cursor + settings.batch_size]
        cursor += settings.batch_size
        logits = model(images[batch])
        loss = -(soft_labels[batch] * torch.log_softmax(logits, dim=1)).sum(dim=1).mean()
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
    model.eval()
    return model


@torch.no_grad()
def predict(model: SmallCnn, images: torch.Tensor, batch_size: int = 256) -> np.ndarray:
    out = [model(images[i : i + batch_size]).argmax(dim=1) for i in range(0, images.shape[0], batch_size)]
    return torch.cat(out).numpy()
