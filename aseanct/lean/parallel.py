"""`expand -` over a large file in several processes: the same bytes, in the same order, sooner.

When stdin is a regular file of batch.LARGE bytes or more and the machine lends this process
more than one CPU, the file is cut into segments of SEGMENT bytes, each ending where a line
ends, and process i of N answers segments i, i+N, i+2N... The other processes are forked from
this one, so they start with the term index and every answer already loaded.

Only one process writes at a time. A token goes round them (one pipe into each), in segment
order: whoever holds it writes its segment's answers and messages, then passes it on. While
one writes, the others answer their next segment into memory (at most HOLD_LIMIT bytes; a
process that fills it waits for its turn and writes the rest as it goes). The token carries
what a segment needs to be reported exactly as one process would report it: the number of
its first line, how many terms have gone unanswered so far, and the unknown terms the others
have reported (each is reported once, by whoever reaches it first in input order, with the
hint worked out by that process). So stdout and stderr receive the same bytes, in the same
order, as `cat FILE | aseanct expand -` gives them (tests/test_parallel.py compares); only
the time differs.

ASEANCT_JOBS sets how many processes (1: this one alone); by default, the CPUs this process
may use, at most MOST_JOBS. A pipe, a terminal, a small file, JSON output (whose separators
depend on everything before) and platforms without fork are answered by one process.

Whatever goes wrong in a worker reaches the first process: a closed pipe or a full disk as
the same error the first process would have raised; a worker that dies (or a first process
that dies) ends the others within POLL seconds. Stdlib only: this is the lean path.
"""

import contextlib
import marshal
import os

from aseanct.lean.batch import CHUNK, LARGE, LINE_LIMIT, Sink, stream

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, BinaryIO, NoReturn

    from aseanct.lean.batch import Note, _Expander

SEGMENT = 256 * 1024
"""Bytes of input a process answers at a time (ending at the next line's end)."""
HOLD_LIMIT = 32 * 1024 * 1024
"""Bytes of answers a process holds while another writes; beyond, it waits for its turn."""
MOST_JOBS = 4
"""Processes used by default, at most: beyond, writing is the limit, not answering."""
JOBS_LIMIT = 16
"""The most ASEANCT_JOBS may ask for (each process has its own memory of answers)."""
JOBS_VARIABLE = "ASEANCT_JOBS"
POLL = 0.2
"""Seconds between checks, while waiting for a turn, that the other processes are alive."""
FAILED = 3
"""A worker's exit status when something unexpected ended it."""


def jobs() -> int:
    """How many processes answer a large file: ASEANCT_JOBS when it is a whole number from 1
    (at most JOBS_LIMIT), else the CPUs this process may use (at most MOST_JOBS)."""
    asked = os.environ.get(JOBS_VARIABLE, "").strip()
    if asked.isdigit() and int(asked) >= 1:
        return min(int(asked), JOBS_LIMIT)
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return max(1, min(cpus, MOST_JOBS))


def run(expander: "_Expander", stdin: "BinaryIO", sink: "Sink") -> int:
    """Answer stdin, from where it stands up to its last line's end, in several processes,
    and leave it just after that; returns the number of the next line (1 when nothing was
    done here: one process is asked for, or stdin, stdout or stderr is not a real file)."""
    count = jobs()
    if count < 2 or not hasattr(os, "fork"):
        return 1
    try:
        fd = stdin.fileno()
        start = stdin.tell()
        sink.stdout.fileno()  # a stream with no descriptor (a test's buffer) cannot be shared
        if sink.stderr is not None:
            sink.stderr.fileno()
        end = _last_line_end(fd, start, os.fstat(fd).st_size)
    except (OSError, ValueError, AttributeError):  # io.UnsupportedOperation is both
        return 1
    if end - start < LARGE:
        return 1
    segments = -(-(end - start) // SEGMENT)
    count = min(count, segments)
    # Have the data compiled here, once, if it must be (no cache, or a stale one): the workers
    # then inherit it instead of each parsing the YAML again.
    expander.index.lookup("")
    _flush_all(sink)
    pipes = [os.pipe() for _ in range(count)]
    parent = os.getpid()
    workers: list[int] = []
    ring = None
    try:
        for index in range(1, count):
            pid = os.fork()
            if pid == 0:
                _work_and_exit(index, count, pipes, parent, fd, start, end, expander, sink)
            workers.append(pid)
        ring = _Ring(0, count, pipes, expander, sink, lambda: _check_workers(workers))
        ring.holding = True
        ring.announce()
        _answer(0, count, segments, _Cuts(fd, start, end), ring)
        if (segments - 1) % count != 0:
            ring.turn()  # the last segment's writer hands back the count of lines
        next_line = ring.next_line
    except BaseException:
        _stop(workers)
        raise
    finally:
        if ring is not None:
            ring.close()
        else:
            for read_end, write_end in pipes:
                _close(read_end)
                _close(write_end)
        _reap(workers)
    expander.announced = None
    sink.offset = 0
    stdin.seek(end)
    return next_line


def _last_line_end(fd: int, start: int, size: int) -> int:
    """Where the file's last complete line ends (`start` when none does near its end: a last
    line longer than LINE_LIMIT is left to one process, which reports it)."""
    back = min(size - start, LINE_LIMIT + 1)
    if back <= 0:
        return start
    tail = os.pread(fd, back, size - back)
    cut = tail.rfind(b"\n")
    return start if cut < 0 else size - back + cut + 1


def _flush_all(sink: "Sink") -> None:
    """Nothing may sit in a buffer at fork: each process would write its own copy."""
    import sys

    sink.stdout.flush()
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stdout.flush()
    with contextlib.suppress(OSError, ValueError, AttributeError):
        sys.stderr.flush()
    if sink.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            sink.stderr.flush()


class _Cuts:
    """Where each segment begins: the start of the first line that begins at or after its
    first byte. A long line can hold several segments' first bytes; the newline found for one
    is remembered, so each process reads such a line once, not once per segment."""

    def __init__(self, fd: int, start: int, end: int) -> None:
        self.fd = fd
        self.start = start
        self.end = end
        self.found = (start, start - 1)  # a search from [0] found its first newline at [1]

    def at(self, segment: int) -> int:
        x = self.start + segment * SEGMENT
        if segment == 0:
            return self.start
        if x >= self.end:
            return self.end
        searched_from, newline = self.found
        if searched_from <= x - 1 <= newline:
            return newline + 1
        at = x - 1
        while True:
            block = os.pread(self.fd, CHUNK, at)
            if not block:  # the file shrank under us: what is left is nothing
                return self.end
            cut = block.find(b"\n")
            if cut >= 0:
                self.found = (x - 1, at + cut)
                return min(at + cut + 1, self.end)
            at += len(block)


class _Span:
    """Reads bytes [start, end) of a file, as stdin's read1 would."""

    def __init__(self, fd: int, start: int, end: int) -> None:
        self.fd = fd
        self.at = start
        self.end = end

    def read(self, size: int) -> bytes:
        size = min(size, self.end - self.at)
        if size <= 0:
            return b""
        data = os.pread(self.fd, size, self.at)
        self.at = self.at + len(data) if data else self.end
        return data


class _Ring:
    """One process's end of the token ring: it reads its turn from its own pipe and passes
    it to the next process's (or, with the last segment or an error, to the first's)."""

    def __init__(
        self,
        index: int,
        count: int,
        pipes: list[tuple[int, int]],
        expander: "_Expander",
        sink: "Sink",
        alive: "Callable[[], None]",
    ) -> None:
        self.index = index
        self.count = count
        self.expander = expander
        self.sink = sink
        self.alive = alive
        self.holding = False
        self.next_line = sink.offset + 1
        self.passing: list[tuple[int, str]] = []  # others' reported terms, still going round
        self.reading = pipes[index][0]
        self.writing = {0: pipes[0][1], (index + 1) % count: pipes[(index + 1) % count][1]}
        keep = {self.reading, *self.writing.values()}
        for read_end, write_end in pipes:
            for end in (read_end, write_end):
                if end not in keep:
                    _close(end)
        if index == 0:  # only workers write to the first process: its EOF means all died
            _close(pipes[0][1])
            self.writing[0] = -1

    def announce(self) -> None:
        """From now on, note the terms this process reports, for the others."""
        self.expander.announced = []

    def turn(self) -> None:
        """Wait for this process's turn; take on what the token says."""
        message = marshal.loads(_receive(self.reading, self.alive))
        if message[0] == "pipe":
            from aseanct.errors import PipeClosed

            raise PipeClosed()
        if message[0] == "output":
            from aseanct.errors import OutputError

            raise OutputError(message[1])
        _kind, self.next_line, self.expander.missing, terms = message
        self.sink.offset = self.next_line - 1
        self.passing = []
        for origin, term in terms:
            self.expander.learn(term)
            if origin != self.index:  # a term that has gone all the way round is dropped
                self.passing.append((origin, term))
        self.holding = True
        self.announce()

    def pass_on(self, to: int) -> None:
        """Give the turn to process `to`, with what it needs to carry on."""
        announced = self.expander.announced or []
        terms = self.passing + [(self.index, term) for term in announced]
        _send(self.writing[to], ("turn", self.next_line, self.expander.missing, terms))
        self.holding = False
        self.passing = []
        self.expander.announced = []

    def fail(self, message: tuple[str, ...]) -> None:
        """Tell the first process that writing failed (only the writer can: it holds the
        turn, so nothing else is being sent to the first process)."""
        _send(self.writing[0], message)

    def close(self) -> None:
        for end in (self.reading, *self.writing.values()):
            _close(end)


class _Held(Sink):
    """A sink that holds answers and messages until this process's turn, then writes them
    and everything after at once."""

    def __init__(self, ring: "_Ring") -> None:
        super().__init__(ring.expander, ring.sink.stdout, ring.sink.stderr)
        self.ring = ring
        self.items: list[bytes | tuple[Note, int]] = []
        self.size = 0
        self.mine = ring.holding
        self.offset = ring.sink.offset

    def write(self, output: bytes) -> None:
        if self.mine:
            super().write(output)
            return
        self.items.append(output)
        self.size += len(output)
        if self.size > HOLD_LIMIT:
            self.take()

    def note(self, note: "Note", number: int) -> None:
        if self.mine:
            super().note(note, number)
            return
        self.items.append((note, number))
        self.size += 64 + len(note[1])
        if self.size > HOLD_LIMIT:
            self.take()

    def take(self) -> None:
        """Wait for the turn, then write what is held."""
        if self.mine:
            return
        self.ring.turn()
        self.mine = True
        self.offset = self.ring.sink.offset
        for item in self.items:
            if type(item) is bytes:
                self.stdout.write(item)
            else:
                super().note(*item)
        self.items.clear()
        self.stdout.flush()


def _answer(index: int, count: int, segments: int, cuts: "_Cuts", ring: "_Ring") -> None:
    """Answer this process's segments, each written in its turn."""
    for segment in range(index, segments, count):
        held = _Held(ring)
        span = _Span(cuts.fd, cuts.at(segment), cuts.at(segment + 1))
        after = stream(ring.expander, span.read, held, 1)
        held.take()
        ring.next_line = held.offset + after
        if segment + 1 < segments:
            ring.pass_on((segment + 1) % count)
        elif index != 0:
            ring.pass_on(0)


def _work_and_exit(
    index: int,
    count: int,
    pipes: list[tuple[int, int]],
    parent: int,
    fd: int,
    start: int,
    end: int,
    expander: "_Expander",
    sink: "Sink",
) -> "NoReturn":
    """A worker's whole life: answer its segments, report a failed write, exit. It never
    returns into the caller's code (which would go on as a second copy of the command)."""
    status = FAILED
    try:
        ring = _Ring(index, count, pipes, expander, sink, lambda: _check_parent(parent))
        try:
            segments = -(-(end - start) // SEGMENT)
            _answer(index, count, segments, _Cuts(fd, start, end), ring)
            status = 0
        except Exception as error:
            from aseanct.errors import OutputError, PipeClosed

            if isinstance(error, PipeClosed) and ring.holding:
                ring.fail(("pipe",))
                status = 0
            elif isinstance(error, OutputError) and ring.holding:
                ring.fail(("output", error.reason))
                status = 0
            else:
                raise
    except KeyboardInterrupt:
        status = 130
    except BaseException:
        from aseanct.lean.exits import debugging

        if debugging():
            import traceback

            traceback.print_exc()
    finally:
        os._exit(status)


def _send(fd: int, message: "tuple[Any, ...]") -> None:
    payload = marshal.dumps(message)
    view = memoryview(len(payload).to_bytes(4, "little") + payload)
    try:
        while view:
            view = view[os.write(fd, view) :]
    except BrokenPipeError:
        raise RuntimeError(_ENDED) from None


def _receive(fd: int, alive: "Callable[[], None]") -> bytes:
    size = int.from_bytes(_read_exactly(fd, 4, alive), "little")
    return _read_exactly(fd, size, alive)


def _read_exactly(fd: int, size: int, alive: "Callable[[], None]") -> bytes:
    """`size` bytes from a pipe; checks between waits that the other processes are alive."""
    import select

    parts = []
    while size:
        ready, _, _ = select.select([fd], [], [], POLL)
        if not ready:
            alive()
            continue
        data = os.read(fd, size)
        if not data:
            raise RuntimeError(_ENDED)
        parts.append(data)
        size -= len(data)
    return b"".join(parts)


_ENDED = "a worker process of `expand -` ended before its turn"


def _check_parent(parent: int) -> None:
    """A worker whose first process has gone ends at once."""
    if os.getppid() != parent:
        os._exit(FAILED)


def _check_workers(workers: list[int]) -> None:
    """Raise if a worker ended other than by finishing its part."""
    for pid in list(workers):
        try:
            done, status = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            continue
        if done:
            workers.remove(pid)  # reaped: nothing left to stop or wait for
            if status != 0:
                raise RuntimeError(f"a worker process of `expand -` failed (wait status {status})")


def _stop(workers: list[int]) -> None:
    import signal

    for pid in workers:  # only this process's own children, not yet reaped
        _signal(pid, signal.SIGKILL)


def _signal(pid: int, number: int) -> None:
    with contextlib.suppress(OSError):
        os.kill(pid, number)


def _reap(workers: list[int]) -> None:
    while workers:
        pid = workers.pop()
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def _close(fd: int) -> None:
    if fd >= 0:
        with contextlib.suppress(OSError):
            os.close(fd)
