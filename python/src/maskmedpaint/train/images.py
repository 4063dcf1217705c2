"""Training images: discovery, up-front validation with specific errors, and a PyTorch dataset."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image

from .._images import open_rgb
from ..errors import UserFacingError

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".bmp", ".tif", ".tiff")


@dataclass(frozen=True)
class TrainingImage:
    path: Path
    label: str | None


def discover_images(folder: Path, labeled: bool, min_images: int) -> list[TrainingImage]:
    """All images under ``folder`` (sorted, so runs are reproducible), checked readable.

    With ``labeled``, each image's class is its first-level subfolder (``folder/<class>/...``).
    """
    if not folder.is_dir():
        raise UserFacingError(f"Image folder not found: {folder}")
    paths = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
    images = []
    for path in paths:
        relative = path.relative_to(folder)
        label = relative.parts[0] if labeled and len(relative.parts) > 1 else None
        if labeled and label is None:
            raise UserFacingError(
                f"{path} is not in a class subfolder: source images must be laid out as {folder}/<class>/<image> "
                "so each caption can name its class"
            )
        images.append(TrainingImage(path, label))
    unreadable = [f"{image.path} ({reason})" for image in images if (reason := _unreadable_reason(image.path))]
    if unreadable:
        shown = "\n  ".join(unreadable[:20])
        more = f"\n  ... and {len(unreadable) - 20} more" if len(unreadable) > 20 else ""
        raise UserFacingError(f"{len(unreadable)} image(s) cannot be read; fix or remove them:\n  {shown}{more}")
    if len(images) < min_images:
        raise UserFacingError(
            f"Too few images in {folder}: found {len(images)}, need at least {min_images} "
            f"(the method used about 100 target images; lower the limit with --min-images if you know what you are doing)"
        )
    return images


def _unreadable_reason(path: Path) -> str | None:
    try:
        with Image.open(path) as image:
            image.verify()
    except Exception as error:  # PIL raises many types for corrupt files; all mean "unreadable"
        return f"{type(error).__name__}: {error}"
    return None


def load_pixels(path: Path, resolution: int, center_crop: bool, flip: bool, rng: np.random.Generator) -> torch.Tensor:
    """RGB image -> float tensor [3, R, R] in [-1, 1]: resize the shorter side, then crop to a square."""
    try:
        image = open_rgb(path)  # 16-bit grey rescaled to 8 bits (PIL's RGB conversion clips it)
    except Exception as error:
        raise UserFacingError(f"Cannot read training image {path}: {error}") from error
    scale = resolution / min(image.size)
    size = (max(resolution, round(image.width * scale)), max(resolution, round(image.height * scale)))
    image = image.resize(size, Image.Resampling.BICUBIC)
    if center_crop:
        left, top = (size[0] - resolution) // 2, (size[1] - resolution) // 2
    else:
        left = int(rng.integers(0, size[0] - resolution + 1))
        top = int(rng.integers(0, size[1] - resolution + 1))
    image = image.crop((left, top, left + resolution, top + resolution))
    array = np.asarray(image, dtype=np.float32) / 127.5 - 1.0
    if flip:
        array = array[:, ::-1, :]
    return torch.from_numpy(np.ascontiguousarray(array.transpose(2, 0, 1)))
