"""``maskmedpaint-train``: fine-tune (two stages), select a checkpoint, export to ONNX.

stdout carries JSON progress lines only (see progress.py); messages for people go to stderr.
Exit status: 0 done, 1 failed (an ``error`` event says why), 130 cancelled.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from typing import Any

from .errors import UserFacingError
from .progress import ProgressReporter, log
from .train.config import DEFAULT_BASE_MODEL, SOURCE_CAPTIONS, STAGES, TrainConfig, stage_defaults


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="maskmedpaint-train", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    for stage in STAGES:
        _add_training_command(commands, stage)
    from .selection.command import add_select_command
    from .export.command import add_export_command

    add_select_command(commands)
    add_export_command(commands)
    return parser


def _add_training_command(commands: Any, stage: str) -> None:
    is_source = stage == "source-finetune"
    helps = {
        "source-finetune": "stage 1: text-to-image fine-tune on labeled source images (IMAGES/<class>/<image>)",
        "target-dreambooth": "stage 2: DreamBooth-style fine-tune on unlabeled target-domain images",
    }
    command = commands.add_parser(stage, help=helps[stage], description=helps[stage])
    command.add_argument("--images", type=Path, required=True, help="source folder with class subfolders" if is_source else "target-domain image folder")
    command.add_argument("--output", type=Path, required=True, help="run folder: checkpoints/ and final/ (a diffusers pipeline)")
    command.add_argument(
        "--base-model",
        default=DEFAULT_BASE_MODEL if is_source else None,
        required=not is_source,
        help="hub id or local diffusers folder" + ("" if is_source else " (usually the stage-1 OUTPUT/final)"),
    )
    command.add_argument("--preset", choices=sorted(SOURCE_CAPTIONS), default="dermoscopy", help="caption/prompt wording (default: dermoscopy)")
    command.add_argument("--prompt", help="caption template; {class} = class subfolder, {domain} = --domain" if is_source else "instance prompt; {domain} = --domain")
    command.add_argument("--domain", help="domain word in captions (default: source-domain / target-domain)")
    command.add_argument("--resolution", type=int, default=512)
    command.add_argument("--learning-rate", type=float)
    command.add_argument("--warmup-steps", type=int, default=0, help="linear warm-up, then constant")
    command.add_argument("--batch-size", type=int, default=2)
    command.add_argument("--gradient-accumulation", type=int, default=4)
    command.add_argument("--max-steps", type=int, help="optimizer steps (default: 2500 stage 1, 2000 stage 2)")
    command.add_argument("--checkpoint-every", type=int, default=500)
    command.add_argument("--snr-gamma", type=float, default=5.0, help="Min-SNR gamma; 0 turns the weighting off")
    command.add_argument("--train-text-encoder", action=argparse.BooleanOptionalAction, default=None)
    command.add_argument("--seed", type=int, default=0)
    command.add_argument("--mixed-precision", choices=("auto", "no", "fp16", "bf16"), default="auto", help="auto: bf16/fp16 on GPU, off on CPU")
    command.add_argument("--gradient-checkpointing", choices=("auto", "on", "off"), default="auto", help="auto: on for GPU")
    command.add_argument("--device", default="auto", help="auto, cpu, cuda, cuda:1, ...")
    command.add_argument("--min-images", type=int, help="refuse to train on fewer images (default: 2 stage 1, 5 stage 2)")
    command.add_argument("--random-crop", action="store_true", help="random instead of center crops")
    command.add_argument("--random-flip", action="store_true", help="horizontal flips (off: lesions and radiographs are not mirror-symmetric)")
    command.add_argument("--resume", help="'latest' or a checkpoint folder; continues the step count")
    command.set_defaults(handler=_run_training_command, stage=stage)


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    """Merge command-line values over the stage's defaults (METHOD.md section 4)."""
    defaults = stage_defaults(args.stage, args.preset)
    pick = lambda value, key: defaults[key] if value is None else value  # noqa: E731 - tiny local helper
    config = TrainConfig(
        stage=args.stage,
        base_model=args.base_model,
        images=args.images,
        output=args.output,
        prompt=pick(args.prompt, "prompt"),
        domain=pick(args.domain, "domain"),
        preset=args.preset,
        resolution=args.resolution,
        learning_rate=pick(args.learning_rate, "learning_rate"),
        warmup_steps=args.warmup_steps,
        batch_size=args.batch_size,
        gradient_accumulation=args.gradient_accumulation,
        max_steps=pick(args.max_steps, "max_steps"),
        checkpoint_every=args.checkpoint_every,
        snr_gamma=args.snr_gamma if args.snr_gamma > 0 else None,
        train_text_encoder=pick(args.train_text_encoder, "train_text_encoder"),
        seed=args.seed,
        mixed_precision=args.mixed_precision,
        gradient_checkpointing=args.gradient_checkpointing,
        device=args.device,
        min_images=pick(args.min_images, "min_images"),
        center_crop=not args.random_crop,
        random_flip=args.random_flip,
        resume=args.resume,
    )
    for name in ("resolution", "batch_size", "gradient_accumulation", "max_steps", "checkpoint_every"):
        if getattr(config, name) < 1:
            raise UserFacingError(f"--{name.replace('_', '-')} must be at least 1")
    if config.resolution % 8:
        raise UserFacingError("--resolution must be a multiple of 8 (the VAE downsamples by 8)")
    return config


def _run_training_command(args: argparse.Namespace, reporter: ProgressReporter) -> None:
    from .train.loop import run_training

    run_training(config_from_args(args), reporter)


def _interrupt_on_terminate(_signum: int, _frame: Any) -> None:
    """The extension cancels with SIGTERM: raise KeyboardInterrupt so the run ends with a ``cancelled`` event."""
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    reporter = ProgressReporter()
    previous_handler = signal.signal(signal.SIGTERM, _interrupt_on_terminate)
    try:
        args.handler(args, reporter)
    except UserFacingError as error:
        reporter.emit("error", message=str(error))
        log(f"error: {error}")
        return 1
    except ModuleNotFoundError as error:
        message = f"{error}. Install the toolkit's dependencies (pip install maskmedpaint) and a PyTorch build for your hardware (https://pytorch.org/get-started)."
        reporter.emit("error", message=message)
        log(f"error: {message}")
        return 1
    except KeyboardInterrupt:
        reporter.emit("cancelled", message="cancelled; resume with --resume latest")
        log("cancelled")
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous_handler)
    return 0


if __name__ == "__main__":
    sys.exit(main())
