"""The committed scheduler, Gaussian-generator and tokenizer fixtures (used by the TypeScript unit tests)
regenerate from diffusers / transformers / open-clip-torch's CLIP vocabulary: each reference script runs
into a temporary folder and its output must equal what is committed."""

from __future__ import annotations

import base64
import gzip
import json
import subprocess
import sys
from pathlib import Path

import numpy as np

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


def regenerate(script: str, out: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "fixtures" / script), "--out", str(out)],
        check=True,
        cwd=ROOT,
    )


def assert_same(committed: object, fresh: object, where: str) -> None:
    """Equal structure and values; float32 tensors within 1e-6 (torch kernels may differ by an ulp between CPUs)."""
    if isinstance(committed, dict):
        assert isinstance(fresh, dict) and committed.keys() == fresh.keys(), where
        for key in committed:
            if key in TENSOR_KEYS and isinstance(committed[key], str):
                a = np.frombuffer(base64.b64decode(committed[key]), dtype="<f4")
                b = np.frombuffer(base64.b64decode(fresh[key]), dtype="<f4")
                assert a.shape == b.shape, f"{where}.{key}"
                np.testing.assert_allclose(b, a, rtol=0, atol=1e-6, err_msg=f"{where}.{key}")
            else:
                assert_same(committed[key], fresh[key], f"{where}.{key}")
    elif isinstance(committed, list):
        assert isinstance(fresh, list) and len(committed) == len(fresh), where
        for index, (a, b) in enumerate(zip(committed, fresh)):
            assert_same(a, b, f"{where}[{index}]")
    else:
        assert committed == fresh, f"{where}: committed {committed!r}, regenerated {fresh!r}"


def test_scheduler_and_generator_fixtures_regenerate_from_diffusers(tmp_path: Path) -> None:
    regenerate("scheduler_reference.py", tmp_path)
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
