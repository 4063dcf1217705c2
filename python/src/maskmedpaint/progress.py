"""JSON progress lines on stdout, one object per line, for the VS Code extension and scripts.

Every line has a ``type``; training steps carry ``step``, ``total``, ``loss`` and ``eta_s``.
Human-readable logging goes to stderr so stdout stays machine-readable: each training step is
also written there as ``step 120/2000  loss 0.0831  lr 1e-06  eta 14m05s`` (at most one line
every few seconds, plus the first and the last step).
"""

from __future__ import annotations

import json
import math
import sys
import time
from typing import IO, Any


class ProgressReporter:
    """Writes one JSON object per line and estimates the time left from the steps run in this process."""

    # Seconds between human-readable step lines on stderr.
    HUMAN_INTERVAL_S = 5.0

    def __init__(self, stream: IO[str] | None = None, clock: Any = time.monotonic, silent: bool = False):
        self._stream = stream if stream is not None else sys.stdout
        self._clock = clock
        self._started_at: float | None = None
        self._first_step: int | None = None
        self._last_human: float | None = None
        # A multi-process run reports from its main process only.
        self.silent = silent

    def emit(self, event_type: str, **fields: Any) -> dict[str, Any]:
        """Write one event line (non-finite floats become null so every line is valid JSON)."""
        event = {"type": event_type, **{key: _json_safe(value) for key, value in fields.items()}}
        if self.silent:
            return event
        self._stream.write(json.dumps(event, separators=(",", ":")) + "\n")
        self._stream.flush()
        return event

    def start_timer(self, step: int) -> None:
        """Mark where timing starts (the resumed step count on resume)."""
        self._started_at = self._clock()
        self._first_step = step

    def eta_seconds(self, step: int, total: int) -> float | None:
        """Seconds left at the average pace of the steps run since :meth:`start_timer`."""
        if self._started_at is None or self._first_step is None or step <= self._first_step:
            return None
        per_step = (self._clock() - self._started_at) / (step - self._first_step)
        return round(per_step * max(total - step, 0), 1)

    def step(self, step: int, total: int, loss: float, **fields: Any) -> dict[str, Any]:
        eta = self.eta_seconds(step, total)
        now = self._clock()
        due = self._last_human is None or now - self._last_human >= self.HUMAN_INTERVAL_S or step == total
        if due and not self.silent:
            self._last_human = now
            lr = fields.get("lr")
            parts = [f"step {step}/{total}", f"loss {loss:.4f}"]
            parts += [f"lr {lr:.3g}"] if isinstance(lr, float) else []
            parts += [f"eta {_duration(eta)}"] if eta is not None else []
            log("  ".join(parts))
        return self.emit("step", step=step, total=total, loss=loss, eta_s=eta, **fields)

    def say(self, message: str) -> None:
        """A line for people on stderr (nothing from the non-main processes of a multi-process run)."""
        if not self.silent:
            log(message)


def log(message: str) -> None:
    """A human-readable line on stderr."""
    print(message, file=sys.stderr, flush=True)


def _duration(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m" if hours else f"{minutes}m{rest:02d}s"


def _json_safe(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
