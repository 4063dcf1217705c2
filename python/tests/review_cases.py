"""Builds the run folder of the shared review fixture (test/fixtures/review/cases.json) for the Python tests.

The TypeScript tests build the same folder from the same file (test/unit/helpers/reviewCases.ts):
every review case in one manifest plus decisions journal, and an ``augmented.csv`` as the run last
wrote it (before the journal's decisions), so readers of the CSV must fold the journal themselves.
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path
from typing import Any

from manifest_fixture import complete_recipe
from PIL import Image

REPO = Path(__file__).resolve().parents[2]
CASES: dict[str, Any] = json.loads((REPO / "test" / "fixtures" / "review" / "cases.json").read_text(encoding="utf-8"))
EXPECTED: dict[str, Any] = CASES["expected"]
EARLIER_SHA256 = "e" * 64
CSV_HEADER = ["output", "label", "source", "status", "usable", "id", "sha256", "decidedBy"]


def expected_usable(require_review: bool) -> list[str]:
    """The ids training may use under a policy, in manifest order."""
    return EXPECTED["usable"]["reviewRequired" if require_review else "reviewNotRequired"]


def _tiny_png(path: Path, grey: int) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (4, 4), (grey, grey, grey)).save(path)
    return path.read_bytes()


def build_review_case_run(root: Path, require_review: bool | None, recipe: dict[str, Any] | None = None) -> Path:
    """Writes ``root/source/<label>/<stem>.png`` and the run folder ``root/run``; returns the manifest path.

    ``recipe`` replaces the default recipe (it must be complete: both readers check it against the schema).
    """
    run = root / "run"
    items = []
    for index, case in enumerate(CASES["items"]):
        stem = case["id"].rsplit("__", 1)[0]
        _tiny_png(root / "source" / case["label"] / f"{stem}.png", 10 + index)
        failed = case["status"] == "failed"
        output = None if failed else f"images/{case['label']}/{stem}__k0.png"
        sha256 = None if output is None else hashlib.sha256(_tiny_png(run / output, 100 + index)).hexdigest()
        item: dict[str, Any] = {
            "id": case["id"],
            "source": f"../source/{case['label']}/{stem}.png",
            "mask": None,
            "label": case["label"],
            "target": None,
            "seed": index,
            "output": output,
            "sha256": sha256,
            "status": case["status"],
            "error": "decoder failed" if failed else None,
        }
        if "decidedBy" in case:
            item["review"] = {"decidedAt": "2026-01-01T00:00:00.000Z", "decidedBy": case["decidedBy"]}
        items.append(item)
    manifest: dict[str, Any] = {
        "schemaVersion": 1,
        "tool": {"name": "maskmedpaint", "version": "0.1.0"},
        "createdAt": "2026-01-01T00:00:00.000Z",
        "recipe": recipe or complete_recipe(),
        "model": None,
        "inputs": {
            "source": "../source",
            "target": "../target",
            "masks": None,
            "labels": None,
            "counts": {"sources": len(items), "targets": 1, "masks": 0, "skippedNonImages": 0, "sourcesWithoutMask": len(items), "unmatchedMasks": 0},
        },
        "items": items,
    }
    if require_review is not None:
        manifest["requireReview"] = require_review
    path = run / "maskmedpaint.json"
    path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")

    sha_of = {item["id"]: item["sha256"] for item in items}
    lines = []
    for index, entry in enumerate(CASES["journal"]):
        if isinstance(entry, str):
            lines.append(entry)
            continue
        decision = {"id": entry["id"], "status": entry["status"]}
        if entry.get("note"):
            decision["note"] = entry["note"]
        decision["decidedAt"] = f"2026-02-01T00:00:{index:02d}.000Z"
        decision["decidedBy"] = entry["decidedBy"]
        decision["sha256"] = (sha_of.get(entry["id"]) if entry["image"] == "current" else None) or EARLIER_SHA256
        lines.append(json.dumps(decision))
    (run / ".maskmedpaint-decisions.jsonl").write_text("".join(f"{line}\n" for line in lines) + CASES["tornTail"], encoding="utf-8")

    policy = True if require_review is None else require_review
    with open(run / "augmented.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        for item in items:
            if item["output"] is None:
                continue
            usable = item["status"] == "approved" or (not policy and item["status"] == "pending")
            decided_by = (item.get("review") or {}).get("decidedBy", "")
            writer.writerow([item["output"], item["label"], item["source"], item["status"], str(usable).lower(), item["id"], item["sha256"], decided_by])
    return path
