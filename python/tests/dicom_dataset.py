"""A small chest-X-ray-like DICOM set built from pydicom's own test files (shipped in its wheel,
so nothing is downloaded): labelled sources in several transfer syntaxes, one MONOCHROME1 source
flagged Burned In Annotation, DICOM SEG key-region masks (segments "Lung" and "Heart") that
reference their source images, and DICOM target images. Identifying values of every file are
returned so a test can look for them in everything a run writes."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pydicom
from pydicom.data import get_testdata_file
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.pixels import pack_bits
from pydicom.uid import UID, ExplicitVRLittleEndian, generate_uid

SEG_SOP_CLASS = "1.2.840.10008.5.1.4.1.1.66.4"

# Attributes that identify a patient, a study or a site (PS3.15 Table E.1-1), looked for in outputs.
IDENTIFYING = (
    "PatientName", "PatientID", "PatientBirthDate", "OtherPatientIDs", "AccessionNumber",
    "InstitutionName", "InstitutionAddress", "ReferringPhysicianName", "StudyID",
    "StudyInstanceUID", "SeriesInstanceUID", "SOPInstanceUID", "FrameOfReferenceUID",
    "StationName", "OperatorsName", "PerformingPhysicianName", "StudyDate", "SeriesDate",
    "AcquisitionDate", "ContentDate",
)

SOURCES = {
    # relative path in source/: (pydicom test file, changes)
    "normal/patient_a.dcm": ("CT_small.dcm", {}),
    "normal/patient_b.dcm": ("MR_small_RLE.dcm", {"AccessionNumber": "ACC-77341", "InstitutionName": "St Example Hospital"}),
    "pneumonia/patient_c.dcm": ("MR_small_jpeg_ls_lossless.dcm", {"PatientBirthDate": "19450317"}),
    "pneumonia/patient_d.dcm": (
        "MR_small.dcm",
        {"PhotometricInterpretation": "MONOCHROME1", "BurnedInAnnotation": "YES", "Modality": "CR", "PatientName": "Doe^Jane", "PatientID": "PID-55120"},
    ),
}
TARGETS = {"site_b/t1.dcm": "MR_small_bigendian.dcm", "site_b/t2.dcm": "MR_small_jp2klossless.dcm"}


def pydicom_testdata(name: str) -> str:
    """The path of one of the real DICOM files pydicom's wheel ships."""
    path = get_testdata_file(name)
    assert isinstance(path, str), f"pydicom's test file {name} is missing"
    return path


@dataclass
class DicomSet:
    root: Path
    source: Path
    masks: Path
    target: Path
    identifying: set[str]


def _identifying_values(ds: Dataset) -> set[str]:
    values: set[str] = set()
    for keyword in IDENTIFYING:
        value = ds.get(keyword)
        if value is None:
            continue
        for part in (value if isinstance(value, (list, pydicom.multival.MultiValue)) else [value]):
            text = str(part).strip()
            if len(text) >= 4:
                values.add(text)
    return values


def _ellipse(rows: int, cols: int, cy: float, cx: float, ry: float, rx: float) -> np.ndarray:
    y, x = np.mgrid[0:rows, 0:cols]
    return (((y - cy) / ry) ** 2 + ((x - cx) / rx) ** 2 <= 1).astype(np.uint8)


def make_seg(source: Dataset, path: Path) -> None:
    """A BINARY SEG with segments 1 "Lung" (two ellipses) and 2 "Heart", frames derived from `source`."""
    rows, cols = int(source.Rows), int(source.Columns)
    lungs = _ellipse(rows, cols, rows * 0.5, cols * 0.3, rows * 0.3, cols * 0.14) | _ellipse(
        rows, cols, rows * 0.5, cols * 0.7, rows * 0.3, cols * 0.14
    )
    heart = _ellipse(rows, cols, rows * 0.6, cols * 0.5, rows * 0.15, cols * 0.1)
    seg = Dataset()
    seg.SOPClassUID = SEG_SOP_CLASS
    seg.SOPInstanceUID = generate_uid()
    seg.Modality = "SEG"
    seg.PatientName = source.get("PatientName", "")
    seg.PatientID = source.get("PatientID", "")
    seg.StudyInstanceUID = source.StudyInstanceUID
    seg.SeriesInstanceUID = generate_uid()
    seg.SegmentationType = "BINARY"
    seg.Rows, seg.Columns = rows, cols
    seg.SamplesPerPixel = 1
    seg.PhotometricInterpretation = "MONOCHROME2"
    seg.BitsAllocated = seg.BitsStored = 1
    seg.HighBit = 0
    seg.PixelRepresentation = 0
    seg.NumberOfFrames = 2
    segments = []
    for number, label in ((1, "Lung"), (2, "Heart")):
        item = Dataset()
        item.SegmentNumber = number
        item.SegmentLabel = label
        item.SegmentAlgorithmType = "MANUAL"
        segments.append(item)
    seg.SegmentSequence = segments
    frames = []
    for number in (1, 2):
        group = Dataset()
        ident = Dataset()
        ident.ReferencedSegmentNumber = number
        group.SegmentIdentificationSequence = [ident]
        ref = Dataset()
        ref.ReferencedSOPClassUID = source.SOPClassUID
        ref.ReferencedSOPInstanceUID = source.SOPInstanceUID
        derivation = Dataset()
        derivation.SourceImageSequence = [ref]
        group.DerivationImageSequence = [derivation]
        frames.append(group)
    seg.PerFrameFunctionalGroupsSequence = frames
    seg.PixelData = pack_bits(np.stack([lungs, heart]))
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = UID(SEG_SOP_CLASS)
    meta.MediaStorageSOPInstanceUID = seg.SOPInstanceUID
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    seg.file_meta = meta
    path.parent.mkdir(parents=True, exist_ok=True)
    seg.save_as(path, enforce_file_format=True)


def build_dicom_set(root: Path) -> DicomSet:
    """Writes source/, masks/ (SEG), target/ under `root`."""
    identifying: set[str] = set()
    for rel, (name, changes) in SOURCES.items():
        ds = pydicom.dcmread(pydicom_testdata(name))
        for keyword, value in changes.items():
            setattr(ds, keyword, value)
        # Each source its own instance (the MR files share one SOP Instance UID).
        ds.SOPInstanceUID = generate_uid()
        ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
        out = root / "source" / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        ds.save_as(out, enforce_file_format=True)
        identifying |= _identifying_values(ds)
        make_seg(ds, root / "masks" / rel)
    for rel, name in TARGETS.items():
        out = root / "target" / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(pydicom_testdata(name), out)
        identifying |= _identifying_values(pydicom.dcmread(out))
    return DicomSet(root, root / "source", root / "masks", root / "target", identifying)
