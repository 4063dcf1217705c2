"""Trains the small classifier under each arm of the evidence experiment and reports
target accuracy, source accuracy and worst-group accuracy with 95% confidence intervals.

Arms (issue 7): (a) source only; (b) source + MaskMedPaint composite augmentations built from
N unlabeled target images; (c) source + the same number of classically augmented images;
(d) source + N labeled target images (an upper reference).

Usage: python evidence/run_experiment.py --data WORK/data --aug-root WORK/aug --out RESULTS
       [--seeds 5] [--pool-sizes 10 50 100] [--steps 400] [--size 64]
"""
from __future__ import annotations

import argparse
import json
import multiprocessing
import platform
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import torch
from classical import classical_augment
from classifier import TrainSettings, predict, train
from data import CLASSES, Split, load_augmented, load_split, read_metadata
from report import write_reports
from stats import accuracy, mean_ci95, worst_group_accuracy


def one_hot(labels: np.ndarray) -> torch.Tensor:
    return torch.nn.functional.one_hot(torch.from_numpy(labels), len(CLASSES)).float()


def evaluate(model, target_test: Split, source_test: Split) -> dict[str, float]:
    target_pred = predict(model, target_test.images)
    source_pred = predict(model, source_test.images)
    return {
        "target_acc": accuracy(target_pred, target_test.labels),
        "source_acc": accuracy(source_pred, source_test.labels),
        "worst_group_acc": worst_group_accuracy(target_pred, target_test.labels, target_test.groups()),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--aug-root", type=Path, required=True, help="folder with one augment output per pool size: n<N>/")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--pool-sizes", type=int, nargs="+", default=[10, 50, 100])
    parser.add_argument("--steps", type=int, default=400, help="optimisation steps per training run")
    parser.add_argument("--size", type=int, default=64)
    parser.add_argument("--threads", type=int, default=1,
                        help="torch threads; 1 is fastest for this tiny CNN (more threads mostly contend)")
    parser.add_argument("--jobs", type=int, default=2,
                        help="training runs in parallel processes (one thread each); results do not depend on it")
    parser.add_argument("--diffusion-pool-size", type=int,
                        help="add the tiny-diffusion arm from AUG_ROOT/diffusion-n<N>/ (evidence/diffusion_arm/run.sh)")
    parser.add_argument("--command", default="", help="the command line to record in the results")
    args = parser.parse_args()

    torch.set_num_threads(args.threads)
    started = time.time()
    rows = read_metadata(args.data)
    source_train = load_split(args.data, rows, "source_train", args.size)
    source_test = load_split(args.data, rows, "source_test", args.size)
    target_test = load_split(args.data, rows, "target_test", args.size)
    target_pool = load_split(args.data, rows, "target_pool", args.size)
    settings = TrainSettings(steps=args.steps)

    arms: list[tuple[str, int | None, Callable[[int], tuple[torch.Tensor, torch.Tensor]]]] = []
    base_x, base_y = source_train.images, one_hot(source_train.labels)

    def with_extra(x: torch.Tensor, y: torch.Tensor) -> Callable[[int], tuple[torch.Tensor, torch.Tensor]]:
        """An arm that trains on the source images plus ``x`` (labels ``y``, one-hot), whatever the seed."""
        return lambda _seed: (torch.cat([base_x, x]), torch.cat([base_y, y]))

    arms.append(("source only", None, lambda seed: (base_x, base_y)))
    augmented = {n: load_augmented(args.aug_root / f"n{n}", args.size) for n in args.pool_sizes}
    for n in args.pool_sizes:
        aug_x, aug_y = augmented[n]
        arms.append((f"+ MaskMedPaint (composite), N={n}", n, with_extra(aug_x, one_hot(aug_y))))
    diffusion_meta = _add_diffusion_arm(arms, args, base_x, base_y)
    extra = augmented[max(args.pool_sizes)][0].shape[0]
    arms.append((f"+ classical (flip, jitter, CutMix), {extra} images", None,
                 lambda seed: _with_classical(source_train, base_x, base_y, extra, seed)))
    for n in args.pool_sizes:
        labeled = target_pool.take(n)
        arms.append((f"+ {n} labeled target images (reference)", n, with_extra(labeled.images, one_hot(labeled.labels))))

    # Every (arm, seed) run is seeded and single-threaded, so running them in parallel processes
    # (forked: they share the loaded data) gives the same numbers as running them one by one.
    global _ARMS, _TRAINING
    _ARMS, _TRAINING = arms, (settings, target_test, source_test)
    runs = [(arm, seed) for arm in range(len(arms)) for seed in range(args.seeds)]
    if args.jobs > 1:
        with multiprocessing.get_context("fork").Pool(args.jobs, initializer=torch.set_num_threads,
                                                      initargs=(args.threads,)) as pool:
            outcomes = pool.map(_train_and_evaluate, runs, chunksize=1)
    else:
        outcomes = [_train_and_evaluate(run) for run in runs]
    results = []
    for index, (name, n, _make) in enumerate(arms):
        per_seed = [o for (arm, _seed), o in zip(runs, outcomes, strict=True) if arm == index]
        summary = {k: dict(zip(("mean", "ci95"), mean_ci95([s[k] for s in per_seed]), strict=True))
                   for k in ("target_acc", "source_acc", "worst_group_acc")}
        results.append({"arm": name, "n": n, "per_seed": per_seed, **summary})
        print(json.dumps({"arm": name, "target_acc": summary["target_acc"], "seconds": round(time.time() - started, 1)}),
              flush=True)

    meta = {
        "command": args.command,
        "machine": f"{platform.machine()}, {platform.processor() or 'cpu'}, torch {torch.__version__}, "
                   f"{torch.get_num_threads()} threads, python {platform.python_version()}",
        "seeds": args.seeds, "steps": args.steps, "image_size": args.size, "jobs": args.jobs,
        "counts": {"source_train": int(source_train.labels.size), "source_test": int(source_test.labels.size),
                   "target_test": int(target_test.labels.size), "target_pool": int(target_pool.labels.size)},
        "seconds": round(time.time() - started, 1),
    }
    if diffusion_meta is not None:
        meta["diffusion_arm"] = diffusion_meta
    write_reports(args.out, meta, results)


_ARMS: list = []
_TRAINING: tuple = ()


def _train_and_evaluate(run: tuple[int, int]) -> dict:
    """One training run: arm index and seed; the arms and test sets are module state set before forking."""
    arm, seed = run
    settings, target_test, source_test = _TRAINING
    x, y = _ARMS[arm][2](seed)
    model = train(x, y, seed, settings)
    return {"seed": seed, "train_images": int(x.shape[0]), **evaluate(model, target_test, source_test)}


def _add_diffusion_arm(arms: list, args: argparse.Namespace, base_x, base_y) -> dict | None:
    """The full method (issue 15): augmentations from a tiny SD fine-tuned on CPU in two stages (source, then target pool).
    Returns its settings (written by evidence/diffusion_arm/run.sh) for the results' meta."""
    n = args.diffusion_pool_size
    if n is None:
        return None
    folder = args.aug_root / f"diffusion-n{n}"
    if not (folder / "augmented.csv").is_file():
        raise SystemExit(f"--diffusion-pool-size {n}: {folder}/augmented.csv not found (run evidence/diffusion_arm/run.sh)")
    aug_x, aug_y = load_augmented(folder, args.size)
    arms.append((f"+ MaskMedPaint (full method: 2-stage fine-tuned tiny diffusion), N={n}", n,
                 lambda seed: (torch.cat([base_x, aug_x]), torch.cat([base_y, one_hot(aug_y)]))))
    settings = args.aug_root / f"diffusion-n{n}.json"
    return json.loads(settings.read_text(encoding="utf-8")) if settings.is_file() else {"pool_size": n}


def _with_classical(source: Split, base_x, base_y, count: int, seed: int):
    x, y = classical_augment(source.images, source.labels, count, seed=1000 + seed)
    return torch.cat([base_x, x]), torch.cat([base_y, y])


if __name__ == "__main__":
    main()
