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


TEXT_ENCODER_CHOICES = ("checkpoint", "base")


def checkpoint_weights_folder(path: Path) -> Path:
    """The folder holding ``unet/`` (and ``text_encoder/`` when trained): a checkpoint or a run's
    final pipeline; a ``unet/`` folder given directly stands for itself."""
    return path if (path / "unet").is_dir() else path.parent if path.name == "unet" else path


def swap_in_checkpoint(components: Any, checkpoint: Path, text_encoder: str) -> str:
    """Put a checkpoint's trained weights into ``components``: its UNet, and its text encoder when it
    has one and ``text_encoder == "checkpoint"``. ``select`` and ``export`` both call this, so the
    model a checkpoint is scored as is the model it is exported as. Returns which text encoder is in
    use: ``"checkpoint"`` or ``"base"``.
    """
    from diffusers import UNet2DConditionModel
    from transformers import CLIPTextModel

    from ..errors import UserFacingError

    if text_encoder not in TEXT_ENCODER_CHOICES:
        raise UserFacingError(f"--text-encoder must be one of {', '.join(TEXT_ENCODER_CHOICES)} (got {text_encoder!r})")
    folder = checkpoint_weights_folder(checkpoint)
    unet_folder = folder / "unet" if (folder / "unet").is_dir() else checkpoint
    try:
        components.unet = UNet2DConditionModel.from_pretrained(unet_folder)
    except (OSError, ValueError) as error:
        raise UserFacingError(f"Cannot load a UNet from {checkpoint}: {error}") from error
    trained_text = folder / "text_encoder"
    if text_encoder == "checkpoint" and trained_text.is_dir():
        components.text_encoder = CLIPTextModel.from_pretrained(trained_text)
        return "checkpoint"
    return "base"


def has_trained_text_encoder(checkpoint: Path) -> bool:
    return (checkpoint_weights_folder(checkpoint) / "text_encoder").is_dir()
