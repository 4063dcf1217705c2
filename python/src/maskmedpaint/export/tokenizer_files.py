"""Making sure a tokenizer folder has the BPE files (vocab.json, merges.txt) ONNX consumers read."""

from __future__ import annotations

import json
from pathlib import Path


def ensure_vocab_files(tokenizer_folder: Path) -> None:
    """Derive vocab.json and merges.txt from tokenizer.json when they are missing."""
    vocab_path, merges_path = tokenizer_folder / "vocab.json", tokenizer_folder / "merges.txt"
    if vocab_path.is_file() and merges_path.is_file():
        return
    fast = tokenizer_folder / "tokenizer.json"
    if not fast.is_file():
        raise FileNotFoundError(f"{tokenizer_folder} has neither vocab.json/merges.txt nor tokenizer.json")
    model = json.loads(fast.read_text(encoding="utf-8"))["model"]
    if model.get("type") != "BPE":
        raise ValueError(f"{fast} holds a {model.get('type')} tokenizer; a CLIP BPE tokenizer is expected")
    if not vocab_path.is_file():
        vocab_path.write_text(json.dumps(model["vocab"], ensure_ascii=False), encoding="utf-8")
    if not merges_path.is_file():
        # tokenizers writes merges either as "a b" strings or as ["a", "b"] pairs depending on its version.
        lines = [merge if isinstance(merge, str) else " ".join(merge) for merge in model.get("merges", [])]
        merges_path.write_text("#version: 0.2\n" + "".join(line + "\n" for line in lines), encoding="utf-8")
