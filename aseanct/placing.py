"""Putting finished output in place: `export` and `site` write everything aside first and
move it in at the end, with Ctrl-C held back during the moves, so a run that fails or is
interrupted leaves nothing half-written behind."""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterable

HELD = {signal.SIGINT, signal.SIGTERM}


def move_into_place(moves: Iterable[tuple[str, str]], remove: Iterable[str] = ()) -> None:
    """Rename each finished file (or folder) over its final path, then remove the files of
    `remove`, as one step: Ctrl-C (SIGINT) or SIGTERM arriving meanwhile takes effect once it
    is done (where signals cannot be blocked, as on Windows, the moves simply run). The two
    paths of a move must be on the same file system."""
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
