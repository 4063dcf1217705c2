"""Writes the seam benchmark's real-photograph scenes: real photos bundled with scikit-image
(skimage.data: no download), each with a hand-placed irregular key-region mask and a target
photo. Masks cut through real texture, as a loose user mask would.

Usage: python real_scenes.py OUT_DIR
Writes OUT_DIR/<scene>/{source,mask,target}.png (the target at its own size; the benchmark fits
it to the source as the engine does).
"""
import sys
from pathlib import Path

import numpy as np
from PIL import Image
from skimage import data

# name: (source, target, mask centre x/y and radius as fractions of the source's width/height/short side)
SCENES = {
    "cat-on-coffee": (lambda: data.chelsea(), lambda: data.coffee(), (0.45, 0.42, 0.26)),
    "astronaut-on-rocket": (lambda: data.astronaut(), lambda: data.rocket(), (0.44, 0.30, 0.17)),
    "coffee-on-cat": (lambda: data.coffee(), lambda: data.chelsea(), (0.38, 0.38, 0.22)),
    "ihc-on-ihc": (lambda: data.immunohistochemistry()[:320, :320], lambda: data.immunohistochemistry()[192:, 192:], (0.5, 0.5, 0.22)),
    "retina-on-retina": (lambda: _retina(False), lambda: _retina(True), (0.5, 0.5, 0.2)),
    "camera-on-gravel-grey": (lambda: data.camera(), lambda: data.gravel(), (0.45, 0.33, 0.15)),
}


def _retina(flipped: bool) -> np.ndarray:
    """The fundus photograph at 512 px; the target is the same eye mirrored and shifted."""
    image = Image.fromarray(data.retina()).resize((512, 512), Image.Resampling.LANCZOS)
    array = np.asarray(image)
    return np.ascontiguousarray(array[::-1, ::-1][32:, 32:] if flipped else array[:480, :480])


def blob_mask(height: int, width: int, cx: float, cy: float, r: float, seed: int) -> np.ndarray:
    """An irregular blob (radius modulated by angular harmonics 2..6), 255 inside."""
    rng = np.random.default_rng(seed)
    amplitudes, phases = rng.uniform(0, 0.12, 5), rng.uniform(0, 2 * np.pi, 5)
    yy, xx = np.mgrid[0:height, 0:width]
    x0, y0, radius = cx * width, cy * height, r * min(height, width)
    angle = np.arctan2(yy - y0, xx - x0)
    bound = radius * (1 + sum(a * np.sin((k + 2) * angle + p) for k, (a, p) in enumerate(zip(amplitudes, phases))))
    return ((xx - x0) ** 2 + (yy - y0) ** 2 <= bound**2).astype(np.uint8) * 255


def main() -> None:
    out = Path(sys.argv[1])
    for index, (name, (source, target, (cx, cy, r))) in enumerate(SCENES.items()):
        folder = out / name
        folder.mkdir(parents=True, exist_ok=True)
        src = source()
        Image.fromarray(src).save(folder / "source.png")
        Image.fromarray(target()).save(folder / "target.png")
        Image.fromarray(blob_mask(src.shape[0], src.shape[1], cx, cy, r, seed=index)).save(folder / "mask.png")


if __name__ == "__main__":
    main()
