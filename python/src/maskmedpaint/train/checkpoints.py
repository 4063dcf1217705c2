"""Checkpoints of a run: ``OUTPUT/checkpoints/checkpoint-<step>/`` with the trained weights
(unet/, text_encoder/ when trained) and, for the latest one only, the optimizer state needed to
resume. Older checkpoints drop their optimizer state (several GB for SD 1.5) but keep weights for
``maskmedpaint-train select``."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import torch

STATE_FILE = "training_state.pt"
_NAME = re.compile(r"^checkpoint-(\d+)$")


def checkpoint_root(output: Path) -> Path:
    return output / "checkpoints"


def list_checkpoints(output: Path) -> list[tuple[int, Path]]:
    """Finished checkpoints (temporary folders of an interrupted save are ignored), oldest first."""
    root = checkpoint_root(output)
    if not root.is_dir():
        return []
    found = [(int(match.group(1)), path) for path in root.iterdir() if (match := _NAME.match(path.name)) and path.is_dir()]
    return sorted(found)


def latest_resumable(output: Path) -> Path | None:
    """The newest checkpoint that still holds optimizer state."""
    for _, path in reversed(list_checkpoints(output)):
        if (path / STATE_FILE).is_file():
            return path
    return None


def save_checkpoint(output: Path, step: int, modules: dict[str, Any], state: dict[str, Any]) -> Path:
    """Write a checkpoint atomically (temp folder + rename), then prune older optimizer states."""
    root = checkpoint_root(output)
    root.mkdir(parents=True, exist_ok=True)
    final = root / f"checkpoint-{step:06d}"
    temporary = root / f".checkpoint-{step:06d}.tmp"
    shutil.rmtree(temporary, ignore_errors=True)
    for name, module in modules.items():
        module.save_pretrained(temporary / name, safe_serialization=True)
    torch.save(state, temporary / STATE_FILE)
    shutil.rmtree(final, ignore_errors=True)
    temporary.rename(final)
    for _, older in list_checkpoints(output):
        if older != final:
            (older / STATE_FILE).unlink(missing_ok=True)
    return final


def load_state(checkpoint: Path) -> dict[str, Any]:
    # weights_only=False: the state holds RNG states and optimizer dicts this toolkit wrote itself.
    return torch.load(checkpoint / STATE_FILE, map_location="cpu", weights_only=False)
