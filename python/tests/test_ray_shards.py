"""maskmedpaint.ray_shards without Ray: reading plans, the CLI command, task resources, the pin.
(Running a plan on a real Ray cluster is the Ray tier: test/ray, scripts/test-ray.sh.)"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from maskmedpaint.errors import UserFacingError
from maskmedpaint.ray_shards import PlanFileError, cli_command, read_plan, run_plan_on_ray, task_options

PYTHON_DIR = Path(__file__).resolve().parents[1]


def write_plan(path: Path, **fields: object) -> Path:
    plan = {"format": "maskmedpaint-shard-plan", "formatVersion": 1, "shards": [], "resources": {"cpus": 1}}
    plan.update(fields)
    path.write_text(json.dumps(plan))
    return path


def test_read_plan_accepts_a_plan_and_refuses_anything_else(tmp_path: Path) -> None:
    assert read_plan(write_plan(tmp_path / "ok.json"))["formatVersion"] == 1
    with pytest.raises(PlanFileError, match="is not a MaskMedPaint shard plan"):
        read_plan(write_plan(tmp_path / "manifest.json", format="something else"))
    with pytest.raises(PlanFileError, match="has plan format version 2; this toolkit runs version 1"):
        read_plan(write_plan(tmp_path / "v2.json", formatVersion=2))
    with pytest.raises(PlanFileError, match="cannot read the plan"):
        read_plan(tmp_path / "missing.json")


def test_cli_command_from_argument_environment_or_path(monkeypatch: pytest.MonkeyPatch) -> None:
    assert cli_command("node '/opt/mmp tool/cli.js'") == ["node", "/opt/mmp tool/cli.js"]
    assert cli_command(["node", "cli.js"]) == ["node", "cli.js"]
    monkeypatch.setenv("MASKMEDPAINT_CLI", "/usr/bin/node /x/cli.js")
    assert cli_command() == ["/usr/bin/node", "/x/cli.js"]
    monkeypatch.delenv("MASKMEDPAINT_CLI")
    assert cli_command() == ["maskmedpaint"]


def test_task_options_follow_the_plans_resources() -> None:
    options = task_options({"resources": {"cpus": 4, "gpus": 1, "memoryMb": 16384}})
    assert options == {
        "num_cpus": 4,
        "num_gpus": 1,
        "memory": 16384 * 1024 * 1024,
        "max_retries": 2,
        "retry_exceptions": False,
    }
    assert "memory" not in task_options({"resources": {"cpus": 1, "gpus": 0, "memoryMb": None}})


def test_without_ray_running_a_plan_says_how_to_install_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    with pytest.raises(UserFacingError, match=re.escape('pip install "maskmedpaint[ray]"')):
        run_plan_on_ray(write_plan(tmp_path / "plan.json"))


def test_the_ray_extra_pins_the_version_the_ray_tier_installs() -> None:
    # The extra's line, read without tomllib (Python 3.11+; the toolkit supports 3.10).
    extras = re.search(r"^ray = \[(.*)\]$", (PYTHON_DIR / "pyproject.toml").read_text(), re.MULTILINE)
    assert extras, "pyproject.toml has a ray extra"
    extra = json.loads(f"[{extras.group(1)}]")
    tier = [line for line in (PYTHON_DIR / "requirements-ray.txt").read_text().splitlines() if line.startswith("ray")]
    assert extra == tier == ["ray==2.60.0"]
