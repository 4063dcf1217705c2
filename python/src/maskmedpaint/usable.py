"""The one rule for which generated images training may use (the same rule as ``src/shared/usable.ts``).

An image is usable when a reviewer approved it, or, in a run that does not require review, when
nobody rejected it and it did not fail. Rejected and failed images are never usable. A run records
its policy as ``requireReview`` in its manifest; manifests written before that field existed count
as requiring review.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

DEFAULT_REQUIRE_REVIEW = True

# How a notebook or script user reviews or opts out; completes the warnings below.
PYTHON_HOW_TO = (
    "Review them in VS Code (MaskMedPaint: Review Augmentations) or with "
    '"maskmedpaint review RUN_FOLDER --approve ID ... --reject ID ..."; '
    "or pass require_review=False to use unreviewed images."
)

__all__ = [
    "DEFAULT_REQUIRE_REVIEW",
    "UnreviewedImagesWarning",
    "UsableCounts",
    "count_usable",
    "is_usable",
    "run_requires_review",
    "shortfall_message",
    "warn_if_short",
]


class UnreviewedImagesWarning(UserWarning):
    """A reader returned nothing, or left out images that nobody has reviewed yet."""


def run_requires_review(manifest_data: Mapping[str, Any]) -> bool:
    """The run's review policy: its ``requireReview``, else :data:`DEFAULT_REQUIRE_REVIEW`."""
    value = manifest_data.get("requireReview")
    return value if isinstance(value, bool) else DEFAULT_REQUIRE_REVIEW


def is_usable(status: str, require_review: bool) -> bool:
    """The rule itself."""
    return status == "approved" or (not require_review and status == "pending")


@dataclass(frozen=True)
class UsableCounts:
    """How many items there are of each status, and how many training may use."""

    total: int
    usable: int
    approved: int
    pending: int
    rejected: int
    failed: int


def count_usable(statuses: Iterable[str], require_review: bool) -> UsableCounts:
    """Counts item statuses under the review policy."""
    counts = {"approved": 0, "pending": 0, "rejected": 0, "failed": 0}
    total = usable = 0
    for status in statuses:
        total += 1
        counts[status] = counts.get(status, 0) + 1
        usable += is_usable(status, require_review)
    return UsableCounts(total=total, usable=usable, **counts)


def shortfall_message(counts: UsableCounts, require_review: bool, how_to: str = PYTHON_HOW_TO) -> str | None:
    """What a reader must say when the rule leaves it with nothing, or leaves out unreviewed images; else None."""
    breakdown = f"{counts.approved} approved, {counts.pending} pending, {counts.rejected} rejected, {counts.failed} failed"
    dropped_pending = counts.pending if require_review else 0
    if counts.usable == 0:
        if dropped_pending:
            return (
                f"no generated image is usable for training: {dropped_pending} of {counts.total} await review "
                f"and this run requires review ({breakdown}). {how_to}"
            )
        return f"no generated image is usable for training ({breakdown})"
    if dropped_pending:
        return (
            f"{counts.usable} of {counts.total} generated images are usable for training; "
            f"{dropped_pending} pending image(s) are left out until reviewed ({breakdown}). {how_to}"
        )
    return None


def warn_if_short(counts: UsableCounts, require_review: bool, where: object, stacklevel: int = 3) -> None:
    """Warns (:class:`UnreviewedImagesWarning`) naming ``where`` when :func:`shortfall_message` has something to say."""
    message = shortfall_message(counts, require_review)
    if message:
        warnings.warn(f"{where}: {message}", UnreviewedImagesWarning, stacklevel=stacklevel)
