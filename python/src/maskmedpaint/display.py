"""``maskmedpaint.show``: a notebook display object for a manifest or an image folder.

VS Code renders the bundle's ``application/vnd.maskmedpaint.gallery+json`` part with the
extension's notebook renderer (which reads the images through the extension host), JupyterLab with
the renderer extension this package installs (which reads them from the Jupyter server); other
frontends (Colab, nbviewer) fall back to the small self-contained HTML grid. Paths in the payload
are relative to the notebook's folder where possible, so a saved notebook keeps working when the
project moves, and so JupyterLab, which sees only files under its root folder, can find them.
"""

from __future__ import annotations

import base64
import html
import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .manifest import ITEM_STATUSES, MANIFEST_FILE_NAME, load_manifest
from .usable import count_usable, is_usable, warn_if_short

GALLERY_MIME = "application/vnd.maskmedpaint.gallery+json"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".tif", ".tiff", ".bmp")
# The HTML fallback embeds thumbnails as data URIs; keep the notebook file small.
HTML_THUMBNAIL_LIMIT = 24
HTML_THUMBNAIL_PX = 96
# The VS Code renderer accepts at most this many inline items (src/shared/rendererProtocol.ts).
MAX_INLINE_ITEMS = 2000

__all__ = ["GALLERY_MIME", "Gallery", "GalleryEntry", "show"]


@dataclass(frozen=True)
class GalleryEntry:
    """One image shown in the gallery."""

    image: Path
    label: str | None = None
    status: str | None = None
    id: str | None = None


@dataclass
class Gallery:
    """Display object returned by :func:`show`; notebooks call ``_repr_mimebundle_``."""

    title: str
    entries: list[GalleryEntry]
    manifest: str | None = None
    filter: dict[str, Any] | None = None
    folder: str | None = None
    page_size: int | None = None

    def payload(self) -> dict[str, Any]:
        """The JSON the VS Code renderer receives (``GalleryPayload`` in src/shared/rendererProtocol.ts):
        a manifest reference with an optional filter, or inline items for a plain image folder."""
        # The renderer shows one page and loads the next on request; the filter's limit sizes it.
        filters = {**(self.filter or {}), **({"limit": self.page_size} if self.page_size else {})}
        if self.manifest is not None:
            data: dict[str, Any] = {"version": 1, "title": self.title, "manifest": self.manifest}
            if filters:
                data["filter"] = filters
            return data
        items = []
        for entry in self.entries[:MAX_INLINE_ITEMS]:
            item: dict[str, Any] = {"id": entry.id or entry.image.name, "source": _notebook_path(entry.image)}
            if entry.label is not None:
                item["label"] = entry.label
            items.append(item)
        data = {"version": 1, "title": self.title, "folder": self.folder, "items": items, "total": len(self.entries)}
        if filters:
            data["filter"] = filters
        return data

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {GALLERY_MIME: self.payload(), "text/html": self._repr_html_(), "text/plain": repr(self)}

    def _repr_html_(self) -> str:
        shown = self.entries[:HTML_THUMBNAIL_LIMIT]
        cells = "".join(_html_cell(entry) for entry in shown)
        more = len(self.entries) - len(shown)
        footer = f"<div>… and {more} more (open in VS Code for the full gallery)</div>" if more > 0 else ""
        return (
            f'<div class="maskmedpaint-gallery"><div><strong>{html.escape(self.title)}</strong> '
            f"({len(self.entries)} images)</div>"
            f'<div style="display:flex;flex-wrap:wrap;gap:4px">{cells}</div>{footer}</div>'
        )

    def __repr__(self) -> str:
        counts: dict[str, int] = {}
        for entry in self.entries:
            key = entry.status or "image"
            counts[key] = counts.get(key, 0) + 1
        summary = ", ".join(f"{count} {name}" for name, count in sorted(counts.items())) or "no images"
        return f"MaskMedPaint gallery: {self.title} ({summary})"


def show(
    manifest_or_folder: str | os.PathLike[str],
    status: str | list[str] | None = None,
    label: str | None = None,
    usable_only: bool = False,
    page_size: int | None = None,
) -> Gallery:
    """Show a MaskMedPaint manifest (file or output folder) or a folder of images in a notebook.

    ``status`` and ``label`` filter the items shown (e.g. ``status="approved"``); statuses include
    review decisions not yet written into the manifest. ``usable_only=True`` shows exactly the
    images training may use (``maskmedpaint.usable``, with the run's review policy; the VS Code
    renderer applies the same rule) and warns when that is nothing or leaves out unreviewed
    images. ``page_size`` is how many items the VS Code renderer shows at first and adds with each
    "Show more" (24 when unset, at most 200). Return the object as a cell's last expression, or
    pass it to ``IPython.display.display``.
    """
    if page_size is not None and (isinstance(page_size, bool) or not isinstance(page_size, int) or page_size < 1):
        raise ValueError(f"page_size must be a positive whole number, not {page_size!r}")
    target = Path(manifest_or_folder).expanduser()
    statuses = [status] if isinstance(status, str) else list(status) if status else None
    for value in statuses or []:
        if value not in ITEM_STATUSES:
            raise ValueError(f"unknown status filter {value!r} (expected one of {', '.join(ITEM_STATUSES)})")
    if target.is_file() or (target / MANIFEST_FILE_NAME).is_file():
        gallery = _manifest_gallery(target, statuses, label, usable_only)
    elif target.is_dir():
        if statuses or usable_only:
            raise ValueError(f"{target} has no {MANIFEST_FILE_NAME}: a status or usable_only filter needs a manifest")
        gallery = _folder_gallery(target, label)
    else:
        raise FileNotFoundError(f"Nothing to show at {target}: pass a manifest file, an output folder or an image folder")
    gallery.page_size = page_size
    return gallery


def _manifest_gallery(target: Path, statuses: list[str] | None, label: str | None, usable_only: bool) -> Gallery:
    loaded = load_manifest(target)
    if usable_only:
        counts = count_usable((item["status"] for item in loaded.items), loaded.require_review)
        warn_if_short(counts, loaded.require_review, loaded.path, stacklevel=4)
    entries = []
    for item in loaded.items:
        if usable_only and not is_usable(item["status"], loaded.require_review):
            continue
        if statuses and item["status"] not in statuses:
            continue
        if label is not None and item["label"] != label:
            continue
        image = loaded.confined(item, "output") or loaded.confined(item, "source")
        assert image is not None
        entries.append(GalleryEntry(image=image, label=item["label"], status=item["status"], id=item["id"]))
    filters: dict[str, Any] = {}
    if usable_only:
        filters["usable"] = True
    if statuses:
        filters["status"] = statuses
    if label is not None:
        filters["labels"] = [label]
    return Gallery(title=loaded.folder.name, entries=entries, manifest=_notebook_path(loaded.path), filter=filters or None)


def _notebook_path(path: Path) -> str:
    """``path`` (a manifest, an image or a folder) relative to the notebook's folder (the kernel's working folder) when the two share a
    folder below the file system root, so a saved notebook keeps working when the project moves or is
    opened by a colleague; absolute otherwise (another drive, or nothing in common)."""
    absolute = path.resolve()
    here = Path.cwd().resolve()
    try:
        common = Path(os.path.commonpath([absolute, here]))
        relative = os.path.relpath(absolute, here)
    except ValueError:  # another drive on Windows
        return str(absolute)
    if common == Path(common.anchor):
        return str(absolute)
    return Path(relative).as_posix()


def _folder_gallery(folder: Path, label: str | None) -> Gallery:
    entries = []
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in IMAGE_SUFFIXES or not path.is_file():
            continue
        # A class-subfolder layout gives each image its folder name as label.
        item_label = path.parent.name if path.parent != folder else None
        if label is not None and item_label != label:
            continue
        entries.append(GalleryEntry(image=path.resolve(), label=item_label))
    return Gallery(title=folder.resolve().name, entries=entries, folder=_notebook_path(folder), filter={"labels": [label]} if label else None)


def _html_cell(entry: GalleryEntry) -> str:
    caption = " · ".join(html.escape(part) for part in (entry.label, entry.status) if part)
    source = _thumbnail_data_uri(entry.image)
    body = (
        f'<img src="{source}" alt="{html.escape(entry.image.name)}" style="max-width:{HTML_THUMBNAIL_PX}px;max-height:{HTML_THUMBNAIL_PX}px">'
        if source
        else f"<div>{html.escape(entry.image.name)} (unreadable)</div>"
    )
    return f'<figure style="margin:0;text-align:center;font-size:11px">{body}<figcaption>{caption}</figcaption></figure>'


def _thumbnail_data_uri(path: Path) -> str | None:
    """A small JPEG thumbnail as a data URI, or None when the image cannot be read."""
    from ._images import open_rgb

    try:
        image = open_rgb(path)  # 16-bit images rescaled, not clipped to white; regular files only
        image.thumbnail((HTML_THUMBNAIL_PX, HTML_THUMBNAIL_PX))
        buffer = io.BytesIO()
        image.save(buffer, format="JPEG", quality=80)
    except (OSError, ValueError):
        return None
    return "data:image/jpeg;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
