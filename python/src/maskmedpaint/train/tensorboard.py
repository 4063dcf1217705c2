"""TensorBoard logs of a run in ``OUTPUT/logs``: loss and learning rate per step, validation images.

``tensorboard --logdir OUTPUT/logs`` shows them. When the tensorboard package is missing the run
goes on without logs and says so once on stderr.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..progress import log

LOG_FOLDER = "logs"


class TrainingLog:
    """Writes scalars and images for TensorBoard; does nothing when disabled or unavailable."""

    def __init__(self, output: Path, enabled: bool):
        self._writer: Any = None
        if not enabled:
            return
        try:
            from torch.utils.tensorboard import SummaryWriter
        except ImportError:
            log("note: TensorBoard logs are off: the tensorboard package is not installed (pip install tensorboard)")
            return
        self._writer = SummaryWriter(log_dir=str(output / LOG_FOLDER))

    @property
    def active(self) -> bool:
        return self._writer is not None

    def step(self, step: int, loss: float, learning_rate: float) -> None:
        if self._writer is not None:
            self._writer.add_scalar("train/loss", loss, step)
            self._writer.add_scalar("train/learning_rate", learning_rate, step)

    def images(self, step: int, images: list[Any]) -> None:
        """Validation images (PIL) as one grid per step under ``validation``."""
        if self._writer is None or not images:
            return
        batch = np.stack([np.asarray(image.convert("RGB")) for image in images])
        self._writer.add_images("validation", batch, step, dataformats="NHWC")

    def close(self) -> None:
        if self._writer is not None:
            self._writer.flush()
            self._writer.close()
            self._writer = None
