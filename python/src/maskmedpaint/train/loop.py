"""One fine-tuning run (either stage): a plain PyTorch loop on diffusers/transformers components.

Per optimizer step: ``gradient_accumulation`` micro-batches of ``batch_size`` images; each is
VAE-encoded, noised at uniform random DDPM timesteps, and the UNet's prediction is regressed on
the noise (or v) with Min-SNR weighting. All randomness comes from generators seeded by
``seed`` and saved in checkpoints, so a resumed run continues the same sequence.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import torch

from ..errors import UserFacingError
from ..progress import ProgressReporter, log
from .checkpoints import latest_resumable, list_checkpoints, load_state, save_checkpoint
from .components import SdComponents, load_components, save_pipeline
from .config import TrainConfig
from .images import TrainingImage, discover_images, load_pixels
from .objective import denoising_loss
from .runtime import Runtime, pick_runtime

SETTINGS_FILE = "maskmedpaint_training.json"


def run_training(config: TrainConfig, reporter: ProgressReporter) -> Path:
    """Train, checkpoint every ``checkpoint_every`` steps, and write ``OUTPUT/final`` (a diffusers pipeline)."""
    labeled = "{class}" in config.prompt
    images = discover_images(config.images, labeled=labeled, min_images=config.min_images)
    resume_from = _resume_checkpoint(config)
    runtime = pick_runtime(config.device, config.mixed_precision, config.gradient_checkpointing)
    components = load_components(config.base_model)
    if resume_from is not None:
        _load_trained_weights(components, resume_from, config.train_text_encoder)
    config.output.mkdir(parents=True, exist_ok=True)
    (config.output / SETTINGS_FILE).write_text(json.dumps(config.to_json(), indent=2) + "\n", encoding="utf-8")
    trainer = _Trainer(config, components, runtime, images)
    if resume_from is not None:
        trainer.restore(load_state(resume_from))
    reporter.emit(
        "start",
        stage=config.stage,
        step=trainer.step,
        total=config.max_steps,
        images=len(images),
        device=str(runtime.device),
        mixedPrecision=runtime.mixed_precision,
        gradientCheckpointing=runtime.gradient_checkpointing,
        resumedFrom=str(resume_from) if resume_from else None,
    )
    reporter.start_timer(trainer.step)
    while trainer.step < config.max_steps:
        loss = trainer.optimizer_step()
        if not np.isfinite(loss):
            raise UserFacingError(f"Loss became {loss} at step {trainer.step}; lower --learning-rate or use --mixed-precision no")
        reporter.step(trainer.step, config.max_steps, loss, lr=trainer.learning_rate())
        if trainer.step % config.checkpoint_every == 0 or trainer.step == config.max_steps:
            path = save_checkpoint(config.output, trainer.step, trainer.trained_modules(), trainer.state())
            reporter.emit("checkpoint", step=trainer.step, total=config.max_steps, path=str(path))
    final = config.output / "final"
    _restore_full_precision(components, config, runtime)
    save_pipeline(components, final, config.base_model)
    (final / SETTINGS_FILE).write_text(json.dumps(config.to_json(), indent=2) + "\n", encoding="utf-8")
    reporter.emit("done", step=trainer.step, total=config.max_steps, output=str(final))
    return final


def _resume_checkpoint(config: TrainConfig) -> Path | None:
    if config.resume is None:
        if list_checkpoints(config.output):
            raise UserFacingError(
                f"{config.output} already has checkpoints: pass --resume latest to continue that run, or choose another --output"
            )
        return None
    if config.resume == "latest":
        found = latest_resumable(config.output)
        if found is None:
            log(f"No resumable checkpoint in {config.output}; starting from step 0")
        return found
    path = Path(config.resume)
    if not (path / "training_state.pt").is_file():
        raise UserFacingError(f"{path} is not a resumable checkpoint (no training_state.pt); only the latest checkpoint keeps one")
    return path


def _load_trained_weights(components: SdComponents, checkpoint: Path, text_encoder_trained: bool) -> None:
    from diffusers import UNet2DConditionModel
    from transformers import CLIPTextModel

    components.unet = UNet2DConditionModel.from_pretrained(checkpoint / "unet")
    if text_encoder_trained and (checkpoint / "text_encoder").is_dir():
        components.text_encoder = CLIPTextModel.from_pretrained(checkpoint / "text_encoder")


def _restore_full_precision(components: SdComponents, config: TrainConfig, runtime: Runtime) -> None:
    """Bring every module back to fp32 on the CPU before saving; frozen modules that ran in half
    precision are reloaded from the base model so the saved pipeline does not lose precision."""
    components.unet.to("cpu", dtype=torch.float32)
    if runtime.compute_dtype == torch.float32:
        components.text_encoder.to("cpu")
        components.vae.to("cpu")
        return
    fresh = load_components(config.base_model, only=("vae",) if config.train_text_encoder else ("vae", "text_encoder"))
    components.vae = fresh.vae
    if config.train_text_encoder:
        components.text_encoder.to("cpu", dtype=torch.float32)
    else:
        components.text_encoder = fresh.text_encoder


class _Trainer:
    """Holds the modules, optimizer and RNG state of a run between optimizer steps."""

    def __init__(self, config: TrainConfig, components: SdComponents, runtime: Runtime, images: list[TrainingImage]):
        from diffusers import DDPMScheduler

        self.config, self.components, self.runtime, self.images = config, components, runtime, images
        self.noise_scheduler = DDPMScheduler.from_config(components.scheduler_config)
        self.prediction_type = self.noise_scheduler.config.prediction_type
        self.scaling_factor = float(getattr(components.vae.config, "scaling_factor", 0.18215))
        device, frozen_dtype = runtime.device, runtime.compute_dtype
        torch.manual_seed(config.seed)
        self.generator = torch.Generator().manual_seed(config.seed)
        components.vae.requires_grad_(False).eval().to(device, dtype=frozen_dtype)
        train_text = config.train_text_encoder
        components.text_encoder.requires_grad_(train_text).train(train_text)
        components.text_encoder.to(device, dtype=torch.float32 if train_text else frozen_dtype)
        components.unet.requires_grad_(True).train().to(device, dtype=torch.float32)
        if runtime.gradient_checkpointing:
            components.unet.enable_gradient_checkpointing()
            if train_text:
                components.text_encoder.gradient_checkpointing_enable()
        parameters = list(components.unet.parameters()) + (list(components.text_encoder.parameters()) if train_text else [])
        self.optimizer = torch.optim.AdamW(parameters, lr=config.learning_rate, weight_decay=config.weight_decay)
        warmup = max(config.warmup_steps, 0)
        self.lr_schedule = torch.optim.lr_scheduler.LambdaLR(self.optimizer, lambda s: min(1.0, (s + 1) / warmup) if warmup else 1.0)
        self.scaler = torch.amp.GradScaler(device.type, enabled=runtime.compute_dtype == torch.float16)
        self.input_ids = self._tokenize_captions()
        self.step, self.epoch, self.position = 0, 0, 0
        self.order = self._epoch_order(0)

    def _tokenize_captions(self) -> torch.Tensor:
        tokenizer = self.components.tokenizer
        max_length = min(tokenizer.model_max_length, self.components.text_encoder.config.max_position_embeddings)
        captions = [self.config.caption_for(image.label) for image in self.images]
        encoded = tokenizer(captions, padding="max_length", truncation=True, max_length=max_length, return_tensors="pt")
        return encoded.input_ids

    def _epoch_order(self, epoch: int) -> list[int]:
        generator = torch.Generator().manual_seed(self.config.seed * 1_000_003 + epoch)
        return torch.randperm(len(self.images), generator=generator).tolist()

    def _next_indices(self) -> list[int]:
        indices = []
        while len(indices) < self.config.batch_size:
            if self.position >= len(self.order):
                self.epoch, self.position = self.epoch + 1, 0
                self.order = self._epoch_order(self.epoch)
            indices.append(self.order[self.position])
            self.position += 1
        return indices

    def optimizer_step(self) -> float:
        """Run one optimizer step over the accumulated micro-batches; returns their mean loss."""
        accumulation = self.config.gradient_accumulation
        losses = []
        self.optimizer.zero_grad(set_to_none=True)
        for micro in range(accumulation):
            loss = self._micro_batch_loss(self._next_indices(), micro)
            self.scaler.scale(loss / accumulation).backward()
            losses.append(float(loss.detach()))
        self.scaler.unscale_(self.optimizer)
        parameters = [p for group in self.optimizer.param_groups for p in group["params"]]
        torch.nn.utils.clip_grad_norm_(parameters, self.config.max_grad_norm)
        self.scaler.step(self.optimizer)
        self.scaler.update()
        self.lr_schedule.step()
        self.step += 1
        return float(np.mean(losses))

    def _micro_batch_loss(self, indices: list[int], micro: int) -> torch.Tensor:
        config, parts, device = self.config, self.components, self.runtime.device
        # Crops/flips depend only on (seed, step, micro-batch): reproducible without extra saved state.
        rng = np.random.default_rng([config.seed, self.step, micro])
        pixels = torch.stack(
            [
                load_pixels(self.images[i].path, config.resolution, config.center_crop, config.random_flip and rng.random() < 0.5, rng)
                for i in indices
            ]
        ).to(device, dtype=self.runtime.compute_dtype)
        with torch.no_grad():
            latents = parts.vae.encode(pixels).latent_dist.sample(generator=self.generator).float() * self.scaling_factor
        noise = torch.randn(latents.shape, generator=self.generator).to(device)
        timesteps = torch.randint(0, self.noise_scheduler.config.num_train_timesteps, (latents.shape[0],), generator=self.generator).to(device)
        noisy = self.noise_scheduler.add_noise(latents, noise, timesteps)
        target = noise if self.prediction_type == "epsilon" else self.noise_scheduler.get_velocity(latents, noise, timesteps)
        ids = self.input_ids[indices].to(device)
        with self.runtime.autocast():
            with torch.set_grad_enabled(config.train_text_encoder):
                hidden = parts.text_encoder(ids)[0]
            prediction = parts.unet(noisy, timesteps, hidden).sample
        return denoising_loss(prediction, target, timesteps, self.noise_scheduler.alphas_cumprod, config.snr_gamma, self.prediction_type)

    def learning_rate(self) -> float:
        return float(self.lr_schedule.get_last_lr()[0])

    def trained_modules(self) -> dict[str, Any]:
        modules: dict[str, Any] = {"unet": self.components.unet}
        if self.config.train_text_encoder:
            modules["text_encoder"] = self.components.text_encoder
        return modules

    def state(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "epoch": self.epoch,
            "position": self.position,
            "generator": self.generator.get_state(),
            "optimizer": self.optimizer.state_dict(),
            "lr_schedule": self.lr_schedule.state_dict(),
            "scaler": self.scaler.state_dict(),
            "config": self.config.to_json(),
        }

    def restore(self, state: dict[str, Any]) -> None:
        self.step, self.epoch, self.position = int(state["step"]), int(state["epoch"]), int(state["position"])
        self.order = self._epoch_order(self.epoch)
        self.generator.set_state(state["generator"])
        self.optimizer.load_state_dict(state["optimizer"])
        self.lr_schedule.load_state_dict(state["lr_schedule"])
        self.scaler.load_state_dict(state["scaler"])
