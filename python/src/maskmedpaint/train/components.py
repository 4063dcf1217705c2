"""Loading the Stable Diffusion components a run trains on, and saving the fine-tuned pipeline."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UserFacingError

HUB_HINT = (
    "If the Hugging Face Hub is unreachable, download the model once where it is reachable "
    "(e.g. `hf download stable-diffusion-v1-5/stable-diffusion-v1-5 --local-dir ./sd15`), copy the folder here "
    "and pass --base-model ./sd15: a diffusers folder with unet/, vae/, text_encoder/, tokenizer/ and scheduler/."
)


@dataclass
class SdComponents:
    """The parts of a Stable Diffusion pipeline that training touches."""

    tokenizer: Any
    text_encoder: Any
    vae: Any
    unet: Any
    scheduler_config: dict[str, Any]


ALL_PARTS = ("tokenizer", "text_encoder", "vae", "unet")


def load_components(base_model: str, only: tuple[str, ...] = ALL_PARTS) -> SdComponents:
    """Load tokenizer, text encoder, VAE, UNet (or ``only`` some of them) and the scheduler config
    from a local folder or hub id."""
    from diffusers import AutoencoderKL, DDPMScheduler, UNet2DConditionModel
    from transformers import CLIPTextModel, CLIPTokenizer

    local = Path(base_model).expanduser()
    looks_like_path = base_model.startswith(("/", ".", "~")) or "\\" in base_model or base_model.count("/") > 1
    if looks_like_path and not local.exists():
        raise UserFacingError(f"Base model folder not found: {local}. {HUB_HINT}")
    if local.exists() and not (local / "unet").is_dir():
        raise UserFacingError(f"{local} is not a diffusers model folder (no unet/ subfolder). {HUB_HINT}")
    source = str(local) if local.exists() else base_model
    try:
        loaders = {
            "tokenizer": lambda: CLIPTokenizer.from_pretrained(source, subfolder="tokenizer"),
            "text_encoder": lambda: CLIPTextModel.from_pretrained(source, subfolder="text_encoder"),
            "vae": lambda: AutoencoderKL.from_pretrained(source, subfolder="vae"),
            "unet": lambda: UNet2DConditionModel.from_pretrained(source, subfolder="unet"),
        }
        parts = {name: loaders[name]() if name in only else None for name in ALL_PARTS}
        scheduler_config = dict(DDPMScheduler.load_config(source, subfolder="scheduler"))
    except (OSError, ValueError) as error:
        raise UserFacingError(f"Cannot load the base model {base_model!r}: {error}\n{HUB_HINT}") from error
    unet = parts["unet"]
    if unet is not None and unet.config.in_channels != 4:
        raise UserFacingError(
            f"{base_model!r} has a {unet.config.in_channels}-channel UNet; fine-tuning expects a plain text-to-image "
            "Stable Diffusion model (4 channels), as the method uses (docs/method.md section 4)"
        )
    return SdComponents(parts["tokenizer"], parts["text_encoder"], parts["vae"], unet, scheduler_config)


def save_pipeline(components: SdComponents, folder: Path, base_model: str) -> None:
    """Write a complete diffusers pipeline folder (PNDM scheduler for inference, as the authors used).

    Written to a temporary sibling folder and renamed, so a crash never leaves half a model.
    """
    from diffusers import PNDMScheduler, StableDiffusionPipeline

    scheduler = PNDMScheduler.from_config({**components.scheduler_config, "skip_prk_steps": True})
    pipeline = StableDiffusionPipeline(
        vae=components.vae,
        text_encoder=components.text_encoder,
        tokenizer=components.tokenizer,
        unet=components.unet,
        scheduler=scheduler,
        safety_checker=None,
        feature_extractor=None,
        requires_safety_checker=False,
    )
    temporary = folder.with_name(folder.name + ".tmp")
    shutil.rmtree(temporary, ignore_errors=True)
    pipeline.save_pretrained(temporary, safe_serialization=True)
    copy_tokenizer_vocab(base_model, temporary / "tokenizer")
    shutil.rmtree(folder, ignore_errors=True)
    temporary.rename(folder)


def copy_tokenizer_vocab(base_model: str, tokenizer_folder: Path) -> None:
    """Keep vocab.json and merges.txt next to tokenizer.json: ONNX consumers (the TS engine) read them.

    Recent transformers save only tokenizer.json; when the base folder has the original files they are
    copied, otherwise they are derived from tokenizer.json.
    """
    from ..export.tokenizer_files import ensure_vocab_files

    base_tokenizer = Path(base_model).expanduser() / "tokenizer"
    for name in ("vocab.json", "merges.txt"):
        if (base_tokenizer / name).is_file() and not (tokenizer_folder / name).is_file():
            shutil.copyfile(base_tokenizer / name, tokenizer_folder / name)
    ensure_vocab_files(tokenizer_folder)
