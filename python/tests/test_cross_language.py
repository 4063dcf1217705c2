"""The toolkit against the TypeScript side's one source of each shared fact.

The TypeScript constants (src/shared/recipeChoices.ts, the diffusion engine's scheduler classes) and
the training requests the extension sends (src/shared/trainingRequest.ts) are printed by
test/pythonBridge/printCrossLanguageFacts.ts; here the toolkit's presets, export schedulers and
event stages must agree with them, and its own parser must read every request back unchanged.
"""

from __future__ import annotations

import json
import subprocess
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from maskmedpaint.cli import build_parser
from maskmedpaint.export.pipeline_export import INFERENCE_SCHEDULERS
from maskmedpaint.prompts import preset_names
from maskmedpaint.train.arguments import explicit_settings
from maskmedpaint.train.config import STAGES

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def facts() -> dict[str, Any]:
    command = ["node", "--import", "tsx", "test/pythonBridge/printCrossLanguageFacts.ts"]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    facts: dict[str, Any] = json.loads(result.stdout)
    return facts


def test_presets_are_the_extensions(facts: dict[str, Any]) -> None:
    assert preset_names() == sorted(facts["presets"])


def test_export_writes_only_schedulers_the_engine_runs(facts: dict[str, Any]) -> None:
    assert set(facts["schedulerClasses"]) == INFERENCE_SCHEDULERS


def test_training_stages_are_the_event_schemas() -> None:
    schema = json.loads((REPO / "schema" / "training-events.schema.json").read_text(encoding="utf-8"))
    start = next(branch for branch in schema["oneOf"] if branch["properties"]["type"]["const"] == "start")
    assert start["properties"]["stage"]["enum"] == list(STAGES)


def test_every_training_request_parses_back_unchanged(facts: dict[str, Any]) -> None:
    requests = facts["trainingRequests"]
    assert {entry["request"]["command"] for entry in requests} == {*STAGES, "export"}
    for entry in requests:
        request, args = entry["request"], entry["args"]
        parsed = build_parser().parse_args(args)
        assert parsed.command == request["command"], args
        if request["command"] == "export":
            assert parsed.model == request["model"]
            assert parsed.unet == Path(request["unet"])
            assert parsed.output == Path(request["output"])
            assert parsed.overwrite is request["overwrite"]
            continue
        given = explicit_settings(parsed)
        assert given["images"] == Path(request["images"]).resolve()
        assert given["output"] == Path(request["output"]).resolve()
        assert given["base_model"] == request["baseModel"]
        assert given.get("preset") == request.get("preset")
        assert given.get("max_steps") == request.get("maxSteps")
        assert given.get("resolution") == request.get("resolution")
        assert parsed.resume == ("latest" if request.get("resume") else None)


def test_packaged_schemas_are_the_repositorys() -> None:
    """The manifest reader validates with the package's copies; they must be the repository's files."""
    for name in ("manifest.schema.json", "recipe.schema.json"):
        packaged = (files("maskmedpaint") / "schema" / name).read_text(encoding="utf-8")
        assert packaged == (REPO / "schema" / name).read_text(encoding="utf-8"), f"copy schema/{name} into python/src/maskmedpaint/schema/"
    assert "schema/*.json" in (REPO / "python" / "pyproject.toml").read_text(encoding="utf-8"), "shipped as package data"
