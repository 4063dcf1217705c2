"""The prompt template of each preset, shared with the TypeScript presets (prompt_templates.json,
a copy of the repository's schema/prompt-templates.json), and the rules that render it.

One template per preset captions stage 1 (label and source domain word), stage 2 (target domain
word, no label: the label's ``[segment]`` is dropped) and, rendered by the extension, inference
(label and target domain word). So the tokens a generated prompt uses are the ones fine-tuning
trained. Rendering rules, the same in TypeScript (src/core/recipe/templates.ts):

* ``{class}`` the label, ``{labels}`` the label split at ``|`` or ``;`` and joined with ``", "``,
  ``{domain}`` the domain word; unknown placeholders stay as written.
* ``[segment]`` is kept without its brackets when every placeholder inside has a non-empty value.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_SEGMENT = re.compile(r"\[([^\[\]]*)\]")


@lru_cache(maxsize=1)
def template_data() -> dict[str, Any]:
    """The packaged prompt_templates.json."""
    text = resources.files("maskmedpaint").joinpath("prompt_templates.json").read_text(encoding="utf-8")
    return json.loads(text)


def preset_names() -> list[str]:
    return sorted(template_data()["presets"])


def preset_template(preset: str) -> dict[str, Any]:
    """``{"template", "sourceDomain", "targetDomain"}`` of a preset (a null word: the image folder's name)."""
    presets = template_data()["presets"]
    if preset not in presets:
        raise ValueError(f"unknown preset {preset!r} (known: {', '.join(sorted(presets))})")
    return presets[preset]


def join_labels(label: str) -> str:
    return ", ".join(part.strip() for part in re.split(r"[|;]", label) if part.strip())


def fill_template(template: str, values: dict[str, str]) -> str:
    """Resolve ``[segments]``, then fill ``{placeholders}`` (unknown ones stay as written)."""

    def segment(match: re.Match[str]) -> str:
        names = _PLACEHOLDER.findall(match.group(1))
        return match.group(1) if all(values.get(name) != "" for name in names) else ""

    def placeholder(match: re.Match[str]) -> str:
        return values.get(match.group(1), match.group(0))

    return _PLACEHOLDER.sub(placeholder, _SEGMENT.sub(segment, template))


def caption(template: str, label: str | None, domain: str) -> str:
    """A fine-tuning caption: the template with the image's label (none in stage 2) and the domain word."""
    label = label or ""
    text = fill_template(template, {"class": label, "labels": join_labels(label), "domain": domain})
    return " ".join(text.split())


def inference_prompt(template: str, domain: str) -> str:
    """The prompt template generation uses (the extension fills ``{class}``/``{labels}`` per image):
    segments kept, ``{domain}`` replaced by the target domain word."""
    return _SEGMENT.sub(lambda match: match.group(1), template).replace("{domain}", domain)


def uses_labels(template: str) -> bool:
    """Whether captions of this template name the image's class (the images need class subfolders)."""
    return bool({"class", "labels"} & set(_PLACEHOLDER.findall(template)))
