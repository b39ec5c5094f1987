"""Putting finished output in place: `export` and `site` write everything aside first and
move it in at the end, with Ctrl-C held back during the moves, so a run that fails or is
interrupted leaves nothing half-written behind."""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterable, Iterator


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold back Ctrl-C (SIGINT) and SIGTERM while files are moved into place; one that
    arrives meanwhile takes effect as soon as the moves are done. Where signals cannot be
    blocked (Windows, a thread other than the main one) the moves simply run."""
    if not hasattr(signal, "pthread_sigmask") or (
        threading.current_thread() is not threading.main_thread()
    ):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def move_into_place(moves: Iterable[tuple[str, str]], remove: Iterable[str] = ()) -> None:
    """Rename each finished file (or folder) over its final path, then remove the files of
    `remove`, as one step that Ctrl-C does not split. The two paths of a move must be on the
    same file system."""
    with interrupts_held():
        for finished, final in moves:
            os.replace(finished, final)
        for path in remove:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
