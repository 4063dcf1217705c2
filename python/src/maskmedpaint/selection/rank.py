"""Score each checkpoint of a run: generate samples with its weights, ask the domain classifier how
target-like they look (mean probability), and rank. The authors chose checkpoints this way.

A checkpoint is scored as the model ``export`` makes of it: both put its weights into the base
pipeline with the same function (``swap_in_checkpoint``) and the same ``--text-encoder`` choice,
recorded in ranking.json.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import torch

from ..errors import UserFacingError
from ..progress import ProgressReporter, log
from ..train.checkpoints import list_checkpoints, swap_in_checkpoint
from ..train.components import load_components
from ..train.config import TrainConfig
from ..train.images import discover_images
from ..train.loop import SETTINGS_FILE
from ..train.runtime import pick_runtime
from .classifier import load_images, train_domain_classifier


@dataclass
class SelectOptions:
    run: Path
    source: Path
    target: Path
    output: Path | None = None
    base_model: str | None = None
    prompt: str | None = None
    samples: int = 8
    steps: int = 30
    guidance: float = 7.5
    resolution: int | None = None
    seed: int = 0
    classifier_size: int = 64
    classifier_epochs: int = 30
    device: str = "auto"
    text_encoder: str = "checkpoint"


def rank_checkpoints(options: SelectOptions, reporter: ProgressReporter) -> list[dict[str, Any]]:
    """Write ``ranking.json``/``ranking.csv`` and the samples under the output folder; returns the ranking."""
    settings = _run_settings(options.run)
    base_model = options.base_model or settings.get("base_model")
    # The run's caption without a label: stage 2's instance prompt (the target domain's tokens).
    prompt = options.prompt or (TrainConfig.from_json(settings).caption_for(None) if settings else "")
    resolution = options.resolution or int(settings.get("resolution", 512))
    if not base_model or not prompt:
        raise UserFacingError(f"{options.run} has no {SETTINGS_FILE}; pass --base-model and --prompt")
    checkpoints = list_checkpoints(options.run)
    if not checkpoints:
        raise UserFacingError(f"No checkpoints in {options.run / 'checkpoints'}: train with maskmedpaint-train first")
    output = options.output or options.run / "selection"
    output.mkdir(parents=True, exist_ok=True)

    source = load_images([image.path for image in discover_images(options.source, labeled=False, min_images=2)])
    target = load_images([image.path for image in discover_images(options.target, labeled=False, min_images=2)])
    classifier = train_domain_classifier(source, target, size=options.classifier_size, epochs=options.classifier_epochs, seed=options.seed)
    reporter.emit("classifier", validationAccuracy=classifier.validation_accuracy, source=len(source), target=len(target))
    if classifier.validation_accuracy < 0.75:
        log(f"warning: the domain classifier reaches only {classifier.validation_accuracy:.0%} on held-out images; treat the ranking with care")

    runtime = pick_runtime(options.device, "no", "off")
    base = load_components(base_model)
    ranking: list[dict[str, Any]] = []
    text_encoders = set()
    for index, (step, folder) in enumerate(checkpoints, start=1):
        parts = replace(base)  # a fresh set of references per checkpoint; the base modules are not changed
        text_encoders.add(swap_in_checkpoint(parts, folder, options.text_encoder))
        images = _generate(parts, prompt, options, resolution, runtime.device)
        sample_dir = output / folder.name
        sample_dir.mkdir(exist_ok=True)
        for k, image in enumerate(images):
            image.save(sample_dir / f"sample_{k:02d}.png")
        scores = classifier.target_probability(images)
        entry = {"checkpoint": str(folder), "step": step, "score": float(scores.mean()), "scores": [float(s) for s in scores]}
        ranking.append(entry)
        reporter.emit("scored", step=index, total=len(checkpoints), checkpoint=str(folder), checkpointStep=step, score=entry["score"])
    ranking.sort(key=lambda entry: entry["score"], reverse=True)
    _write_ranking(output, ranking, classifier.validation_accuracy, prompt, sorted(text_encoders))
    for place, entry in enumerate(ranking, start=1):
        log(f"{place:>3}. step {entry['step']:>6}  target-likeness {entry['score']:.3f}  {entry['checkpoint']}")
    reporter.emit("done", output=str(output / "ranking.json"), best=ranking[0]["checkpoint"])
    return ranking


def _run_settings(run: Path) -> dict[str, Any]:
    path = run / SETTINGS_FILE
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _generate(parts: Any, prompt: str, options: SelectOptions, resolution: int, device: torch.device) -> list[Any]:
    """Samples from one checkpoint's pipeline at fixed seeds, so every checkpoint sees the same noise."""
    from diffusers import PNDMScheduler, StableDiffusionPipeline

    pipeline = StableDiffusionPipeline(
        vae=parts.vae,
        text_encoder=parts.text_encoder,
        tokenizer=parts.tokenizer,
        unet=parts.unet,
        scheduler=PNDMScheduler.from_config({**parts.scheduler_config, "skip_prk_steps": True}),
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    ).to(device)
    pipeline.set_progress_bar_config(disable=True)
    generators = [torch.Generator().manual_seed(options.seed + k) for k in range(options.samples)]
    with torch.no_grad():
        return pipeline(
            prompt=[prompt] * options.samples,
            num_inference_steps=options.steps,
            guidance_scale=options.guidance,
            height=resolution,
            width=resolution,
            generator=generators,
        ).images


def _write_ranking(output: Path, ranking: list[dict[str, Any]], accuracy: float, prompt: str, text_encoders: list[str]) -> None:
    # textEncoder: which text encoder the samples used ("checkpoint": the trained one where a
    # checkpoint has it, "base": the base model's); export --text-encoder must say the same.
    data = {"prompt": prompt, "classifierValidationAccuracy": accuracy, "textEncoder": text_encoders, "ranking": ranking}
    (output / "ranking.json").write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    with (output / "ranking.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["rank", "step", "score", "checkpoint"])
        for place, entry in enumerate(ranking, start=1):
            writer.writerow([place, entry["step"], f"{entry['score']:.6f}", entry["checkpoint"]])
