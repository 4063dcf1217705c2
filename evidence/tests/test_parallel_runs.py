"""The evidence experiment's training runs give the same numbers in parallel processes as one by one."""
from __future__ import annotations

import multiprocessing
import sys
from pathlib import Path

import numpy as np
import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import run_experiment
from classifier import TrainSettings
from data import Split


def _split(count: int, seed: int) -> Split:
    rng = np.random.default_rng(seed)
    labels = rng.integers(0, 2, count)
    images = torch.from_numpy(rng.random((count, 3, 16, 16), dtype=np.float32)) + torch.from_numpy(
        labels.astype(np.float32)
    ).view(-1, 1, 1, 1)
    return Split(images / 2, labels, rng.integers(0, 2, count), [f"{i}.png" for i in range(count)])


def test_parallel_runs_equal_sequential_runs():
    train = _split(24, 1)
    x, y = train.images, run_experiment.one_hot(train.labels)
    run_experiment._ARMS = [("a", None, lambda seed: (x, y)), ("b", None, lambda seed: (x[:12], y[:12]))]
    run_experiment._TRAINING = (TrainSettings(steps=3, batch_size=8), _split(10, 2), _split(10, 3))
    runs = [(arm, seed) for arm in range(2) for seed in range(2)]
    sequential = [run_experiment._train_and_evaluate(run) for run in runs]
    with multiprocessing.get_context("fork").Pool(2, initializer=torch.set_num_threads, initargs=(1,)) as pool:
        parallel = pool.map(run_experiment._train_and_evaluate, runs, chunksize=1)
    assert parallel == sequential
    assert [r["train_images"] for r in sequential] == [24, 24, 12, 12]
