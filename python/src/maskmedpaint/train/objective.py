"""The denoising objective: noise a latent at a random timestep, predict epsilon (or v), MSE,
weighted per sample by Min-SNR (Hang et al., 2023: weight = min(SNR, gamma) / SNR for epsilon)."""

from __future__ import annotations

import torch
import torch.nn.functional as F


def signal_to_noise(alphas_cumprod: torch.Tensor, timesteps: torch.Tensor) -> torch.Tensor:
    """SNR(t) = alpha_bar_t / (1 - alpha_bar_t) for each timestep."""
    alpha_bar = alphas_cumprod.to(timesteps.device)[timesteps].float()
    return alpha_bar / (1.0 - alpha_bar)


def min_snr_weights(snr: torch.Tensor, gamma: float, prediction_type: str) -> torch.Tensor:
    """Per-sample loss weights; for v-prediction the target already carries a factor (SNR + 1)."""
    clipped = torch.clamp(snr, max=gamma)
    if prediction_type == "v_prediction":
        return clipped / (snr + 1.0)
    return clipped / snr


def denoising_loss(
    prediction: torch.Tensor,
    target: torch.Tensor,
    timesteps: torch.Tensor,
    alphas_cumprod: torch.Tensor,
    snr_gamma: float | None,
    prediction_type: str,
) -> torch.Tensor:
    """Mean-squared error per sample, optionally Min-SNR weighted, averaged over the batch."""
    per_sample = F.mse_loss(prediction.float(), target.float(), reduction="none").mean(dim=(1, 2, 3))
    if snr_gamma is not None and snr_gamma > 0:
        snr = signal_to_noise(alphas_cumprod, timesteps)
        per_sample = per_sample * min_snr_weights(snr, snr_gamma, prediction_type)
    return per_sample.mean()
