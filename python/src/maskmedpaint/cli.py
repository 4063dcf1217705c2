"""``maskmedpaint-train``: fine-tune (two stages), select a checkpoint, export to ONNX.

stdout carries JSON progress lines only (see progress.py); messages for people go to stderr.
Exit status: 0 done, 1 failed (an ``error`` event says why), 130 cancelled.
"""

from __future__ import annotations

import argparse
import signal
import sys
from typing import Any

from ._version import __version__
from .errors import UserFacingError
from .progress import ProgressReporter, log
from .train.config import STAGES, TrainConfig


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="maskmedpaint-train", description=__doc__.split("\n\n")[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    from .train.arguments import add_training_command

    for stage in STAGES:
        add_training_command(commands, stage, _run_training_command)
    from .export.command import add_export_command
    from .selection.command import add_select_command

    add_select_command(commands)
    add_export_command(commands)
    return parser


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    """The run's settings: the given options over the stage's defaults, or over the saved settings
    of the run being resumed (changes applied and recorded, or refused: train/resume.py)."""
    from .train.arguments import explicit_settings, fresh_config
    from .train.resume import resume_checkpoint, resumed_config, saved_settings

    given = explicit_settings(args)
    if args.resume is None:
        return fresh_config(args.stage, given)
    given["resume"] = args.resume
    saved = saved_settings(given["output"])
    checkpoint = resume_checkpoint(given["output"], args.resume)
    if saved is None or checkpoint is None:
        return fresh_config(args.stage, given)
    step = int(checkpoint.name.rsplit("-", 1)[-1]) if checkpoint.name.startswith("checkpoint-") else 0
    return resumed_config(args.stage, given, saved, step)


def _run_training_command(args: argparse.Namespace, reporter: ProgressReporter) -> None:
    from .train.loop import run_training

    run_training(config_from_args(args), reporter)


def _interrupt_on_terminate(_signum: int, _frame: Any) -> None:
    """The extension cancels with SIGTERM: raise KeyboardInterrupt so the run ends with a ``cancelled`` event."""
    raise KeyboardInterrupt


# Packages of the `train` extra (pyproject.toml): the light core install leaves them out.
TRAIN_EXTRA_MODULES = ("torch", "diffusers", "transformers", "safetensors", "onnx", "onnxruntime", "accelerate")


def missing_module_message(error: ModuleNotFoundError) -> str:
    """What to install when a module the training CLI needs is missing: the `train` extra for its packages."""
    top = (error.name or "").split(".")[0]
    if top in TRAIN_EXTRA_MODULES:
        return (
            f"{top} is not installed: fine-tuning, selection and export need the toolkit's training extra: "
            'pip install "maskmedpaint[train]" (choose the PyTorch build for your hardware first: '
            "https://pytorch.org/get-started)."
        )
    return f"{error}. Install the toolkit with its training extra: pip install \"maskmedpaint[train]\"."


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
        message = missing_module_message(error)
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
