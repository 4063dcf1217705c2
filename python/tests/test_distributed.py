"""Several processes through the launcher protocol accelerate uses (``accelerate launch --multi_gpu``
starts torch's elastic launcher, which sets RANK/WORLD_SIZE): two CPU processes over gloo train
exactly what one process does with twice the gradient accumulation."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import torch
from diffusers import UNet2DConditionModel
from helpers import train_args

SRC = Path(__file__).resolve().parents[1] / "src"


def _run(args: list[str], launcher: list[str]) -> list[dict]:
    env = {**os.environ, "PYTHONPATH": f"{SRC}{os.pathsep}{os.environ.get('PYTHONPATH', '')}", "OMP_NUM_THREADS": "1"}
    done = subprocess.run([*launcher, "-m", "maskmedpaint.cli", *args], capture_output=True, text=True, env=env, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def test_two_processes_train_what_one_process_does_with_their_micro_batches(tmp_path, tiny_base, target_images):
    common = ("target-dreambooth", str(tiny_base), str(target_images))
    two = tmp_path / "two"
    launcher = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", "2", "--master_port", "29517"]
    events = _run(train_args(*common, str(two), 2, "--device", "cpu", "--num-workers", "0"), launcher)
    assert events[0]["processes"] == 2
    assert [e["step"] for e in events if e["type"] == "step"] == [1, 2], "only the main process reports"
    one = tmp_path / "one"
    single = train_args(*common, str(one), 2, "--device", "cpu", "--num-workers", "0")
    single[single.index("--gradient-accumulation") + 1] = "4"  # 2 processes x 2 micro-batches each
    assert _run(single, [sys.executable])[0]["processes"] == 1
    a = UNet2DConditionModel.from_pretrained(two / "final" / "unet").state_dict()
    b = UNet2DConditionModel.from_pretrained(one / "final" / "unet").state_dict()
    # Same images, noise and timesteps per micro-batch; only the order of the gradient sums differs. Adam
    # divides each gradient by its own running magnitude, so for a weight whose gradient is near zero
    # that summation-order rounding can move the update by a visible share of the learning rate
    # (1e-3, helpers.train_args): measured 2.6e-5 after two steps on an AMD EPYC, under 1e-5 on an
    # Intel Xeon. Two processes training other micro-batches than one process would move weights by
    # about the learning rate itself.
    learning_rate = 1e-3
    assert max(float((a[k] - b[k]).abs().max()) for k in a) < 0.1 * learning_rate
    assert not torch.equal(a["conv_in.weight"], UNet2DConditionModel.from_pretrained(tiny_base / "unet").state_dict()["conv_in.weight"])
