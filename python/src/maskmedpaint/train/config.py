"""Training settings of both stages, with the defaults of the authors' setup.

Where the authors fixed a value (stage 2: 512 px, lr 1e-6 constant, batch 2, accumulation 4,
2000 steps, SNR-gamma 5, text encoder trained, seed 0; checkpoints every 500 steps; three
validation images every 500 steps) it is the default here; where they are silent (stage 1's
learning rate and step count) the choice is ours and documented in docs/python.md. Captions come
from the preset's shared prompt template (prompts.py). Every path is stored absolute, so a run's
settings work from any working directory.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from ..prompts import caption, preset_template

STAGES = ("source-finetune", "target-dreambooth")
DEFAULT_BASE_MODEL = "stable-diffusion-v1-5/stable-diffusion-v1-5"
PATH_FIELDS = ("images", "output", "labels")

# Defaults that differ between the stages (the rest are TrainConfig's field defaults).
STAGE_DEFAULTS: dict[str, dict[str, Any]] = {
    "source-finetune": {"learning_rate": 1e-5, "max_steps": 2500, "train_text_encoder": False, "min_images": 2},
    "target-dreambooth": {"learning_rate": 1e-6, "max_steps": 2000, "train_text_encoder": True, "min_images": 5},
}


def default_workers() -> int:
    """DataLoader worker processes: up to 4, leaving a core to the training process."""
    return max(0, min(4, (os.cpu_count() or 1) - 1))


@dataclass
class TrainConfig:
    """Everything one training run depends on; saved beside checkpoints for resume and export metadata."""

    stage: str
    base_model: str
    images: Path
    output: Path
    prompt: str
    domain: str
    preset: str = "dermoscopy"
    labels: Path | None = None
    resolution: int = 512
    learning_rate: float = 1e-6
    warmup_steps: int = 0
    batch_size: int = 2
    gradient_accumulation: int = 4
    max_steps: int = 2000
    checkpoint_every: int = 500
    snr_gamma: float | None = 5.0
    train_text_encoder: bool = True
    seed: int = 0
    mixed_precision: str = "auto"
    gradient_checkpointing: str = "auto"
    device: str = "auto"
    min_images: int = 5
    center_crop: bool = True
    random_flip: bool = False
    max_grad_norm: float = 1.0
    weight_decay: float = 1e-2
    validation_every: int = 500
    validation_images: int = 3
    validation_steps: int = 25
    validation_prompt: str | None = None
    tensorboard: bool = True
    num_workers: int = 0
    resume: str | None = None
    # Settings changed by resumes: [{"step": N, "changed": {name: [old, new]}}], oldest first.
    resumes: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for name in PATH_FIELDS:
            value = getattr(self, name)
            data[name] = None if value is None else str(value)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TrainConfig:
        """A config from saved settings (unknown keys, e.g. the resume history, are ignored)."""
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        for name in PATH_FIELDS:
            if values.get(name) is not None:
                values[name] = Path(values[name])
        return cls(**values)

    def caption_for(self, label: str | None) -> str:
        """The caption of one training image (stage 2 has no label: the template drops its segment)."""
        return caption(self.prompt, label, self.domain)


def default_domain(stage: str, preset: str, images: Path) -> str:
    """The preset's domain word for a stage; a preset without one (chest X-ray: the dataset's name)
    uses the image folder's name."""
    entry = preset_template(preset)
    word = entry["sourceDomain" if stage == "source-finetune" else "targetDomain"]
    return word if word is not None else images.resolve().name


def absolute_base_model(base_model: str) -> str:
    """A local base model folder as an absolute path (a hub id stays as it is)."""
    local = Path(base_model).expanduser()
    return str(local.resolve()) if local.exists() else base_model
