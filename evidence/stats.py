"""Accuracy metrics and confidence intervals for the evidence experiment."""
from __future__ import annotations

import math

import numpy as np

# Two-sided 95% Student-t quantiles t(0.975, df) for small numbers of seeds; a fixed table keeps the
# experiment free of a SciPy dependency.
_T975 = {1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
         10: 2.228, 15: 2.131, 20: 2.086, 30: 2.042}


def t_quantile(df: int) -> float:
    if df <= 0:
        return float("nan")
    if df in _T975:
        return _T975[df]
    larger = [k for k in _T975 if k > df]
    return _T975[min(larger)] if larger else 1.96


def mean_ci95(values: list[float]) -> tuple[float, float]:
    """Mean and half-width of the 95% confidence interval over seeds (Student t)."""
    arr = np.asarray(values, dtype=np.float64)
    if arr.size < 2:
        return float(arr.mean()) if arr.size else float("nan"), float("nan")
    half = t_quantile(arr.size - 1) * arr.std(ddof=1) / math.sqrt(arr.size)
    return float(arr.mean()), float(half)


def accuracy(pred: np.ndarray, label: np.ndarray) -> float:
    return float((pred == label).mean())


def worst_group_accuracy(pred: np.ndarray, label: np.ndarray, group: np.ndarray) -> float:
    """Lowest accuracy over groups (class x artifact present), ignoring empty groups."""
    accs = [accuracy(pred[group == g], label[group == g]) for g in np.unique(group)]
    return float(min(accs))
