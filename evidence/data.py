"""Loading the evidence dataset (written by evidence/generate.ts) and the augmentation outputs."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from PIL import Image

CLASSES = ("benign", "malignant")


@dataclass
class Split:
    """Images as float tensors [N,3,S,S] in [0,1], integer labels, and the artifact flag per image."""

    images: torch.Tensor
    labels: np.ndarray
    artifact: np.ndarray
    paths: list[str]

    def groups(self) -> np.ndarray:
        """Group id = class x artifact present (the four groups of worst-group accuracy)."""
        return self.labels * 2 + self.artifact

    def take(self, count: int) -> Split:
        return Split(self.images[:count], self.labels[:count], self.artifact[:count], self.paths[:count])


def load_image(path: Path, size: int) -> np.ndarray:
    with Image.open(path) as img:
        rgb = img.convert("RGB")
        if rgb.size != (size, size):
            rgb = rgb.resize((size, size), Image.Resampling.BILINEAR)
        return np.asarray(rgb, dtype=np.float32) / 255.0


def to_tensor(arrays: list[np.ndarray]) -> torch.Tensor:
    if not arrays:
        return torch.zeros((0, 3, 1, 1))
    return torch.from_numpy(np.stack(arrays)).permute(0, 3, 1, 2).contiguous()


def read_metadata(root: Path) -> list[dict[str, str]]:
    with open(root / "metadata.csv", newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def load_split(root: Path, rows: list[dict[str, str]], split: str, size: int) -> Split:
    chosen = [r for r in rows if r["split"] == split]
    images = [load_image(root / r["path"], size) for r in chosen]
    labels = np.array([CLASSES.index(r["label"]) for r in chosen], dtype=np.int64)
    artifact = np.array([int(r["artifact"]) for r in chosen], dtype=np.int64)
    return Split(to_tensor(images), labels, artifact, [r["path"] for r in chosen])


def load_augmented(out_dir: Path, size: int) -> tuple[torch.Tensor, np.ndarray]:
    """Reads augmented.csv written by `maskmedpaint augment` (only successfully generated items)."""
    images, labels = [], []
    with open(out_dir / "augmented.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["status"] == "failed" or not row["output"]:
                continue
            images.append(load_image(out_dir / row["output"], size))
            labels.append(CLASSES.index(row["label"]))
    return to_tensor(images), np.array(labels, dtype=np.int64)
