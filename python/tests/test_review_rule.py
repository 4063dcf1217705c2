"""The rule for what training may use, through every Python consumer, on the shared review fixture
(test/fixtures/review/cases.json): read_manifest, AugmentedDataset, show() and what it sends to the
VS Code renderer, and both loaders of the snippet "Write Augmentation Config" generates."""

from __future__ import annotations

import json
import runpy
import subprocess
import warnings
from pathlib import Path

import pytest
from review_cases import EARLIER_SHA256, EXPECTED, REPO, build_review_case_run, expected_usable

import maskmedpaint
from maskmedpaint import UnreviewedImagesWarning, read_manifest, show
from maskmedpaint.manifest import load_manifest

POLICIES = [True, False, None]  # None: a manifest written before requireReview existed


def node_script(script: str) -> str:
    result = subprocess.run(["node", "--import", "tsx", "-e", script], cwd=REPO, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.fixture(scope="module")
def ts_recipe() -> dict:
    """A complete recipe as the TypeScript side resolves it, for manifests TypeScript code reads too."""
    script = "const { resolveRecipe } = require('./src/core/recipe/resolveRecipe.ts'); console.log(JSON.stringify(resolveRecipe('custom', { engine: 'composite' })));"
    return json.loads(node_script(script))


def test_the_journal_is_folded_into_what_every_reader_sees(tmp_path):
    loaded = load_manifest(build_review_case_run(tmp_path, True))
    assert {item["id"]: item["status"] for item in loaded.items} == EXPECTED["statuses"]
    by_id = {item["id"]: item for item in loaded.items}
    for item_id, who in EXPECTED["decidedBy"].items():
        assert by_id[item_id]["review"]["decidedBy"] == who
    for item_id, status in EXPECTED["staleDecisions"].items():
        assert by_id[item_id]["review"]["staleDecision"] == {"status": status, "sha256": EARLIER_SHA256}
    assert by_id["approvedThenRejected__0"]["review"]["note"] == "ruler still visible"
    assert [decision["id"] for decision in loaded.decisions.unknown] == EXPECTED["unknownDecisions"]
    assert len(loaded.decisions.malformed) == EXPECTED["malformedLines"]


@pytest.mark.parametrize("policy", POLICIES)
def test_read_manifest_marks_and_filters_usable_rows(tmp_path, policy):
    path = build_review_case_run(tmp_path, policy)
    require_review = True if policy is None else policy
    frame = read_manifest(path)
    assert dict(zip(frame["id"], frame["status"], strict=True)) == EXPECTED["statuses"]
    assert [i for i, usable in zip(frame["id"], frame["usable"], strict=True) if usable] == expected_usable(require_review)
    assert frame.attrs["require_review"] is require_review
    assert dict(zip(frame["id"], frame["decidedBy"], strict=True))["pendingThenApproved__0"] == "github:octocat"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        usable = read_manifest(path, usable_only=True)
    assert list(usable["id"]) == expected_usable(require_review)
    # Review required leaves the pending images out: said, never silently.
    messages = [str(w.message) for w in caught if issubclass(w.category, UnreviewedImagesWarning)]
    if require_review:
        assert len(messages) == 1 and "2 pending image(s) are left out until reviewed" in messages[0]
        assert "require_review=False" in messages[0] and "maskmedpaint review" in messages[0]
    else:
        assert messages == []
    # The caller may override the run's policy either way.
    assert list(read_manifest(path, usable_only=True, require_review=False)["id"]) == expected_usable(False)


@pytest.mark.parametrize("policy", POLICIES)
def test_augmented_dataset_yields_exactly_the_usable_images(tmp_path, policy):
    path = build_review_case_run(tmp_path, policy)
    require_review = True if policy is None else policy
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        dataset = maskmedpaint.AugmentedDataset(path)
    assert [item_id for item_id, _, _ in dataset.items] == expected_usable(require_review)
    assert any(issubclass(w.category, UnreviewedImagesWarning) for w in caught) == require_review
    image, label = dataset[0]
    assert image.size == (4, 4) and label == dataset.class_to_idx["benign"]
    opted_out = maskmedpaint.AugmentedDataset(path, require_review=False)
    assert [item_id for item_id, _, _ in opted_out.items] == expected_usable(False)
    with pytest.warns(UnreviewedImagesWarning):
        strict = maskmedpaint.AugmentedDataset(path, approved_only=True)  # the older name
    assert [item_id for item_id, _, _ in strict.items] == expected_usable(True)
    with pytest.raises(ValueError, match="older name"):
        maskmedpaint.AugmentedDataset(path, approved_only=True, require_review=False)


def test_a_run_nobody_reviewed_gives_no_images_and_says_how_to_review(tmp_path):
    path = build_review_case_run(tmp_path, None)
    (path.parent / ".maskmedpaint-decisions.jsonl").unlink()
    data = json.loads(path.read_text())
    for item in data["items"]:
        if item["status"] == "approved":
            item["status"] = "pending"
    path.write_text(json.dumps(data))
    with pytest.warns(UnreviewedImagesWarning, match="no generated image is usable for training: 5 of 7 await review") as caught:
        dataset = maskmedpaint.AugmentedDataset(path)
    assert len(dataset) == 0
    assert "Review Augmentations" in str(caught[0].message)


@pytest.mark.parametrize("policy", [True, False])
def test_show_usable_only_matches_the_vscode_renderer(tmp_path, policy, ts_recipe):
    build_review_case_run(tmp_path, policy, ts_recipe)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnreviewedImagesWarning)
        gallery = show(tmp_path / "run", usable_only=True)
    assert [entry.id for entry in gallery.entries] == expected_usable(policy)
    payload = gallery.payload()
    assert payload["filter"] == {"usable": True}
    # The renderer's host parses the payload and filters the (journal-folded) manifest itself.
    script = (
        "const { parseGalleryPayload } = require('./src/shared/rendererProtocol.ts');"
        "const { readManifest } = require('./src/core/jobs/manifestStore.ts');"
        "const { filterManifestItems } = require('./src/shared/rendererPage.ts');"
        "const { runRequiresReview } = require('./src/shared/usable.ts');"
        f"const parsed = parseGalleryPayload({json.dumps(payload)});"
        "readManifest(parsed.payload.manifest).then((m) => console.log(JSON.stringify("
        "filterManifestItems(m.items, parsed.payload.filter, runRequiresReview(m)).map((i) => i.id))));"
    )
    assert json.loads(node_script(script)) == expected_usable(policy)
    assert "usable" not in (show(tmp_path / "run").payload().get("filter") or {})


def test_loader_snippet_loaders_give_the_usable_images(tmp_path, ts_recipe):
    """Both loaders of the generated snippet, the pandas one folding the journal itself."""
    manifest_path = build_review_case_run(tmp_path, True, ts_recipe)
    folders = {policy: tmp_path / f"training-{policy}" for policy in (True, False)}
    for folder in folders.values():
        folder.mkdir()
    script = (
        "const fs = require('fs'); const path = require('path');"
        "const { readManifest } = require('./src/core/jobs/manifestStore.ts');"
        "const { stableStringify } = require('./src/core/util/stableJson.ts');"
        "const content = require('./src/extension/config/augmentConfigContent.ts');"
        "const { buildLoaderSnippet } = require('./src/extension/config/loaderSnippet.ts');"
        f"const manifestPath = {json.dumps(str(manifest_path))};"
        f"const folders = {json.dumps({str(k).lower(): str(v) for k, v in folders.items()})};"
        "readManifest(manifestPath).then((m) => { for (const [policy, dir] of Object.entries(folders)) {"
        "const config = content.buildAugmentConfig(m, manifestPath, path.join(dir, 'train.py'), policy === 'true');"
        "fs.writeFileSync(path.join(dir, content.AUGMENT_CONFIG_FILE), stableStringify(config));"
        "fs.writeFileSync(path.join(dir, content.AUGMENT_SNIPPET_FILE), buildLoaderSnippet()); } });"
    )
    node_script(script)
    for policy, folder in folders.items():
        snippet = runpy.run_path(str(folder / "maskmedpaint_augment_snippet.py"))
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            rows = snippet["augmented_rows"]()
            dataset = snippet["augmented_dataset"]()
        assert list(rows["id"]) == expected_usable(policy), policy
        assert all(Path(output).is_file() for output in rows["output"])
        assert [item_id for item_id, _, _ in dataset.items] == expected_usable(policy)
        # Review required: both loaders say that pending images were left out.
        left_out = [str(w.message) for w in caught if "pending image(s)" in str(w.message)]
        assert len(left_out) == (2 if policy else 0), left_out


def test_a_journal_that_is_not_a_regular_file_is_a_clear_error(tmp_path):
    import os

    path = build_review_case_run(tmp_path, True)
    journal = path.parent / ".maskmedpaint-decisions.jsonl"
    journal.unlink()
    if hasattr(os, "mkfifo"):
        os.mkfifo(journal)  # reading a FIFO would block forever
    else:  # pragma: no cover - Windows
        journal.mkdir()
    with pytest.raises(maskmedpaint.ManifestError, match=r"cannot read its review decisions journal .*not a regular file"):
        read_manifest(path)
