"""What a researcher expects of a training run: settings that hold on resume, paths that work from
anywhere, validation images, TensorBoard logs, DataLoader workers, --labels, --version, defaults in
--help and progress for people on stderr."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from diffusers import UNet2DConditionModel
from helpers import run_cli, train_args

from maskmedpaint import __version__
from maskmedpaint.cli import main
from maskmedpaint.train.images import discover_images


def _settings(run: Path) -> dict:
    return json.loads((run / "maskmedpaint_training.json").read_text())


def _unet(folder: Path) -> dict[str, torch.Tensor]:
    return UNet2DConditionModel.from_pretrained(folder).state_dict()


def test_resume_applies_and_records_a_changed_learning_rate(tmp_path, capsys, tiny_base, target_images):
    run = tmp_path / "run"
    base = ("target-dreambooth", str(tiny_base), str(target_images), str(run))
    assert run_cli(capsys, *train_args(*base, 1, "--num-workers", "0"))[0] == 0
    resumed = [a if a != "1e-3" else "5e-4" for a in train_args(*base, 2, "--num-workers", "0")]
    code, events = run_cli(capsys, *resumed, "--resume", "latest")
    assert code == 0, events
    assert [e["lr"] for e in events if e["type"] == "step"] == [5e-4]
    state = torch.load(run / "checkpoints" / "checkpoint-000002" / "training_state.pt", weights_only=False)
    assert state["optimizer"]["param_groups"][0]["lr"] == 5e-4
    settings = _settings(run)
    assert settings["learning_rate"] == 5e-4
    assert settings["resumes"] == [{"step": 1, "changed": {"learning_rate": [1e-3, 5e-4], "max_steps": [1, 2]}}]


def test_resume_refuses_a_setting_that_changes_what_the_run_learns(tmp_path, capsys, tiny_base, target_images):
    run = tmp_path / "run"
    base = ("target-dreambooth", str(tiny_base), str(target_images), str(run))
    assert run_cli(capsys, *train_args(*base, 1, "--num-workers", "0"))[0] == 0
    changed = train_args(*base, 2, "--num-workers", "0")
    changed[changed.index("--batch-size") + 1] = "2"
    code, events = run_cli(capsys, *changed, "--resume", "latest")
    assert code == 1
    assert "--batch-size: 1 in the saved run, 2 now" in events[-1]["message"]


def test_resume_without_the_options_takes_the_saved_settings(tmp_path, capsys, tiny_base, target_images):
    run = tmp_path / "run"
    assert run_cli(capsys, *train_args("target-dreambooth", str(tiny_base), str(target_images), str(run), 2, "--num-workers", "0"))[0] == 0
    # Interrupted runs resume with a short command; here the run is complete, so no step is left.
    code, events = run_cli(
        capsys, "target-dreambooth", "--base-model", str(tiny_base), "--images", str(target_images), "--output", str(run),
        "--resume", str(run / "checkpoints" / "checkpoint-000002"),
    )  # fmt: skip
    assert code == 0, events
    assert events[0]["step"] == 2 and events[0]["total"] == 2
    assert _settings(run)["resolution"] == 64 and _settings(run)["learning_rate"] == 1e-3


def test_run_settings_work_from_any_working_directory(tmp_path, capsys, monkeypatch, tiny_base, source_images, target_images):
    work = tmp_path / "project"
    (work / "data").mkdir(parents=True)
    for name, folder in (("base", tiny_base), ("target", target_images), ("source", source_images)):
        (work / "data" / name).symlink_to(folder, target_is_directory=True)
    monkeypatch.chdir(work)
    assert run_cli(capsys, *train_args("target-dreambooth", "data/base", "data/target", "runs/stage2", 1, "--num-workers", "0"))[0] == 0
    settings = _settings(work / "runs" / "stage2")
    assert all(Path(settings[key]).is_absolute() for key in ("images", "output", "base_model"))
    monkeypatch.chdir(tmp_path)  # elsewhere: select finds the base model and the images from the settings
    code, events = run_cli(
        capsys, "select", "--run", str(work / "runs" / "stage2"), "--source", str(source_images), "--target", str(target_images),
        "--samples", "1", "--steps", "1", "--classifier-epochs", "1", "--classifier-size", "16",
    )  # fmt: skip
    assert code == 0, events


def test_validation_images_and_tensorboard_logs(tmp_path, capsys, tiny_base, source_images):
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    run = tmp_path / "run"
    args = train_args("source-finetune", str(tiny_base), str(source_images), str(run), 2, "--num-workers", "0")
    code, events = run_cli(capsys, *args, "--validation-every", "2", "--validation-images", "3", "--validation-steps", "2")
    assert code == 0, events
    folder = run / "validation" / "step-000002"
    assert sorted(p.name for p in folder.glob("image-*.png")) == ["image-0.png", "image-1.png", "image-2.png"]
    assert not (run / "validation" / "step-000001").exists()
    prompts = (folder / "prompts.txt").read_text().splitlines()
    assert prompts[0].endswith("a dermoscopic image of benign-source skin lesion")
    assert prompts[1].endswith("a dermoscopic image of malignant-source skin lesion")
    assert [e["step"] for e in events if e["type"] == "validation"] == [2]
    logs = EventAccumulator(str(run / "logs"), size_guidance={"images": 0})
    logs.Reload()
    assert [event.step for event in logs.Scalars("train/loss")] == [1, 2]
    assert logs.Tags()["images"] and "train/learning_rate" in logs.Tags()["scalars"]


def test_dataloader_workers_do_not_change_the_result(tmp_path, capsys, tiny_base, target_images):
    runs = {}
    for workers in ("0", "2"):
        out = tmp_path / f"workers-{workers}"
        assert run_cli(capsys, *train_args("target-dreambooth", str(tiny_base), str(target_images), str(out), 2, "--num-workers", workers))[0] == 0
        runs[workers] = _unet(out / "final" / "unet")
    assert all(torch.equal(runs["0"][k], runs["2"][k]) for k in runs["0"])


def test_labels_csv_labels_a_flat_folder(tmp_path, source_images):
    flat = tmp_path / "flat"
    flat.mkdir()
    rows = ["path,label"]
    for path in sorted(source_images.rglob("*.png")):
        (flat / f"{path.parent.name}-{path.name}").write_bytes(path.read_bytes())
        rows.append(f"{path.parent.name}-{path.name},{path.parent.name}")
    (tmp_path / "labels.csv").write_text("\n".join(rows) + "\n")
    images = discover_images(flat, labeled=True, min_images=2, labels_csv=tmp_path / "labels.csv")
    assert {image.label for image in images} == {"benign", "malignant"} and len(images) == 6
    (tmp_path / "partial.csv").write_text("\n".join(rows[:3]) + "\n")
    with pytest.raises(Exception, match="has no row in"):
        discover_images(flat, labeled=True, min_images=2, labels_csv=tmp_path / "partial.csv")


def test_version_and_defaults_in_help(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0 and capsys.readouterr().out.strip() == f"maskmedpaint-train {__version__}"
    with pytest.raises(SystemExit):
        main(["source-finetune", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    for expected in ("(default: 1e-05)", "(default: 2500)", "(default: 512)", "0 = none (default: 500)", "each time (default: 3)"):
        assert expected in text, expected
    with pytest.raises(SystemExit):
        main(["target-dreambooth", "--help"])
    assert "(default: 1e-06)" in " ".join(capsys.readouterr().out.split())


def test_progress_for_people_on_stderr(tmp_path, capsys, tiny_base, target_images):
    code = main(train_args("target-dreambooth", str(tiny_base), str(target_images), str(tmp_path / "run"), 2, "--num-workers", "0"))
    assert code == 0
    err = capsys.readouterr().err
    assert "step 1/2  loss " in err and "step 2/2  loss " in err and "checkpoint " in err
