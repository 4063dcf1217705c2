"""Micro-batches for a DataLoader with worker processes, reproducible whatever the worker count.

Micro-batch number ``g`` (counted over the whole run and every process) holds the images at
positions ``g * batch_size ...`` of an endless sequence of epochs, each epoch a permutation
seeded by ``(seed, epoch)``; its crops and flips come from a generator seeded by ``(seed, g)``.
So any micro-batch can be built on its own: in any worker, in any order, after a resume, or on
the process of a multi-GPU run it belongs to, and the run's images are the same.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import torch
from torch.utils.data import DataLoader, Dataset

from .images import TrainingImage, load_pixels


@dataclass(frozen=True)
class BatchPlan:
    """Which micro-batches this process builds: ``g = step * per_step + micro * processes + rank``."""

    batch_size: int
    accumulation: int
    processes: int = 1
    rank: int = 0

    @property
    def per_step(self) -> int:
        return self.accumulation * self.processes

    def global_index(self, step: int, micro: int) -> int:
        return step * self.per_step + micro * self.processes + self.rank


class MicroBatches(Dataset):
    """Map-style dataset over global micro-batch numbers: item ``g`` -> (pixels [B, 3, R, R], image indices)."""

    def __init__(self, images: list[TrainingImage], plan: BatchPlan, resolution: int, center_crop: bool, random_flip: bool, seed: int):
        self.images, self.plan, self.resolution = images, plan, resolution
        self.center_crop, self.random_flip, self.seed = center_crop, random_flip, seed
        self._orders: dict[int, list[int]] = {}

    def __len__(self) -> int:  # the sampler decides which items are asked for
        return 2**62

    def epoch_order(self, epoch: int) -> list[int]:
        if epoch not in self._orders:
            generator = torch.Generator().manual_seed(self.seed * 1_000_003 + epoch)
            self._orders = {epoch: torch.randperm(len(self.images), generator=generator).tolist()}
        return self._orders[epoch]

    def indices(self, g: int) -> list[int]:
        count = len(self.images)
        positions = range(g * self.plan.batch_size, (g + 1) * self.plan.batch_size)
        return [self.epoch_order(p // count)[p % count] for p in positions]

    def __getitem__(self, g: int) -> tuple[torch.Tensor, torch.Tensor]:
        rng = np.random.default_rng([self.seed, g])
        chosen = self.indices(g)
        pixels = [
            load_pixels(self.images[i].path, self.resolution, self.center_crop, self.random_flip and rng.random() < 0.5, rng)
            for i in chosen
        ]
        return torch.stack(pixels), torch.tensor(chosen)


class _Range(torch.utils.data.Sampler[int]):
    """This process's micro-batch numbers from ``first_step`` to ``last_step`` (exclusive), in order."""

    def __init__(self, plan: BatchPlan, first_step: int, last_step: int):
        self.plan, self.first_step, self.last_step = plan, first_step, last_step

    def __iter__(self) -> Iterator[int]:
        for step in range(self.first_step, self.last_step):
            for micro in range(self.plan.accumulation):
                yield self.plan.global_index(step, micro)

    def __len__(self) -> int:
        return (self.last_step - self.first_step) * self.plan.accumulation


def micro_batch_loader(dataset: MicroBatches, first_step: int, last_step: int, workers: int) -> DataLoader:
    """Micro-batches of steps ``first_step .. last_step - 1`` in training order, decoded by ``workers`` processes."""
    return DataLoader(
        dataset,
        batch_size=None,
        sampler=_Range(dataset.plan, first_step, last_step),
        num_workers=workers,
        persistent_workers=False,
        prefetch_factor=2 if workers > 0 else None,
    )


def noise_generator(seed: int, g: int) -> torch.Generator:
    """The generator of micro-batch ``g``'s posterior sample, noise and timesteps: seeded by
    ``(seed, g)``, so no state has to be saved and each process of a multi-GPU run draws its own."""
    state = np.random.SeedSequence([seed, g]).generate_state(2, dtype=np.uint32)
    return torch.Generator().manual_seed(int(state[0]) << 32 | int(state[1]))
