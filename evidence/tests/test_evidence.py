"""Tests of the evidence experiment's statistics, classical baseline and report writer."""
from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Any

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from classical import classical_augment
from report import write_reports
from stats import mean_ci95, worst_group_accuracy


def test_mean_ci95_uses_student_t():
    mean, half = mean_ci95([0.5, 0.7, 0.9])
    assert math.isclose(mean, 0.7)
    # sd = 0.2, n = 3, t(0.975, 2) = 4.303
    assert math.isclose(half, 4.303 * 0.2 / math.sqrt(3), rel_tol=1e-9)
    assert math.isnan(mean_ci95([0.4])[1])


def test_worst_group_accuracy_is_the_weakest_group():
    label = np.array([0, 0, 1, 1, 1, 1])
    group = np.array([0, 0, 2, 2, 3, 3])
    pred = np.array([0, 0, 1, 1, 0, 1])
    assert worst_group_accuracy(pred, label, group) == 0.5


def test_classical_augment_soft_labels_sum_to_one_and_mix_classes():
    images = torch.rand(8, 3, 16, 16)
    labels = np.array([0, 1] * 4)
    out, soft = classical_augment(images, labels, count=200, seed=3)
    assert out.shape == (200, 3, 16, 16)
    assert torch.allclose(soft.sum(dim=1), torch.ones(200))
    assert ((soft > 0) & (soft < 1)).any(), "CutMix mixes labels by area"
    assert float(out.min()) >= 0 and float(out.max()) <= 1


def test_reports_write_table_json_and_plot(tmp_path):
    metric = {"mean": 0.75, "ci95": 0.05}
    arms: list[dict[str, Any]] = [{"arm": "source only", "n": None, "per_seed": [], "target_acc": metric,
             "source_acc": metric, "worst_group_acc": {"mean": 0.5, "ci95": float("nan")}}]
    meta = {"command": "x", "machine": "m", "seeds": 2, "steps": 10, "image_size": 32, "counts": {}, "seconds": 1}
    write_reports(tmp_path, meta, arms)
    assert "| source only | 0.750 ± 0.050 |" in (tmp_path / "results.md").read_text()
    assert json.loads((tmp_path / "results.json").read_text(), parse_constant=lambda c: None)["arms"][0]["arm"] == "source only"
    assert (tmp_path / "plot.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
