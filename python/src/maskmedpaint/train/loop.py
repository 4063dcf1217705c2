"""One fine-tuning run (either stage): a plain PyTorch loop on diffusers/transformers components.

Per optimizer step: ``gradient_accumulation`` micro-batches of ``batch_size`` images (per
process), decoded by DataLoader workers (data.py); each is VAE-encoded, noised at uniform random
DDPM timesteps, and the UNet's prediction is regressed on the noise (or v) with Min-SNR
weighting. Every random choice is seeded by ``(seed, micro-batch number)``, so a resumed run
continues exactly where it stopped and the worker count never changes a result.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import torch

from ..errors import UserFacingError
from ..progress import ProgressReporter
from ..prompts import uses_labels
from .checkpoints import load_state, save_checkpoint
from .components import SdComponents, load_components, save_pipeline
from .config import TrainConfig
from .data import BatchPlan, MicroBatches, micro_batch_loader, noise_generator
from .distributed import Processes, start_processes
from .images import TrainingImage, discover_images
from .objective import denoising_loss
from .resume import SETTINGS_FILE, resume_checkpoint, write_settings
from .runtime import Runtime, pick_runtime
from .tensorboard import TrainingLog
from .validation import is_validation_step, validation_prompts, validation_step_folder, write_validation_images

__all__ = ["SETTINGS_FILE", "run_training"]


def run_training(config: TrainConfig, reporter: ProgressReporter) -> Path:
    """Train, checkpoint every ``checkpoint_every`` steps, and write ``OUTPUT/final`` (a diffusers pipeline)."""
    processes = start_processes(config.device)
    reporter.silent = reporter.silent or not processes.is_main
    labeled = config.stage == "source-finetune" and uses_labels(config.prompt)
    images = discover_images(config.images, labeled, config.min_images, config.labels)
    resume_from = resume_checkpoint(config.output, config.resume)
    if config.resume == "latest" and resume_from is None:
        reporter.say(f"No resumable checkpoint in {config.output}; starting from step 0")
    runtime = pick_runtime(config.device, config.mixed_precision, config.gradient_checkpointing, processes.device)
    components = load_components(config.base_model)
    if resume_from is not None:
        _load_trained_weights(components, resume_from, config.train_text_encoder)
    if processes.is_main:
        write_settings(config, config.output)
    trainer = _Trainer(config, components, runtime, images, processes)
    if resume_from is not None:
        trainer.restore(load_state(resume_from))
    reporter.emit(
        "start",
        stage=config.stage,
        step=trainer.step,
        total=config.max_steps,
        images=len(images),
        device=str(runtime.device),
        processes=processes.count,
        mixedPrecision=runtime.mixed_precision,
        gradientCheckpointing=runtime.gradient_checkpointing,
        resumedFrom=str(resume_from) if resume_from else None,
    )
    _describe_start(config, trainer, images, processes, reporter)
    training_log = TrainingLog(config.output, config.tensorboard and processes.is_main)
    prompts = validation_prompts(config, [image.label for image in images])
    reporter.start_timer(trainer.step)
    batches = iter(micro_batch_loader(trainer.data, trainer.step, config.max_steps, config.num_workers))
    try:
        while trainer.step < config.max_steps:
            loss = processes.mean(trainer.optimizer_step(batches))
            if not np.isfinite(loss):
                raise UserFacingError(f"Loss became {loss} at step {trainer.step}; lower --learning-rate or use --mixed-precision no")
            reporter.step(trainer.step, config.max_steps, loss, lr=trainer.learning_rate())
            training_log.step(trainer.step, loss, trainer.learning_rate())
            _after_step(trainer, processes, reporter, training_log, prompts)
    finally:
        training_log.close()
    final = config.output / "final"
    if processes.is_main:
        _restore_full_precision(trainer, config, runtime)
        save_pipeline(components, final, config.base_model)
        write_settings(config, final)
        reporter.say(f"done: {final}")
    processes.wait()
    reporter.emit("done", step=trainer.step, total=config.max_steps, output=str(final))
    return final


def _describe_start(config: TrainConfig, trainer: _Trainer, images: list[TrainingImage], processes: Processes, reporter: ProgressReporter) -> None:
    per_step = config.batch_size * config.gradient_accumulation * processes.count
    reporter.say(
        f"{config.stage}: {len(images)} images, steps {trainer.step}/{config.max_steps}, {per_step} images per step "
        f"({processes.count} process(es)), device {trainer.runtime.device}, caption e.g. {config.caption_for(images[0].label)!r}"
    )
    if config.train_text_encoder:
        reporter.say(
            "the text encoder is trained too; its checkpoints are what select scores and export writes "
            "(export --text-encoder base would leave it out)"
        )


def _after_step(trainer: _Trainer, processes: Processes, reporter: ProgressReporter, training_log: TrainingLog, prompts: list[str]) -> None:
    config, step = trainer.config, trainer.step
    if processes.is_main and (step % config.checkpoint_every == 0 or step == config.max_steps):
        path = save_checkpoint(config.output, step, trainer.trained_modules(), trainer.state())
        reporter.emit("checkpoint", step=step, total=config.max_steps, path=str(path))
        reporter.say(f"checkpoint {path}")
    if processes.is_main and is_validation_step(config, step):
        parts = trainer.components
        unet, text = processes.unwrap(trainer.unet), processes.unwrap(trainer.text_encoder)
        images = write_validation_images(parts, unet, text, config, trainer.runtime, step, prompts)
        folder = validation_step_folder(config.output, step)
        training_log.images(step, images)
        reporter.emit("validation", step=step, total=config.max_steps, path=str(folder), images=len(images))
        reporter.say(f"validation images {folder}")
    processes.wait()


def _load_trained_weights(components: SdComponents, checkpoint: Path, text_encoder_trained: bool) -> None:
    from diffusers import UNet2DConditionModel
    from transformers import CLIPTextModel

    components.unet = UNet2DConditionModel.from_pretrained(checkpoint / "unet")
    if text_encoder_trained and (checkpoint / "text_encoder").is_dir():
        components.text_encoder = CLIPTextModel.from_pretrained(checkpoint / "text_encoder")


def _restore_full_precision(trainer: _Trainer, config: TrainConfig, runtime: Runtime) -> None:
    """Bring every module back to fp32 on the CPU before saving; frozen modules that ran in half
    precision are reloaded from the base model so the saved pipeline does not lose precision."""
    components = trainer.components
    components.unet = trainer.processes.unwrap(trainer.unet).to("cpu", dtype=torch.float32)
    components.text_encoder = trainer.processes.unwrap(trainer.text_encoder)
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
    """Holds the modules, optimizer and schedule of a run between optimizer steps."""

    def __init__(self, config: TrainConfig, components: SdComponents, runtime: Runtime, images: list[TrainingImage], processes: Processes):
        from diffusers import DDPMScheduler

        self.config, self.components, self.runtime, self.images, self.processes = config, components, runtime, images, processes
        self.noise_scheduler = DDPMScheduler.from_config(components.scheduler_config)
        self.prediction_type = self.noise_scheduler.config.prediction_type
        self.scaling_factor = float(getattr(components.vae.config, "scaling_factor", 0.18215))
        device, frozen_dtype = runtime.device, runtime.compute_dtype
        torch.manual_seed(config.seed)
        components.vae.requires_grad_(False).eval().to(device, dtype=frozen_dtype)
        train_text = config.train_text_encoder
        components.text_encoder.requires_grad_(train_text).train(train_text)
        components.text_encoder.to(device, dtype=torch.float32 if train_text else frozen_dtype)
        components.unet.requires_grad_(True).train().to(device, dtype=torch.float32)
        if runtime.gradient_checkpointing:
            components.unet.enable_gradient_checkpointing()
            if train_text:
                components.text_encoder.gradient_checkpointing_enable()
        self.unet = processes.wrap(components.unet)
        self.text_encoder = processes.wrap(components.text_encoder) if train_text else components.text_encoder
        parameters = list(self.unet.parameters()) + (list(self.text_encoder.parameters()) if train_text else [])
        self.optimizer = torch.optim.AdamW(parameters, lr=config.learning_rate, weight_decay=config.weight_decay)
        self.lr_schedule = torch.optim.lr_scheduler.LambdaLR(self.optimizer, self._lr_factor)
        self.scaler = torch.amp.GradScaler(device.type, enabled=runtime.compute_dtype == torch.float16)
        self.input_ids = self._tokenize_captions()
        plan = BatchPlan(config.batch_size, config.gradient_accumulation, processes.count, processes.rank)
        self.data = MicroBatches(images, plan, config.resolution, config.center_crop, config.random_flip, config.seed)
        self.step = 0

    def _lr_factor(self, step: int) -> float:
        warmup = max(self.config.warmup_steps, 0)
        return min(1.0, (step + 1) / warmup) if warmup else 1.0

    def _tokenize_captions(self) -> torch.Tensor:
        tokenizer = self.components.tokenizer
        max_length = min(tokenizer.model_max_length, self.components.text_encoder.config.max_position_embeddings)
        captions = [self.config.caption_for(image.label) for image in self.images]
        encoded = tokenizer(captions, padding="max_length", truncation=True, max_length=max_length, return_tensors="pt")
        return encoded.input_ids

    def optimizer_step(self, batches: Iterator[tuple[torch.Tensor, torch.Tensor]]) -> float:
        """Run one optimizer step over the next ``gradient_accumulation`` micro-batches; returns their mean loss."""
        accumulation = self.config.gradient_accumulation
        trained = [self.unet] + ([self.text_encoder] if self.config.train_text_encoder else [])
        losses = []
        self.optimizer.zero_grad(set_to_none=True)
        for micro in range(accumulation):
            pixels, indices = next(batches)
            g = self.data.plan.global_index(self.step, micro)
            with self.processes.no_sync(trained, last_micro_batch=micro == accumulation - 1):
                loss = self._micro_batch_loss(pixels, indices, g)
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

    def _micro_batch_loss(self, pixels: torch.Tensor, indices: torch.Tensor, g: int) -> torch.Tensor:
        parts, device = self.components, self.runtime.device
        generator = noise_generator(self.config.seed, g)
        pixels = pixels.to(device, dtype=self.runtime.compute_dtype)
        with torch.no_grad():
            latents = parts.vae.encode(pixels).latent_dist.sample(generator=generator).float() * self.scaling_factor
        noise = torch.randn(latents.shape, generator=generator).to(device)
        timesteps = torch.randint(0, self.noise_scheduler.config.num_train_timesteps, (latents.shape[0],), generator=generator).to(device)
        noisy = self.noise_scheduler.add_noise(latents, noise, timesteps)
        target = noise if self.prediction_type == "epsilon" else self.noise_scheduler.get_velocity(latents, noise, timesteps)
        ids = self.input_ids[indices].to(device)
        with self.runtime.autocast():
            with torch.set_grad_enabled(self.config.train_text_encoder):
                hidden = self.text_encoder(ids)[0]
            prediction = self.unet(noisy, timesteps, hidden).sample
        return denoising_loss(prediction, target, timesteps, self.noise_scheduler.alphas_cumprod, self.config.snr_gamma, self.prediction_type)

    def learning_rate(self) -> float:
        return float(self.lr_schedule.get_last_lr()[0])

    def trained_modules(self) -> dict[str, Any]:
        modules: dict[str, Any] = {"unet": self.processes.unwrap(self.unet)}
        if self.config.train_text_encoder:
            modules["text_encoder"] = self.processes.unwrap(self.text_encoder)
        return modules

    def state(self) -> dict[str, Any]:
        return {
            "step": self.step,
            "optimizer": self.optimizer.state_dict(),
            "lr_schedule": self.lr_schedule.state_dict(),
            "scaler": self.scaler.state_dict(),
            "config": self.config.to_json(),
        }

    def restore(self, state: dict[str, Any]) -> None:
        """Continue from a checkpoint's state with this run's settings: a learning rate or warm-up
        changed on resume (recorded in the settings) takes effect from the next step."""
        self.step = int(state["step"])
        self.optimizer.load_state_dict(state["optimizer"])
        self.lr_schedule.load_state_dict(state["lr_schedule"])
        self.scaler.load_state_dict(state["scaler"])
        self.lr_schedule.base_lrs = [self.config.learning_rate for _ in self.optimizer.param_groups]
        self.lr_schedule.lr_lambdas = [self._lr_factor for _ in self.optimizer.param_groups]
        factor = self._lr_factor(self.lr_schedule.last_epoch)
        for group in self.optimizer.param_groups:
            group["initial_lr"] = self.config.learning_rate
            group["lr"] = self.config.learning_rate * factor
        self.lr_schedule._last_lr = [group["lr"] for group in self.optimizer.param_groups]
