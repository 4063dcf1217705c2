"""ONNX export of a tiny SD pipeline: folder layout, onnxruntime vs PyTorch, metadata, external data."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import torch
from diffusers import UNet2DConditionModel
from helpers import run_cli

LAYOUT = [
    "model_index.json",
    "scheduler/scheduler_config.json",
    "tokenizer/vocab.json",
    "tokenizer/merges.txt",
    "text_encoder/model.onnx",
    "unet/model.onnx",
    "vae_encoder/model.onnx",
    "vae_decoder/model.onnx",
    "maskmedpaint_model.json",
]


def test_export_swapped_unet_matches_pytorch(tmp_path, capsys, tiny_base, trained_run):
    out = tmp_path / "onnx"
    checkpoint = trained_run / "checkpoints" / "checkpoint-000001"
    code, events = run_cli(capsys, "export", "--model", str(tiny_base), "--unet", str(checkpoint), "--output", str(out))
    assert code == 0, events
    for relative in LAYOUT:
        assert (out / relative).is_file(), relative
    verified = {e["component"]: e for e in events if e["type"] == "verified"}
    assert set(verified) == {"text_encoder", "unet", "vae_encoder", "vae_decoder"}
    assert verified["unet"]["maxAbsDiff"] < 1e-3

    # Independently of the exporter's own check: the graph computes the *fine-tuned* UNet.
    unet = UNet2DConditionModel.from_pretrained(checkpoint / "unet").eval()
    session = ort.InferenceSession(str(out / "unet" / "model.onnx"), providers=["CPUExecutionProvider"])
    names = {i.name: i.type for i in session.get_inputs()}
    assert names == {"sample": "tensor(float)", "timestep": "tensor(float)", "encoder_hidden_states": "tensor(float)"}
    assert [o.name for o in session.get_outputs()] == ["out_sample"]
    rng = np.random.default_rng(5)
    sample = rng.standard_normal((2, 4, 8, 8)).astype(np.float32)
    timestep = np.array([500.0, 20.0], dtype=np.float32)
    hidden = rng.standard_normal((2, 77, 32)).astype(np.float32)
    (onnx_out,) = session.run(["out_sample"], {"sample": sample, "timestep": timestep, "encoder_hidden_states": hidden})
    with torch.no_grad():
        torch_out = unet(torch.from_numpy(sample), torch.from_numpy(timestep), torch.from_numpy(hidden)).sample.numpy()
    assert np.max(np.abs(onnx_out - torch_out)) < 1e-3
    base_unet = UNet2DConditionModel.from_pretrained(tiny_base / "unet").eval()
    with torch.no_grad():
        base_out = base_unet(torch.from_numpy(sample), torch.from_numpy(timestep), torch.from_numpy(hidden)).sample.numpy()
    assert np.max(np.abs(onnx_out - base_out)) > 1e-3

    metadata = json.loads((out / "maskmedpaint_model.json").read_text())
    assert metadata["dtype"] == "fp32" and metadata["baseModel"] == str(tiny_base)
    assert metadata["trainingSettings"]["stage"] == "target-dreambooth"
    unet_file = metadata["files"]["unet/model.onnx"]
    assert unet_file["sha256"] == hashlib.sha256((out / "unet/model.onnx").read_bytes()).hexdigest()
    scheduler = json.loads((out / "scheduler/scheduler_config.json").read_text())
    assert scheduler["_class_name"] == "PNDMScheduler" and scheduler["skip_prk_steps"] is True
    encoder = ort.InferenceSession(str(out / "vae_encoder" / "model.onnx"), providers=["CPUExecutionProvider"])
    (params,) = encoder.run(None, {"sample": np.zeros((1, 3, 64, 64), np.float32)})
    assert params.shape == (1, 8, 8, 8)


def test_export_external_data_and_refuses_overwrite(tmp_path, capsys, trained_run):
    out = tmp_path / "onnx"
    final = trained_run / "final"
    code, events = run_cli(capsys, "export", "--model", str(final), "--output", str(out), "--external-data", "always")
    assert code == 0, events
    assert (out / "unet" / "model.onnx_data").is_file()
    graph = onnx.load(str(out / "unet" / "model.onnx"), load_external_data=False).graph
    external = [t for t in graph.initializer if t.data_location == onnx.TensorProto.EXTERNAL]
    assert external and all({e.key: e.value for e in t.external_data}["location"] == "model.onnx_data" for t in external)
    assert all(e["ok"] for e in events if e["type"] == "verified")
    metadata = json.loads((out / "maskmedpaint_model.json").read_text())
    assert "unet/model.onnx_data" in metadata["files"]
    code, events = run_cli(capsys, "export", "--model", str(final), "--output", str(out))
    assert code == 1 and "--overwrite" in events[-1]["message"]


def test_export_fp16(tmp_path, capsys, tiny_base):
    out = tmp_path / "onnx16"
    code, events = run_cli(capsys, "export", "--model", str(tiny_base), "--output", str(out), "--dtype", "fp16")
    assert code == 0, events
    reference = tmp_path / "onnx32"
    assert run_cli(capsys, "export", "--model", str(tiny_base), "--output", str(reference), "--no-verify")[0] == 0
    graph = onnx.load(str(out / "unet" / "model.onnx")).graph
    big = [t for t in graph.initializer if len(t.dims) and int(np.prod(t.dims)) > 16]
    assert big and all(t.data_type == onnx.TensorProto.FLOAT16 for t in big)
    weight_bytes = lambda g: sum(t.ByteSize() for t in g.initializer)  # noqa: E731
    assert weight_bytes(graph) < 0.6 * weight_bytes(onnx.load(str(reference / "unet" / "model.onnx")).graph)
    session = ort.InferenceSession(str(out / "unet" / "model.onnx"), providers=["CPUExecutionProvider"])
    assert {i.name: i.type for i in session.get_inputs()}["sample"] == "tensor(float)"
    verified = [e for e in events if e["type"] == "verified"]
    assert len(verified) == 4 and all(e["ok"] and e["maxAbsDiff"] < 5e-2 for e in verified)


def _text_encoder_output(session_path: Path, ids: np.ndarray) -> np.ndarray:
    session = ort.InferenceSession(str(session_path), providers=["CPUExecutionProvider"])
    return session.run(["last_hidden_state"], {"input_ids": ids})[0]


def test_export_holds_the_text_encoder_select_scored(tmp_path, capsys, tiny_base, trained_run):
    """Stage 2 trains the text encoder; export takes the checkpoint's (what select scored) unless told
    --text-encoder base, which it then says it leaves out."""
    from transformers import CLIPTextModel

    checkpoint = trained_run / "checkpoints" / "checkpoint-000001"
    ids = np.arange(77, dtype=np.int64)[None, :] % 100
    with torch.no_grad():
        trained = CLIPTextModel.from_pretrained(checkpoint / "text_encoder")(torch.from_numpy(ids))[0].numpy()
        base = CLIPTextModel.from_pretrained(tiny_base / "text_encoder")(torch.from_numpy(ids))[0].numpy()
    assert np.abs(trained - base).max() > 1e-3, "the fixture's text encoder was trained"
    for choice, expected in (("checkpoint", trained), ("base", base)):
        out = tmp_path / choice
        code, events = run_cli(
            capsys, "export", "--model", str(tiny_base), "--unet", str(checkpoint), "--output", str(out),
            "--no-verify", "--text-encoder", choice,
        )  # fmt: skip
        assert code == 0, events
        assert np.abs(_text_encoder_output(out / "text_encoder" / "model.onnx", ids) - expected).max() < 1e-4, choice
        assert json.loads((out / "maskmedpaint_model.json").read_text())["textEncoder"] == choice
    from maskmedpaint.cli import main

    again = ["export", "--model", str(tiny_base), "--unet", str(checkpoint), "--output", str(tmp_path / "again"), "--no-verify"]
    assert main([*again, "--text-encoder", "base"]) == 0
    assert "trained text encoder that this export leaves out" in capsys.readouterr().err


def _input_types(path: Path) -> dict[str, str]:
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return {value.name: value.type for value in [*session.get_inputs(), *session.get_outputs()]}


def test_export_fp16_compute_keeps_the_vae_in_float32(tmp_path, capsys, tiny_base):
    out = tmp_path / "onnx16c"
    code, events = run_cli(capsys, "export", "--model", str(tiny_base), "--output", str(out), "--dtype", "fp16-compute")
    assert code == 0, events
    unet = _input_types(out / "unet" / "model.onnx")
    assert unet["sample"] == unet["timestep"] == unet["encoder_hidden_states"] == unet["out_sample"] == "tensor(float16)"
    assert _input_types(out / "text_encoder" / "model.onnx")["last_hidden_state"] == "tensor(float16)"
    assert set(_input_types(out / "vae_decoder" / "model.onnx").values()) == {"tensor(float)"}
    graph = onnx.load(str(out / "unet" / "model.onnx")).graph
    assert not [t for t in graph.initializer if t.data_type == onnx.TensorProto.FLOAT and int(np.prod(t.dims)) > 16]
    # Run by ONNX Runtime's CPU provider and compared with PyTorch in float32 (the float16 bound).
    verified = {e["component"]: e for e in events if e["type"] == "verified"}
    assert all(e["ok"] for e in verified.values())
    assert verified["unet"]["tolerance"] == 5e-2 and verified["vae_decoder"]["tolerance"] == 1e-3
    metadata = json.loads((out / "maskmedpaint_model.json").read_text())
    assert metadata["compute"] == {"text_encoder": "float16", "unet": "float16", "vae_encoder": "float32", "vae_decoder": "float32"}


def test_export_with_the_stable_diffusion_graph_optimizer(tmp_path, capsys, tiny_base):
    cpu = tmp_path / "cpu"
    code, events = run_cli(capsys, "export", "--model", str(tiny_base), "--output", str(cpu), "--optimize", "cpu")
    assert code == 0, events
    verified = [e for e in events if e["type"] == "verified"]
    assert len(verified) == 4 and all(e["ok"] and e["maxAbsDiff"] < 1e-3 for e in verified)
    graphs = json.loads((cpu / "maskmedpaint_model.json").read_text())["optimized"]["graphs"]
    assert graphs["text_encoder"]["operators"].get("SkipLayerNormalization", 0) > 0
    assert "GroupNorm" not in graphs["unet"]["operators"], "no CUDA-only kernel in a CPU export"

    from maskmedpaint.cli import main

    gpu = tmp_path / "gpu"
    assert main(["export", "--model", str(tiny_base), "--output", str(gpu), "--optimize", "gpu"]) == 0
    captured = capsys.readouterr()
    assert '"type":"verified"' not in captured.out, "not verifiable on the CPU provider"
    assert "verify this export on a GPU" in captured.err
    graphs = json.loads((gpu / "maskmedpaint_model.json").read_text())["optimized"]["graphs"]
    assert graphs["unet"]["operators"].get("GroupNorm", 0) > 0
