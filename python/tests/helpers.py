"""Running the command line in-process and reading its JSON progress lines."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from maskmedpaint.cli import main

# The events' one declaration, shared with the extension's parser.
TRAINING_EVENTS_SCHEMA = Path(__file__).resolve().parents[2] / "schema" / "training-events.schema.json"


@cache
def _event_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(TRAINING_EVENTS_SCHEMA.read_text(encoding="utf-8"))
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def check_event(event: Any) -> None:
    """Fails unless ``event`` is one the schema declares (every field named, every type right)."""
    errors = sorted(_event_validator().iter_errors(event), key=lambda error: list(error.path))
    assert not errors, f"{event} is not a declared training event: {[error.message for error in errors]}"


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict[str, Any]]]:
    """Run ``maskmedpaint-train ARGV``; every stdout line must be an event of schema/training-events.schema.json."""
    code = main(list(argv))
    out = capsys.readouterr().out
    events = [json.loads(line) for line in out.splitlines() if line.strip()]
    for event in events:
        check_event(event)
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
