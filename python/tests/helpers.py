"""Running the command line in-process and reading its JSON progress lines."""

from __future__ import annotations

import json
from typing import Any

import pytest

from maskmedpaint.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict[str, Any]]]:
    """Run ``maskmedpaint-train ARGV``; every stdout line must be one JSON object with a type."""
    code = main(list(argv))
    out = capsys.readouterr().out
    events = [json.loads(line) for line in out.splitlines() if line.strip()]
    for event in events:
        assert isinstance(event, dict) and isinstance(event.get("type"), str), event
    return code, events


def train_args(stage: str, base: str, images: str, output: str, steps: int, *extra: str) -> list[str]:
    """Tiny-run settings: 64 px, batch 1 x 2 accumulated, a checkpoint every step."""
    return [
        stage,
        "--base-model", base,
        "--images", images,
        "--output", output,
        "--resolution", "64",
        "--batch-size", "1",
        "--gradient-accumulation", "2",
        "--max-steps", str(steps),
        "--checkpoint-every", "1",
        "--learning-rate", "1e-3",
        *extra,
    ]  # fmt: skip
