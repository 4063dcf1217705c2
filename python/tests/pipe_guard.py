"""Named pipes for confinement tests, with a guard so a regression that opens one fails instead of hanging."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


@contextmanager
def pipe_guard(pipes: list[Path], every: float = 10.0) -> Iterator[Callable[[], bool]]:
    """Release readers stuck on ``pipes`` every ``every`` seconds by opening them for writing.

    Yields a function that tells whether a reader ever had to be released; a test asserts it did
    not. Nothing measures how long the work took: the guard only keeps a regression from hanging.
    """
    released = threading.Event()
    stop = threading.Event()

    def release() -> None:
        while not stop.wait(every):
            for pipe in pipes:
                try:
                    # Non-blocking: fails with ENXIO when nobody has the pipe open for reading.
                    os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
                    released.set()
                except OSError:
                    pass

    thread = threading.Thread(target=release, daemon=True)
    thread.start()
    try:
        yield released.is_set
    finally:
        stop.set()
        thread.join()


def run_guarded(pipes: list[Path], work: Callable[[], Any]) -> tuple[Any, BaseException | None, bool]:
    """Run ``work`` under :func:`pipe_guard`; returns (result, exception, released)."""
    with pipe_guard(pipes) as was_released:
        try:
            return work(), None, was_released()
        except Exception as error:  # the caller asserts on it
            return None, error, was_released()
