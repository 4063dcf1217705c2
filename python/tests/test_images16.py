"""16-bit images through every Python reader: AugmentedDataset, the training loader, select's image
loader and show()'s HTML thumbnails. PIL's own RGB conversion clipped 16-bit grey to white."""

from __future__ import annotations

import base64
import io
import re
from pathlib import Path

import cv2
import numpy as np
import pytest
from manifest_fixture import write_manifest
from PIL import Image

from maskmedpaint import AugmentedDataset, show
from maskmedpaint._images import open_rgb, read_rgb_array, to_8bit
from maskmedpaint.selection.classifier import load_images
from maskmedpaint.train.images import load_pixels

SIZE = 32


def grey16() -> np.ndarray:
    """A ramp over most of the 16-bit range (a radiograph's values, far above 255)."""
    return (np.arange(SIZE * SIZE).reshape(SIZE, SIZE) * 61 + 1000).astype(np.uint16)


def colour16() -> np.ndarray:
    grey = grey16()
    return np.stack([grey, grey // 3, 65535 - grey], axis=-1).astype(np.uint16)


def write16(path: Path, samples: np.ndarray) -> Path:
    """16-bit PNG or TIFF (OpenCV writes both, grey and colour; it takes BGR order)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    assert cv2.imwrite(str(path), samples if samples.ndim == 2 else samples[:, :, ::-1])
    return path


KINDS = [("grey.png", grey16), ("grey.tif", grey16), ("colour.png", colour16), ("colour.tif", colour16)]


def as_rgb(samples: np.ndarray) -> np.ndarray:
    return np.repeat(samples[:, :, None], 3, axis=2) if samples.ndim == 2 else samples


@pytest.mark.parametrize(("name", "make"), KINDS)
def test_8bit_reading_rescales_instead_of_clipping(tmp_path, name, make):
    samples = make()
    image = np.asarray(open_rgb(write16(tmp_path / name, samples)))
    expected = to_8bit(as_rgb(samples))
    # Grey is rescaled exactly (round(v / 257)); PIL reduces 16-bit colour by its high byte, <= 1 below.
    tolerance = 0 if samples.ndim == 2 else 1
    assert np.abs(image.astype(int) - expected.astype(int)).max() <= tolerance
    assert image.mean() < 200, "not the all-white image PIL's clipping gave"


@pytest.mark.parametrize(("name", "make"), KINDS)
def test_native_range_keeps_the_16bit_samples(tmp_path, name, make):
    samples = make()
    native = read_rgb_array(write16(tmp_path / name, samples), native_range=True)
    assert native.dtype == np.uint16
    np.testing.assert_array_equal(native, as_rgb(samples))


def test_to_8bit_inverts_the_usual_widening():
    values = np.arange(256, dtype=np.uint16)
    np.testing.assert_array_equal(to_8bit(values * 257), values.astype(np.uint8))
    assert to_8bit(np.array([65535, 0, 128], dtype=np.uint16)).tolist() == [255, 0, 0]


def test_8bit_files_are_unchanged(tmp_path):
    rgb = (np.arange(SIZE * SIZE * 3).reshape(SIZE, SIZE, 3) % 256).astype(np.uint8)
    Image.fromarray(rgb).save(tmp_path / "rgb.png")
    np.testing.assert_array_equal(read_rgb_array(tmp_path / "rgb.png"), rgb)
    np.testing.assert_array_equal(read_rgb_array(tmp_path / "rgb.png", native_range=True), rgb)


def manifest_with_16bit_output(folder: Path) -> Path:
    path = write_manifest(folder)
    write16(folder / "out" / "img000.png", grey16())  # the approved item's output becomes 16-bit grey
    return path


def test_augmented_dataset_reads_16bit_outputs(tmp_path):
    path = manifest_with_16bit_output(tmp_path)
    image, _label = AugmentedDataset(path)[0]
    np.testing.assert_array_equal(np.asarray(image), to_8bit(as_rgb(grey16())))
    native, _label = AugmentedDataset(path, native_range=True)[0]
    np.testing.assert_array_equal(native, as_rgb(grey16()))


def test_show_thumbnails_of_16bit_outputs_are_not_white(tmp_path):
    html = show(manifest_with_16bit_output(tmp_path))._repr_html_()
    first = re.search(r'src="data:image/jpeg;base64,([^"]+)"', html)
    assert first is not None
    thumbnail = np.asarray(Image.open(io.BytesIO(base64.b64decode(first.group(1)))).convert("L"))
    assert thumbnail.mean() < 200


def test_training_and_selection_loaders_read_16bit_grey(tmp_path):
    path = write16(tmp_path / "xray.png", grey16())
    pixels = load_pixels(path, SIZE, center_crop=True, flip=False, rng=np.random.default_rng(0))
    expected = to_8bit(grey16()).astype(np.float32) / 127.5 - 1.0
    np.testing.assert_allclose(pixels[0].numpy(), expected, atol=1e-6)
    loaded = np.asarray(load_images([path])[0])
    np.testing.assert_array_equal(loaded, to_8bit(as_rgb(grey16())))
