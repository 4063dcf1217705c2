"""Reading images the way every Python reader of the toolkit needs them, 16-bit data included.

PIL opens a 16-bit grey PNG or TIFF as mode ``I;16`` (or ``I``), and ``convert("RGB")`` clips its
values at 255, so nearly every pixel of a radiograph turned white. Here 16-bit grey is rescaled to
8 bits with ``round(v / 257)`` (the exact inverse of the usual ``v * 257`` widening, the rule the
TypeScript side uses), or returned in its native range on request. PIL itself decodes 16-bit
colour PNG and TIFF to 8 bits by keeping the high byte (``v >> 8``, at most one level below
``round(v / 257)``); the native 16-bit colour values need OpenCV's decoder, used when installed.

Files are read through :func:`open_regular_file` (a pipe or device where an image should be is
refused, never waited on) and decoded from the bytes read.

Only PIL and numpy are imported at module level: ``show()`` must work without torch.
"""

from __future__ import annotations

import io
import os

import numpy as np
from PIL import Image, TiffImagePlugin

from ._paths import open_regular_file

# PIL modes that hold one channel of integers wider than 8 bits (16-bit PNG/TIFF open as one of them).
WIDE_GREY_MODES = frozenset({"I;16", "I;16B", "I;16L", "I;16N", "I"})
MAX_16BIT = 65535


def _wide_grey(image: Image.Image) -> np.ndarray:
    """The samples of a wide grey image as uint16 (32-bit ``I`` images clipped to 16 bits)."""
    return np.clip(np.asarray(image, dtype=np.int64), 0, MAX_16BIT).astype(np.uint16)


def to_8bit(samples: np.ndarray) -> np.ndarray:
    """16-bit samples to 8 bits: ``round(v / 257)``, so 0 -> 0, 65535 -> 255 and ``v * 257`` -> v."""
    return np.floor(samples.astype(np.float64) / 257.0 + 0.5).astype(np.uint8)


def _read_bytes(path: str | os.PathLike[str]) -> bytes:
    with open_regular_file(path) as handle:
        return handle.read()


def open_rgb(path: str | os.PathLike[str]) -> Image.Image:
    """An 8-bit RGB PIL image of any file PIL reads; 16-bit grey is rescaled, not clipped."""
    with Image.open(io.BytesIO(_read_bytes(path))) as opened:
        opened.load()
        if opened.mode in WIDE_GREY_MODES:
            grey = to_8bit(_wide_grey(opened))
            return Image.fromarray(grey).convert("RGB")
        return opened.convert("RGB")


def read_rgb_array(path: str | os.PathLike[str], native_range: bool = False) -> np.ndarray:
    """The image as an (H, W, 3) array.

    With ``native_range=False``: uint8, as :func:`open_rgb`. With ``native_range=True``: the file's
    own sample range, uint16 for 16-bit files (grey replicated to three channels) and uint8 for
    8-bit ones. Native 16-bit colour needs OpenCV (``pip install opencv-python-headless``); without
    it such a file raises ``ValueError`` naming the package rather than returning 8-bit data.
    """
    if not native_range:
        return np.asarray(open_rgb(path))
    data = _read_bytes(path)
    with Image.open(io.BytesIO(data)) as opened:
        opened.load()
        if opened.mode in WIDE_GREY_MODES:
            grey = _wide_grey(opened)
            return np.repeat(grey[:, :, None], 3, axis=2)
        sixteen_bit_colour = _is_16bit_colour(opened, data)
        eight_bit = np.asarray(opened.convert("RGB"))
    if not sixteen_bit_colour:
        return eight_bit
    return _read_16bit_colour(path, data)


def _is_16bit_colour(image: Image.Image, data: bytes) -> bool:
    """PIL reports 16-bit colour files as RGB/RGBA; their headers say 16 bits per sample."""
    if image.format == "PNG":
        return _png_bit_depth(data) == 16
    if isinstance(image, TiffImagePlugin.TiffImageFile):
        bits = image.tag_v2.get(258)  # BitsPerSample
        values = bits if isinstance(bits, tuple) else (bits,)
        return any(value == 16 for value in values if isinstance(value, int))
    return False


def _png_bit_depth(data: bytes) -> int:
    """The bit depth byte of a PNG's IHDR chunk (PIL does not expose it for colour images)."""
    header = data[:25]
    # signature (8) + length (4) + "IHDR" (4) + width (4) + height (4), then the bit depth byte
    return header[24] if len(header) == 25 and header[12:16] == b"IHDR" else 8


def _read_16bit_colour(path: str | os.PathLike[str], data: bytes) -> np.ndarray:
    try:
        import cv2
    except ImportError as error:
        raise ValueError(
            f"{path} has 16-bit colour samples; reading them in their native range needs OpenCV "
            "(pip install opencv-python-headless), or read it with native_range=False (8-bit)"
        ) from error
    decoded = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_UNCHANGED)
    if decoded is None or decoded.ndim != 3:
        raise ValueError(f"OpenCV could not read {path} as a colour image")
    return np.ascontiguousarray(decoded[:, :, 2::-1])  # BGR(A) -> RGB, alpha dropped
