"""The ``select`` subcommand's arguments."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..progress import ProgressReporter


def add_select_command(commands: Any) -> None:
    description = "rank a run's checkpoints by how target-like their samples look (small domain classifier)"
    command = commands.add_parser("select", help=description, description=description, formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    command.add_argument("--run", type=Path, required=True, help="training output folder (has checkpoints/)")
    command.add_argument("--source", type=Path, required=True, help="source-domain images (any layout)")
    command.add_argument("--target", type=Path, required=True, help="target-domain images")
    command.add_argument("--output", type=Path, help="where samples and ranking.json go (default: RUN/selection)")
    command.add_argument("--base-model", help="model for the untrained parts (default: the run's base model)")
    command.add_argument("--prompt", help="sampling prompt (default: the run's training prompt)")
    command.add_argument("--samples", type=int, default=8, help="samples per checkpoint")
    command.add_argument("--steps", type=int, default=30, help="denoising steps per sample")
    command.add_argument("--guidance", type=float, default=7.5)
    command.add_argument("--resolution", type=int, help="sample size (default: the run's resolution)")
    command.add_argument("--seed", type=int, default=0)
    command.add_argument("--classifier-size", type=int, default=64, help="image side the classifier sees")
    command.add_argument("--classifier-epochs", type=int, default=30)
    command.add_argument("--device", default="auto")
    command.add_argument(
        "--text-encoder",
        choices=("checkpoint", "base"),
        default="checkpoint",
        help="score each checkpoint with its trained text encoder (when it has one) or the base model's; use the same choice in export",
    )
    command.set_defaults(handler=_run_select)


def _run_select(args: argparse.Namespace, reporter: ProgressReporter) -> None:
    from .rank import SelectOptions, rank_checkpoints

    options = {key: value for key, value in vars(args).items() if key not in ("command", "handler")}
    rank_checkpoints(SelectOptions(**options), reporter)
