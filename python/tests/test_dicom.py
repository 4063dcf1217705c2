"""DICOM end to end, on real files nobody here wrote (pydicom's test data, from its wheel):

- the pixel pipeline of the CLI (`maskmedpaint dicom`) against pydicom's own pixel_array,
  apply_modality_lut and apply_voi_lut;
- a chest-X-ray-like DICOM set with SEG masks: augment (PNG and DICOM Secondary Capture), review
  through the manifest API, write the augmentation config, read everything back in Python, and
  look for every identifying value of the inputs in every byte the runs wrote.
"""

from __future__ import annotations

import json
import subprocess
import zlib
from pathlib import Path

import numpy as np
import pydicom
import pytest
from dicom_dataset import build_dicom_set, pydicom_testdata
from PIL import Image
from pydicom.pixels import apply_modality_lut, apply_voi_lut

import maskmedpaint
from maskmedpaint.dicom import read_dicom, read_image

REPO = Path(__file__).resolve().parents[2]


def node(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(["node", *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, f"node {' '.join(args)} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
    return result


@pytest.fixture(scope="module")
def cli_js() -> str:
    bundle = REPO / "dist" / "cli.js"
    if not bundle.is_file() or not (REPO / "dist" / "codecs").is_dir():
        node("esbuild.mjs")
    return str(bundle)


# Files pydicom decodes itself (JPEG-LS and JPEG lossless would need a plugin; their equality with
# the uncompressed files is checked by the TypeScript unit tests instead).
PIPELINE_FILES = ["CT_small.dcm", "MR_small.dcm", "MR_small_RLE.dcm", "MR_small_bigendian.dcm", "MR_small_jp2klossless.dcm", "693_J2KI.dcm"]


@pytest.mark.parametrize("name", PIPELINE_FILES)
def test_pixel_pipeline_matches_pydicom(tmp_path: Path, cli_js: str, name: str) -> None:
    path = pydicom_testdata(name)
    ds = pydicom.dcmread(path)
    stored_png, display_png = tmp_path / "stored.png", tmp_path / "display.png"
    summary = json.loads(node(cli_js, "dicom", path, "--png", str(display_png), "--stored-png", str(stored_png), "--json").stdout)
    arr = ds.pixel_array.astype(np.int64)
    # Stored samples: exactly pydicom's, after the documented shift of signed data to start at 0.
    ours = np.asarray(Image.open(stored_png)).astype(np.int64)
    shift = 2 ** (int(ds.BitsStored) - 1) if ds.PixelRepresentation == 1 else 0
    np.testing.assert_array_equal(ours - shift, arr)
    # Modality values: the reported rescale applied to our samples equals apply_modality_lut exactly.
    slope = float(ds.get("RescaleSlope", 1))
    np.testing.assert_array_equal(slope * ours + summary["sampleShift"], apply_modality_lut(ds.pixel_array, ds))
    # Display: pydicom's window output, scaled from the range it maps onto to 0..255. Ours rounds
    # to the nearest of 256 levels, so they agree to half a level (0.5 + float64 noise); no
    # window in the file means both show the full range.
    shown = np.asarray(Image.open(display_png)).astype(np.float64)
    modality = apply_modality_lut(ds.pixel_array, ds).astype(np.float64)
    if "WindowCenter" in ds:
        bits = int(ds.BitsStored)
        low, high = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if ds.PixelRepresentation == 1 else (0, 2**bits - 1)
        if "RescaleSlope" in ds:
            low, high = low * slope + float(ds.RescaleIntercept), high * slope + float(ds.RescaleIntercept)
        reference = (apply_voi_lut(modality, ds) - low) / (high - low) * 255
    else:
        reference = (modality - modality.min()) / (modality.max() - modality.min()) * 255
    assert np.abs(shown - reference).max() <= 0.5 + 1e-9
    # The Python reader gives the same display image.
    np.testing.assert_array_equal(read_dicom(path, "windowed"), shown.astype(np.uint8))


def test_monochrome1_is_inverted_last(tmp_path: Path, cli_js: str) -> None:
    ds = pydicom.dcmread(pydicom_testdata("MR_small.dcm"))
    ds.PhotometricInterpretation = "MONOCHROME1"
    mono1 = tmp_path / "mono1.dcm"
    ds.save_as(mono1, enforce_file_format=True)
    node(cli_js, "dicom", str(mono1), "--png", str(tmp_path / "m1.png"))
    node(cli_js, "dicom", pydicom_testdata("MR_small.dcm"), "--png", str(tmp_path / "m2.png"))
    m1 = np.asarray(Image.open(tmp_path / "m1.png")).astype(int)
    m2 = np.asarray(Image.open(tmp_path / "m2.png")).astype(int)
    np.testing.assert_array_equal(m1, 255 - m2)


def _text_of_png(data: bytes) -> bytes:
    """Every text chunk of a PNG (tEXt, zTXt, iTXt), decompressed: where PNGs carry metadata."""
    out, at = b"", 8
    while at < len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        if kind == b"tEXt" or kind == b"iTXt":
            out += body
        elif kind == b"zTXt":
            out += zlib.decompress(body.split(b"\0", 1)[1][1:])
        at += 12 + length
    return out


def test_dicom_folder_end_to_end(tmp_path: Path, cli_js: str) -> None:
    data = build_dicom_set(tmp_path / "data")
    assert len(data.identifying) >= 10
    runs = {}
    for fmt in ("png", "dicom"):
        out = tmp_path / f"out_{fmt}"
        result = subprocess.run(
            ["node", cli_js, "augment", "--source", str(data.source), "--target", str(data.target), "--masks", str(data.masks), "--out", str(out),
             "--output-format", fmt, "--seg-segment", "Lung", "--seg-segment", "Heart"],
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        # The burned-in source is reported by the CLI, by item id (from its file name), never by patient.
        assert "Burned In Annotation = YES" in result.stderr and "patient_d__0" in result.stderr
        (out / "run.log").write_text(result.stdout + result.stderr)
        runs[fmt] = out

    manifest_path = runs["dicom"] / "maskmedpaint.json"
    items = json.loads(manifest_path.read_text())["items"]
    assert [item["status"] for item in items] == ["pending"] * 4
    assert {item["dicom"]["burnedInAnnotation"] for item in items} == {False, True}

    # Review through the manifest API and write the config beside a training script.
    train = tmp_path / "train"
    train.mkdir()
    (train / "train.py").write_text("# training\n")
    decisions = ["patient_a__0=approved", "patient_c__0=approved", "patient_d__0=rejected"]
    node("--import", "tsx", "test/pythonBridge/dicomReviewAndConfig.ts", str(manifest_path), str(train), *decisions)
    config = json.loads((train / "maskmedpaint.augment.json").read_text())
    assert config["counts"] == {"items": 4, "approved": 2, "rejected": 1, "pending": 1, "failed": 0, "usable": 2}

    # Read back in Python through the config.
    frame = maskmedpaint.read_manifest((train / config["manifest"]).resolve())
    assert list(frame["status"]) == ["approved", "pending", "approved", "rejected"]
    dataset = maskmedpaint.AugmentedDataset((train / config["manifest"]).resolve())
    assert len(dataset) == 2
    image, label = dataset[0]
    assert image.mode == "RGB" and image.size == (128, 128) and label == dataset.class_to_idx["normal"]
    stored = maskmedpaint.AugmentedDataset(manifest_path, dicom_values="modality")
    hu, _ = stored[0]
    ct = frame.iloc[0]
    source_hu = read_dicom(ct["source"], "modality")
    # The key region (the SEG's lungs and heart) keeps the source's Hounsfield units exactly.
    # Outside the feather band (3 px by default): the mask eroded 6 times by a 3x3 square.
    inner = pydicom.dcmread(data.masks / "normal" / "patient_a.dcm").pixel_array.any(axis=0)
    for _ in range(6):
        inner = inner & np.all([np.roll(inner, (dy, dx), (0, 1)) for dy in (-1, 0, 1) for dx in (-1, 0, 1)], axis=0)
    assert inner.sum() > 1000
    np.testing.assert_array_equal(hu[inner], source_hu[inner])

    # The Secondary Capture outputs: de-identified, derived, referencing the source.
    for item in items:
        ds = pydicom.dcmread(runs["dicom"] / item["output"])
        assert ds.PatientIdentityRemoved == "YES"
        assert ds.DeidentificationMethodCodeSequence[0].CodeValue == "113100"
        assert list(ds.ImageType)[:2] == ["DERIVED", "SECONDARY"]
        assert ds.SOPClassUID == "1.2.840.10008.5.1.4.1.1.7"
        assert ds.SourceImageSequence[0].ReferencedSOPInstanceUID.startswith("2.25.")
        assert str(ds.PatientName) == "" and ds.PatientID == ""
    png_items = json.loads((runs["png"] / "maskmedpaint.json").read_text())["items"]
    ct_png = np.asarray(Image.open(runs["png"] / png_items[0]["output"]))
    assert ct_png.dtype == np.uint16, "16-bit kept"
    png_hu = read_image(runs["png"] / png_items[0]["output"], "modality", png_items[0]["dicom"])
    np.testing.assert_array_equal(png_hu[inner], source_hu[inner])

    # No identifying value of any input in anything the runs wrote (outputs, PNG text chunks,
    # manifests, CSVs, logs) or in the config.
    written = [p for run in runs.values() for p in run.rglob("*") if p.is_file()] + [train / "maskmedpaint.augment.json"]
    assert len(written) >= 14
    for path in written:
        blob = path.read_bytes()
        if path.suffix == ".png":
            blob = _text_of_png(blob) + blob
        for value in data.identifying:
            assert value.encode() not in blob, f"{path.name} contains an identifying value of the inputs"
