"""Writes the JupyterLab tier's notebook: saved outputs made by ``maskmedpaint.show`` (no kernel needed
to display them). Run with the notebook's folder as the working folder, as a kernel would be.

Usage: python make_notebook.py NOTEBOOK RUN_FOLDER IMAGE_FOLDER
"""

from __future__ import annotations

import sys
from typing import Any

import nbformat

import maskmedpaint
from maskmedpaint.display import GALLERY_MIME


def displayed(cell_source: str, shown: Any) -> nbformat.NotebookNode:
    """A code cell whose saved output is what displaying ``shown`` produced."""
    cell = nbformat.v4.new_code_cell(cell_source)
    bundle = shown._repr_mimebundle_()
    cell.outputs = [nbformat.v4.new_output("display_data", data=bundle)]
    return cell


def main() -> None:
    notebook_path, run, images = sys.argv[1:4]
    cells = [
        displayed(f"maskmedpaint.show({run!r}, page_size=4)", maskmedpaint.show(run, page_size=4)),
        displayed(f"maskmedpaint.show({run!r}, usable_only=True)", maskmedpaint.show(run, usable_only=True)),
        displayed(f"maskmedpaint.show({images!r})", maskmedpaint.show(images)),
    ]
    # A hand-made output naming a manifest outside the server's root: the renderer must refuse it.
    outside = nbformat.v4.new_code_cell("# an output that names a manifest outside the server root")
    payload = {"version": 1, "title": "outside", "manifest": "../../outside/maskmedpaint.json"}
    outside.outputs = [nbformat.v4.new_output("display_data", data={GALLERY_MIME: payload})]
    cells.append(outside)
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(notebook, notebook_path)


if __name__ == "__main__":
    main()
