"""A text cut anywhere, read in bounded memory as annotate and glossary read it."""

from __future__ import annotations

import re
from bisect import bisect_right

from aseanct.lean.lexicon import LOOKBEHIND, Lexicon
from aseanct.lean.markdown import Structure, url_spans
from aseanct.lean.terms import sanitize

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import BinaryIO

    from aseanct.lean.markdown import Span

CHUNK = 256 * 1024
LINE_LIMIT = 1024 * 1024
"""A longer line is read in pieces of the kind its first LINE_LIMIT bytes give, as plain text."""
PROSE = ("", "heading")
"""The kinds of text glossary reads; annotate rewrites only prose ("")."""


def _character_boundary(data: bytes) -> int:
    """Where to cut `data` so that no UTF-8 character is split."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte & 0xC0 == 0x80:
            continue  # a continuation byte
        size = 1 if byte < 0x80 else 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
        return len(data) - back if size > back else len(data)
    return len(data)


def read_blocks(stream: BinaryIO, warn: list[str]) -> Iterator[bytes]:
    """Blocks of UTF-8 as they arrive; invalid UTF-8 replaced, and reported once in `warn`."""
    read = getattr(stream, "read1", stream.read)
    rest = b""  # the start of a character the next block completes
    line = 1
    warned = False
    while True:
        block = read(CHUNK)
        data = rest + block if rest else block
        if not data:
            return
        cut = _character_boundary(data) if block else len(data)
        data, rest = data[:cut], data[cut:]
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            if not warned:
                bad_line = line + data[: error.start].count(b"\n")
                warn.append(
                    f"warning: input is not valid UTF-8 (first at line {bad_line}); "
                    "invalid bytes replaced with U+FFFD"
                )
                warned = True
            data = data.decode("utf-8", errors="replace").encode("utf-8")
        line += data.count(b"\n")
        if data:
            yield data


class SpanIndex:
    """What is at an offset of one block: a span inside a heading (a URL in a title) wins
    over the heading; overlapping spans of other kinds are joined."""

    def __init__(self, spans: list[Span]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.kinds: list[str] = []
        self.heading_starts: list[int] = []
        self.heading_ends: list[int] = []
        for start, end, kind in sorted(spans):
            if kind == "heading":
                self.heading_starts.append(start)
                self.heading_ends.append(end)
            elif self.ends and start < self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)
                self.kinds.append(kind)

    def kind_at(self, offset: int) -> str:
        at = bisect_right(self.starts, offset) - 1
        if at >= 0 and offset < self.ends[at]:
            return self.kinds[at]
        at = bisect_right(self.heading_starts, offset) - 1
        if at >= 0 and offset < self.heading_ends[at]:
            return "heading"
        return ""


RUN_LIMIT = 512
"""In a line read in pieces, a longer run without space, quote or angle bracket is left alone."""
_DELIMITER = re.compile(rb"[\s<>\"'`]")


class LongLineIndex:
    """What is at an offset of a line too long to read whole: "url", "run" or the line's kind.
    It depends only on the RUN_LIMIT bytes either side: the same wherever the line was cut."""

    def __init__(self, data: bytes, kind: str) -> None:
        self.data = data
        self.kind = kind
        self.urls: SpanIndex | None = None

    def kind_at(self, offset: int) -> str:
        data = self.data
        low = max(0, offset - RUN_LIMIT - 1)
        high = offset + RUN_LIMIT + 1
        # Spaces are the usual ends of a run: when two are close enough, the run is short.
        before = data.rfind(b" ", low, offset)
        after = data.find(b" ", offset, high)
        if before < 0 or after < 0 or after - before > RUN_LIMIT + 1:
            start = low
            if low:
                start = -1
                for match in _DELIMITER.finditer(data, low, offset):
                    start = match.end()
                if start < 0:
                    return "run"
            found = _DELIMITER.search(data, offset, high)
            end = found.start() if found is not None else len(data)
            if end - start > RUN_LIMIT or (found is None and high <= len(data)):
                return "run"
        if self.urls is None:
            self.urls = SpanIndex(url_spans(data))
        return self.urls.kind_at(offset) or self.kind


class Reader:
    """What annotate and glossary share: feed pieces cut anywhere, then end(); each use is
    decided on the same bytes (LOOKBEHIND before, Lexicon.reach after) wherever it is cut."""

    def __init__(self, lexicon: Lexicon, structure: Structure | None) -> None:
        self.lexicon = lexicon
        self.structure = structure or Structure()
        self.parts: list[bytes] = []  # the unfinished line, while it is short
        self.size = 0
        self.held = b""  # a whole line the structure holds back (a setext heading's text?)
        self.long: str | None = None  # inside a long line: its kind; None at a line's start
        self.closing = b""  # in a long line: its last two bytes, for a `-->` cut in two
        self.tail = b""  # the LOOKBEHIND bytes before `carry`, already read
        self.carry = b""  # the held-back end of the last piece, not yet read
        self.line = 1  # the line `carry` starts on

    def read(self, piece: bytes) -> None:
        """Read a piece of the text: what it leaves undecided waits for the next."""
        if self.long is not None:
            end = piece.find(b"\n") + 1
            if not end:
                self._watch(piece, 0, len(piece))
                self._part(piece, None, self.long, False)
                return
            self._watch(piece, 0, end)
            self._part(piece[:end], None, self.long, True)
            self.long = None
            piece = piece[end:]
        end = piece.rfind(b"\n") + 1
        if end:
            whole = piece[:end]
            if self.parts:
                whole = b"".join([*self.parts, whole])
            rest = piece[end:]
            self.parts, self.size = ([rest], len(rest)) if rest else ([], 0)
            self._lines(whole)
        elif piece:
            self.parts.append(piece)
            self.size += len(piece)
        if self.size > LINE_LIMIT:
            start = b"".join(self.parts)
            self.parts, self.size = [], 0
            self._long(start, False)

    def end(self) -> None:
        if self.long is not None:
            self._part(b"", None, self.long, True)
            self.long = None
        data = self.held + b"".join(self.parts)
        self.held, self.parts, self.size = b"", [], 0
        if data:
            self._part(data, self.structure.scan(data, final=True)[0], "", True)

    def _lines(self, data: bytes) -> None:
        start = at = 0  # the run of short lines so far; the line being looked at
        while len(data) - at > LINE_LIMIT:
            newline = data.rfind(b"\n", at, at + LINE_LIMIT + 1)
            if newline >= 0:
                at = newline + 1
                continue
            end = data.find(b"\n", at) + 1 or len(data)
            if at > start:
                self._whole(data[start:at])
            self._long(data[at:end], True)
            start = at = end
        if start < len(data):
            self._whole(data[start:] if start else data)

    def _whole(self, block: bytes) -> None:
        data = self.held + block if self.held else block
        spans, ready = self.structure.scan(data)
        self.held = data[ready:]
        if ready:
            self._part(data if ready == len(data) else data[:ready], spans, "", True)

    def _long(self, data: bytes, ends: bool) -> None:
        head = data[:LINE_LIMIT]
        held, self.held = self.held, b""
        read = held + head + b"\n"
        spans, _ready = self.structure.scan(read, final=True)
        if held:
            self._part(
                held, [(s, min(e, len(held)), k) for s, e, k in spans if s < len(held)], "", True
            )
        kind = next((k for s, e, k in spans if s == len(held) and e == len(read)), "")
        if not kind and self.structure.comment:
            kind = "comment"  # it opens an HTML comment: leave it all alone
        self._part(data, None, kind, ends)
        self.closing = head[-2:]
        self._watch(data, len(head), len(data))
        if not ends:
            self.long = kind

    def _watch(self, data: bytes, start: int, stop: int) -> None:
        if self.structure.comment and (
            b"-->" in self.closing + data[start : start + 2] or data.find(b"-->", start, stop) >= 0
        ):
            self.structure.comment = False
        self.closing = (self.closing + data[max(start, stop - 2) : stop])[-2:]

    def _part(self, data: bytes, spans: list[Span] | None, kind: str, ends: bool) -> None:
        """Read whole lines with their spans, or a piece of a long line (spans None)."""
        buffer = self.tail + self.carry + data if self.carry else self.tail + data
        offset = len(self.tail)
        limit = len(buffer)
        where = _prose
        if spans is None:
            limit -= 0 if ends else self.lexicon.reach
            where = (
                LongLineIndex(buffer, kind)
                if kind in PROSE
                else SpanIndex([(0, len(buffer), kind)])
            ).kind_at
        elif spans:
            where = SpanIndex([(s + offset, e + offset, k) for s, e, k in spans]).kind_at
        cut = self._take(buffer, offset, limit, where)
        self.line += buffer.count(b"\n", offset, cut)
        self.tail = buffer[max(0, cut - LOOKBEHIND) : cut]
        self.carry = buffer[cut:]

    def _take(self, buffer: bytes, offset: int, limit: int, where: Callable[[int], str]) -> int:
        """Read the uses that start in buffer[offset:limit], `where(at)` giving each one's kind;
        returns where the next part's reading starts (past every use begun before `limit`)."""
        raise NotImplementedError


def _prose(offset: int) -> str:
    return ""


def read_input(path: str, stdin: BinaryIO | None, warnings: list[str]) -> Iterator[bytes]:
    """The blocks of `path` (`-`: stdin) as they arrive; InputError if it cannot be read."""
    from aseanct.errors import InputError

    if path == "-":
        if stdin is None:
            raise InputError("standard input is closed")
        yield from read_blocks(stdin, warnings)
        return
    with _open(path) as stream:
        yield from read_blocks(stream, warnings)


def _open(path: str) -> BinaryIO:
    from aseanct.errors import InputError

    try:
        return open(path, "rb")
    except OSError as error:
        raise InputError(f"cannot read '{sanitize(path)}': {error.strerror or error}") from None
