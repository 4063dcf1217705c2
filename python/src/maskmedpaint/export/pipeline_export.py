"""``maskmedpaint-train export``: a (fine-tuned) SD pipeline -> the ONNX folder MaskMedPaint loads.

Layout (docs/method.md section 7, as optimum-cli writes it): model_index.json,
scheduler/scheduler_config.json, tokenizer/ (vocab.json, merges.txt), text_encoder/, unet/,
vae_encoder/, vae_decoder/ each with model.onnx (+ model.onnx_data when over 2 GB) and config.json,
plus maskmedpaint_model.json (base model, the settings of the run whose weights it holds and the runs
before it, the prompts they trained, which text encoder, sha256 of every file, verification).
The folder is assembled under a temporary name and renamed when complete and verified.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import onnx
import torch

from .._version import __version__
from ..errors import UserFacingError
from ..progress import ProgressReporter
from ..train.checkpoints import has_trained_text_encoder, swap_in_checkpoint
from ..train.components import load_components
from .graph_passes import FLOAT16_COMPUTE_GRAPHS, optimize_graph, to_float16_compute
from .graphs import OPSET, export_graph, graph_specs
from .tokenizer_files import ensure_vocab_files
from .training_record import lineage, trained_prompts, weights_settings
from .verify import TOLERANCE, compare_graph

METADATA_FILE = "maskmedpaint_model.json"
# Schedulers the TypeScript engine runs; anything else (e.g. a training-only DDPM config) becomes
# PNDM with skip_prk_steps, the authors' inference scheduler.
INFERENCE_SCHEDULERS = {"PNDMScheduler", "DDIMScheduler", "EulerAncestralDiscreteScheduler", "DPMSolverMultistepScheduler", "LCMScheduler"}


@dataclass
class ExportOptions:
    model: str
    output: Path
    unet: Path | None = None
    dtype: str = "fp32"
    opset: int = OPSET
    external_data: str = "auto"
    verify: bool = True
    overwrite: bool = False
    text_encoder: str = "checkpoint"
    # "none", "cpu" (fusions the CPU provider runs) or "gpu" (also CUDA-only fusions): graph_passes.py
    optimize: str = "none"


def export_onnx(options: ExportOptions, reporter: ProgressReporter) -> Path:
    """Export, verify and write metadata; returns the finished folder."""
    if options.output.exists() and any(options.output.iterdir()) and not options.overwrite:
        raise UserFacingError(f"{options.output} already exists and is not empty; pass --overwrite or choose another --output")
    fp16_weights = options.dtype == "fp16"
    tolerance = TOLERANCE[options.dtype]
    verify = options.verify and options.optimize != "gpu"
    if options.verify and not verify:
        reporter.say("note: --optimize gpu uses CUDA-only kernels the CPU cannot run: verify this export on a GPU")
    components = load_components(options.model)
    text_encoder = "base"
    if options.unet is not None:
        text_encoder = swap_in_checkpoint(components, options.unet, options.text_encoder)
        if text_encoder == "base" and has_trained_text_encoder(options.unet):
            reporter.say(
                f"note: {options.unet} has a trained text encoder that this export leaves out (--text-encoder base); "
                "the model generates with the base text encoder"
            )
    work = options.output.with_name(options.output.name + ".tmp")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    tokenizer = components.tokenizer
    max_length = min(int(tokenizer.model_max_length), int(components.text_encoder.config.max_position_embeddings))
    text_encoder_module, unet_module, vae_module = (m.to("cpu", dtype=torch.float32).eval() for m in (components.text_encoder, components.unet, components.vae))
    specs = graph_specs(text_encoder_module, unet_module, vae_module, max_length=max_length)
    total = len(specs) + (len(specs) if verify else 0)
    verification: dict[str, Any] = {}
    fusions: dict[str, dict[str, Any]] = {}
    for index, spec in enumerate(specs, start=1):
        transform = _graph_transform(spec.folder, options, components, fusions)
        path = export_graph(spec, work / spec.folder, options.opset, options.external_data, fp16_weights, transform)
        _write_component_config(work / spec.folder, spec.folder, components)
        reporter.emit("exported", component=spec.folder, step=index, total=total, path=str(path))
    if verify:
        for index, spec in enumerate(specs, start=len(specs) + 1):
            result = compare_graph(spec, work / spec.folder / "model.onnx", int(components.text_encoder.config.vocab_size))
            # The VAE of a float16-compute export stays float32, and is held to the float32 bound.
            compute16 = options.dtype == "fp16-compute" and spec.folder in FLOAT16_COMPUTE_GRAPHS
            result["tolerance"] = tolerance if compute16 or options.dtype != "fp16-compute" else TOLERANCE["fp32"]
            result["ok"] = result["finite"] and result["maxAbsDiff"] <= result["tolerance"]
            verification[spec.folder] = result
            reporter.emit("verified", step=index, total=total, **result)
            if not result["ok"]:
                raise UserFacingError(
                    f"Export check failed for {spec.folder}: max abs diff {result['maxAbsDiff']:.3g} "
                    f"(tolerance {result['tolerance']}), finite={result['finite']}; the unfinished export is in {work}"
                )
    _write_tokenizer(options.model, components.tokenizer, work / "tokenizer")
    scheduler_class = _write_scheduler(components.scheduler_config, work / "scheduler")
    _write_model_index(work, scheduler_class)
    _write_metadata(work, options, verification, text_encoder, fusions)
    shutil.rmtree(options.output, ignore_errors=True)
    work.rename(options.output)
    reporter.emit("done", output=str(options.output), step=total, total=total)
    return options.output


def _write_component_config(folder: Path, name: str, components: Any) -> None:
    """config.json beside each graph, as optimum writes it (the VAE's carries scaling_factor)."""
    source = {"text_encoder": components.text_encoder, "unet": components.unet}.get(name, components.vae)
    config = source.config.to_dict() if hasattr(source.config, "to_dict") else dict(source.config)
    (folder / "config.json").write_text(json.dumps(config, indent=2, sort_keys=True, default=str) + "\n", encoding="utf-8")


def _write_tokenizer(model: str, tokenizer: Any, folder: Path) -> None:
    local = Path(model).expanduser() / "tokenizer"
    if local.is_dir():
        shutil.copytree(local, folder)
    else:
        tokenizer.save_pretrained(folder)
    ensure_vocab_files(folder)


def _write_scheduler(config: dict[str, Any], folder: Path) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    config = dict(config)
    if config.get("_class_name") not in INFERENCE_SCHEDULERS:
        config.update({"_class_name": "PNDMScheduler", "skip_prk_steps": True})
    (folder / "scheduler_config.json").write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return str(config["_class_name"])


def _write_model_index(folder: Path, scheduler_class: str) -> None:
    import diffusers

    runtime_model = ["diffusers", "OnnxRuntimeModel"]
    index = {
        "_class_name": "OnnxStableDiffusionPipeline",
        "_diffusers_version": diffusers.__version__,
        "scheduler": ["diffusers", scheduler_class],
        "text_encoder": runtime_model,
        "tokenizer": ["transformers", "CLIPTokenizer"],
        "unet": runtime_model,
        "vae_decoder": runtime_model,
        "vae_encoder": runtime_model,
    }
    (folder / "model_index.json").write_text(json.dumps(index, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _graph_transform(folder: str, options: ExportOptions, components: Any, fusions: dict[str, dict[str, Any]]) -> Callable[[onnx.ModelProto], onnx.ModelProto] | None:
    """The passes one graph gets: the optimizer's fusions, then float16 compute (text encoder, UNet)."""
    compute16 = options.dtype == "fp16-compute" and folder in FLOAT16_COMPUTE_GRAPHS
    if options.optimize == "none" and not compute16:
        return None

    def transform(model: onnx.ModelProto) -> onnx.ModelProto:
        if options.optimize != "none":
            heads, hidden = (
                (int(components.text_encoder.config.num_attention_heads), int(components.text_encoder.config.hidden_size))
                if folder == "text_encoder"
                else (0, 0)  # detected from the graph
            )
            model, fusions[folder] = optimize_graph(model, folder, options.optimize, heads, hidden)
        return to_float16_compute(model) if compute16 else model

    return transform


def _write_metadata(folder: Path, options: ExportOptions, verification: dict[str, Any], text_encoder: str, fusions: dict[str, dict[str, Any]]) -> None:
    files = {
        path.relative_to(folder).as_posix(): {"sha256": _sha256(path), "bytes": path.stat().st_size}
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    settings = weights_settings(options.model, options.unet)
    runs = lineage(settings)
    metadata = {
        "format": 1,
        "tool": {"name": "maskmedpaint", "version": __version__},
        "exportedAt": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "baseModel": runs[0].get("base_model", options.model) if runs else options.model,
        "exportedFrom": options.model,
        "unet": str(options.unet) if options.unet else None,
        # "checkpoint": the trained text encoder of --unet's checkpoint; "base": --model's.
        "textEncoder": text_encoder,
        "dtype": options.dtype,
        # Arithmetic of each graph: fp16-compute converts the text encoder and UNet, never the VAE.
        "compute": {
            name: "float16" if options.dtype == "fp16-compute" and name in FLOAT16_COMPUTE_GRAPHS else "float32"
            for name in ("text_encoder", "unet", "vae_encoder", "vae_decoder")
        },
        "optimized": {"target": options.optimize, "graphs": fusions} if options.optimize != "none" else None,
        "opset": options.opset,
        # The run whose UNet this model holds, and every run before it (oldest first).
        "trainingSettings": settings,
        "trainingLineage": runs,
        "prompts": trained_prompts(settings, runs),
        "verification": verification,
        "files": files,
    }
    (folder / METADATA_FILE).write_text(json.dumps(metadata, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
