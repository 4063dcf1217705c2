"""Several processes (GPUs) through accelerate's launcher: ``accelerate launch -m maskmedpaint.cli ...``.

Under the launcher (``WORLD_SIZE`` > 1) accelerate starts the process group and picks each
process's device; the trained modules are wrapped in DistributedDataParallel, so gradients are
averaged over processes. Each process builds its own micro-batches (data.py: ``g`` interleaves the
processes), so a step sees ``batch_size x gradient_accumulation x processes`` images. Only the
main process reports, logs, validates and writes checkpoints; all of them load the checkpoint on
resume. A single process needs none of this and runs without accelerate.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from typing import Any

import torch


@dataclass
class Processes:
    """This process's place in the run and the accelerate state when there are several."""

    rank: int = 0
    count: int = 1
    accelerator: Any = None

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def device(self) -> torch.device | None:
        return None if self.accelerator is None else self.accelerator.device

    def wrap(self, module: torch.nn.Module) -> Any:
        """DDP-wrap a trained module (a single process keeps it as it is)."""
        if self.accelerator is None:
            return module
        return self.accelerator.prepare_model(module)

    def unwrap(self, module: Any) -> Any:
        return module if self.accelerator is None else self.accelerator.unwrap_model(module)

    def no_sync(self, modules: list[Any], last_micro_batch: bool) -> Any:
        """Skip DDP's gradient all-reduce on all but the last micro-batch of a step (it is summed locally)."""
        stack = contextlib.ExitStack()
        if self.accelerator is not None and not last_micro_batch:
            for module in modules:
                if hasattr(module, "no_sync"):
                    stack.enter_context(module.no_sync())
        return stack

    def mean(self, value: float) -> float:
        """A number averaged over the processes (the loss reported per step)."""
        if self.accelerator is None:
            return value
        tensor = torch.tensor([value], device=self.accelerator.device)
        return float(self.accelerator.reduce(tensor, reduction="mean")[0])

    def wait(self) -> None:
        if self.accelerator is not None:
            self.accelerator.wait_for_everyone()


def start_processes(device: str) -> Processes:
    """One process unless launched by ``accelerate launch`` (or torchrun) with several."""
    count = int(os.environ.get("WORLD_SIZE", "1"))
    if count <= 1:
        return Processes()
    from accelerate import Accelerator

    # Mixed precision stays this toolkit's own (runtime.py); accelerate only runs the processes.
    accelerator = Accelerator(cpu=device == "cpu", mixed_precision="no")
    return Processes(rank=accelerator.process_index, count=accelerator.num_processes, accelerator=accelerator)
