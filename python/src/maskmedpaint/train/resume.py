"""Resuming a run with its saved settings: what may change on a resume and what may not.

A resumed run takes every setting from the run's saved ``maskmedpaint_training.json``. A setting
given again with a different value is applied and recorded in the settings' ``resumes`` list when
it can change mid-run (the schedule's length, the learning rate, logging, where it computes), and
refused otherwise (the data, the captions, the model, the batch): those would make the checkpoints
before and after the resume belong to two different runs. Nothing is silently ignored.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import UserFacingError
from .arguments import validated
from .checkpoints import STATE_FILE, latest_resumable, list_checkpoints
from .config import TrainConfig

SETTINGS_FILE = "maskmedpaint_training.json"

# Settings a resume may change; each change is applied and recorded.
CHANGEABLE_ON_RESUME = frozenset({
    "max_steps", "learning_rate", "warmup_steps", "checkpoint_every", "validation_every", "validation_images",
    "validation_steps", "validation_prompt", "tensorboard", "num_workers", "device", "mixed_precision",
    "gradient_checkpointing", "min_images",
})  # fmt: skip


def resume_checkpoint(output: Path, resume: str | None) -> Path | None:
    """The checkpoint to continue from (None: start at step 0); refuses to mix two runs in one folder."""
    if resume is None:
        if list_checkpoints(output):
            raise UserFacingError(f"{output} already has checkpoints: pass --resume latest to continue that run, or choose another --output")
        return None
    if resume == "latest":
        return latest_resumable(output)
    path = Path(resume).expanduser().resolve()
    if not (path / STATE_FILE).is_file():
        raise UserFacingError(f"{path} is not a resumable checkpoint (no {STATE_FILE}); only the latest checkpoint keeps one")
    return path


def saved_settings(output: Path) -> dict[str, Any] | None:
    path = output / SETTINGS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def resumed_config(stage: str, given: dict[str, Any], saved: dict[str, Any], step: int) -> TrainConfig:
    """The saved run's config with the changeable settings given on the command line applied.

    Raises :class:`UserFacingError` naming every setting that differs but cannot change mid-run.
    The applied changes are appended to the config's ``resumes`` history.
    """
    if saved.get("stage") != stage:
        raise UserFacingError(f"{given['output']} holds a {saved.get('stage')} run; resume it with that command")
    base = TrainConfig.from_json(saved).to_json()
    refused, applied = [], {}
    for name, value in given.items():
        new = str(value) if isinstance(value, Path) else value
        old = base.get(name)
        if new == old or name == "resume":
            continue
        if name in CHANGEABLE_ON_RESUME:
            applied[name] = [old, new]
        else:
            refused.append(f"--{name.replace('_', '-')}: {old!r} in the saved run, {new!r} now")
    if refused:
        raise UserFacingError(
            "Cannot resume with settings that change what the run learns:\n  " + "\n  ".join(refused)
            + "\nrepeat the saved values (or leave the options out), or start a new run with another --output"
        )
    merged = {**base, **{name: pair[1] for name, pair in applied.items()}, "resume": given.get("resume")}
    merged["resumes"] = [*base.get("resumes", []), {"step": step, "changed": applied}]
    return validated(TrainConfig.from_json(merged))


def write_settings(config: TrainConfig, folder: Path) -> None:
    """Save the run's settings (with its resume history) as ``maskmedpaint_training.json``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / SETTINGS_FILE).write_text(json.dumps(config.to_json(), indent=2) + "\n", encoding="utf-8")
