"""Run a MaskMedPaint shard plan on a Ray cluster, then merge it.

``maskmedpaint plan --shards N`` (the TypeScript CLI) writes the plan; this module submits one Ray
task per shard that is neither done nor running, with the resources the plan asks of each shard
(``resources``: CPUs, GPUs, memory), and each task runs the same CLI command a Slurm array task
runs: ``maskmedpaint augment --plan P --shard I``. When every task has ended it runs
``maskmedpaint merge --plan P``. Ray only places and runs the tasks; what is done, resumable and
verified is decided by the CLI from the shard folders, so running this again after a failure
submits only the shards still to run (docs/scale-out.md).

The plan, its inputs and the CLI must be reachable at the same paths on every Ray node (a shared
file system), as on a Slurm cluster. Ray is imported only when a plan is run:
``pip install "maskmedpaint[ray]"``.

Command line: ``python -m maskmedpaint.ray_shards --plan P [--address ADDR] [--cli CMD]``.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import UserFacingError

PLAN_FORMAT = "maskmedpaint-shard-plan"
PLAN_FORMAT_VERSION = 1
#: Environment variable naming the shell command that runs the maskmedpaint CLI.
CLI_ENV = "MASKMEDPAINT_CLI"
#: The last lines of a shard's stderr kept in its outcome.
_TAIL_LINES = 20


class PlanFileError(UserFacingError):
    """A file that is not a shard plan this version can run."""


@dataclass(frozen=True)
class ShardOutcome:
    """How one shard's task ended: the CLI's exit code (0 done, 1 items failed, 2 refused,
    130 stopped), the last lines of its stderr, and the Ray node it ran on."""

    index: int
    returncode: int
    stderr_tail: str
    node_id: str


@dataclass(frozen=True)
class RayRunResult:
    """The shards run now (those already done or running were left alone) and the merge's exit code
    and output (``merge_returncode`` is None when the merge was not run)."""

    ran: list[ShardOutcome]
    merge_returncode: int | None
    merge_output: str

    @property
    def ok(self) -> bool:
        """Every shard finished (failed items included, like a single run) and the merge, when it
        ran, succeeded."""
        return all(o.returncode in (0, 1) for o in self.ran) and self.merge_returncode in (None, 0, 1)


def read_plan(plan_path: str | os.PathLike[str]) -> dict[str, Any]:
    """Reads a plan and checks what this module relies on (the CLI validates the rest)."""
    path = Path(plan_path)
    try:
        plan = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PlanFileError(f"cannot read the plan {path}: {error}") from error
    if not isinstance(plan, dict) or plan.get("format") != PLAN_FORMAT:
        raise PlanFileError(f"{path} is not a MaskMedPaint shard plan (format {PLAN_FORMAT!r})")
    if plan.get("formatVersion") != PLAN_FORMAT_VERSION:
        raise PlanFileError(
            f"{path} has plan format version {plan.get('formatVersion')!r}; this toolkit runs version {PLAN_FORMAT_VERSION}"
        )
    resources = plan.get("resources")
    if not isinstance(resources, dict) or not isinstance(plan.get("shards"), list):
        raise PlanFileError(f"{path}: the plan has no resources or shards")
    return plan


def cli_command(cli: str | Sequence[str] | None = None) -> list[str]:
    """The command that runs the maskmedpaint CLI: ``cli`` (a shell-style string or a list), else
    the ``MASKMEDPAINT_CLI`` environment variable, else ``maskmedpaint`` on the PATH."""
    if cli is None:
        cli = os.environ.get(CLI_ENV, "maskmedpaint")
    return shlex.split(cli) if isinstance(cli, str) else list(cli)


def task_options(plan: dict[str, Any]) -> dict[str, Any]:
    """Ray task options for one shard, from the plan's ``resources``."""
    resources = plan["resources"]
    options: dict[str, Any] = {
        "num_cpus": int(resources.get("cpus", 1)),
        "num_gpus": int(resources.get("gpus", 0)),
        # A lost worker or node runs the shard again: shard runs resume, so this is safe.
        "max_retries": 2,
        "retry_exceptions": False,
    }
    if resources.get("memoryMb"):
        options["memory"] = int(resources["memoryMb"]) * 1024 * 1024
    return options


def shards_to_run(plan_path: str | os.PathLike[str], cli: Sequence[str]) -> list[int]:
    """The shards ``maskmedpaint status`` lists as missing or failed."""
    status = subprocess.run(
        [*cli, "status", "--plan", str(plan_path), "--json"], capture_output=True, text=True, check=False
    )
    if status.returncode != 0:
        raise UserFacingError(f"maskmedpaint status failed: {status.stderr.strip()}")
    shards = json.loads(status.stdout)["shards"]
    return [s["index"] for s in shards if s["state"] in ("missing", "failed")]


def run_shard(cli: Sequence[str], plan_path: str, index: int) -> ShardOutcome:
    """Runs one shard with the CLI (the body of each Ray task)."""
    import ray

    done = subprocess.run(
        [*cli, "augment", "--plan", plan_path, "--shard", str(index)], capture_output=True, text=True, check=False
    )
    tail = "\n".join(done.stderr.strip().splitlines()[-_TAIL_LINES:])
    return ShardOutcome(index, done.returncode, tail, ray.get_runtime_context().get_node_id())


def run_plan_on_ray(
    plan_path: str | os.PathLike[str],
    *,
    cli: str | Sequence[str] | None = None,
    address: str | None = None,
    out: str | os.PathLike[str] | None = None,
    merge: bool = True,
) -> RayRunResult:
    """Runs every shard of the plan that is neither done nor running as a Ray task, waits for them,
    then merges (unless ``merge`` is False). Connects to the cluster at ``address`` unless Ray is
    already initialised (``None`` starts a local Ray, or joins the one ``RAY_ADDRESS`` names)."""
    try:
        import ray
    except ImportError as error:
        raise UserFacingError('Ray is not installed: pip install "maskmedpaint[ray]"') from error
    plan_file = str(Path(plan_path).resolve())
    plan = read_plan(plan_file)
    command = cli_command(cli)
    if not ray.is_initialized():
        ray.init(address=address)
    task = ray.remote(run_shard).options(**task_options(plan))
    todo = shards_to_run(plan_file, command)
    ran = sorted(ray.get([task.remote(command, plan_file, index) for index in todo]), key=lambda o: o.index)
    if any(o.returncode not in (0, 1) for o in ran):
        return RayRunResult(ran, None, "shards failed: not merged\n")
    if not merge:
        return RayRunResult(ran, None, "")
    merge_command = [*command, "merge", "--plan", plan_file, *(["--out", str(out)] if out is not None else [])]
    merged = subprocess.run(merge_command, capture_output=True, text=True, check=False)
    return RayRunResult(ran, merged.returncode, merged.stdout + merged.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m maskmedpaint.ray_shards``: run a plan on Ray; exit 0 when merged, 1 otherwise."""
    parser = argparse.ArgumentParser(prog="maskmedpaint-ray", description=__doc__.split("\n\n")[0])
    parser.add_argument("--plan", required=True, help="the plan (maskmedpaint-plan.json)")
    parser.add_argument("--address", help="Ray cluster address (default: RAY_ADDRESS, else a local Ray)")
    parser.add_argument("--cli", help=f"command that runs the maskmedpaint CLI (default: ${CLI_ENV} or maskmedpaint)")
    parser.add_argument("--out", help="merged run folder (default: the one the plan was made for)")
    parser.add_argument("--no-merge", action="store_true", help="run the shards only")
    args = parser.parse_args(argv)
    try:
        result = run_plan_on_ray(args.plan, cli=args.cli, address=args.address, out=args.out, merge=not args.no_merge)
    except UserFacingError as error:
        print(f"maskmedpaint-ray: {error}", file=sys.stderr)
        return 2
    for outcome in result.ran:
        state = {0: "done", 1: "done, some items failed", 130: "stopped"}.get(outcome.returncode, "failed")
        print(f"shard {outcome.index}: {state} (exit {outcome.returncode})", file=sys.stderr)
        if outcome.returncode not in (0, 1) and outcome.stderr_tail:
            print(f"  {outcome.stderr_tail}", file=sys.stderr)
    if result.merge_output:
        print(result.merge_output, end="")
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
