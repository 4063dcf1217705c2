"""Checkpoint selection: the domain classifier separates domains, and select ranks every checkpoint."""

from __future__ import annotations

import json

from helpers import run_cli, train_args
from PIL import Image
from tiny_sd import write_images

from maskmedpaint.selection.classifier import train_domain_classifier


def test_domain_classifier_scores_target_images_higher(tmp_path):
    source = [Image.open(p) for p in write_images(tmp_path / "s", 12, seed=10, tint=(200, 120, 90), size=32)]
    target = [Image.open(p) for p in write_images(tmp_path / "t", 12, seed=11, tint=(70, 130, 200), size=32)]
    classifier = train_domain_classifier(source, target, size=32, epochs=25, seed=0)
    assert classifier.validation_accuracy >= 0.75
    unseen_source = [Image.open(p) for p in write_images(tmp_path / "s2", 4, seed=12, tint=(200, 120, 90), size=32)]
    unseen_target = [Image.open(p) for p in write_images(tmp_path / "t2", 4, seed=13, tint=(70, 130, 200), size=32)]
    assert classifier.target_probability(unseen_target).min() > classifier.target_probability(unseen_source).max()


def test_select_ranks_each_checkpoint(tmp_path, capsys, tiny_base, source_images, target_images):
    run = tmp_path / "run"
    code, _ = run_cli(capsys, *train_args("target-dreambooth", str(tiny_base), str(target_images), str(run), 2))
    assert code == 0
    code, events = run_cli(
        capsys,
        "select", "--run", str(run), "--source", str(source_images), "--target", str(target_images),
        "--samples", "2", "--steps", "2", "--classifier-epochs", "5", "--classifier-size", "32",
    )  # fmt: skip
    assert code == 0, events
    scored = [e for e in events if e["type"] == "scored"]
    assert sorted(e["checkpointStep"] for e in scored) == [1, 2]
    ranking = json.loads((run / "selection" / "ranking.json").read_text())
    scores = [entry["score"] for entry in ranking["ranking"]]
    assert scores == sorted(scores, reverse=True) and all(0.0 <= s <= 1.0 for s in scores)
    assert ranking["prompt"] == "a dermoscopic image of target skin lesion"
    assert ranking["textEncoder"] == ["checkpoint"]
    assert events[-1]["type"] == "done" and events[-1]["best"] == ranking["ranking"][0]["checkpoint"]
    assert len(list((run / "selection" / "checkpoint-000001").glob("sample_*.png"))) == 2
