"""Both fine-tuning stages on a tiny SD model: progress lines, weights change, checkpoints, resume."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
import torch
from diffusers import UNet2DConditionModel
from helpers import run_cli, train_args
from transformers import CLIPTextModel


def _unet_weights(folder: Path) -> dict[str, torch.Tensor]:
    return {k: v.clone() for k, v in UNet2DConditionModel.from_pretrained(folder).state_dict().items()}


def _changed(before: dict[str, torch.Tensor], after: dict[str, torch.Tensor]) -> int:
    return sum(not torch.equal(before[k], after[k]) for k in before)


def test_source_finetune_trains_the_unet_and_reports_progress(tmp_path, capsys, tiny_base, source_images):
    out = tmp_path / "stage1"
    code, events = run_cli(capsys, *train_args("source-finetune", str(tiny_base), str(source_images), str(out), 2))
    assert code == 0, events
    types = [e["type"] for e in events]
    assert types[0] == "start" and types[-1] == "done"
    steps = [e for e in events if e["type"] == "step"]
    assert [e["step"] for e in steps] == [1, 2]
    assert all(e["total"] == 2 and math.isfinite(e["loss"]) for e in steps)
    assert steps[-1]["eta_s"] == 0
    assert events[0]["images"] == 6 and events[0]["device"] == "cpu"
    assert _changed(_unet_weights(tiny_base / "unet"), _unet_weights(out / "final" / "unet")) > 0
    # Stage 1 keeps the base text encoder (docs/method.md section 4: only the UNet is trained there).
    base_text = CLIPTextModel.from_pretrained(tiny_base / "text_encoder").state_dict()
    final_text = CLIPTextModel.from_pretrained(out / "final" / "text_encoder").state_dict()
    assert all(torch.equal(base_text[k], final_text[k]) for k in base_text)
    assert sorted(p.name for p in (out / "checkpoints").iterdir()) == ["checkpoint-000001", "checkpoint-000002"]
    # Only the newest checkpoint keeps the optimizer state needed to resume.
    assert not (out / "checkpoints" / "checkpoint-000001" / "training_state.pt").exists()
    assert (out / "checkpoints" / "checkpoint-000002" / "training_state.pt").exists()


def test_target_dreambooth_trains_text_encoder_and_resume_continues(tmp_path, capsys, tiny_base, target_images):
    out = tmp_path / "stage2"
    args = train_args("target-dreambooth", str(tiny_base), str(target_images), str(out), 1)
    code, events = run_cli(capsys, *args)
    assert code == 0, events
    first_final = out / "final"
    base_text = CLIPTextModel.from_pretrained(tiny_base / "text_encoder").state_dict()
    trained_text = CLIPTextModel.from_pretrained(first_final / "text_encoder").state_dict()
    assert any(not torch.equal(base_text[k], trained_text[k]) for k in base_text)
    after_one = _unet_weights(first_final / "unet")

    # Starting again without --resume refuses instead of silently mixing two runs.
    code, events = run_cli(capsys, *args)
    assert code == 1 and "--resume latest" in events[-1]["message"]

    resumed = train_args("target-dreambooth", str(tiny_base), str(target_images), str(out), 3)
    code, events = run_cli(capsys, *resumed, "--resume", "latest")
    assert code == 0, events
    assert events[0]["type"] == "start" and events[0]["step"] == 1
    assert events[0]["resumedFrom"].endswith("checkpoint-000001")
    assert [e["step"] for e in events if e["type"] == "step"] == [2, 3]
    assert _changed(after_one, _unet_weights(out / "final" / "unet")) > 0


def test_resumed_run_matches_uninterrupted_run(tmp_path, capsys, tiny_base, target_images):
    straight, split = tmp_path / "straight", tmp_path / "split"
    assert run_cli(capsys, *train_args("target-dreambooth", str(tiny_base), str(target_images), str(straight), 2))[0] == 0
    assert run_cli(capsys, *train_args("target-dreambooth", str(tiny_base), str(target_images), str(split), 1))[0] == 0
    code, _ = run_cli(capsys, *train_args("target-dreambooth", str(tiny_base), str(target_images), str(split), 2), "--resume", "latest")
    assert code == 0
    a, b = _unet_weights(straight / "final" / "unet"), _unet_weights(split / "final" / "unet")
    assert max(float((a[k] - b[k]).abs().max()) for k in a) < 1e-5


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("too_few", "Too few images"),
        ("unreadable", "cannot be read"),
        ("no_model", "Base model folder not found"),
        ("not_a_model", "is not a diffusers model folder"),
    ],
)
def test_clear_errors(tmp_path, capsys, tiny_base, target_images, setup, message):
    images, base = target_images, str(tiny_base)
    if setup == "too_few":
        images = tmp_path / "few"
        images.mkdir()
        (images / "a.png").write_bytes((target_images / "img000.png").read_bytes())
    elif setup == "unreadable":
        images = tmp_path / "broken"
        images.mkdir()
        for path in sorted(target_images.iterdir()):
            (images / path.name).write_bytes(path.read_bytes())
        (images / "zz.png").write_bytes(b"not an image")
    elif setup == "no_model":
        base = str(tmp_path / "no-such-model-folder")
    else:
        base = str(target_images)
    code, events = run_cli(capsys, *train_args("target-dreambooth", base, str(images), str(tmp_path / "out"), 1))
    assert code == 1
    assert events[-1]["type"] == "error" and message in events[-1]["message"]
    if setup == "unreadable":
        assert "zz.png" in events[-1]["message"]
    if setup in ("no_model", "not_a_model"):
        assert "--base-model" in events[-1]["message"]


def test_mixed_precision_and_gradient_checkpointing_path(tmp_path, capsys, tiny_base, source_images):
    """bf16 autocast + gradient checkpointing (the GPU defaults) run on CPU too; the saved pipeline
    keeps full-precision frozen modules instead of their half-precision training copies."""
    from diffusers import AutoencoderKL

    out = tmp_path / "bf16"
    args = train_args("source-finetune", str(tiny_base), str(source_images), str(out), 1)
    code, events = run_cli(capsys, *args, "--mixed-precision", "bf16", "--gradient-checkpointing", "on")
    assert code == 0, events
    assert events[0]["mixedPrecision"] == "bf16" and events[0]["gradientCheckpointing"] is True
    assert math.isfinite(next(e for e in events if e["type"] == "step")["loss"])
    base_vae = AutoencoderKL.from_pretrained(tiny_base / "vae").state_dict()
    saved_vae = AutoencoderKL.from_pretrained(out / "final" / "vae").state_dict()
    assert all(saved_vae[k].dtype == torch.float32 and torch.equal(base_vae[k], saved_vae[k]) for k in base_vae)
    assert all(v.dtype == torch.float32 for v in _unet_weights(out / "final" / "unet").values())
