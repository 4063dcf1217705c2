/**
 * The Python snippet "Write Augmentation Config" puts beside the training file. Both of its
 * loaders apply the rule of shared/usable.ts with the config's `requireReview`: the toolkit one
 * through `AugmentedDataset`, the pandas one by itself (it must work without the toolkit), reading
 * the decisions journal beside the manifest so that a decision made after augmented.csv was last
 * written still holds. Both warn, never silently return nothing or leave out unreviewed images.
 */
import { DECISIONS_FILE_NAME } from '../../shared/manifest';
import { AUGMENT_CONFIG_FILE } from './augmentConfigContent';

/** The Python snippet written to AUGMENT_SNIPPET_FILE. */
export function buildLoaderSnippet(): string {
  return `"""Load the MaskMedPaint augmentation described by ${AUGMENT_CONFIG_FILE} (written by VS Code).

Append the generated images to the real training set (a plain concatenation), as the method does.
Only images usable for training are loaded: approved ones, and when "requireReview" is false in
${AUGMENT_CONFIG_FILE} also those nobody has reviewed yet. Rejected and failed images never.
"""
import json
import warnings
from pathlib import Path

# Beside this file when run as a script; the working folder in a notebook.
_HERE = Path(__file__).parent if "__file__" in globals() else Path.cwd()
CONFIG = json.loads((_HERE / "${AUGMENT_CONFIG_FILE}").read_text(encoding="utf-8"))
MANIFEST = (_HERE / CONFIG["manifest"]).resolve()
# Configs written by older versions said "approvedOnly".
REQUIRE_REVIEW = bool(CONFIG.get("requireReview", CONFIG.get("approvedOnly", True)))
_HOW_TO = (
    "Review them in VS Code (MaskMedPaint: Review Augmentations) or with "
    f'"maskmedpaint review {MANIFEST.parent} --approve ID ..."; or set "requireReview": false in '
    "${AUGMENT_CONFIG_FILE} to let training use unreviewed images."
)


def augmented_dataset(transform=None, label_to_index=None):
    """The usable generated images as a PyTorch Dataset of (image, label), via the MaskMedPaint toolkit."""
    from maskmedpaint import AugmentedDataset  # pip install maskmedpaint (python/ in the repository)

    return AugmentedDataset(
        MANIFEST, require_review=REQUIRE_REVIEW, transform=transform, label_to_index=label_to_index
    )


def _latest_decisions():
    """The last review decision per item id in the run's decisions journal: (status, sha256)."""
    journal = MANIFEST.parent / "${DECISIONS_FILE_NAME}"
    latest = {}
    if not journal.is_file():
        return latest
    # A last line without its newline is still being written; it counts once complete.
    for line in journal.read_text(encoding="utf-8").split("\\n")[:-1]:
        try:
            decision = json.loads(line)
        except ValueError:
            continue
        if (
            isinstance(decision, dict)
            and isinstance(decision.get("id"), str)
            and decision.get("status") in ("pending", "approved", "rejected")
            and isinstance(decision.get("sha256"), str)
        ):
            latest[decision["id"]] = (decision["status"], decision["sha256"])
    return latest


def augmented_rows():
    """The same images without the toolkit: pandas rows (output, label, source, status, ...)."""
    import pandas as pd

    csv_path = (_HERE / CONFIG["csv"]).resolve()
    rows = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    if "id" in rows.columns and "sha256" in rows.columns:
        latest = _latest_decisions()
        statuses = []
        for item_id, sha256, status in zip(rows["id"], rows["sha256"], rows["status"]):
            decided = latest.get(item_id)
            # A decision made on an earlier image of the item does not cover the current one.
            statuses.append(status if decided is None else decided[0] if decided[1] == sha256 else "pending")
        rows = rows.assign(status=statuses)
    else:
        warnings.warn(f"{csv_path} was written by an older MaskMedPaint: decisions made since are not seen", stacklevel=2)
    usable = (rows["status"] == "approved") | ((rows["status"] == "pending") & (not REQUIRE_REVIEW))
    counts = rows["status"].value_counts()
    pending = int(counts.get("pending", 0)) if REQUIRE_REVIEW else 0
    summary = (
        f"{int(counts.get('approved', 0))} approved, {int(counts.get('pending', 0))} pending, "
        f"{int(counts.get('rejected', 0))} rejected"
    )
    if not usable.any():
        warnings.warn(f"no generated image of {MANIFEST} is usable for training ({summary}). {_HOW_TO if pending else ''}".strip(), stacklevel=2)
    elif pending:
        warnings.warn(f"{pending} pending image(s) of {MANIFEST} are left out until reviewed ({summary}). {_HOW_TO}", stacklevel=2)
    rows = rows[usable]
    # Paths in augmented.csv are relative to the manifest's folder.
    rows = rows.assign(output=[str(MANIFEST.parent / p) for p in rows["output"]])
    return rows.reset_index(drop=True)


# Example (PyTorch):
#   from torch.utils.data import ConcatDataset
#   train_set = ConcatDataset([train_set, augmented_dataset(transform=train_transform)])
`;
}
