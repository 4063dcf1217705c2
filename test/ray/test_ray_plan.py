"""A shard plan on a local two-node Ray cluster (scripts/test-ray.sh: Ray in its own venv, the CLI
bundled and named by MASKMEDPAINT_CLI): one Ray task per shard runs the CLI, then the merge; the
merged run equals the single-process run byte for byte and loads like any run."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import ray
from ray.cluster_utils import Cluster

from maskmedpaint.manifest import load_manifest
from maskmedpaint.ray_shards import cli_command, run_plan_on_ray, task_options

OBJECT_STORE = 100 * 1024 * 1024  # small: the tasks pass only outcomes around


@pytest.fixture(scope="module")
def two_node_cluster() -> Iterator[Cluster]:
    """A head node and one worker node, one CPU each, on this machine."""
    cluster = Cluster(
        initialize_head=True,
        head_node_args={"num_cpus": 1, "object_store_memory": OBJECT_STORE, "include_dashboard": False},
    )
    cluster.add_node(num_cpus=1, object_store_memory=OBJECT_STORE)
    cluster.wait_for_nodes()
    ray.init(address=cluster.address)
    try:
        yield cluster
    finally:
        ray.shutdown()
        cluster.shutdown()


def cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([*cli_command(), *map(str, args)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done


def tree(folder: Path) -> dict[str, str]:
    """SHA-256 of every file below ``folder`` but the manifest, by relative path."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "maskmedpaint.json"
    }


def assert_same_run(actual: Path, expected: Path) -> None:
    """Same files with the same bytes; manifests equal but for ``createdAt`` and each output's file
    state (``outputStat``: size and times of that file on this disk, where a manifest records it)."""
    assert tree(actual) == tree(expected)
    manifests = [json.loads((d / "maskmedpaint.json").read_text()) for d in (actual, expected)]
    for manifest in manifests:
        del manifest["createdAt"]
        for item in manifest["items"]:
            item.pop("outputStat", None)
    assert manifests[0] == manifests[1]


def test_plan_runs_on_two_ray_nodes_and_merges_like_one_process(tmp_path: Path, two_node_cluster: Cluster) -> None:
    cli("demo", "--out", tmp_path / "demo")
    data = tmp_path / "demo" / "dataset"
    run: list[str | Path] = ["--source", data / "source", "--target", data / "target", "--masks", data / "masks"]
    run += ["--mask-suffix", "_segmentation", "--per-image", "2", "--blend", "alpha"]
    cli("augment", *run, "--out", tmp_path / "single")
    merged = tmp_path / "merged"
    cli("plan", *run, "--out", merged, "--shards", "4", "--cpus", "1")
    plan = tmp_path / "merged-plan" / "maskmedpaint-plan.json"
    assert task_options(json.loads(plan.read_text())) == {
        "num_cpus": 1,
        "num_gpus": 0,
        "max_retries": 2,
        "retry_exceptions": False,
    }

    result = run_plan_on_ray(plan)
    assert result.ok, [o.stderr_tail for o in result.ran]
    assert [o.index for o in result.ran] == [0, 1, 2, 3]
    # Two one-CPU nodes and one-CPU shards: the first two tasks can only run on different nodes.
    assert len({o.node_id for o in result.ran}) == 2
    assert result.merge_returncode == 0, result.merge_output
    assert_same_run(merged, tmp_path / "single")
    loaded = load_manifest(merged)
    assert len(loaded.items) == 40
    assert all(loaded.confined(item, "output") is not None for item in loaded.items)

    # A shard lost after the merge: running the plan again runs only that shard, then merges.
    shutil.rmtree(tmp_path / "merged-plan" / "shards" / "shard-001")
    again = run_plan_on_ray(plan)
    assert [o.index for o in again.ran] == [1]
    assert again.merge_returncode == 0, again.merge_output
    assert_same_run(merged, tmp_path / "single")
