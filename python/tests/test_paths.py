"""Every path a manifest names is confined (python/src/maskmedpaint/_paths.py): read_manifest,
AugmentedDataset and show refuse absolute paths, ``..`` escapes, links out of the run folder or
the input folders, and pipes, naming the item and the field, and never block on a pipe."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from manifest_fixture import write_manifest
from pipe_guard import make_fifo, run_guarded
from tiny_sd import write_images

import maskmedpaint
from maskmedpaint import ManifestError, read_manifest, show
from maskmedpaint._paths import open_regular_file
from maskmedpaint.manifest import load_manifest

FIELDS = ("source", "mask", "target", "targetMask", "output")
# The folder (relative to the run folder) that each field's files live in.
HOME = {"source": "source", "mask": "masks", "target": "target", "targetMask": "target-masks", "output": "out"}


def _run(tmp_path: Path) -> Path:
    """The fixture's run plus mask, target and target-mask folders recorded in inputs, and outside/secret.png."""
    path = write_manifest(tmp_path / "run")
    data = json.loads(path.read_text())
    data["inputs"].update({"masks": "masks", "target": "target", "targetMasks": "target-masks"})
    for field in ("mask", "target", "targetMask"):
        write_images(tmp_path / "run" / HOME[field], 1, seed=5, tint=(1, 2, 3), size=8)
        data["items"][0][field] = f"{HOME[field]}/img000.png"
    path.write_text(json.dumps(data))
    write_images(tmp_path / "outside", 1, seed=6, tint=(9, 9, 9), size=8)
    return path


def _edit(path: Path, field: str, value: str, index: int = 0) -> None:
    data = json.loads(path.read_text())
    data["items"][index][field] = value
    path.write_text(json.dumps(data))


def _plant(tmp_path: Path, field: str, escape: str) -> str:
    """Put what the escape needs on disk; return the value the hand-edited manifest holds."""
    run = tmp_path / "run"
    secret = tmp_path / "outside" / "img000.png"
    if escape == "absolute":
        return str(secret)
    if escape == "dotdot":
        return "../outside/img000.png"
    if escape == "file link in the run folder":
        (run / "evil.png").symlink_to(secret)
        return "evil.png"
    if escape == "folder link in the field's folder":
        (run / HOME[field] / "linked").symlink_to(tmp_path / "outside")
        return f"{HOME[field]}/linked/img000.png"
    if escape == "pipe":
        make_fifo(run / HOME[field] / "pipe.png")
        return f"{HOME[field]}/pipe.png"
    assert escape == "folder"
    (run / HOME[field] / "dir.png").mkdir()
    return f"{HOME[field]}/dir.png"


ESCAPES = ("absolute", "dotdot", "file link in the run folder", "folder link in the field's folder", "pipe", "folder")


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("escape", ESCAPES)
def test_every_escape_is_refused_for_every_field(tmp_path, field, escape):
    path = _run(tmp_path)
    value = _plant(tmp_path, field, escape)
    if escape == "file link in the run folder" and field == "output":
        value = "evil.png"  # the run folder is the output's own folder
    _edit(path, field, value)
    pipes = [tmp_path / "run" / HOME[field] / "pipe.png"] if escape == "pipe" else []

    def confine():
        # Loading already refuses some escapes (absolute paths); either way the error names item and field.
        loaded = load_manifest(path)
        return loaded.confined(loaded.items[0], field)

    result, error, released = run_guarded(pipes, confine)
    assert not released, "blocked on the pipe"
    assert isinstance(error, ManifestError), f"accepted {value!r} as {result}"
    assert "(item 'img0__0')" in str(error) and f"field {field!r}" in str(error)


def test_the_reasons_say_what_was_wrong(tmp_path):
    path = _run(tmp_path)
    loaded = load_manifest(path)
    item = dict(loaded.items[0])

    def reason(field: str, value: str) -> str:
        with pytest.raises(ManifestError) as caught:
            loaded.confined({**item, field: value}, field)
        return str(caught.value)

    assert "is an absolute path" in reason("output", "C:/x.png")
    assert "outside the run folder" in reason("output", "../outside/img000.png")
    assert "outside the source folder" in reason("source", "out/img000.png")
    make_fifo(tmp_path / "run" / "out" / "pipe.png")
    assert "is a named pipe (FIFO), not a regular file" in reason("output", "out/pipe.png")
    # Files that do not exist are judged by where they would be (read_manifest lists paths).
    assert loaded.confined({**item, "output": "out/later.png"}, "output") == (tmp_path / "run" / "out" / "later.png").resolve()


def test_read_manifest_refuses_a_linked_output_and_lists_clean_ones(tmp_path):
    path = _run(tmp_path)
    frame = read_manifest(path)
    assert Path(str(frame.loc[0, "mask"])) == (tmp_path / "run" / "masks" / "img000.png").resolve()
    (tmp_path / "run" / "out" / "img001.png").unlink()
    (tmp_path / "run" / "out" / "img001.png").symlink_to(tmp_path / "outside" / "img000.png")
    with pytest.raises(ManifestError, match=r"item 'img1__0'.*field 'output': 'out/img001.png' resolves to .* outside the run folder"):
        read_manifest(path)


def test_augmented_dataset_refuses_escapes_and_never_blocks_on_a_pipe(tmp_path):
    path = _run(tmp_path)
    _edit(path, "output", "../outside/img000.png")
    with pytest.raises(ManifestError, match=r"item 'img0__0'.*field 'output'"):
        maskmedpaint.AugmentedDataset(path)
    path = _run(tmp_path / "second")
    dataset = maskmedpaint.AugmentedDataset(path)
    # A pipe swapped in after the dataset was built is refused when read, not waited on.
    output = dataset.items[0][1]
    output.unlink()
    make_fifo(output)
    _, error, released = run_guarded([output], lambda: dataset[0])
    assert not released, "blocked on the pipe"
    assert isinstance(error, ManifestError) and "named pipe" in str(error) and "img0__0" in str(error)


def test_show_refuses_escapes_and_its_thumbnails_never_block(tmp_path):
    path = _run(tmp_path)
    _edit(path, "output", "../outside/img000.png", index=1)
    with pytest.raises(ManifestError, match=r"item 'img1__0'.*field 'output'"):
        show(path)
    folder = tmp_path / "images"
    write_images(folder, 1, seed=7, tint=(5, 5, 5), size=8)
    pipe = make_fifo(folder / "pipe.png")
    gallery = show(folder)
    gallery.entries.append(type(gallery.entries[0])(image=pipe))
    html, error, released = run_guarded([pipe], gallery._repr_html_)
    assert not released and error is None
    assert "pipe.png (unreadable)" in html


def test_open_regular_file_refuses_pipes_and_folders(tmp_path):
    pipe = make_fifo(tmp_path / "pipe")
    _, error, released = run_guarded([pipe], lambda: open_regular_file(pipe))
    assert not released and isinstance(error, ValueError) and "named pipe" in str(error)
    with pytest.raises(ValueError, match="a folder"):
        open_regular_file(tmp_path)
    (tmp_path / "file.bin").write_bytes(b"abc")
    with open_regular_file(tmp_path / "file.bin") as handle:
        assert handle.read() == b"abc"
