"""The shared prompt templates: the toolkit's packaged copy is the repository's schema file, both
stages caption with the preset's one template, and the exported model records what it trained."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from maskmedpaint.prompts import caption, inference_prompt, preset_template, template_data
from maskmedpaint.train.arguments import fresh_config

ROOT = Path(__file__).resolve().parents[2]


def test_packaged_templates_are_the_shared_file():
    shared = (ROOT / "schema" / "prompt-templates.json").read_text(encoding="utf-8")
    packaged = (ROOT / "python" / "src" / "maskmedpaint" / "prompt_templates.json").read_text(encoding="utf-8")
    assert packaged == shared, "copy schema/prompt-templates.json over python/src/maskmedpaint/prompt_templates.json"


@pytest.mark.parametrize("example", template_data()["examples"], ids=lambda e: f"{e['preset']}-{e['use']}")
def test_examples_render_as_the_typescript_side_does(example):
    template = preset_template(example["preset"])["template"]
    if example["use"] == "inference":
        # The extension fills {class} and {labels} of the inference prompt (src/core/recipe/templates.ts).
        labels = ", ".join(p.strip() for p in example["label"].replace(";", "|").split("|") if p.strip())
        rendered = inference_prompt(template, example["domain"]).replace("{class}", example["label"]).replace("{labels}", labels)
    else:
        rendered = caption(template, example["label"] or None, example["domain"])
    assert rendered == example["expected"]


def test_both_stages_caption_with_the_presets_one_template(tmp_path):
    images = tmp_path / "chexpert"
    images.mkdir()
    for preset in ("dermoscopy", "natural", "cameraTrap", "chestXray", "custom"):
        stage1 = fresh_config("source-finetune", {"preset": preset, "images": images, "output": tmp_path / "a"})
        stage2 = fresh_config("target-dreambooth", {"preset": preset, "images": images, "output": tmp_path / "b"})
        assert stage1.prompt == stage2.prompt == preset_template(preset)["template"], preset
    stage1 = fresh_config("source-finetune", {"images": images, "output": tmp_path / "a"})
    stage2 = fresh_config("target-dreambooth", {"images": images, "output": tmp_path / "b"})
    assert stage1.caption_for("malignant") == "a dermoscopic image of malignant-source skin lesion"
    assert stage2.caption_for(None) == "a dermoscopic image of target skin lesion"
    # The inference prompt's tokens are the trained ones: label and '-' from stage 1, 'target' from stage 2.
    assert inference_prompt(stage2.prompt, stage2.domain) == "a dermoscopic image of {class}-target skin lesion"
    xray = fresh_config("target-dreambooth", {"preset": "chestXray", "images": images, "output": tmp_path / "c"})
    assert xray.caption_for(None) == "a radiograph from dataset chexpert"


def test_export_records_the_trained_prompts_of_the_stage_it_holds(tmp_path, capsys, two_stage_run):
    from helpers import run_cli

    stage1, stage2 = two_stage_run
    out = tmp_path / "onnx"
    code, events = run_cli(
        capsys, "export", "--model", str(stage1 / "final"), "--unet", str(stage2 / "checkpoints" / "checkpoint-000001"),
        "--output", str(out), "--no-verify",
    )  # fmt: skip
    assert code == 0, events
    metadata = json.loads((out / "maskmedpaint_model.json").read_text())
    # The UNet is stage 2's: its settings, not stage 1's (whose pipeline --model names).
    assert metadata["trainingSettings"]["stage"] == "target-dreambooth"
    assert [run["stage"] for run in metadata["trainingLineage"]] == ["source-finetune", "target-dreambooth"]
    prompts = metadata["prompts"]
    assert prompts["inference"] == "a dermoscopic image of {class}-target skin lesion"
    assert [(s["stage"], s["domain"]) for s in prompts["stages"]] == [("source-finetune", "source"), ("target-dreambooth", "target")]
    assert metadata["textEncoder"] == "checkpoint"
