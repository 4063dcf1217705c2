"""Training settings of both stages, with the defaults from METHOD.md section 4.

Where the method fixes a value (stage 2: 512 px, lr 1e-6 constant, batch 2, accumulation 4,
2000 steps, SNR-gamma 5, text encoder trained, seed 0; checkpoints every 500 steps) it is the
default here; where it is silent (stage 1's learning rate and step count) the choice is ours and
documented in docs/python.md. Everything is overridable from the command line.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

STAGES = ("source-finetune", "target-dreambooth")

# Stage 1 caption templates per preset ({class} = class subfolder, {domain} = domain word);
# the dermoscopy and camera-trap wording follows METHOD.md section 4, the others follow the
# presets' inference prompts (section 3).
SOURCE_CAPTIONS = {
    "dermoscopy": "a dermoscopic image of {class} skin lesion",
    "natural": "a photo of {class} with {domain} background",
    "cameraTrap": "a camera trap photo of {class} with {domain}",
    "chestXray": "a radiograph from dataset {domain} with conditions {class}",
    "custom": "a photo of {class}",
}
# Stage 2 prompts: the target token in the wording each preset's inference prompt uses.
TARGET_PROMPTS = {
    "dermoscopy": "a dermoscopic image of {domain} skin lesion",
    "natural": "a photo of {domain} background",
    "cameraTrap": "a camera trap photo with {domain}",
    "chestXray": "a radiograph from dataset {domain}",
    "custom": "a photo of {domain}",
}
SOURCE_DOMAIN_WORD = "source-domain"
TARGET_DOMAIN_WORD = "target-domain"
DEFAULT_BASE_MODEL = "stable-diffusion-v1-5/stable-diffusion-v1-5"


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
    resume: str | None = None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["images"] = str(self.images)
        data["output"] = str(self.output)
        return data

    def caption_for(self, label: str | None) -> str:
        """The caption of one training image (stage 2 ignores the label)."""
        return self.prompt.replace("{class}", label or "").replace("{domain}", self.domain).strip()


def stage_defaults(stage: str, preset: str) -> dict[str, Any]:
    """Defaults that differ between the stages."""
    if stage == "source-finetune":
        return {
            "prompt": SOURCE_CAPTIONS[preset],
            "domain": SOURCE_DOMAIN_WORD,
            "learning_rate": 1e-5,
            "max_steps": 2500,
            "train_text_encoder": False,
            "min_images": 2,
        }
    if stage == "target-dreambooth":
        return {
            "prompt": TARGET_PROMPTS[preset],
            "domain": TARGET_DOMAIN_WORD,
            "learning_rate": 1e-6,
            "max_steps": 2000,
            "train_text_encoder": True,
            "min_images": 5,
        }
    raise ValueError(f"unknown stage {stage!r}")
