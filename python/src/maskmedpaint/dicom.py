"""DICOM in the toolkit: read DICOM sources and MaskMedPaint's outputs as stored, modality or
windowed values.

Needs pydicom (``pip install "maskmedpaint[dicom]"``); compressed sources other than RLE, JPEG
baseline and JPEG 2000 also need a pydicom pixel plugin such as pylibjpeg. The display pipeline
is the standard one and pydicom's own: modality LUT (rescale), then the VOI window or VOI LUT,
then MONOCHROME1 inverted last; images without VOI data are shown over their full range.

Outputs written as 16-bit PNG carry no DICOM header: their manifest item's ``dicom`` entry says
how their samples map to modality values and which window the source had, and is passed here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import numpy as np

from ._paths import open_regular_file

__all__ = ["VALUES", "is_dicom_file", "read_dicom", "read_image"]

Values = Literal["stored", "modality", "windowed"]
VALUES: tuple[str, ...] = ("stored", "modality", "windowed")


def _pydicom() -> Any:
    try:
        import pydicom
    except ImportError as error:  # pragma: no cover - depends on the installation
        raise ImportError('reading DICOM needs pydicom: pip install "maskmedpaint[dicom]"') from error
    return pydicom


def is_dicom_file(path: str | os.PathLike[str]) -> bool:
    """True when the file starts with the DICOM Part 10 preamble and ``DICM`` marker."""
    # A regular file only: a pipe named by a hand-edited manifest must fail, not block the reader.
    with open_regular_file(path) as handle:
        head = handle.read(132)
    return len(head) == 132 and head[128:132] == b"DICM"


def _check_values(values: str) -> None:
    if values not in VALUES:
        raise ValueError(f"values must be one of {', '.join(VALUES)}, got {values!r}")


def _display8(arr: np.ndarray, ds: Any) -> np.ndarray:
    """Modality LUT, VOI (window or LUT; full range without one), MONOCHROME1 inverted: uint8."""
    from pydicom.pixels import apply_modality_lut, apply_voi_lut

    photometric = str(ds.get("PhotometricInterpretation", "MONOCHROME2"))
    if photometric not in ("MONOCHROME1", "MONOCHROME2"):
        scale = 257.0 if arr.dtype.itemsize > 1 else 1.0
        return np.rint(arr / scale).astype(np.uint8)
    modality = apply_modality_lut(arr, ds).astype(np.float64)
    if "VOILUTSequence" in ds:
        bits = int(ds.VOILUTSequence[0].LUTDescriptor[2])
        unit = apply_voi_lut(modality, ds) / (2**bits - 1)
    elif "WindowCenter" in ds and "WindowWidth" in ds:
        # pydicom maps the window onto the range the modality values could take; undo that scale.
        bits = int(ds.BitsStored)
        low, high = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if int(ds.PixelRepresentation) == 1 else (0, 2**bits - 1)
        if "RescaleSlope" in ds:
            slope, intercept = float(ds.RescaleSlope), float(ds.RescaleIntercept)
            low, high = sorted((low * slope + intercept, high * slope + intercept))
        unit = (apply_voi_lut(modality, ds) - low) / (high - low)
    else:
        low, high = float(modality.min()), float(modality.max())
        unit = np.clip((modality - low) / max(high - low, 1.0), 0.0, 1.0)
    if photometric == "MONOCHROME1":
        unit = 1.0 - unit
    return np.rint(np.clip(unit, 0.0, 1.0) * 255).astype(np.uint8)


def read_dicom(path: str | os.PathLike[str], values: Values = "windowed") -> np.ndarray:
    """Pixels of a single-frame DICOM file.

    ``stored``: the file's stored values (``ds.pixel_array``); ``modality``: after Rescale
    Slope/Intercept (e.g. Hounsfield units), float64; ``windowed``: the 8-bit display image
    (grey or RGB), what MaskMedPaint's gallery shows and its 8-bit engines see.
    """
    _check_values(values)
    pydicom = _pydicom()
    from pydicom.pixels import apply_modality_lut

    ds = pydicom.dcmread(path)
    frames = int(ds.get("NumberOfFrames", 1) or 1)
    if frames > 1:
        raise ValueError(f"{path}: multi-frame DICOM ({frames} frames) is not supported; read single-frame files")
    arr = ds.pixel_array
    if values == "stored":
        return arr
    if values == "modality":
        return apply_modality_lut(arr, ds).astype(np.float64)
    return _display8(arr, ds)


def _dataset_from_manifest(info: Mapping[str, Any], arr: np.ndarray) -> Any:
    """A header-only dataset that describes a PNG output as its manifest entry does."""
    from pydicom.dataset import Dataset

    ds = Dataset()
    ds.PhotometricInterpretation = info["photometric"]
    ds.BitsStored = int(info["bitsStored"])
    ds.BitsAllocated = 16 if arr.dtype.itemsize > 1 else 8
    ds.PixelRepresentation = 0
    ds.RescaleSlope = info["rescaleSlope"]
    ds.RescaleIntercept = info["rescaleIntercept"]
    window = info.get("window")
    if window:
        ds.WindowCenter = window["center"]
        ds.WindowWidth = window["width"]
        ds.VOILUTFunction = window["function"]
    return ds


def read_image(
    path: str | os.PathLike[str],
    values: Values = "windowed",
    dicom: Mapping[str, Any] | None = None,
) -> np.ndarray:
    """Pixels of a source or output image as stored, modality or windowed values.

    DICOM files are read with :func:`read_dicom`. A PNG/TIFF output of a DICOM source needs its
    manifest item's ``dicom`` entry (``read_manifest(...)["dicom"]``) to give modality or windowed
    values; without one, every value kind is the image as decoded.
    """
    _check_values(values)
    if is_dicom_file(path):
        return read_dicom(path, values)
    from PIL import Image

    with Image.open(Path(path)) as opened:
        arr = np.asarray(opened)
    if dicom is None or values == "stored":
        return arr
    if values == "modality":
        return arr.astype(np.float64) * float(dicom["rescaleSlope"]) + float(dicom["rescaleIntercept"])
    _pydicom()
    return _display8(arr, _dataset_from_manifest(dicom, arr))


def load_item_image(
    path: Path, dicom: Mapping[str, Any] | None, values: str | None, native_range: bool = False
) -> Any:
    """What :class:`AugmentedDataset` returns for one output: a PIL RGB image (16-bit rescaled), a
    numpy array in the file's own range with ``native_range``, or a numpy array when ``values``
    asks for stored or modality values of a DICOM item."""
    from PIL import Image

    from ._images import open_rgb, read_rgb_array

    is_dicom = dicom is not None or is_dicom_file(path)
    if not is_dicom:
        return read_rgb_array(path, native_range=True) if native_range else open_rgb(path)
    chosen = values or "windowed"
    pixels = read_image(path, chosen, dicom)  # type: ignore[arg-type]
    if chosen != "windowed":
        return pixels
    return Image.fromarray(pixels).convert("RGB")
