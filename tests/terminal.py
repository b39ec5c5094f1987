"""Run aseanct as a real process: in a pipe, or on a pseudo-terminal of a given size."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from dataclasses import dataclass

ASEANCT = [sys.executable, "-m", "aseanct"]


@dataclass
class Run:
    """What a process printed and how it ended."""

    stdout: bytes
    stderr: bytes
    code: int


def in_pipe(
    args: list[str], *, env: dict[str, str], stdin: bytes | None = None, timeout: float = 60
) -> Run:
    """Run with stdout and stderr as pipes."""
    done = subprocess.run(
        ASEANCT + args, input=stdin, env=env, capture_output=True, timeout=timeout, check=False
    )
    return Run(done.stdout, done.stderr, done.returncode)


def in_terminal(
    args: list[str],
    *,
    env: dict[str, str],
    columns: int = 80,
    rows: int = 50,
    timeout: float = 60,
) -> Run:
    """Run with stdout on a pseudo-terminal `columns` wide and `rows` high (0x0 is what
    `script` reports when run from a non-terminal); stderr is a pipe."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    env = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES")}  # xdist sets both
    process = subprocess.Popen(
        ASEANCT + args, stdin=subprocess.DEVNULL, stdout=slave, stderr=subprocess.PIPE, env=env
    )
    os.close(slave)
    chunks = []
    while True:
        ready, _, _ = select.select([master], [], [], timeout)
        if not ready:
            process.kill()
            raise TimeoutError(args)
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: the terminal's other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert process.stderr is not None
    with process.stderr:
        stderr = process.stderr.read()
    code = process.wait(timeout)
    # A terminal turns \n into \r\n; undo that so outputs compare with a pipe's.
    return Run(b"".join(chunks).replace(b"\r\n", b"\n"), stderr, code)
