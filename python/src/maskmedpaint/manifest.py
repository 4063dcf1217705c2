"""Reading the augmentation manifest (``maskmedpaint.json``) written by the MaskMedPaint CLI.

The manifest's shape is defined by ``src/shared/manifest.ts`` and ``schema/manifest.schema.json``
in the repository; paths inside it are POSIX-style and relative to the manifest's folder. Review
decisions recorded since the manifest was last written (its decisions journal) are folded in on
every read (``decisions.py``), so a rejection always holds.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._paths import ConfinedPaths, PathRefused
from .decisions import FoldReport, fold_decisions, read_decisions
from .usable import count_usable, is_usable, run_requires_review, warn_if_short

if TYPE_CHECKING:  # pragma: no cover
    import pandas

MANIFEST_FILE_NAME = "maskmedpaint.json"
SUPPORTED_SCHEMA_VERSION = 1
ITEM_STATUSES = ("pending", "approved", "rejected", "failed")
# Item fields that hold paths relative to the manifest (null allowed except for `source`).
PATH_FIELDS = ("source", "mask", "target", "output")
REQUIRED_ITEM_FIELDS = ("id", "source", "label", "status")

__all__ = ["ManifestError", "LoadedManifest", "load_manifest", "read_manifest", "resolve_manifest_path"]


class ManifestError(ValueError):
    """A manifest that cannot be used; the message names the manifest file and, where known, the item."""

    def __init__(self, manifest_path: Path | str, message: str, item_id: str | None = None):
        where = f"{manifest_path}" + (f" (item {item_id!r})" if item_id is not None else "")
        super().__init__(f"{where}: {message}")
        self.manifest_path = Path(manifest_path)
        self.item_id = item_id


@dataclass(frozen=True)
class LoadedManifest:
    """A validated manifest: its absolute file path and parsed JSON content (decisions folded in)."""

    path: Path
    data: dict[str, Any]
    decisions: FoldReport = field(default_factory=FoldReport)

    @property
    def folder(self) -> Path:
        return self.path.parent

    @property
    def items(self) -> list[dict[str, Any]]:
        return self.data["items"]

    @property
    def require_review(self) -> bool:
        """The run's review policy (``requireReview``; older manifests: True)."""
        return run_requires_review(self.data)

    def resolve(self, relative: str | None) -> Path | None:
        """Absolute path of a manifest-relative POSIX path (None stays None)."""
        if relative is None:
            return None
        return (self.folder / Path(*relative.split("/"))).resolve()

    @cached_property
    def _confined_paths(self) -> ConfinedPaths:
        return ConfinedPaths.for_manifest(self.folder, self.data.get("inputs"))

    def confined(self, item: dict[str, Any], field: str) -> Path | None:
        """Real path of ``item[field]``, confined to the run folder or the input folder recorded for the field.

        Raises :class:`ManifestError` naming the item and the field when the path leaves them (absolute,
        ``..``, a symbolic link) or names something other than a regular file (a pipe, a folder).
        """
        try:
            return self._confined_paths.resolve(field, item.get(field))
        except PathRefused as error:
            raise ManifestError(self.path, str(error), item.get("id")) from error


def resolve_manifest_path(path: str | os.PathLike[str]) -> Path:
    """Accept the manifest file itself or the output folder that contains ``maskmedpaint.json``."""
    candidate = Path(path).expanduser()
    if candidate.is_dir():
        candidate = candidate / MANIFEST_FILE_NAME
    if not candidate.is_file():
        raise FileNotFoundError(
            f"No MaskMedPaint manifest at {candidate} (pass the manifest file or the output folder that contains {MANIFEST_FILE_NAME})"
        )
    return candidate.resolve()


def load_manifest(path: str | os.PathLike[str]) -> LoadedManifest:
    """Read and validate a manifest; raises :class:`ManifestError` with the manifest path and item id."""
    manifest_path = resolve_manifest_path(path)
    try:
        data = json.loads(manifest_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ManifestError(manifest_path, f"not valid JSON ({error})") from error
    if not isinstance(data, dict):
        raise ManifestError(manifest_path, "expected a JSON object at the top level")
    version = data.get("schemaVersion")
    if version != SUPPORTED_SCHEMA_VERSION:
        raise ManifestError(
            manifest_path,
            f"unsupported schemaVersion {version!r}; this maskmedpaint package reads schemaVersion {SUPPORTED_SCHEMA_VERSION} (upgrade the package if the manifest is newer)",
        )
    items = data.get("items")
    if not isinstance(items, list):
        raise ManifestError(manifest_path, "'items' must be a list")
    seen: set[str] = set()
    for index, item in enumerate(items):
        _validate_item(manifest_path, index, item, seen)
    try:
        decisions, malformed = read_decisions(manifest_path.parent)
    except OSError as error:
        raise ManifestError(manifest_path, f"cannot read its review decisions journal ({error})") from error
    data["items"], report = fold_decisions(items, decisions)
    report.malformed = malformed
    return LoadedManifest(manifest_path, data, report)


def _validate_item(manifest_path: Path, index: int, item: Any, seen: set[str]) -> None:
    if not isinstance(item, dict):
        raise ManifestError(manifest_path, f"items[{index}] is not an object")
    item_id = item.get("id")
    if not isinstance(item_id, str) or not item_id:
        raise ManifestError(manifest_path, f"items[{index}] has no string 'id'")
    if item_id in seen:
        raise ManifestError(manifest_path, "duplicate item id", item_id)
    seen.add(item_id)
    for field in REQUIRED_ITEM_FIELDS:
        if not isinstance(item.get(field), str):
            raise ManifestError(manifest_path, f"field {field!r} must be a string", item_id)
    if item["status"] not in ITEM_STATUSES:
        raise ManifestError(manifest_path, f"unknown status {item['status']!r} (expected one of {', '.join(ITEM_STATUSES)})", item_id)
    for field in PATH_FIELDS:
        value = item.get(field)
        if value is not None and not isinstance(value, str):
            raise ManifestError(manifest_path, f"field {field!r} must be a relative path or null", item_id)
        if isinstance(value, str) and (value.startswith("/") or ":" in value.split("/")[0]):
            raise ManifestError(manifest_path, f"field {field!r} must be relative to the manifest, got {value!r}", item_id)
    if item["status"] != "failed" and item.get("output") is None:
        raise ManifestError(manifest_path, f"status {item['status']!r} but no 'output' image", item_id)


def read_manifest(
    path: str | os.PathLike[str], usable_only: bool = False, require_review: bool | None = None
) -> pandas.DataFrame:
    """Read a manifest into a pandas DataFrame, one row per generated item.

    Path columns (``source``, ``mask``, ``target``, ``output``) hold absolute paths resolved
    relative to the manifest (``None`` where the manifest has null). ``status`` includes review
    decisions not yet written into the manifest; ``decidedBy`` says who made the last one;
    ``usable`` says whether training may use the image (approved; or not rejected and not failed
    when review is not required). ``require_review`` overrides the run's own policy
    (``requireReview``); ``usable_only=True`` keeps only usable rows and warns when that leaves
    nothing or leaves out unreviewed images. ``df.attrs`` carries the manifest path, recipe,
    model identity and the review policy applied.
    """
    import pandas as pd

    loaded = load_manifest(path)
    policy = loaded.require_review if require_review is None else require_review
    columns = ["id", "label", "status", "source", "mask", "target", "output", "seed", "sha256", "error", "maskCoverage"]
    rows = []
    for item in loaded.items:
        row = {name: item.get(name) for name in columns}
        for field_name in PATH_FIELDS:
            resolved = loaded.confined(item, field_name)
            row[field_name] = None if resolved is None else str(resolved)
        review = item.get("review") or {}
        row["reviewNote"] = review.get("note")
        row["decidedAt"] = review.get("decidedAt")
        row["decidedBy"] = review.get("decidedBy")
        row["usable"] = is_usable(item["status"], policy)
        # DICOM items: how samples map to modality values and display (maskmedpaint.dicom.read_image).
        row["dicom"] = item.get("dicom")
        rows.append(row)
    frame = pd.DataFrame(rows, columns=columns + ["reviewNote", "decidedAt", "decidedBy", "usable", "dicom"])
    if usable_only:
        warn_if_short(count_usable(frame["status"], policy), policy, loaded.path)
        frame = frame[frame["usable"]].reset_index(drop=True)
    frame.attrs["manifest_path"] = str(loaded.path)
    frame.attrs["recipe"] = loaded.data.get("recipe")
    frame.attrs["model"] = loaded.data.get("model")
    frame.attrs["require_review"] = policy
    return frame
