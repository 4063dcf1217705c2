"""Cross-language: the TypeScript CLI's output read from Python, and an exported model run by the
TypeScript diffusion engine (`node dist/cli.js augment --engine diffusion --model EXPORTED`)."""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pytest
from helpers import run_cli
from PIL import Image
from tiny_sd import write_images

import maskmedpaint

REPO = Path(__file__).resolve().parents[2]


# The CLI's per-user model cache (registry, remembered model hashes) stays out of the user's profile.
_MODELS_DIR = tempfile.mkdtemp(prefix="mmp-cli-models-")
atexit.register(shutil.rmtree, _MODELS_DIR, ignore_errors=True)


def node(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MASKMEDPAINT_MODELS_DIR": os.environ.get("MASKMEDPAINT_MODELS_DIR", _MODELS_DIR)}
    result = subprocess.run(["node", *args], cwd=REPO, capture_output=True, text=True, timeout=300, env=env, check=False)
    assert result.returncode == 0, f"node {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    return result


@pytest.fixture(scope="session")
def cli_js() -> str:
    """The bundled CLI; `npm test` builds it before the Python tier, a lone pytest run builds it here."""
    bundle = REPO / "dist" / "cli.js"
    if not bundle.is_file():
        node("esbuild.mjs")
    return str(bundle)


@pytest.fixture(scope="session")
def demo(tmp_path_factory: pytest.TempPathFactory, cli_js: str) -> Path:
    """`maskmedpaint demo`: a synthetic dermoscopy-like dataset and its composite augmentation."""
    out = tmp_path_factory.mktemp("demo")
    node(cli_js, "demo", "--out", str(out))
    return out


def test_read_manifest_and_dataset_on_cli_output(demo, cli_js):
    manifest_path = demo / "augmented" / "maskmedpaint.json"
    items = json.loads(manifest_path.read_text())["items"]
    frame = maskmedpaint.read_manifest(manifest_path)
    assert len(frame) == len(items) > 0
    assert set(frame["label"]) == {"benign", "malignant"}
    done = frame[frame["status"] != "failed"]
    for output, digest in zip(done["output"], done["sha256"], strict=True):
        assert hashlib.sha256(Path(output).read_bytes()).hexdigest() == digest
    assert all(Path(p).is_file() for p in frame["source"])

    # Nothing is approved before review, and the run requires review: no images, and a warning saying so.
    with pytest.warns(maskmedpaint.UnreviewedImagesWarning, match="await review"):
        assert len(maskmedpaint.AugmentedDataset(manifest_path)) == 0
    data = json.loads(manifest_path.read_text())
    assert data["requireReview"] is True
    chosen = [data["items"][0]["id"], data["items"][-1]["id"]]
    # Reviewed from the terminal: decisions go to the run's journal, then into the manifest.
    reviewed = node(cli_js, "review", str(demo / "augmented"), "--approve", *chosen)
    assert "2 approved" in reviewed.stdout
    data = json.loads(manifest_path.read_text())
    assert [item["id"] for item in data["items"] if item["status"] == "approved"] == chosen
    assert all(item["review"]["decidedBy"].startswith("os:") for item in data["items"] if item["id"] in chosen)
    dataset = maskmedpaint.AugmentedDataset(manifest_path, transform=np.asarray)
    assert len(dataset) == 2
    labels = {item["id"]: item["label"] for item in data["items"]}
    for index, item_id in enumerate(chosen):
        image, label = dataset[index]
        assert image.ndim == 3 and image.shape[2] == 3
        assert label == dataset.class_to_idx[labels[item_id]]
    bundle = maskmedpaint.show(demo / "augmented")._repr_mimebundle_()
    # Relative to the notebook's folder (the working folder) where the two share a folder.
    shown = bundle["application/vnd.maskmedpaint.gallery+json"]["manifest"]
    assert (Path.cwd() / shown).resolve() == manifest_path.resolve()


def test_show_payloads_pass_the_renderer_validator(tmp_path, monkeypatch):
    """The VS Code renderer validates payloads with parseGalleryPayload (src/shared/rendererProtocol.ts)."""
    from manifest_fixture import write_manifest

    write_manifest(tmp_path / "run")
    write_images(tmp_path / "classes" / "benign", 2, seed=5, tint=(90, 90, 90), size=8)
    monkeypatch.chdir(tmp_path)  # the notebook's folder: payload paths are relative to it
    payloads = [
        maskmedpaint.show(tmp_path / "run", status=["approved", "pending"], label="benign").payload(),
        maskmedpaint.show(tmp_path / "run").payload(),
        maskmedpaint.show(tmp_path / "classes").payload(),
    ]
    (tmp_path / "payloads.json").write_text(json.dumps(payloads))
    script = (
        "const { parseGalleryPayload } = require('./src/shared/rendererProtocol.ts');"
        f"const payloads = JSON.parse(require('fs').readFileSync({json.dumps(str(tmp_path / 'payloads.json'))}, 'utf8'));"
        "console.log(JSON.stringify(payloads.map((p) => parseGalleryPayload(p))));"
    )
    results = json.loads(node("--import", "tsx", "-e", script).stdout)
    assert all(result["ok"] for result in results), results
    assert results[0]["payload"]["filter"] == {"status": ["approved", "pending"], "labels": ["benign"]}
    assert results[1]["payload"] == {"manifest": "run/maskmedpaint.json"}
    assert [item["label"] for item in results[2]["payload"]["items"]] == ["benign", "benign"]


def _augment(cli_js: str, demo: Path, model: Path, out: Path) -> dict:
    dataset = demo / "dataset"
    result = node(
        cli_js, "augment", "--engine", "diffusion", "--model", str(model),
        "--source", str(dataset / "source"), "--target", str(dataset / "target"),
        "--masks", str(dataset / "masks"), "--mask-suffix", "_segmentation",
        "--out", str(out), "--limit", "1", "--per-image", "1", "--seed", "3", "--json",
    )  # fmt: skip
    events = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    finished = events[-1]
    assert finished["type"] == "finished" and finished["failed"] == 0 and finished["done"] >= 1, events[-3:]
    return json.loads((out / "maskmedpaint.json").read_text())


def test_exported_model_runs_in_the_typescript_engine(tmp_path, capsys, cli_js, demo, tiny_base, trained_run):
    base_onnx, tuned_onnx = tmp_path / "base-onnx", tmp_path / "tuned-onnx"
    # Verification against PyTorch is covered by test_export.py; here the TypeScript engine is the check.
    export = ("export", "--model", str(tiny_base), "--no-verify")
    assert run_cli(capsys, *export, "--output", str(base_onnx))[0] == 0
    assert run_cli(capsys, *export, "--unet", str(trained_run / "final"), "--output", str(tuned_onnx))[0] == 0
    half_onnx = tmp_path / "half-onnx"
    assert run_cli(capsys, *export, "--dtype", "fp16-compute", "--optimize", "cpu", "--output", str(half_onnx))[0] == 0
    base_manifest = _augment(cli_js, demo, base_onnx, tmp_path / "aug-base")
    tuned_manifest = _augment(cli_js, demo, tuned_onnx, tmp_path / "aug-tuned")
    assert base_manifest["recipe"]["engine"] == "diffusion"
    # The fine-tuned model generates with the prompt it records it was trained with.
    assert tuned_manifest["recipe"]["diffusion"]["promptSource"] == "model"
    assert "promptSource" not in base_manifest["recipe"]["diffusion"]
    # A float16-compute, CPU-optimized export runs in the TypeScript engine too.
    _augment(cli_js, demo, half_onnx, tmp_path / "aug-half")
    # The manifest records a model folder relative to itself (the run stays valid when moved).
    recorded = tuned_manifest["recipe"]["diffusion"]["model"]
    assert (tmp_path / "aug-tuned" / recorded).resolve() == tuned_onnx.resolve()
    base_item, tuned_item = base_manifest["items"][0], tuned_manifest["items"][0]
    assert base_item["id"] == tuned_item["id"] and base_item["seed"] == tuned_item["seed"]
    base_pixels = np.asarray(Image.open(tmp_path / "aug-base" / base_item["output"]).convert("RGB"), dtype=np.int16)
    tuned_pixels = np.asarray(Image.open(tmp_path / "aug-tuned" / tuned_item["output"]).convert("RGB"), dtype=np.int16)
    source = np.asarray(Image.open(demo / "dataset" / "source" / Path(*base_item["source"].split("/")[-2:])).convert("RGB"), dtype=np.int16)
    assert base_pixels.shape == tuned_pixels.shape == source.shape
    # Same seed and inputs, different UNet: the fine-tuned weights reach the TypeScript engine.
    assert np.abs(base_pixels - tuned_pixels).max() > 0
    # The regenerated region is new content, not a copy of the source.
    assert np.abs(tuned_pixels - source).mean() > 1.0
