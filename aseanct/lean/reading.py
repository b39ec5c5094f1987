"""Reading a text for annotate and glossary: blocks of UTF-8 from a stream, each part read with
the bytes before it (stdlib only).

A piece of a long line is read with the LOOKBEHIND bytes before it, and its last Lexicon.reach
bytes wait for the next piece, so each use is decided on the same bytes wherever the text was
cut, in linear time and constant memory."""

from __future__ import annotations

from aseanct.lean.lexicon import LOOKBEHIND, Lexicon
from aseanct.lean.lines import Lines
from aseanct.lean.markdown import MARKDOWN_SUFFIXES, PROSE_KINDS, Structure
from aseanct.lean.spans import LongLineIndex, SpanIndex
from aseanct.lean.terms import sanitize

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import BinaryIO, TypeVar

    from aseanct.lean.lines import Part

    T = TypeVar("T")

CHUNK = 256 * 1024


def _character_boundary(data: bytes) -> int:
    """Where to cut `data` so that no UTF-8 character is split: before a last character
    whose bytes are not all there yet, else at its end."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte & 0xC0 == 0x80:
            continue  # a continuation byte: look further back for the character's first
        size = 1 if byte < 0x80 else 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
        return len(data) - back if size > back else len(data)
    return len(data)


def read_blocks(stream: BinaryIO, warn: list[str]) -> Iterator[bytes]:
    """Blocks of UTF-8 from a binary stream as they arrive, never a character cut in two;
    invalid UTF-8 replaced, and reported once in `warn`."""
    read = getattr(stream, "read1", stream.read)
    rest = b""  # the first bytes of a character the next block completes
    line = 1
    warned = False
    while True:
        block = read(CHUNK)
        data = rest + block if rest else block
        if not data:
            return
        cut = _character_boundary(data) if block else len(data)
        data, rest = (data, b"") if cut == len(data) else (data[:cut], data[cut:])
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


class Reader:
    """What annotate and glossary share: the parts of a text cut anywhere (aseanct.lean.lines),
    each read with the LOOKBEHIND bytes before it; of a piece of a long line, the last
    Lexicon.reach bytes wait for the next piece (`carry`)."""

    def __init__(self, lexicon: Lexicon, structure: Structure | None) -> None:
        self.lexicon = lexicon
        self.lines = Lines(structure or Structure())
        self.tail = b""  # the LOOKBEHIND bytes before `carry`, already read
        self.carry = b""  # the held-back end of the last piece, not yet read
        self.line = 1  # the line `carry` starts on

    def read(self, piece: bytes) -> None:
        """Read a piece of the text, cut anywhere: what it leaves undecided (an unfinished
        line, a line that may be a Markdown heading, the end of a piece of a long line)
        waits for the next piece, or for end()."""
        self._read(self.lines.feed(piece))

    def end(self) -> None:
        """Read what was held back, once the text has ended."""
        self._read(self.lines.finish())

    def _read(self, parts: list[Part]) -> None:
        for data, spans, kind, ends in parts:
            buffer = self.tail + self.carry + data if self.carry else self.tail + data
            offset = len(self.tail)
            index: SpanIndex | LongLineIndex | None = None
            if spans is None:  # a piece of a long line
                limit = len(buffer) if ends else len(buffer) - self.lexicon.reach
                if kind in PROSE_KINDS or not kind:
                    index = LongLineIndex(buffer)
            else:
                limit = len(buffer)
                if spans:
                    index = SpanIndex([(s + offset, e + offset, k) for s, e, k in spans])
            cut = self._take(buffer, offset, limit, index, kind)
            self.line += buffer.count(b"\n", offset, cut)
            self.tail = buffer[max(0, cut - LOOKBEHIND) : cut]
            self.carry = buffer[cut:]

    def _take(
        self,
        buffer: bytes,
        offset: int,
        limit: int,
        index: SpanIndex | LongLineIndex | None,
        kind: str,
    ) -> int:
        """Read the uses in buffer that start in [offset, limit); returns where the next
        part's reading starts (at or after `limit`: past every use begun before it)."""
        raise NotImplementedError


def kind_at(index: SpanIndex | LongLineIndex | None, kind: str, at: int) -> str:
    """What holds offset `at`: a span's kind, else the kind of the long line it is on ("")."""
    if kind and kind not in PROSE_KINDS:
        return kind
    found = index.kind_at(at) if index is not None else ""
    return found or kind


def structure_for(path: str, mode: str) -> Structure:
    """The structure reader for an input: `mode` (auto, markdown, plain); `auto` reads a file
    named *.md (or .markdown...) as Markdown from its first line."""
    if mode == "auto" and path.lower().endswith(MARKDOWN_SUFFIXES):
        mode = "markdown"
    return Structure(mode)


def open_input(path: str, stdin: BinaryIO | None) -> BinaryIO:
    """The binary stream to read: stdin for `-`, else the file; InputError if it cannot be."""
    from aseanct.errors import InputError

    if path == "-":
        if stdin is None:
            raise InputError("standard input is closed")
        return stdin
    try:
        return open(path, "rb")  # the caller closes it after streaming
    except OSError as error:
        raise InputError(f"cannot read '{sanitize(path)}': {error.strerror or error}") from None


def read_input(
    path: str, stdin: BinaryIO | None, warnings: list[str], use: Callable[[Iterator[bytes]], T]
) -> T:
    """`use` the blocks of `path` (`-`: stdin) as they arrive; a file is closed afterwards,
    stdin is not. Invalid UTF-8 is reported in `warnings`; InputError if it cannot be opened.
    (Not a context manager: contextlib would cost the lean path its import.)"""
    stream = open_input(path, stdin)
    try:
        return use(read_blocks(stream, warnings))
    finally:
        if stream is not stdin:
            stream.close()
