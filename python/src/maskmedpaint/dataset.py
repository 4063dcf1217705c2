"""PyTorch access to augmented images: :class:`AugmentedDataset` and :func:`concat_with`.

This module imports torch; ``maskmedpaint/__init__.py`` only loads it when one of these names is
first used, so notebooks that only call ``show``/``read_manifest`` never pay for torch.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PIL import Image
from torch.utils.data import ConcatDataset, Dataset

from ._images import open_rgb, read_rgb_array
from .manifest import ManifestError, load_manifest

__all__ = ["AugmentedDataset", "concat_with"]


class AugmentedDataset(Dataset):
    """Generated images of a MaskMedPaint manifest as ``(image, label_index)`` pairs.

    Args:
        manifest: the manifest file or the output folder that contains it.
        approved_only: keep only items a reviewer approved (default); ``False`` also keeps
            pending ones. Rejected and failed items are never used.
        transform: applied to the PIL image (e.g. a torchvision transform); without one the
            PIL image (RGB) is returned.
        label_to_index: class name -> index, e.g. your original dataset's ``class_to_idx`` so the
            indices agree; by default the sorted class names of the manifest.
        native_range: return each image as an (H, W, 3) numpy array in the file's own range
            (uint16 for 16-bit outputs) instead of an 8-bit PIL image; see ``_images.py``.
    """

    def __init__(
        self,
        manifest: str | os.PathLike[str],
        approved_only: bool = True,
        transform: Callable[[Image.Image], Any] | None = None,
        label_to_index: Mapping[str, int] | None = None,
        native_range: bool = False,
    ):
        loaded = load_manifest(manifest)
        allowed = {"approved"} if approved_only else {"approved", "pending"}
        self.manifest_path = loaded.path
        self.transform = transform
        self.native_range = native_range
        self.items: list[tuple[str, Path, str]] = []
        for item in loaded.items:
            if item["status"] in allowed:
                output = loaded.resolve(item["output"])
                assert output is not None  # validated: non-failed items have an output
                self.items.append((item["id"], output, item["label"]))
        if label_to_index is None:
            label_to_index = {name: index for index, name in enumerate(sorted({label for _, _, label in self.items}))}
        self.class_to_idx: dict[str, int] = dict(label_to_index)
        for item_id, _, label in self.items:
            if label not in self.class_to_idx:
                raise ManifestError(
                    self.manifest_path,
                    f"label {label!r} is not in label_to_index (known: {', '.join(sorted(self.class_to_idx))})",
                    item_id,
                )

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, index: int) -> tuple[Any, int]:
        item_id, path, label = self.items[index]
        try:
            # 16-bit outputs are rescaled (PIL's own RGB conversion clips them to white).
            image = read_rgb_array(path, native_range=True) if self.native_range else open_rgb(path)
        except (OSError, ValueError) as error:
            raise ManifestError(self.manifest_path, f"cannot read image {path}: {error}", item_id) from error
        if self.transform is not None:
            image = self.transform(image)
        return image, self.class_to_idx[label]


def concat_with(
    original_dataset: Dataset,
    augmented: AugmentedDataset | str | os.PathLike[str],
    **dataset_options: Any,
) -> ConcatDataset:
    """Append augmented images to the user's original dataset (a plain concatenation, as the method does).

    ``augmented`` may be an :class:`AugmentedDataset` or a manifest path; with a path, the
    original dataset's ``class_to_idx`` (torchvision ``ImageFolder`` has one) is used so labels
    map to the same indices, and ``dataset_options`` go to :class:`AugmentedDataset`.
    """
    original_mapping = getattr(original_dataset, "class_to_idx", None)
    if not isinstance(augmented, AugmentedDataset):
        if original_mapping is not None:
            dataset_options.setdefault("label_to_index", original_mapping)
        augmented = AugmentedDataset(augmented, **dataset_options)
    elif original_mapping is not None:
        for name, index in augmented.class_to_idx.items():
            if original_mapping.get(name) != index:
                raise ValueError(
                    f"label {name!r} has index {index} in the augmented dataset but {original_mapping.get(name)!r} in the original; "
                    "build AugmentedDataset with label_to_index=original_dataset.class_to_idx"
                )
    return ConcatDataset([original_dataset, augmented])
