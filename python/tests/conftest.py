"""Shared fixtures: a tiny SD base model and small source/target image folders (built once per session)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from tiny_sd import build_tiny_sd, write_images


@pytest.fixture(scope="session", autouse=True)
def _few_threads() -> None:
    # CI has 2 cores shared by other jobs; tiny models gain nothing from more threads.
    import torch

    torch.set_num_threads(1)


@pytest.fixture(scope="session")
def tiny_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_tiny_sd(tmp_path_factory.mktemp("tiny-sd"))


@pytest.fixture(scope="session")
def source_images(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("source")
    write_images(root / "benign", 3, seed=1, tint=(200, 150, 120))
    write_images(root / "malignant", 3, seed=2, tint=(120, 60, 50))
    return root


@pytest.fixture(scope="session")
def target_images(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("target")
    write_images(root, 6, seed=3, tint=(60, 140, 210))
    return root


@pytest.fixture(scope="session")
def trained_run(tmp_path_factory: pytest.TempPathFactory, tiny_base: Path, target_images: Path) -> Path:
    """A one-step stage-2 run (checkpoint-000001 and final/) whose UNet differs from the base."""
    from helpers import train_args

    from maskmedpaint.cli import main

    out = tmp_path_factory.mktemp("run") / "stage2"
    assert main(train_args("target-dreambooth", str(tiny_base), str(target_images), str(out), 1)) == 0
    return out


@pytest.fixture(scope="session")
def two_stage_run(tmp_path_factory: pytest.TempPathFactory, tiny_base: Path, source_images: Path, target_images: Path) -> tuple[Path, Path]:
    """Stage 1 (one step on the source images), then stage 2 from stage 1's final pipeline (one step)."""
    from helpers import train_args

    from maskmedpaint.cli import main

    root = tmp_path_factory.mktemp("two-stage")
    stage1, stage2 = root / "stage1", root / "stage2"
    assert main(train_args("source-finetune", str(tiny_base), str(source_images), str(stage1), 1, "--num-workers", "0")) == 0
    assert main(train_args("target-dreambooth", str(stage1 / "final"), str(target_images), str(stage2), 1, "--num-workers", "0")) == 0
    return stage1, stage2
