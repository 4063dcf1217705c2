"""A small hand-written manifest (the shape of src/shared/manifest.ts) for reader and display tests."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from tiny_sd import write_images

REPO = Path(__file__).resolve().parents[2]
# The complete default recipe (test/unit/shared/packagedCopies.test.ts keeps it equal to defaultRecipe()).
DEFAULT_RECIPE: dict[str, Any] = json.loads((REPO / "test" / "fixtures" / "manifest" / "default-recipe.json").read_text(encoding="utf-8"))
# The scan counts a run records (all zero: these manifests were not made by a scan).
NO_COUNTS = {"sources": 0, "targets": 0, "masks": 0, "skippedNonImages": 0, "sourcesWithoutMask": 0, "unmatchedMasks": 0}


def complete_recipe(**values: Any) -> dict[str, Any]:
    """The default recipe with ``values`` laid over its top level: what the manifest schema requires."""
    return {**json.loads(json.dumps(DEFAULT_RECIPE)), **values}


def write_manifest(folder: Path, **overrides: Any) -> Path:
    """Four items, one per status, with real images in source/ and out/; returns the manifest path."""
    sources = write_images(folder / "source", 2, seed=20, tint=(180, 120, 100), size=16)
    outputs = write_images(folder / "out", 3, seed=21, tint=(80, 120, 180), size=16)
    rel = lambda p: p.relative_to(folder).as_posix()  # noqa: E731

    def item(index: int, label: str, status: str, output: Path | None) -> dict[str, Any]:
        return {
            "id": f"img{index}__0",
            "source": rel(sources[index % 2]),
            "mask": None,
            "label": label,
            "target": None,
            "seed": 7 + index,
            "output": rel(output) if output else None,
            "sha256": hashlib.sha256(output.read_bytes()).hexdigest() if output else None,
            "status": status,
            "error": "decoder failed" if status == "failed" else None,
        }

    manifest = {
        "schemaVersion": 1,
        "tool": {"name": "maskmedpaint", "version": "0.1.0"},
        "createdAt": "2026-11-26T18:00:00Z",
        "recipe": complete_recipe(engine="composite", preset="dermoscopy", perImage=1, seed=7),
        "model": None,
        "inputs": {"source": "source", "target": "target", "masks": None, "labels": None, "counts": NO_COUNTS},
        "items": [
            item(0, "benign", "approved", outputs[0]),
            item(1, "malignant <b>", "pending", outputs[1]),
            item(2, "benign", "rejected", outputs[2]),
            item(3, "malignant <b>", "failed", None),
        ],
    }
    manifest.update(overrides)
    path = folder / "maskmedpaint.json"
    path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return path
