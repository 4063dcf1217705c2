"""Reading the augmentation manifest (``maskmedpaint.json``) written by the MaskMedPaint CLI.

The manifest's shape is declared once, in ``schema/manifest.schema.json`` (with the recipe's in
``schema/recipe.schema.json``); this package ships copies of both (``schema/``) and validates every
manifest it reads against them, as the TypeScript side does. Paths inside it are POSIX-style and
relative to the manifest's folder, and every one is confined when resolved (``_paths.py``). Review
decisions recorded since the manifest was last written (its decisions journal) are folded in on
every read (``decisions.py``), so a rejection always holds.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._paths import ConfinedPaths, PathRefused
from .decisions import FoldReport, fold_decisions, read_decisions
from .usable import count_usable, is_usable, run_requires_review, warn_if_short

if TYPE_CHECKING:  # pragma: no cover
    import pandas
    from jsonschema.protocols import Validator

MANIFEST_FILE_NAME = "maskmedpaint.json"
SUPPORTED_SCHEMA_VERSION = 1
# Item fields that hold paths relative to the manifest (null allowed except for `source`).
PATH_FIELDS = ("source", "mask", "target", "output")
# Problems listed in one error before the rest are only counted.
MAX_LISTED_PROBLEMS = 10


@cache
def packaged_schema(name: str) -> dict[str, Any]:
    """A schema this package ships (``manifest.schema.json``, ``recipe.schema.json``): a copy of the repository's."""
    schema: dict[str, Any] = json.loads((files("maskmedpaint") / "schema" / name).read_text(encoding="utf-8"))
    return schema


# The review states of an item, as the schema lists them.
ITEM_STATUSES: tuple[str, ...] = tuple(packaged_schema("manifest.schema.json")["definitions"]["item"]["properties"]["status"]["enum"])

__all__ = ["LoadedManifest", "ManifestError", "load_manifest", "read_manifest", "resolve_manifest_path"]


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
    # Said before the schema's own complaint: a newer manifest needs a newer package, not a fix.
    if version != SUPPORTED_SCHEMA_VERSION:
        raise ManifestError(
            manifest_path,
            f"unsupported schemaVersion {version!r}; this maskmedpaint package reads schemaVersion {SUPPORTED_SCHEMA_VERSION}"
            " (upgrade the package if the manifest is newer)",
        )
    _check_against_schema(manifest_path, data)
    items = data["items"]
    try:
        decisions, malformed = read_decisions(manifest_path.parent)
    except OSError as error:
        raise ManifestError(manifest_path, f"cannot read its review decisions journal ({error})") from error
    data["items"], report = fold_decisions(items, decisions)
    report.malformed = malformed
    return LoadedManifest(manifest_path, data, report)


@cache
def _manifest_validator() -> Validator:
    """The packaged manifest schema, its ``$ref`` to the recipe schema resolved from the package too."""
    from jsonschema import Draft7Validator
    from referencing import Registry, Resource

    schemas = [packaged_schema(name) for name in ("manifest.schema.json", "recipe.schema.json")]
    registry: Registry[Any] = Registry().with_resources((schema["$id"], Resource.from_contents(schema)) for schema in schemas)
    return Draft7Validator(schemas[0], registry=registry)


def _check_against_schema(manifest_path: Path, data: dict[str, Any]) -> None:
    """Raises :class:`ManifestError` listing every schema problem by JSON path (the first one's item named),
    or a duplicate item id, the one rule the schema cannot express."""
    errors = sorted(_manifest_validator().iter_errors(data), key=lambda error: [str(part) for part in error.absolute_path])
    if errors:
        lines = [f"/{'/'.join(str(part) for part in error.absolute_path)}: {error.message}" for error in errors]
        more = len(lines) - MAX_LISTED_PROBLEMS
        listed = lines[:MAX_LISTED_PROBLEMS] + ([f"... and {more} more"] if more > 0 else [])
        raise ManifestError(manifest_path, "does not match the manifest schema:\n  " + "\n  ".join(listed), _item_id_at(data, errors[0].absolute_path))
    seen: set[str] = set()
    for item in data["items"]:
        if item["id"] in seen:
            raise ManifestError(manifest_path, "duplicate item id", item["id"])
        seen.add(item["id"])


def _item_id_at(data: dict[str, Any], path: Any) -> str | None:
    """The id of the item a JSON path leads into (``items/3/...``), when it has a string id."""
    parts = list(path)
    if len(parts) < 2 or parts[0] != "items" or not isinstance(parts[1], int):
        return None
    items = data.get("items")
    item = items[parts[1]] if isinstance(items, list) and parts[1] < len(items) else None
    item_id = item.get("id") if isinstance(item, dict) else None
    return item_id if isinstance(item_id, str) else None


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
    frame = pd.DataFrame(rows, columns=[*columns, "reviewNote", "decidedAt", "decidedBy", "usable", "dicom"])
    if usable_only:
        warn_if_short(count_usable(frame["status"], policy), policy, loaded.path)
        frame = frame[frame["usable"]].reset_index(drop=True)
    frame.attrs["manifest_path"] = str(loaded.path)
    frame.attrs["recipe"] = loaded.data.get("recipe")
    frame.attrs["model"] = loaded.data.get("model")
    frame.attrs["require_review"] = policy
    return frame
