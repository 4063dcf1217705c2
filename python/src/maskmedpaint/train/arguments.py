"""The training subcommands' arguments, and the :class:`TrainConfig` they make.

Options left out take the stage's default (shown in ``--help``), or on ``--resume`` the resumed
run's saved value; an option given on a resume that differs from the saved run is applied and
recorded when it can change mid-run, and refused otherwise (resume.py).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..errors import UserFacingError
from ..prompts import preset_names, preset_template
from .config import DEFAULT_BASE_MODEL, STAGE_DEFAULTS, TrainConfig, absolute_base_model, default_domain, default_workers

HELPS = {
    "source-finetune": "stage 1: text-to-image fine-tune on labeled source images (IMAGES/<class>/<image>, or --labels CSV)",
    "target-dreambooth": "stage 2: DreamBooth-style fine-tune on unlabeled target-domain images",
}


def add_training_command(commands: Any, stage: str, handler: Any) -> None:
    """Register ``stage`` with every option and its default in the help text."""
    is_source = stage == "source-finetune"
    stage_default = STAGE_DEFAULTS[stage]
    defaults = TrainConfig.__dataclass_fields__
    command = commands.add_parser(stage, help=HELPS[stage], description=HELPS[stage])
    add = command.add_argument
    add("--images", type=Path, required=True, help="source folder with class subfolders" if is_source else "target-domain image folder")
    add("--output", type=Path, required=True, help="run folder: checkpoints/, validation/, logs/ and final/ (a diffusers pipeline)")
    base_help = "hub id or local diffusers folder " + (f"(default: {DEFAULT_BASE_MODEL})" if is_source else "(usually the stage-1 OUTPUT/final)")
    add("--base-model", required=not is_source, help=base_help)
    add("--preset", choices=preset_names(), help="prompt template: prompt_templates.json, shared with the extension's presets (default: dermoscopy)")
    add("--labels", type=Path, help="a path,label CSV for a flat image folder (paths relative to --images), as the CLI's --labels")
    add("--prompt", help="caption template instead of the preset's; {class}, {labels}, {domain}; a [segment] is dropped when a placeholder in it is empty")
    add("--domain", help="the domain word of the captions (default: the preset's " + ("source" if is_source else "target") + " word; chestXray: the image folder's name)")
    add("--resolution", type=int, help=f"training image side in px, a multiple of 8 (default: {defaults['resolution'].default})")
    add("--learning-rate", type=float, help=f"constant after the warm-up (default: {stage_default['learning_rate']:g})")
    add("--warmup-steps", type=int, help="linear warm-up steps (default: 0)")
    add("--batch-size", type=int, help=f"images per micro-batch and process (default: {defaults['batch_size'].default})")
    add("--gradient-accumulation", type=int, help=f"micro-batches per optimizer step (default: {defaults['gradient_accumulation'].default})")
    add("--max-steps", type=int, help=f"optimizer steps (default: {stage_default['max_steps']})")
    add("--checkpoint-every", type=int, help=f"steps between checkpoints (default: {defaults['checkpoint_every'].default})")
    add("--validation-every", type=int, help=f"steps between validation images, 0 = none (default: {defaults['validation_every'].default})")
    add("--validation-images", type=int, help=f"validation images each time (default: {defaults['validation_images'].default})")
    add("--validation-steps", type=int, help=f"denoising steps per validation image (default: {defaults['validation_steps'].default})")
    add("--validation-prompt", help="prompt of the validation images (default: the training captions)")
    add("--tensorboard", action=argparse.BooleanOptionalAction, default=None, help="TensorBoard logs in OUTPUT/logs (default: on)")
    add("--num-workers", type=int, help=f"DataLoader worker processes (default: {default_workers()} here: up to 4, one core left)")
    add("--snr-gamma", type=float, help="Min-SNR gamma; 0 turns the weighting off (default: 5)")
    text_encoder_default = "on" if stage_default["train_text_encoder"] else "off"
    add("--train-text-encoder", action=argparse.BooleanOptionalAction, default=None, help=f"train the text encoder too (default: {text_encoder_default})")
    add("--seed", type=int, help="seed of every random choice (default: 0)")
    add("--mixed-precision", choices=("auto", "no", "fp16", "bf16"), help="auto: bf16 (fp16 where unsupported) on GPU, off on CPU (default: auto)")
    add("--gradient-checkpointing", choices=("auto", "on", "off"), help="auto: on for GPU (default: auto)")
    add("--device", help="auto, cpu, cuda, cuda:1, ...; under accelerate launch each process takes its own (default: auto)")
    add("--min-images", type=int, help=f"refuse to train on fewer images (default: {stage_default['min_images']})")
    add("--random-crop", action="store_true", default=None, help="random instead of center crops (default: off)")
    add("--random-flip", action="store_true", default=None, help="horizontal flips (default: off: lesions and radiographs are not mirror-symmetric)")
    add("--resume", help="'latest' or a checkpoint folder; continues the step count with the run's saved settings")
    command.set_defaults(handler=handler, stage=stage)


# Options whose value is the TrainConfig field of the same name (None = not given).
PLAIN_OPTIONS = (
    "preset", "labels", "prompt", "domain", "resolution", "learning_rate", "warmup_steps", "batch_size",
    "gradient_accumulation", "max_steps", "checkpoint_every", "validation_every", "validation_images",
    "validation_steps", "validation_prompt", "tensorboard", "num_workers", "train_text_encoder", "seed",
    "mixed_precision", "gradient_checkpointing", "device", "min_images", "random_flip",
)  # fmt: skip


def explicit_settings(args: argparse.Namespace) -> dict[str, Any]:
    """The settings the command line gave (absolute paths), without defaults."""
    given: dict[str, Any] = {name: getattr(args, name) for name in PLAIN_OPTIONS if getattr(args, name) is not None}
    if args.random_crop is not None:
        given["center_crop"] = not args.random_crop
    if args.snr_gamma is not None:
        given["snr_gamma"] = args.snr_gamma if args.snr_gamma > 0 else None
    if "labels" in given:
        given["labels"] = given["labels"].expanduser().resolve()
    given["images"] = args.images.expanduser().resolve()
    given["output"] = args.output.expanduser().resolve()
    if args.base_model is not None:
        given["base_model"] = absolute_base_model(args.base_model)
    return given


def fresh_config(stage: str, given: dict[str, Any]) -> TrainConfig:
    """A new run's config: the given settings over the stage's and the preset's defaults."""
    preset = given.get("preset", "dermoscopy")
    values: dict[str, Any] = {
        "stage": stage,
        "base_model": given.get("base_model", DEFAULT_BASE_MODEL),
        "prompt": preset_template(preset)["template"],
        "domain": default_domain(stage, preset, given["images"]),
        "num_workers": default_workers(),
        **STAGE_DEFAULTS[stage],
        **given,
    }
    return validated(TrainConfig(**values))


def validated(config: TrainConfig) -> TrainConfig:
    for name in ("resolution", "batch_size", "gradient_accumulation", "max_steps", "checkpoint_every"):
        if getattr(config, name) < 1:
            raise UserFacingError(f"--{name.replace('_', '-')} must be at least 1")
    for name in ("validation_every", "validation_images", "validation_steps", "num_workers", "warmup_steps"):
        if getattr(config, name) < 0:
            raise UserFacingError(f"--{name.replace('_', '-')} must not be negative")
    if config.resolution % 8:
        raise UserFacingError("--resolution must be a multiple of 8 (the VAE downsamples by 8)")
    return config
