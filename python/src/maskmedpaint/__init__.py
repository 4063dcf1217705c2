"""MaskMedPaint's Python toolkit.

The top level stays import-light on purpose: ``import maskmedpaint`` must work (and be fast) in a
notebook without PyTorch, so ``show`` and ``read_manifest`` live in modules that never import
torch, and the torch-backed names are resolved lazily on first access.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .display import Gallery, show
from .manifest import ManifestError, read_manifest
from .usable import UnreviewedImagesWarning, is_usable

if TYPE_CHECKING:  # pragma: no cover - for type checkers only
    from .dataset import AugmentedDataset, concat_with

__all__ = [
    "AugmentedDataset",
    "Gallery",
    "ManifestError",
    "UnreviewedImagesWarning",
    "__version__",
    "concat_with",
    "is_usable",
    "read_manifest",
    "show",
]

_LAZY = {"AugmentedDataset": "dataset", "concat_with": "dataset"}


def __getattr__(name: str) -> Any:
    """Import torch-backed names only when they are first used."""
    module_name = _LAZY.get(name)
    if module_name is None:
        raise AttributeError(f"module 'maskmedpaint' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module_name}", __name__), name)
    globals()[name] = value
    return value
