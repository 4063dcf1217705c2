"""What an exported model records about its training: the settings of the run whose weights it
holds, the runs it was built on, and the prompts it was trained with (which the extension's
``augment`` uses unless told otherwise).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..prompts import inference_prompt
from ..train.checkpoints import checkpoint_weights_folder
from ..train.resume import SETTINGS_FILE

MAX_LINEAGE = 8


def _read_settings(folder: Path) -> dict[str, Any] | None:
    path = folder / SETTINGS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def weights_settings(model: str, unet: Path | None) -> dict[str, Any] | None:
    """The settings of the run that trained the exported UNet: the ``--unet`` checkpoint's run (its
    folder, or the run folder two levels up from ``checkpoints/checkpoint-N``), else ``--model``'s."""
    if unet is not None:
        folder = checkpoint_weights_folder(unet.expanduser().resolve())
        for candidate in (folder, folder.parent, folder.parent.parent):
            found = _read_settings(candidate)
            if found is not None:
                return found
        return None
    return _read_settings(Path(model).expanduser())


def lineage(settings: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The runs behind a model, oldest first: each run's base model's own settings, followed back."""
    chain: list[dict[str, Any]] = []
    current = settings
    while current is not None and len(chain) < MAX_LINEAGE:
        chain.insert(0, current)
        base = current.get("base_model")
        current = _read_settings(Path(base)) if isinstance(base, str) and Path(base).is_dir() else None
    return chain


def trained_prompts(settings: dict[str, Any] | None, runs: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The prompt record of ``maskmedpaint_model.json``: the template and domain word of the stage
    whose weights the model holds, every stage's own, and ``inference``, the prompt generation
    should use ({class} and {labels} filled per image), in the extension's placeholder language."""
    if not settings or not isinstance(settings.get("prompt"), str):
        return None
    template, domain = settings["prompt"], str(settings.get("domain", ""))
    return {
        "preset": settings.get("preset"),
        "stage": settings.get("stage"),
        "template": template,
        "domain": domain,
        "inference": inference_prompt(template, domain),
        "stages": [
            {"stage": run.get("stage"), "template": run.get("prompt"), "domain": run.get("domain")}
            for run in runs
            if isinstance(run.get("prompt"), str)
        ],
    }
