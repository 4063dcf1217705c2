"""Writes the evidence results as JSON, a Markdown table and a PNG plot."""
from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on CI machines
import matplotlib.pyplot as plt


def _fmt(metric: dict) -> str:
    return f"{metric['mean']:.3f} ± {metric['ci95']:.3f}"


def write_reports(out: Path, meta: dict, results: list[dict]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps({"meta": meta, "arms": results}, indent=2) + "\n", encoding="utf-8")

    lines = [
        "| arm | target accuracy | worst-group accuracy (target) | source accuracy |",
        "|---|---|---|---|",
    ]
    for r in results:
        lines.append(f"| {r['arm']} | {_fmt(r['target_acc'])} | {_fmt(r['worst_group_acc'])} | {_fmt(r['source_acc'])} |")
    lines += [
        "",
        f"Mean ± 95% CI half-width over {meta['seeds']} seeds (Student t). "
        f"Images {meta['image_size']}px, {meta['steps']} steps of batch 32, counts {meta['counts']}.",
        f"Machine: {meta['machine']}. Wall time {meta['seconds']} s.",
        f"Command: `{meta['command']}`" if meta.get("command") else "",
    ]
    (out / "results.md").write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")

    fig, ax = plt.subplots(figsize=(9, 4.8), dpi=110)
    names = [r["arm"] for r in results]
    ys = range(len(results))
    for offset, key, colour, label in ((-0.2, "target_acc", "#1f77b4", "target accuracy"),
                                       (0.2, "worst_group_acc", "#d62728", "worst-group (target)")):
        means = [r[key]["mean"] for r in results]
        cis = [0 if r[key]["ci95"] != r[key]["ci95"] else r[key]["ci95"] for r in results]
        ax.barh([y + offset for y in ys], means, xerr=cis, height=0.38, color=colour, label=label, capsize=3)
    ax.set_yticks(list(ys), names, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.axvline(0.5, color="grey", linewidth=0.8, linestyle=":")
    ax.set_xlabel("accuracy on the target 'hospital' (95% CI over seeds)")
    ax.legend(loc="lower right", fontsize=8)
    ax.set_title("Does MaskMedPaint augmentation break the ruler shortcut?", fontsize=10)
    fig.tight_layout()
    fig.savefig(out / "plot.png")
    plt.close(fig)
