"""read_manifest, show() and AugmentedDataset on a hand-written manifest, and the import-light top level."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, ClassVar

import pytest
from manifest_fixture import write_manifest

import maskmedpaint
from maskmedpaint import ManifestError, read_manifest, show

GALLERY_MIME = "application/vnd.maskmedpaint.gallery+json"


def test_import_does_not_load_torch():
    code = "import sys, maskmedpaint; maskmedpaint.show; maskmedpaint.read_manifest; print('torch' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_read_manifest_resolves_paths_relative_to_the_manifest(tmp_path):
    path = write_manifest(tmp_path / "run")
    frame = read_manifest(tmp_path / "run")  # the folder works as well as the file
    assert list(frame["status"]) == ["approved", "pending", "rejected", "failed"]
    assert Path(str(frame.loc[0, "output"])) == (tmp_path / "run" / "out" / "img000.png").resolve()
    assert Path(str(frame.loc[0, "output"])).is_file()
    assert frame["output"].isna()[3] and frame.loc[3, "error"] == "decoder failed"
    assert frame.attrs["manifest_path"] == str(path.resolve())


@pytest.mark.parametrize(
    ("override", "message", "item_id"),
    [
        ({"schemaVersion": 2}, "unsupported schemaVersion 2", None),
        ({"items": "nope"}, "/items: 'nope' is not of type 'array'", None),
        ("approved_without_output", "/items/0/output: None is not of type 'string'", "img0__0"),
        ("absolute_path", "field 'source': '/etc/passwd' is an absolute path", "img1__0"),
        ("duplicate", "duplicate item id", "img0__0"),
        ({"recipe": {"engine": "composite"}}, "/recipe: 'preset' is a required property", None),
        ("unknown_status", "/items/2/status: 'maybe' is not one of", "img2__0"),
    ],
)
def test_read_manifest_errors_name_manifest_and_item(tmp_path, override, message, item_id):
    path = write_manifest(tmp_path)
    data = json.loads(path.read_text())
    if isinstance(override, dict):
        data.update(override)
    elif override == "approved_without_output":
        data["items"][0]["output"] = None
    elif override == "absolute_path":
        data["items"][1]["source"] = "/etc/passwd"
    elif override == "unknown_status":
        data["items"][2]["status"] = "maybe"
    else:
        data["items"].append(dict(data["items"][0]))
    path.write_text(json.dumps(data))
    with pytest.raises(ManifestError) as caught:
        read_manifest(path)
    text = str(caught.value)
    assert str(path.resolve()) in text and message in text
    if item_id:
        assert repr(item_id) in text


def test_show_manifest_bundle(tmp_path, monkeypatch):
    path = write_manifest(tmp_path)
    monkeypatch.chdir(tmp_path)
    bundle = show(path, status="approved")._repr_mimebundle_()
    assert set(bundle) == {GALLERY_MIME, "text/html", "text/plain"}
    assert bundle[GALLERY_MIME] == {"version": 1, "title": tmp_path.name, "manifest": "maskmedpaint.json", "filter": {"status": ["approved"]}}
    assert "1 approved" in bundle["text/plain"]
    assert bundle["text/html"].count("<img ") == 1 and "data:image/jpeg;base64," in bundle["text/html"]
    everything = show(tmp_path)._repr_mimebundle_()
    assert GALLERY_MIME in everything and "filter" not in everything[GALLERY_MIME]
    # Labels are escaped in the HTML fallback (they come from folder names).
    assert "malignant &lt;b&gt;" in everything["text/html"] and "malignant <b>" not in everything["text/html"]


def test_show_plain_folder_lists_images_inline(tmp_path, monkeypatch):
    write_manifest(tmp_path / "run")
    folder = tmp_path / "run" / "out"
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    monkeypatch.chdir(notebooks)
    payload = show(folder)._repr_mimebundle_()[GALLERY_MIME]
    # Relative to the notebook's folder (the kernel's working folder), as manifests are.
    assert payload["folder"] == "../run/out" and "manifest" not in payload
    assert [item["source"] for item in payload["items"]] == [f"../run/out/img00{i}.png" for i in range(3)]
    assert all((notebooks / item["source"]).resolve() == (folder / item["id"]).resolve() for item in payload["items"])
    with pytest.raises(ValueError, match="needs a manifest"):
        show(folder, status="approved")
    with pytest.raises(FileNotFoundError):
        show(tmp_path / "missing")


def test_show_page_size_sets_the_renderer_page(tmp_path):
    path = write_manifest(tmp_path)
    payload = show(path, status="approved", page_size=2)._repr_mimebundle_()[GALLERY_MIME]
    assert payload["filter"] == {"status": ["approved"], "limit": 2}
    inline = show(tmp_path / "out", page_size=5)._repr_mimebundle_()[GALLERY_MIME]
    assert inline["filter"] == {"limit": 5} and len(inline["items"]) == 3
    bad_sizes: list[Any] = [0, -3, 2.5, True, "10"]
    for bad in bad_sizes:
        with pytest.raises(ValueError, match="page_size must be a positive whole number"):
            show(path, page_size=bad)


def test_augmented_dataset_and_concat(tmp_path):
    import torch

    path = write_manifest(tmp_path)
    # The fixture's run records no requireReview, so review is required and the pending image left out.
    with pytest.warns(maskmedpaint.UnreviewedImagesWarning, match="1 pending image"):
        approved = maskmedpaint.AugmentedDataset(path)
    assert len(approved) == 1
    image, label = approved[0]
    assert image.size == (16, 16) and image.mode == "RGB" and label == approved.class_to_idx["benign"]
    with_pending = maskmedpaint.AugmentedDataset(path, approved_only=False, transform=lambda im: torch.tensor(im.size))
    assert len(with_pending) == 2 and torch.equal(with_pending[1][0], torch.tensor([16, 16]))
    with pytest.raises(ManifestError, match="img1__0"):
        maskmedpaint.AugmentedDataset(path, approved_only=False, label_to_index={"benign": 0})

    class Original(torch.utils.data.Dataset):
        class_to_idx: ClassVar[dict[str, int]] = {"malignant <b>": 0, "benign": 1}

        def __len__(self):
            return 3

        def __getitem__(self, index):
            return torch.zeros(1), 0

    with pytest.warns(maskmedpaint.UnreviewedImagesWarning):
        combined = maskmedpaint.concat_with(Original(), path)
    assert len(combined) == 4 and combined[3][1] == 1  # the original's index for "benign"
    with pytest.raises(ValueError, match="label_to_index"):
        maskmedpaint.concat_with(Original(), approved)


def test_show_stores_the_manifest_relative_to_the_notebook_folder(tmp_path, monkeypatch):
    path = write_manifest(tmp_path / "data" / "run")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    monkeypatch.chdir(notebooks)
    payload = show(path)._repr_mimebundle_()[GALLERY_MIME]
    assert payload["manifest"] == "../data/run/maskmedpaint.json"
    assert (notebooks / payload["manifest"]).resolve() == path.resolve()
