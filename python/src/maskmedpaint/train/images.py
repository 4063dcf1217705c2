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


def discover_images(folder: Path, labeled: bool, min_images: int, labels_csv: Path | None = None) -> list[TrainingImage]:
    """All images under ``folder`` (sorted, so runs are reproducible), checked readable.

    With ``labeled``, each image's class is its first-level subfolder (``folder/<class>/...``), or
    its row in ``labels_csv`` (``path,label`` rows, paths relative to ``folder``, as the CLI's
    ``--labels``).
    """
    if not folder.is_dir():
        raise UserFacingError(f"Image folder not found: {folder}")
    paths = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
    table = read_labels_csv(labels_csv, folder) if labels_csv is not None else None
    images = []
    for path in paths:
        relative = path.relative_to(folder)
        if table is not None:
            label = table.get(relative.as_posix())
            if labeled and label is None:
                raise UserFacingError(f"{path} has no row in {labels_csv}: every image needs a label there")
        else:
            label = relative.parts[0] if labeled and len(relative.parts) > 1 else None
        if labeled and label is None:
            raise UserFacingError(
                f"{path} is not in a class subfolder: source images must be laid out as {folder}/<class>/<image> "
                "(or listed in a --labels CSV) so each caption can name its class"
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


def read_labels_csv(csv_path: Path, folder: Path) -> dict[str, str]:
    """``path,label`` rows (a ``path,label`` header is optional), as the CLI reads them; rows whose
    file is missing and rows without both cells are errors naming the line."""
    import csv

    if not csv_path.is_file():
        raise UserFacingError(f"Labels CSV not found: {csv_path}")
    with csv_path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.reader(handle))
    start = 1 if rows and [cell.strip().lower() for cell in rows[0][:2]] == ["path", "label"] else 0
    labels: dict[str, str] = {}
    problems = []
    for line, row in enumerate(rows[start:], start=start + 1):
        relative = (row[0] if row else "").strip().replace("\\", "/").removeprefix("./")
        label = (row[1] if len(row) > 1 else "").strip()
        if not relative or not label:
            problems.append(f"{csv_path}:{line}: expected \"path,label\" with both filled")
        elif not (folder / relative).is_file():
            problems.append(f"{csv_path}:{line}: {folder / relative} does not exist")
        else:
            labels[relative] = label
    if problems:
        raise UserFacingError("The labels CSV has problems:\n  " + "\n  ".join(problems[:20]))
    return labels


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
