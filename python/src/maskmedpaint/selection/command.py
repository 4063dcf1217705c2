"""The ``select`` subcommand's arguments."""

from __future__ import annotations

from typing import Any


def add_select_command(commands: Any) -> None:
    description = "rank a run's checkpoints by how target-like their samples look (small domain classifier)"
    command = commands.add_parser("select", help=description, description=description)
    command.set_defaults(handler=lambda args, reporter: None)
