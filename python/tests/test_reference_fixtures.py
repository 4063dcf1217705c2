"""The committed scheduler, Gaussian-generator and tokenizer fixtures (used by the TypeScript unit tests)
regenerate from diffusers / transformers / OpenAI CLIP's vocabulary (the openai-clip package): each reference script runs
into a temporary folder and its output must equal what is committed."""

from __future__ import annotations

import base64
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from tolerances import ROUNDING_MULTIPLE, assert_close_in_eps

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "test" / "fixtures"
TENSOR_KEYS = {
    "alphasCumprod",
    "imageLatents",
    "noise",
    "initialSample",
    "modelOutput",
    "prevSample",
    "scaledInput",
    "stepNoise",
    "addNoiseNext",
    "values",
}
# The seeded Gaussian generator's golden draws (float64 Python arithmetic, no PyTorch kernels): the
# TypeScript generator must reproduce them bit for bit, so they must regenerate bit for bit too.
EXACT_KEYS = {"values"}


# None: the kernels PyTorch picks on this CPU (or ATEN_CPU_CAPABILITY as set by the caller); "default": the
# scalar kernels, whose rounding differs most from the vectorised ones the fixtures were recorded with.
KERNEL_SETS = [None, "default"]


def regenerate(script: str, out: Path, kernels: str | None = None) -> None:
    env = dict(os.environ)
    if kernels is not None:
        env["ATEN_CPU_CAPABILITY"] = kernels
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "fixtures" / script), "--out", str(out)],
        check=True,
        cwd=ROOT,
        env=env,
    )


def tensor(encoded: str) -> np.ndarray:
    return np.frombuffer(base64.b64decode(encoded), dtype="<f4")


def assert_same(committed: object, fresh: object, where: str, model_input_scale: float = 0.0) -> None:
    """Equal structure and values; float32 tensors within rounding of float32 (tolerances.py): PyTorch's
    kernels differ between CPUs by a few float32 eps of the tensor's magnitude. A record's model output
    is bounded by its input's magnitude too (``model_input_scale``, see assert_records_same)."""
    if isinstance(committed, dict):
        assert isinstance(fresh, dict) and committed.keys() == fresh.keys(), where
        for key in committed:
            if key in TENSOR_KEYS and isinstance(committed[key], str):
                a = tensor(committed[key])
                b = tensor(fresh[key])
                if key in EXACT_KEYS:
                    np.testing.assert_array_equal(b, a, err_msg=f"{where}.{key}")
                else:
                    at_least = model_input_scale if key == "modelOutput" else 0.0
                    assert_close_in_eps(b, a, ROUNDING_MULTIPLE, f"{where}.{key}", at_least)
            elif key == "records" and "initialSample" in committed and isinstance(fresh, dict):
                assert_records_same(committed, fresh, where)
            else:
                assert_same(committed[key], fresh[key], f"{where}.{key}")
    elif isinstance(committed, list):
        assert isinstance(fresh, list) and len(committed) == len(fresh), where
        for index, (a, b) in enumerate(zip(committed, fresh, strict=True)):
            assert_same(a, b, f"{where}[{index}]")
    else:
        assert committed == fresh, f"{where}: committed {committed!r}, regenerated {fresh!r}"


def assert_records_same(committed_run: dict, fresh_run: dict, where: str) -> None:
    """A run's step records. Each step's model output is the reference script's fake model of the step's
    input (0.6 tanh(x) + a pattern): it carries the input's rounding, which is relative to the input's
    magnitude (thousands late in some runs), not to the output's (at most 1). So a model output is
    bounded relative to the larger of the two; found on an AMD EPYC, where a step whose input reached
    5,600 differed by 43 eps of the output's magnitude (0.008 eps of the input's)."""
    records, fresh = committed_run["records"], fresh_run["records"]
    assert isinstance(fresh, list) and len(records) == len(fresh), f"{where}.records"
    sample = tensor(committed_run["initialSample"])
    for index, (a, b) in enumerate(zip(records, fresh, strict=True)):
        model_input = tensor(a["scaledInput"]) if "scaledInput" in a else sample
        input_scale = float(np.max(np.abs(model_input.astype(np.float64)))) if model_input.size else 0.0
        assert_same(a, b, f"{where}.records[{index}]", input_scale)
        sample = tensor(a["prevSample"])


@pytest.mark.parametrize("kernels", KERNEL_SETS, ids=["native-kernels", "default-kernels"])
def test_scheduler_and_generator_fixtures_regenerate_from_diffusers(tmp_path: Path, kernels: str | None) -> None:
    regenerate("scheduler_reference.py", tmp_path, kernels)
    committed = sorted(p.name for p in (FIXTURES / "schedulers").glob("*.json"))
    assert committed == sorted(p.name for p in tmp_path.glob("*.json"))
    assert len(committed) >= 6
    for name in committed:
        assert_same(
            json.loads((FIXTURES / "schedulers" / name).read_text(encoding="utf-8")),
            json.loads((tmp_path / name).read_text(encoding="utf-8")),
            name,
        )


def test_tokenizer_fixtures_regenerate_from_transformers(tmp_path: Path) -> None:
    regenerate("tokenizer_reference.py", tmp_path)
    for name in ["vocab.json.gz", "merges.txt.gz"]:
        committed = gzip.decompress((FIXTURES / "tokenizer" / "clip-vocab" / name).read_bytes())
        fresh = gzip.decompress((tmp_path / "clip-vocab" / name).read_bytes())
        assert committed == fresh, name
    vocab = json.loads(gzip.decompress((tmp_path / "clip-vocab" / "vocab.json.gz").read_bytes()))
    assert len(vocab) == 49408 and vocab["<|endoftext|>"] == 49407
    for name in ["corpus.json", "expected_ids.json"]:
        assert_same(
            json.loads((FIXTURES / "tokenizer" / name).read_text(encoding="utf-8")),
            json.loads((tmp_path / name).read_text(encoding="utf-8")),
            name,
        )
