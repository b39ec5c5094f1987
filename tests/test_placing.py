"""aseanct.placing: finished files moved into place as one step that Ctrl-C does not split."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from aseanct import placing

SCENARIO = """
import os, signal, sys, time
from aseanct import placing

def moves():
    os.kill(os.getpid(), signal.SIGINT)
    time.sleep(0.05)  # the signal is pending, not acted on
    for name in ("a", "b", "c"):
        finished = os.path.join(sys.argv[1], name + ".partial")
        with open(finished, "w") as out:
            out.write(name)
        yield finished, os.path.join(sys.argv[1], name)

try:
    placing.move_into_place(moves())
except KeyboardInterrupt:
    print("interrupted after the moves")
"""


@pytest.mark.subprocess
@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="POSIX signals only")
def test_ctrl_c_during_the_moves_takes_effect_once_they_are_done(tmp_path: Path) -> None:
    """In a process of its own: signals are held back only in a main thread, and a test
    runner's worker may not run tests in one."""
    done = subprocess.run(
        [sys.executable, "-c", SCENARIO, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert (done.stdout, done.returncode) == ("interrupted after the moves\n", 0), done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b", "c"]


def test_move_into_place_replaces_each_final_path(tmp_path: Path) -> None:
    (tmp_path / "t").write_text("old", encoding="utf-8")
    (tmp_path / "t.new").write_text("new", encoding="utf-8")
    placing.move_into_place([(str(tmp_path / "t.new"), str(tmp_path / "t"))])
    assert [p.name for p in tmp_path.iterdir()] == ["t"]
    assert (tmp_path / "t").read_text(encoding="utf-8") == "new"
