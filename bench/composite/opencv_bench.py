"""Times OpenCV's seamlessClone (NORMAL_CLONE; wall and CPU time per call over a block of calls) on the PNGs bench.ts wrote, and scores both outputs.

Usage: python opencv_bench.py WORK_DIR ITERATIONS
Reads WORK_DIR/{source,target,mask,ours}.png, writes WORK_DIR/opencv.png, prints one JSON line.
"""
import json
import sys
import time

import cv2
import numpy as np


def time_clone(src, dst, mask, center, iterations, threads):
    """Wall and CPU (process) seconds per call: `iterations` consecutive calls after 3 warm-up
    calls, divided by `iterations` (the same block timing as ours in bench.ts)."""
    cv2.setNumThreads(threads)
    for _ in range(3):
        out = cv2.seamlessClone(src, dst, mask, center, cv2.NORMAL_CLONE)
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(iterations):
        out = cv2.seamlessClone(src, dst, mask, center, cv2.NORMAL_CLONE)
    return out, (time.perf_counter() - wall) / iterations, (time.process_time() - cpu) / iterations


def straddling_pairs(image, mask):
    """|difference| of 4-neighbour pairs that straddle the mask contour, averaged over channels."""
    img = image.astype(np.float64)
    m = mask > 0
    out = []
    for axis in (0, 1):
        n = img.shape[axis] - 1
        a, b = np.take(img, range(n), axis=axis), np.take(img, range(1, n + 1), axis=axis)
        ma, mb = np.take(m, range(n), axis=axis), np.take(m, range(1, n + 1), axis=axis)
        out.append(np.abs(a - b).mean(axis=-1)[ma != mb])
    return np.concatenate(out)


def edge_error(image, source, mask):
    """How far the step across the key-region contour is from the source's own edge there."""
    return float(np.abs(straddling_pairs(image, mask) - straddling_pairs(source, mask)).mean())


def transition_excess(image, target, mask, band=20):
    """Mean gradient magnitude above the target's own, outside the mask within `band` px of it."""
    outside = (mask == 0).astype(np.uint8)
    dist = cv2.distanceTransform(outside, cv2.DIST_L2, 5)
    zone = (dist > 0) & (dist <= band)

    def grad(x):
        x = x.astype(np.float64).mean(axis=-1)
        gx, gy = np.zeros_like(x), np.zeros_like(x)
        gx[:, :-1] = np.abs(np.diff(x, axis=1))
        gy[:-1, :] = np.abs(np.diff(x, axis=0))
        return gx + gy

    return float((grad(image) - grad(target))[zone].mean())


def core_change(image, source, mask):
    """Mean absolute change from the source on mask pixels at least 8 px from the contour."""
    core = cv2.erode((mask > 0).astype(np.uint8), np.ones((17, 17), np.uint8)) > 0
    diff = np.abs(image.astype(np.float64) - source.astype(np.float64)).mean(axis=-1)
    return float(diff[core].mean())


def main():
    work, iterations = sys.argv[1], int(sys.argv[2])
    src = cv2.imread(f"{work}/source.png", cv2.IMREAD_COLOR)
    dst = cv2.imread(f"{work}/target.png", cv2.IMREAD_COLOR)
    mask = cv2.imread(f"{work}/mask.png", cv2.IMREAD_GRAYSCALE)
    ours = cv2.imread(f"{work}/ours.png", cv2.IMREAD_COLOR)
    h, w = mask.shape
    # seamlessClone places the mask's bounding-box centre at `center`; using that centre keeps
    # the key region where it is in the source, as ours does.
    x, y, bw, bh = cv2.boundingRect(mask)
    center = (x + bw // 2, y + bh // 2)
    out1, seconds1, cpu1 = time_clone(src, dst, mask, center, iterations, 1)
    _, seconds_default, _ = time_clone(src, dst, mask, center, iterations, cv2.getNumberOfCPUs())
    cv2.imwrite(f"{work}/opencv.png", out1)
    paste = np.where(mask[..., None] > 0, src, dst)
    print(
        json.dumps(
            {
                "opencv_version": cv2.__version__,
                "seconds_per_image_1_thread": seconds1,
                "cpu_seconds_per_image_1_thread": cpu1,
                "seconds_per_image_all_threads": seconds_default,
                "threads_all": cv2.getNumberOfCPUs(),
                "edge_error": {
                    "opencv": edge_error(out1, src, mask),
                    "ours": edge_error(ours, src, mask),
                    "plain_paste": edge_error(paste, src, mask),
                },
                "transition_excess": {
                    "opencv": transition_excess(out1, dst, mask),
                    "ours": transition_excess(ours, dst, mask),
                    "plain_paste": transition_excess(paste, dst, mask),
                },
                "core_change_from_source": {"opencv": core_change(out1, src, mask), "ours": core_change(ours, src, mask)},
                "size": [w, h],
            }
        )
    )


main()
