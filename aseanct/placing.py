"""Putting finished output in place, so a failed or interrupted run leaves nothing half-done."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterable

HELD = {signal.SIGINT, signal.SIGTERM}


def move_into_place(moves: Iterable[tuple[str, str]], remove: Iterable[str] = ()) -> None:
    """Rename each finished file or folder over its final path, then remove `remove`, with Ctrl-C
    and SIGTERM held until done (where signals cannot be blocked, as on Windows, not held)."""
    held = hasattr(signal, "pthread_sigmask")
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, HELD) if held else set()
    try:
        for finished, final in moves:
            os.replace(finished, final)
        for path in remove:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
    finally:
        if held:
            signal.pthread_sigmask(signal.SIG_SETMASK, previous)
