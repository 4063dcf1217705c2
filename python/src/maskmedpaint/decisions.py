"""Review decisions recorded in a run folder's journal (``.maskmedpaint-decisions.jsonl``).

The VS Code review panel and ``maskmedpaint review`` append one JSON line per decision (item id,
status, note, time, reviewer and the SHA-256 of the image decided about) instead of rewriting the
manifest, which only the process holding the run folder writes. Every reader folds the journal
into the manifest it reads, exactly as ``src/core/jobs/decisionFold.ts`` does: each decision made
on the item's current image replaces its status and review; one made on an earlier image (the
item was regenerated since) is not applied, the item is pending again and its review records the
stale decision. Lines that are not decisions are skipped and counted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DECISIONS_FILE_NAME = ".maskmedpaint-decisions.jsonl"
REVIEW_STATUSES = ("pending", "approved", "rejected")
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")

__all__ = ["DECISIONS_FILE_NAME", "FoldReport", "fold_decisions", "parse_decision", "read_decisions"]


def parse_decision(value: Any) -> dict[str, Any] | str:
    """The decision in a parsed journal line, or why it is not one."""
    if not isinstance(value, dict):
        return "not a JSON object"
    if not isinstance(value.get("id"), str) or not value["id"]:
        return "id must be a non-empty string"
    if value.get("status") not in REVIEW_STATUSES:
        return f"status must be one of {', '.join(REVIEW_STATUSES)}"
    if not isinstance(value.get("sha256"), str) or not _SHA256.match(value["sha256"]):
        return "sha256 must be 64 lower-case hex digits"
    if not isinstance(value.get("decidedAt"), str) or not _ISO_TIME.match(value["decidedAt"]):
        return "decidedAt must be an ISO 8601 time"
    if not isinstance(value.get("decidedBy"), str) or not value["decidedBy"]:
        return "decidedBy must be a non-empty string"
    note = value.get("note")
    if note is not None and not isinstance(note, str):
        return "note must be a string"
    decision = {key: value[key] for key in ("id", "status", "sha256", "decidedAt", "decidedBy")}
    if note:
        decision["note"] = note
    return decision


def read_decisions(folder: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """The valid decisions of ``folder``'s journal in order, and a description of each line that is not one.

    Raises OSError when the journal exists but cannot be read or is not a regular file.
    """
    journal = folder / DECISIONS_FILE_NAME
    if not journal.exists():
        return [], []
    # A FIFO or device under the journal's name would block or never end: only files are read.
    if not journal.is_file():
        raise OSError(f"{journal} is not a regular file")
    data = journal.read_bytes()
    decisions: list[dict[str, Any]] = []
    malformed: list[str] = []
    offset = 0
    # A last line without its newline is still being written (or was cut short): it counts once complete.
    for raw in data.split(b"\n")[:-1]:
        text = raw.decode("utf-8", errors="replace").strip()
        if text:
            try:
                parsed = parse_decision(json.loads(text))
            except ValueError:
                parsed = "not valid JSON"
            if isinstance(parsed, str):
                malformed.append(f"byte {offset}: {parsed}")
            else:
                decisions.append(parsed)
        offset += len(raw) + 1
    return decisions, malformed


@dataclass
class FoldReport:
    """What folding a journal did."""

    applied: int = 0
    stale: list[dict[str, Any]] = field(default_factory=list)
    unknown: list[dict[str, Any]] = field(default_factory=list)
    failed_item: list[dict[str, Any]] = field(default_factory=list)
    malformed: list[str] = field(default_factory=list)


def _decided(item: dict[str, Any], decision: dict[str, Any]) -> tuple[dict[str, Any], str]:
    if item.get("status") == "failed" or item.get("sha256") is None:
        return item, "failed_item"
    review: dict[str, Any] = {"decidedAt": decision["decidedAt"], "decidedBy": decision["decidedBy"]}
    if "note" in decision:
        review["note"] = decision["note"]
    if decision["sha256"] == item["sha256"]:
        return {**item, "status": decision["status"], "review": review}, "applied"
    review["staleDecision"] = {"status": decision["status"], "sha256": decision["sha256"]}
    return {**item, "status": "pending", "review": review}, "stale"


def fold_decisions(items: Sequence[dict[str, Any]], decisions: Sequence[dict[str, Any]]) -> tuple[list[dict[str, Any]], FoldReport]:
    """``items`` (manifest item dicts) with ``decisions`` applied in order; the input is not modified."""
    folded = list(items)
    index_of = {item["id"]: index for index, item in enumerate(items)}
    report = FoldReport()
    for decision in decisions:
        index = index_of.get(decision["id"])
        if index is None:
            report.unknown.append(decision)
            continue
        folded[index], outcome = _decided(folded[index], decision)
        if outcome == "applied":
            report.applied += 1
        elif outcome == "stale":
            report.stale.append(decision)
        else:
            report.failed_item.append(decision)
    return folded, report
