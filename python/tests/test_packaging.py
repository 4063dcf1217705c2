"""The light core install and the training CLI's message when the `train` extra is missing."""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10, the package's floor (mypy checks for it): tomllib's predecessor, the same parser
    import tomli as tomllib  # type: ignore[import-not-found]

from maskmedpaint.cli import missing_module_message

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def test_core_dependencies_are_light_and_training_is_an_extra() -> None:
    project = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]
    names = {dep.split(">")[0].split("=")[0].split("[")[0].strip().lower() for dep in project["dependencies"]}
    assert names == {"numpy", "pillow", "pandas"}
    train = {dep.split(">")[0].strip().lower() for dep in project["optional-dependencies"]["train"]}
    assert {"diffusers", "transformers", "onnx", "onnxruntime", "torch"} <= train


def test_a_missing_training_package_names_the_extra() -> None:
    message = missing_module_message(ModuleNotFoundError("No module named 'diffusers'", name="diffusers"))
    assert 'pip install "maskmedpaint[train]"' in message
    assert message.startswith("diffusers is not installed")
    other = missing_module_message(ModuleNotFoundError("No module named 'x.y'", name="x.y"))
    assert "maskmedpaint[train]" in other
