"""Confining the paths a manifest names (the Python side of ``src/core/jobs/manifestPaths.ts``).

A manifest can be edited by hand and a run folder can hold symbolic links, so every item path is
resolved to its real location before anything is read: outputs must lie in the run folder;
sources, masks, targets and target masks in the input folder the manifest records for them (masks
also in the run folder, where edited masks live). Only regular files are read, opened non-blocking
and checked with ``fstat`` first, so a named pipe put where an image should be is refused at once
instead of blocking the reader forever.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, BinaryIO

__all__ = ["ConfinedPaths", "PathRefused", "open_regular_file"]

# Which recorded input folder (``inputs.<name>``) each item field may point into; RUN_FOLDER is the
# manifest's own folder.
RUN_FOLDER = ""
FIELD_ROOTS: Mapping[str, tuple[str, ...]] = {
    "source": ("source",),
    "mask": ("masks", RUN_FOLDER),
    "target": ("target",),
    "targetMask": ("targetMasks",),
    "output": (RUN_FOLDER,),
}


class PathRefused(ValueError):
    """A path that may not be read; the message names the field, the value and the reason."""

    def __init__(self, field: str, value: str, reason: str):
        super().__init__(f"field {field!r}: {value!r} {reason}")
        self.field = field


def _describe(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def _inside(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([os.path.normcase(path), os.path.normcase(root)]) == os.path.normcase(root)
    except ValueError:  # different drives on Windows
        return False


def _is_absolute(value: str) -> bool:
    return PurePosixPath(value).is_absolute() or PureWindowsPath(value).is_absolute() or PureWindowsPath(value).drive != ""


@dataclass(frozen=True)
class ConfinedPaths:
    """The run folder and the recorded input folders of one manifest, by real location."""

    folder: Path
    roots: Mapping[str, tuple[tuple[str, str], ...]]

    @classmethod
    def for_manifest(cls, folder: Path, inputs: Any) -> ConfinedPaths:
        """Resolve the run folder and the input folders recorded in ``inputs`` once."""
        recorded = inputs if isinstance(inputs, Mapping) else {}
        real_roots: dict[str, tuple[str, str]] = {RUN_FOLDER: (f"the run folder {folder}", os.path.realpath(folder))}
        for name in ("source", "masks", "target", "targetMasks"):
            value = recorded.get(name)
            if not isinstance(value, str) or value == "":
                continue
            absolute = os.path.join(folder, value)
            # A mask CSV is recorded instead of a masks folder; the masks it names sit in its folder.
            if name == "masks" and os.path.isfile(absolute):
                absolute = os.path.dirname(absolute)
            real = os.path.realpath(absolute)
            real_roots[name] = (f"the {name} folder {real} (inputs.{name})", real)
        roots = {field: tuple(real_roots[name] for name in names if name in real_roots) for field, names in FIELD_ROOTS.items()}
        return cls(folder, roots)

    def resolve(self, field: str, value: Any) -> Path | None:
        """Real path of an item path (``None`` stays ``None``), confined to the field's folders.

        A file that does not exist is judged by where it would be; one that exists must be a
        regular file. Raises :class:`PathRefused` otherwise.
        """
        if value is None:
            return None
        if not isinstance(value, str) or value == "" or "\0" in value:
            raise PathRefused(field, str(value), "is not a usable path")
        if _is_absolute(value):
            raise PathRefused(field, value, "is an absolute path; manifest paths are relative to the manifest")
        real = os.path.realpath(os.path.join(self.folder, *value.split("/")))
        roots = self.roots.get(field, ())
        if not any(_inside(real, root) for _, root in roots):
            if not roots:
                raise PathRefused(field, value, "cannot be checked: the manifest records no folder for it (inputs.targetMasks)")
            raise PathRefused(field, value, f"resolves to {real}, outside {' and '.join(name for name, _ in roots)}")
        try:
            mode = os.stat(real).st_mode  # stat never opens, so a pipe cannot block here
        except FileNotFoundError:
            return Path(real)
        if not stat.S_ISREG(mode):
            raise PathRefused(field, value, f"is {_describe(mode)}, not a regular file")
        return Path(real)


def open_regular_file(path: str | os.PathLike[str]) -> BinaryIO:
    """Open a regular file for reading; anything else (a pipe, a device, a folder) raises :class:`ValueError`.

    The file is opened non-blocking and checked with ``fstat`` before any byte is read, so a pipe
    swapped in after a check cannot block the reader.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise ValueError(f"{path} is {_describe(mode)}, not a regular file")
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
