"""Validation images written while a run trains: ``OUTPUT/validation/step-NNNNNN/image-K.png``.

Every ``validation_every`` steps the current weights generate ``validation_images`` images (the
authors looked at three every 500 steps) with PNDM, guidance 7.5 and fixed seeds, so images of
different steps differ only by what training changed. The prompts are the run's captions: stage 2's
instance prompt, stage 1's caption of each class in turn (or ``--validation-prompt``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import torch

from .components import SdComponents
from .config import TrainConfig
from .runtime import Runtime

VALIDATION_FOLDER = "validation"
GUIDANCE = 7.5


def validation_prompts(config: TrainConfig, labels: list[str | None]) -> list[str]:
    """One prompt per validation image: ``--validation-prompt``, else the captions cycling over the classes."""
    if config.validation_prompt:
        return [config.validation_prompt] * config.validation_images
    classes: list[str | None] = [*sorted({label for label in labels if label})] or [None]
    return [config.caption_for(classes[k % len(classes)]) for k in range(config.validation_images)]


def is_validation_step(config: TrainConfig, step: int) -> bool:
    return config.validation_every > 0 and config.validation_images > 0 and step % config.validation_every == 0


def write_validation_images(components: SdComponents, unet: Any, text_encoder: Any, config: TrainConfig, runtime: Runtime, step: int, prompts: list[str]) -> list[Any]:
    """Generate and save the validation images of ``step``; returns them (PIL) for the logs.

    ``unet`` and ``text_encoder`` are the modules being trained (unwrapped from DDP); they are
    switched to eval mode for the generation and back afterwards.
    """
    from diffusers import PNDMScheduler, StableDiffusionPipeline

    modes = (unet.training, text_encoder.training)
    unet.eval()
    text_encoder.eval()
    pipeline = StableDiffusionPipeline(
        vae=components.vae,
        text_encoder=text_encoder,
        tokenizer=components.tokenizer,
        unet=unet,
        scheduler=PNDMScheduler.from_config({**components.scheduler_config, "skip_prk_steps": True, "steps_offset": 1}),
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )
    pipeline.set_progress_bar_config(disable=True)
    folder = validation_step_folder(config.output, step)
    folder.mkdir(parents=True, exist_ok=True)
    images = []
    try:
        for k, prompt in enumerate(prompts):
            generator = torch.Generator().manual_seed(config.seed + k)
            with torch.no_grad(), runtime.autocast():
                image = pipeline(
                    prompt=prompt,
                    num_inference_steps=config.validation_steps,
                    guidance_scale=GUIDANCE,
                    height=config.resolution,
                    width=config.resolution,
                    generator=generator,
                ).images[0]
            image.save(folder / f"image-{k}.png")
            images.append(image)
        (folder / "prompts.txt").write_text("".join(f"image-{k}.png\t{p}\n" for k, p in enumerate(prompts)), encoding="utf-8")
    finally:
        unet.train(modes[0])
        text_encoder.train(modes[1])
    return images


def validation_step_folder(output: Path, step: int) -> Path:
    """Where the validation images of ``step`` go."""
    return output / VALIDATION_FOLDER / f"step-{step:06d}"
