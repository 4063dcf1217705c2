"""The committed tiny Stable Diffusion fixtures (test/fixtures/sd-tiny, used by the TypeScript
diffusion tests) regenerate from scripts/fixtures/make_tiny_sd.py: the script runs into a temporary
folder and its ONNX graphs, I/O signatures and recorded diffusers runs must match what is committed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest
from tolerances import FLOAT16_GRAPH_MULTIPLE, GRAPH_MULTIPLE, ROUNDING_MULTIPLE, assert_close_in_eps

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "test" / "fixtures" / "sd-tiny"
SCRIPT = ROOT / "scripts" / "fixtures" / "make_tiny_sd.py"
PARTS = ("text_encoder", "unet", "vae_encoder", "vae_decoder")
NUMPY_TYPES = {"tensor(float)": np.float32, "tensor(float16)": np.float16, "tensor(int64)": np.int64,
               "tensor(int32)": np.int32}


# None: the kernels PyTorch picks on this CPU (or ATEN_CPU_CAPABILITY as set by the caller); "default": the
# scalar kernels, whose rounding (weights, noise, every layer) differs most from the recorded run's.
@pytest.fixture(scope="module", params=[None, "default"], ids=["native-kernels", "default-kernels"])
def regenerated(tmp_path_factory, request) -> Path:
    out = tmp_path_factory.mktemp("sd-tiny")
    env = dict(os.environ)
    if request.param is not None:
        env["ATEN_CPU_CAPABILITY"] = request.param
    subprocess.run([sys.executable, str(SCRIPT), str(out)], check=True, cwd=ROOT, capture_output=True, env=env)
    return out


def manifest(folder: Path) -> dict:
    return json.loads((folder / "fixtures.json").read_text())


def test_io_signatures_match(regenerated: Path) -> None:
    assert manifest(regenerated)["signatures"] == manifest(COMMITTED)["signatures"]
    # The optimum and legacy names and dtypes the TypeScript layout detection relies on.
    sig = manifest(COMMITTED)["signatures"]
    assert sig["optimum-4ch"]["vae_encoder"]["outputs"][0]["name"] == "latent_parameters"
    assert sig["legacy-9ch"]["vae_encoder"]["outputs"][0]["name"] == "latent_sample"
    assert sig["optimum-4ch"]["unet"]["inputs"][1]["type"] == "INT64"
    assert sig["legacy-9ch"]["unet"]["inputs"][1]["type"] == "FLOAT"
    assert sig["legacy-9ch"]["text_encoder"]["inputs"][0]["type"] == "INT32"
    # Both layouts come with both UNet kinds, in fp32 and fp16 (input channels fixed, dim 1).
    for layout, channels in (("optimum-4ch", 4), ("optimum-9ch", 9), ("legacy-4ch", 4), ("legacy-9ch", 9),
                             ("fp16-legacy-4ch", 4), ("fp16-legacy-9ch", 9), ("fp16-optimum-4ch", 4),
                             ("fp16-optimum-9ch", 9)):
        assert sig[layout]["unet"]["inputs"][0]["dims"][1] == channels, layout
    assert sig["legacy-4ch"]["unet"]["inputs"][1]["type"] == "FLOAT"
    # The scheduler-config folders are optimum-4ch's graphs; the DDIM-saved config has no skip_prk_steps.
    assert sig["optimum-4ch-cosine-dpm"] == sig["optimum-4ch"]
    ddim = json.loads((COMMITTED / "optimum-4ch-ddim-offset0" / "scheduler" / "scheduler_config.json").read_text())
    assert ddim["steps_offset"] == 0 and "skip_prk_steps" not in ddim


@pytest.mark.parametrize("layout", ["fp16-legacy-4ch", "fp16-legacy-9ch", "fp16-optimum-4ch", "fp16-optimum-9ch"])
def test_fp16_signatures(layout: str) -> None:
    """Every float input and output of the fp16 folders is FLOAT16; integers keep the exporter's type:
    the older script's int32 ids and float16 scalar timestep, optimum's int64 ids and int64 [steps]."""
    sig = manifest(COMMITTED)["signatures"][layout]
    optimum = layout.startswith("fp16-optimum")
    for part in PARTS:
        for value in sig[part]["inputs"] + sig[part]["outputs"]:
            if value["name"] not in ("input_ids", "timestep"):
                assert value["type"] == "FLOAT16", (layout, part, value)
    assert sig["text_encoder"]["inputs"][0]["type"] == ("INT64" if optimum else "INT32")
    timestep = {"name": "timestep", "type": "INT64", "dims": ["steps"]} if optimum else \
        {"name": "timestep", "type": "FLOAT16", "dims": []}
    assert sig["unet"]["inputs"][1] == timestep
    assert sig["vae_encoder"]["outputs"][0]["name"] == ("latent_parameters" if optimum else "latent_sample")


def feeds_for(session: ort.InferenceSession, rng: np.random.Generator) -> dict:
    feeds = {}
    for value in session.get_inputs():
        dims = [d if isinstance(d, int) else {"batch": 2, "sequence": 77, "steps": 2}.get(d, 8) for d in value.shape]
        if value.name == "sample" and len(dims) == 4 and dims[1] == 3:
            dims[2] = dims[3] = 64
        dtype = NUMPY_TYPES[value.type]
        if np.issubdtype(dtype, np.integer):
            feeds[value.name] = rng.integers(0, 500, size=dims).astype(dtype)
        else:
            feeds[value.name] = rng.standard_normal(dims).astype(dtype)
    return feeds


@pytest.mark.parametrize("layout", ["optimum-4ch", "optimum-9ch", "legacy-4ch", "legacy-9ch", "fp16-legacy-4ch",
                                    "fp16-legacy-9ch", "fp16-optimum-4ch", "fp16-optimum-9ch",
                                    "optimum-4ch-external", "bench-unet-shaped", "optimum-geometry",
                                    "optimum-4ch-cosine-dpm", "optimum-4ch-ddim-offset0"])
def test_committed_graphs_compute_what_the_script_builds(regenerated: Path, layout: str) -> None:
    for part in PARTS:
        committed = ort.InferenceSession(str(COMMITTED / layout / part / "model.onnx"))
        fresh = ort.InferenceSession(str(regenerated / layout / part / "model.onnx"))
        feeds = feeds_for(committed, np.random.default_rng(0))
        outputs = zip(committed.get_outputs(), committed.run(None, feeds), fresh.run(None, feeds), strict=True)
        for output, a, b in outputs:
            # The weights are drawn again by the script, so they may differ by rounding too (tolerances.py).
            multiple = FLOAT16_GRAPH_MULTIPLE if a.dtype == np.float16 else GRAPH_MULTIPLE
            assert_close_in_eps(b, a, multiple, f"{layout}/{part}.{output.name}")


def test_recorded_runs_match(regenerated: Path) -> None:
    committed_runs = {r["id"]: r for r in manifest(COMMITTED)["runs"]}
    fresh_runs = {r["id"]: r for r in manifest(regenerated)["runs"]}
    assert committed_runs.keys() == fresh_runs.keys()
    for run_id, run in committed_runs.items():
        assert fresh_runs[run_id] == run, run_id
        folder_a, folder_b = COMMITTED / "runs" / run_id, regenerated / "runs" / run_id
        # torch.randn's Box-Muller is vectorised differently per kernel set: the noise itself may round apart.
        for name in ("noise.f32", "latents.f32"):
            assert_close_in_eps(np.fromfile(folder_b / name, "<f4"), np.fromfile(folder_a / name, "<f4"),
                                ROUNDING_MULTIPLE, f"{run_id}/{name}")
        image_a = np.fromfile(folder_a / "image.u8", np.uint8).astype(int)
        image_b = np.fromfile(folder_b / "image.u8", np.uint8).astype(int)
        assert np.abs(image_a - image_b).max() <= 1, run_id


def test_inputs_and_tokenizer_match(regenerated: Path) -> None:
    for relative in ("inputs/image.u8", "inputs/mask.u8", "optimum-4ch/tokenizer/vocab.json",
                     "optimum-4ch/tokenizer/merges.txt", "optimum-4ch/scheduler/scheduler_config.json",
                     "optimum-4ch-cosine-dpm/scheduler/scheduler_config.json",
                     "optimum-4ch-ddim-offset0/scheduler/scheduler_config.json"):
        assert (COMMITTED / relative).read_bytes() == (regenerated / relative).read_bytes(), relative
