"""`expand -` over a large file in several processes: the same bytes, order and exit code as one
process gives, whatever the input holds and however writing fails (aseanct.lean.parallel)."""

from __future__ import annotations

import os
import random
import shlex
import signal
import subprocess
from pathlib import Path

import pytest
from conftest import environment
from terminal import ASEANCT

from aseanct.lean import batch, parallel

pytestmark = [pytest.mark.subprocess, pytest.mark.slow]

KNOWN = ["SOMTC", "AMMTC", "ACTIP", "ASEAN-ACT", "somtc", "ＡＣＴＩＰ", "(APA)", "AAPTIP", "HSU"]


@pytest.fixture(scope="module")
def hard_input(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """About 5 MB: unknown terms first met deep in the file (so in any process's segment),
    lines that are not UTF-8, blank, only punctuation or end in CRLF, three lines longer than
    LINE_LIMIT (one spanning several segments), and no newline at the very end."""
    rng = random.Random(20261130)
    lines: list[bytes] = []
    for number in range(300_000):
        roll = rng.random()
        if roll < 0.0006:
            lines.append(f"UNKNOWN{rng.randrange(400)}".encode())
        elif roll < 0.0007:
            lines.append(b"bad\xff" + str(number).encode())
        elif roll < 0.0009:
            lines.append(b"")
        elif roll < 0.0010:
            lines.append(b"  ...  ")
        elif roll < 0.0012:
            lines.append(rng.choice(KNOWN).encode() + b"\r")
        else:
            lines.append(rng.choice(KNOWN).encode())
        if number in (70_000, 200_000):
            lines.append(b"L" * (batch.LINE_LIMIT + 300_000))
        if number == 150_000:
            lines.append(b"M" * (3 * batch.LINE_LIMIT))
    path = tmp_path_factory.mktemp("parallel") / "terms.txt"
    path.write_bytes(b"\n".join(lines) + b"\nSOMTC\nlast-unknown")
    assert path.stat().st_size > 4 * batch.LARGE
    return path


def shell(command: str, cwd: Path, **extra: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["bash", "-c", command],
        cwd=cwd,
        env=environment(**extra),
        capture_output=True,
        timeout=120,
        check=False,
    )


def aseanct(*args: str) -> str:
    return shlex.join([*ASEANCT, *args])


@pytest.mark.parametrize(
    "args",
    [
        ("expand", "-"),
        ("expand", "SOMTC", "-", "nope"),
        ("expand", "--format", "csv", "-"),
        ("expand", "--format", "tsv", "--no-headers", "-"),
        ("expand", "--format", "jsonl", "--color", "always", "-"),
    ],
    ids=["lean", "terms-around", "csv", "tsv", "jsonl"],
)
def test_several_processes_write_what_one_writes(
    hard_input: Path, args: tuple[str, ...], tmp_path: Path
) -> None:
    # stdout and stderr into one file: the order of answers and messages is compared too.
    # A pipe is always answered by one process.
    alone = shell(
        f"cat {hard_input} | {aseanct(*args)} > one 2>&1; echo $?", tmp_path, ASEANCT_JOBS="4"
    )
    assert alone.returncode == 0, alone.stderr
    one = (tmp_path / "one").read_bytes()
    assert b"unknown term 'UNKNOWN" in one
    assert b"is not valid UTF-8; skipped" in one
    assert one.count(b"is longer than 1 MiB; skipped") == 3
    for jobs in ("1", "2", "3"):
        shared = shell(
            f"{aseanct(*args)} < {hard_input} > many 2>&1; echo $?", tmp_path, ASEANCT_JOBS=jobs
        )
        assert shared.stdout == alone.stdout == b"1\n"  # the exit code: some terms were unknown
        assert (tmp_path / "many").read_bytes() == one, f"ASEANCT_JOBS={jobs}"
    # stdout alone, and stderr alone, are the same too.
    split = shell(f"{aseanct(*args)} < {hard_input} 2> err", tmp_path, ASEANCT_JOBS="2")
    piped = shell(f"cat {hard_input} | {aseanct(*args)} 2> err1", tmp_path)
    assert split.stdout == piped.stdout
    assert (tmp_path / "err").read_bytes() == (tmp_path / "err1").read_bytes()


def test_stdin_is_answered_from_where_it_stands(hard_input: Path, tmp_path: Path) -> None:
    # The shell's `read` leaves the file's offset after the first line: the rest is answered,
    # its lines numbered from 1 as aseanct reads them.
    expand = aseanct("expand", "-")
    rest = shell(f"{{ read -r _; {expand}; }} < {hard_input} > many 2>&1", tmp_path)
    tail = shell(f"tail -n +2 {hard_input} | {expand} > one 2>&1", tmp_path)
    assert rest.returncode == tail.returncode == 1  # some terms are unknown
    assert (tmp_path / "many").read_bytes() == (tmp_path / "one").read_bytes()


def test_without_a_cache_every_process_answers_from_the_same_data(
    hard_input: Path, tmp_path: Path
) -> None:
    # The YAML is compiled once, before the workers are forked, and they inherit it.
    expand = aseanct("expand", "-")
    many = shell(f"{expand} < {hard_input} > many 2>&1", tmp_path, ASEANCT_NO_CACHE="1")
    one = shell(f"cat {hard_input} | {expand} > one 2>&1", tmp_path)
    assert many.returncode == one.returncode == 1
    assert (tmp_path / "many").read_bytes() == (tmp_path / "one").read_bytes()


@pytest.mark.parametrize("share", [0.2, 0.45, 0.7, 0.95])
def test_a_write_that_fails_in_any_process_ends_the_command(
    hard_input: Path, share: float, tmp_path: Path
) -> None:
    # `ulimit -f` refuses writes past a size (EFBIG): at these shares of the output, the
    # failing write falls to the first process or to a worker. Either way: the bytes before
    # the limit, one line on stderr, exit 6, and no process left behind.
    expand = aseanct("expand", "-")
    total = len(shell(f"cat {hard_input} | {expand} 2>/dev/null", tmp_path).stdout)
    blocks = int(total * share) // 1024
    done = shell(
        f"ulimit -f {blocks}; {expand} < {hard_input} 2>&1 > out "
        "| grep -Ev '^(hint:|error: unknown term|error: empty term|error: stdin line)'",
        tmp_path,
        ASEANCT_JOBS="2",
    )
    assert done.stdout == b"error: cannot write output: File too large\n", done.stderr
    assert (tmp_path / "out").stat().st_size == blocks * 1024
    code = shell(f"ulimit -f {blocks}; {expand} < {hard_input} > out 2>/dev/null", tmp_path)
    assert code.returncode == 6


def test_a_closed_pipe_ends_every_process_quietly(hard_input: Path, tmp_path: Path) -> None:
    done = shell(
        f"set -o pipefail; {aseanct('expand', '-')} < {hard_input} | head -c 3000000 | wc -c",
        tmp_path,
        ASEANCT_JOBS="3",
    )
    assert done.stdout == b"3000000\n"
    assert done.returncode == 141
    reported = (b"error: unknown term", b"error: empty term", b"error: stdin line", b"hint:")
    assert all(line.startswith(reported) for line in done.stderr.splitlines()), done.stderr


def test_jobs_come_from_the_variable_within_bounds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASEANCT_JOBS", "3")
    assert parallel.jobs() == 3
    monkeypatch.setenv("ASEANCT_JOBS", "999")
    assert parallel.jobs() == parallel.JOBS_LIMIT
    cpus = min(len(os.sched_getaffinity(0)), parallel.MOST_JOBS)
    for unusable in ("0", "-2", "two", ""):
        monkeypatch.setenv("ASEANCT_JOBS", unusable)
        assert parallel.jobs() == cpus


def test_a_worker_that_dies_is_an_error_not_a_hang(
    hard_input: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # In this process, with real files: a worker ends with an unexpected exception; the first
    # process notices at its next wait, stops the rest and raises (guard: internal error).
    from aseanct.lean.stdout import Output
    from aseanct.lean.store import Store

    monkeypatch.setenv("ASEANCT_JOBS", "2")
    first = os.getpid()
    real = parallel.stream

    def failing(*args: object, **kwargs: object) -> int:
        if os.getpid() != first:
            raise ZeroDivisionError
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "stream", failing)
    workers: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            workers.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    expander = batch._Expander(Store().index(), "text", False, False, "utf-8")
    with (
        hard_input.open("rb") as stdin,
        (tmp_path / "out").open("wb") as out,
        (tmp_path / "err").open("w") as err,
    ):
        sink = batch.Sink(expander, Output(out, "utf-8"), err)
        # A hang would be the failure: an alarm ends it (no timing is asserted).
        previous = signal.signal(signal.SIGALRM, _hung)
        signal.alarm(120)
        try:
            with pytest.raises(RuntimeError, match="worker process"):
                parallel.run(expander, stdin, sink)
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
    assert len(workers) == 1
    with pytest.raises(ChildProcessError):
        os.waitpid(workers[0], os.WNOHANG)  # it was reaped


def _hung(_signal: int, _frame: object) -> None:
    raise TimeoutError("parallel.run did not return")
