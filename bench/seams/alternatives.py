"""The seam benchmark's alternatives to the built-in blends, each finished like the engine with
an exact paste of the key region (every mask pixel keeps the source's value), except the raw
seamlessClone row, which shows what OpenCV alone does to the key region.

Usage: python alternatives.py WORK_DIR BAND_PX...
Reads WORK_DIR/<scene>/{source,mask,fitted}.png (fitted = the target fitted to the source and
its own lesion filled, exactly what the built-in blends start from), writes one PNG per
alternative into the scene folder and prints one JSON line per scene with the seconds per call.
"""
import json
import sys
import time
from pathlib import Path

import cv2
import numpy as np



def outside_ramp(mask: np.ndarray, band: int) -> np.ndarray:
    """1 on the key region, falling linearly to 0 at `band` px outside it."""
    distance = cv2.distanceTransform((mask == 0).astype(np.uint8), cv2.DIST_L2, cv2.DIST_MASK_PRECISE)
    return np.clip(1.0 - distance / (band + 1), 0.0, 1.0)


def paste_key(image: np.ndarray, source: np.ndarray, mask: np.ndarray) -> np.ndarray:
    return np.where(mask[..., None] > 0, source, image)


def seamless(source, target, mask, band, mode):
    # The cloned region reaches `band` px past the key region, so OpenCV's seam lies in the band;
    # the box centre keeps the region where it is in the source.
    grown = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * band + 1, 2 * band + 1)))
    x, y, w, h = cv2.boundingRect(grown)
    return cv2.seamlessClone(source, target, grown, (x + w // 2, y + h // 2), mode)


def laplacian_blend(source, target, mask, band, levels=5):
    weight = outside_ramp(mask, band)[..., None]
    gs, gt, gw = [source.astype(np.float32)], [target.astype(np.float32)], [weight.astype(np.float32)]
    for _ in range(levels):
        gs.append(cv2.pyrDown(gs[-1]))
        gt.append(cv2.pyrDown(gt[-1]))
        gw.append(cv2.pyrDown(gw[-1])[..., None] if gw[-1].shape[-1] == 1 else cv2.pyrDown(gw[-1]))
    blended = gw[-1] * gs[-1] + (1 - gw[-1]) * gt[-1]
    for level in range(levels - 1, -1, -1):
        size = (gs[level].shape[1], gs[level].shape[0])
        ls = gs[level] - cv2.pyrUp(gs[level + 1], dstsize=size)
        lt = gt[level] - cv2.pyrUp(gt[level + 1], dstsize=size)
        w = gw[level] if gw[level].ndim == 3 else gw[level][..., None]
        blended = cv2.pyrUp(blended, dstsize=size) + w * ls + (1 - w) * lt
    return np.clip(np.rint(blended), 0, 255).astype(np.uint8)


def colour_transfer_blend(source, target, mask, band):
    """Reinhard et al. 2001: the source's colours moved to the target's statistics in Lab (both
    measured on the background), then a feathered alpha over `band` px outside the key region."""
    background = mask == 0
    lab_s = cv2.cvtColor(source, cv2.COLOR_BGR2LAB).astype(np.float32)
    lab_t = cv2.cvtColor(target, cv2.COLOR_BGR2LAB).astype(np.float32)
    ms, ss = lab_s[background].mean(0), lab_s[background].std(0) + 1e-6
    mt, st = lab_t[background].mean(0), lab_t[background].std(0)
    moved = cv2.cvtColor(np.clip((lab_s - ms) / ss * st + mt, 0, 255).astype(np.uint8), cv2.COLOR_LAB2BGR)
    alpha = outside_ramp(mask, band)[..., None]
    return np.clip(np.rint(alpha * moved + (1 - alpha) * target), 0, 255).astype(np.uint8)


def timed(work):
    start = time.process_time()
    result = work()
    return result, time.process_time() - start


def main() -> None:
    cv2.setNumThreads(1)
    root = Path(sys.argv[1])
    for folder, band in zip(sorted(p for p in root.iterdir() if p.is_dir()), map(int, sys.argv[2:])):
        source = cv2.imread(str(folder / "source.png"), cv2.IMREAD_COLOR)
        target = cv2.imread(str(folder / "fitted.png"), cv2.IMREAD_COLOR)
        mask = cv2.imread(str(folder / "mask.png"), cv2.IMREAD_GRAYSCALE)
        runs = {
            "opencv-normal-raw": lambda: seamless(source, target, mask, band, cv2.NORMAL_CLONE),
            "opencv-mixed": lambda: paste_key(seamless(source, target, mask, band, cv2.MIXED_CLONE), source, mask),
            "laplacian-pyramid": lambda: paste_key(laplacian_blend(source, target, mask, band), source, mask),
            "alpha-colour-transfer": lambda: paste_key(colour_transfer_blend(source, target, mask, band), source, mask),
        }
        seconds = {}
        for name, run in runs.items():
            image, seconds[name] = timed(run)
            cv2.imwrite(str(folder / f"{name}.png"), image)
        raw = cv2.imread(str(folder / "opencv-normal-raw.png"), cv2.IMREAD_COLOR)
        image, extra = timed(lambda: paste_key(raw, source, mask))
        seconds["opencv-normal"] = seconds["opencv-normal-raw"] + extra
        cv2.imwrite(str(folder / "opencv-normal.png"), image)
        print(json.dumps({"scene": folder.name, "cpu_seconds": seconds}), flush=True)


if __name__ == "__main__":
    main()
