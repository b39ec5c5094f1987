"""aseanct.placing: finished files moved into place as one step that Ctrl-C does not split."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from aseanct import placing


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signals only")
def test_ctrl_c_during_the_moves_takes_effect_once_they_are_done(tmp_path: Path) -> None:
    moves = []
    for name in ("a", "b", "c"):
        (tmp_path / f"{name}.partial").write_text(name, encoding="utf-8")
        moves.append((str(tmp_path / f"{name}.partial"), str(tmp_path / name)))

    def interrupted_moves() -> None:
        with placing.interrupts_held():
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(0.05)  # the signal is pending, not acted on
            for finished, final in moves:
                os.replace(finished, final)

    with pytest.raises(KeyboardInterrupt):
        interrupted_moves()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "c"]


def test_move_into_place_replaces_each_final_path(tmp_path: Path) -> None:
    (tmp_path / "t").write_text("old", encoding="utf-8")
    (tmp_path / "t.new").write_text("new", encoding="utf-8")
    placing.move_into_place([(str(tmp_path / "t.new"), str(tmp_path / "t"))])
    assert [p.name for p in tmp_path.iterdir()] == ["t"]
    assert (tmp_path / "t").read_text(encoding="utf-8") == "new"
