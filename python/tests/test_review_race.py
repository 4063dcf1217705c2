"""Review decisions raced against a running CLI job, end to end: `maskmedpaint review` (the terminal
reviewer) records decisions about a run's first images while `maskmedpaint augment` extends the same
run folder; some while the job is frozen mid-run holding the folder, some at any moment. Every last
decision must be in the manifest, both CSV files and what the Python toolkit reads."""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import threading
from pathlib import Path

import pytest

import maskmedpaint

REPO = Path(__file__).resolve().parents[2]
# Per item, the decisions made in order (minds change); the last one must hold.
SEQUENCES = [("rejected", "approved"), ("approved", "rejected"), ("approved", "pending", "approved")]
FLAG = {"approved": "--approve", "rejected": "--reject", "pending": "--reset"}


def node(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["node", *args], cwd=REPO, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture(scope="module")
def cli() -> str:
    bundle = REPO / "dist" / "cli.js"
    if not bundle.is_file():
        assert node("esbuild.mjs").returncode == 0
    return str(bundle)


@pytest.mark.skipif(not hasattr(signal, "SIGSTOP"), reason="freezing the job needs SIGSTOP")
def test_every_decision_made_while_the_cli_job_runs_survives(tmp_path, cli):
    demo = tmp_path / "demo"
    assert node(cli, "demo", "--out", str(demo), "--json").returncode == 0
    dataset = demo / "dataset"
    out = tmp_path / "run"
    augment = [
        cli, "augment", "--source", str(dataset / "source"), "--target", str(dataset / "target"),
        "--masks", str(dataset / "masks"), "--mask-suffix", "_segmentation",
        "--target-masks", str(dataset / "target-masks"), "--preset", "dermoscopy",
        "--engine", "composite", "--per-image", "3", "--out", str(out), "--json",
    ]  # fmt: skip
    first = node(*augment, "--limit", "2")
    assert first.returncode == 0, first.stderr
    reviewed = [item["id"] for item in json.loads((out / "maskmedpaint.json").read_text())["items"]]
    assert len(reviewed) == 6

    results: list[subprocess.CompletedProcess[str]] = []

    def review_item(index: int, job: subprocess.Popen[str] | None) -> None:
        for step, status in enumerate(SEQUENCES[index % len(SEQUENCES)]):
            results.append(node(cli, "review", str(out), FLAG[status], reviewed[index], "--note", f"step {step}"))
            if step == 0 and job is not None:
                job.send_signal(signal.SIGCONT)

    # The same run, extended: it holds the folder while the reviewer works on its first images.
    job = subprocess.Popen(["node", *augment, "--limit", "6"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers: list[threading.Thread] = []
    assert job.stdout is not None
    for line in job.stdout:
        event = json.loads(line)
        if event["type"] != "itemDone" or len(workers) == len(reviewed):
            continue
        index = len(workers)
        frozen = index % 2 == 0
        if frozen:
            job.send_signal(signal.SIGSTOP)  # mid-run, holding the folder, until the first decision is made
        worker = threading.Thread(target=review_item, args=(index, job if frozen else None))
        worker.start()
        workers.append(worker)
    job.wait(timeout=300)
    for worker in workers:
        worker.join(timeout=300)
    assert job.returncode == 0, job.stderr.read() if job.stderr else ""
    assert len(workers) == len(reviewed)
    assert all(result.returncode == 0 for result in results), [r.stderr for r in results if r.returncode]
    # At least the decisions made while the job was frozen met it holding the folder.
    assert sum("A running job holds this folder" in result.stdout for result in results) >= 3

    expected = {item_id: SEQUENCES[i % len(SEQUENCES)][-1] for i, item_id in enumerate(reviewed)}
    items = {item["id"]: item for item in json.loads((out / "maskmedpaint.json").read_text())["items"]}
    assert len(items) == 18  # six source images, three images each
    for item_id, status in expected.items():
        assert items[item_id]["status"] == status, item_id
        assert items[item_id]["review"]["decidedBy"].startswith("os:")
        assert items[item_id]["review"]["note"] == f"step {len(SEQUENCES[reviewed.index(item_id) % len(SEQUENCES)]) - 1}"
    with open(out / "augmented.csv", newline="", encoding="utf-8") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert all(rows[item_id]["status"] == status for item_id, status in expected.items())
    approved = sorted(item_id for item_id, status in expected.items() if status == "approved")
    with open(out / "augmented-for-training.csv", newline="", encoding="utf-8") as handle:
        assert sorted(row["id"] for row in csv.DictReader(handle)) == approved
    frame = maskmedpaint.read_manifest(out)
    assert all(frame.set_index("id").loc[item_id, "status"] == status for item_id, status in expected.items())
    with pytest.warns(maskmedpaint.UnreviewedImagesWarning):
        dataset_ids = [item_id for item_id, _, _ in maskmedpaint.AugmentedDataset(out).items]
    assert sorted(dataset_ids) == approved
