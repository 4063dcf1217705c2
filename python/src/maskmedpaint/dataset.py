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

from .dicom import load_item_image
from .manifest import ManifestError, load_manifest
from .usable import count_usable, is_usable, warn_if_short

__all__ = ["AugmentedDataset", "concat_with"]


class AugmentedDataset(Dataset):
    """Generated images of a MaskMedPaint manifest that training may use, as ``(image, label_index)`` pairs.

    Usable means approved; or, when review is not required, not rejected and not failed
    (``maskmedpaint.usable``). Rejected and failed items are never used. When that leaves nothing,
    or leaves out images nobody has reviewed yet, an :class:`~maskmedpaint.usable.UnreviewedImagesWarning`
    says so with the counts and how to review or opt out.

    Args:
        manifest: the manifest file or the output folder that contains it.
        approved_only: the older name of ``require_review`` (``True``: approved only; ``False``:
            also pending ones).
        transform: applied to the PIL image (e.g. a torchvision transform); without one the
            PIL image (RGB) is returned.
        label_to_index: class name -> index, e.g. your original dataset's ``class_to_idx`` so the
            indices agree; by default the sorted class names of the manifest.
        dicom_values: for items made from DICOM (or written as DICOM): ``"windowed"`` (default,
            the 8-bit display image as a PIL RGB image), ``"stored"`` or ``"modality"`` (numpy
            arrays; see :mod:`maskmedpaint.dicom`). Needs pydicom.
        require_review: ``None`` (default) follows the run's ``requireReview`` (runs that did not
            record one require review); ``True`` keeps only approved images; ``False`` also
            keeps pending ones.
        native_range: return each non-DICOM image as an (H, W, 3) numpy array in the file's own
            range (uint16 for 16-bit outputs) instead of an 8-bit PIL image; see ``_images.py``.
    """

    def __init__(
        self,
        manifest: str | os.PathLike[str],
        approved_only: bool | None = None,
        transform: Callable[[Image.Image], Any] | None = None,
        label_to_index: Mapping[str, int] | None = None,
        dicom_values: str | None = None,
        *,
        require_review: bool | None = None,
        native_range: bool = False,
    ):
        if approved_only is not None and require_review is not None and approved_only != require_review:
            raise ValueError("approved_only is the older name of require_review; give one of them")
        loaded = load_manifest(manifest)
        chosen = require_review if require_review is not None else approved_only
        policy = loaded.require_review if chosen is None else chosen
        warn_if_short(count_usable((item["status"] for item in loaded.items), policy), policy, loaded.path)
        self.require_review = policy
        self.manifest_path = loaded.path
        self.transform = transform
        self.dicom_values = dicom_values
        self._dicom: dict[str, dict[str, Any]] = {item["id"]: item["dicom"] for item in loaded.items if item.get("dicom")}
        self.native_range = native_range
        self.items: list[tuple[str, Path, str]] = []
        for item in loaded.items:
            if is_usable(item["status"], policy):
                output = loaded.confined(item, "output")
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
            image = load_item_image(path, self._dicom.get(item_id), self.dicom_values, self.native_range)
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
