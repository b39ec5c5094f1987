"""A text cut anywhere, put back together as annotate and glossary read it (stdlib only).

Pieces are joined into whole lines before the Structure sees them. A line longer than
LINE_LIMIT is never held whole: its first LINE_LIMIT bytes decide its kind (code, heading,
comment, prose) and it goes out in pieces of that kind, read as plain text. That is the price
of constant memory, paid only by lines no writer writes."""

from __future__ import annotations

from aseanct.lean.markdown import Structure

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aseanct.lean.markdown import Span

    Part = tuple[bytes, "list[Span] | None", str, bool]
    """(data, spans, kind, ends): whole lines with the spans to leave alone (kind "", ends
    True), or a piece of a long line (spans None) with the line's kind ("" for prose) and
    whether the line ends with it (its line break, or the end of the text)."""

LINE_LIMIT = 1024 * 1024
"""A line longer than this is read in pieces, never held whole."""


class Lines:
    """Pieces of a text in, Parts out (see the module docstring)."""

    def __init__(self, structure: Structure) -> None:
        self.structure = structure
        self.parts: list[bytes] = []  # the unfinished line, while it is short
        self.size = 0  # its length
        self.held = b""  # a whole line the structure holds back (a setext heading's text?)
        self.long: str | None = None  # inside a long line: its kind; None at a line's start
        self.closing = b""  # in a long line: its last two bytes, for a `-->` cut in two

    def feed(self, piece: bytes) -> list[Part]:
        """The parts that `piece` completes."""
        out: list[Part] = []
        if self.long is not None:
            end = piece.find(b"\n") + 1
            if not end:
                self._watch(piece, 0, len(piece))
                out.append((piece, None, self.long, False))
                return out
            self._watch(piece, 0, end)
            out.append((piece[:end], None, self.long, True))
            self.long = None
            piece = piece[end:]
        end = piece.rfind(b"\n") + 1
        if end:
            whole = piece[:end]
            if self.parts:
                whole = b"".join([*self.parts, whole])
            rest = piece[end:]
            self.parts, self.size = ([rest], len(rest)) if rest else ([], 0)
            self._lines(whole, out)
        elif piece:
            self.parts.append(piece)
            self.size += len(piece)
        if self.size > LINE_LIMIT:
            start = b"".join(self.parts)
            self.parts, self.size = [], 0
            self._long(start, False, out)
        return out

    def finish(self) -> list[Part]:
        """The parts still held back, once the text has ended."""
        out: list[Part] = []
        if self.long is not None:
            out.append((b"", None, self.long, True))
            self.long = None
        data = self.held + b"".join(self.parts)
        self.held, self.parts, self.size = b"", [], 0
        if data:
            out.append((data, self.structure.scan(data, final=True)[0], "", True))
        return out

    def _lines(self, data: bytes, out: list[Part]) -> None:
        """Whole lines: runs of short ones to the structure, each long one to _long."""
        start = at = 0  # the run of short lines so far; the line being looked at
        while len(data) - at > LINE_LIMIT:
            newline = data.rfind(b"\n", at, at + LINE_LIMIT + 1)
            if newline >= 0:  # every line up to it is short
                at = newline + 1
                continue
            end = data.find(b"\n", at) + 1 or len(data)
            if at > start:
                self._whole(data[start:at], out)
            self._long(data[at:end], True, out)
            start = at = end
        if start < len(data):
            self._whole(data[start:] if start else data, out)

    def _whole(self, block: bytes, out: list[Part]) -> None:
        data = self.held + block if self.held else block
        spans, ready = self.structure.scan(data)
        self.held = data[ready:]
        if ready:
            out.append((data if ready == len(data) else data[:ready], spans, "", True))

    def _long(self, data: bytes, ends: bool, out: list[Part]) -> None:
        """The start of a long line (more than LINE_LIMIT bytes of it; all of it if `ends`)."""
        head = data[:LINE_LIMIT]
        held, self.held = self.held, b""
        read = held + head + b"\n"  # the head as a whole line, and no line waits for another
        spans, _ready = self.structure.scan(read, final=True)
        if held:
            before = [(s, min(e, len(held)), k) for s, e, k in spans if s < len(held)]
            out.append((held, before, "", True))
        kind = next((k for s, e, k in spans if s == len(held) and e == len(read)), "")
        if not kind and self.structure.comment:
            kind = "comment"  # it opens an HTML comment: leave it all alone
        out.append((data, None, kind, ends))
        self.closing = head[-2:]
        self._watch(data, len(head), len(data))
        if not ends:
            self.long = kind

    def _watch(self, data: bytes, start: int, stop: int) -> None:
        """Past a long line's head (data[start:stop]): an HTML comment open before may close."""
        if self.structure.comment and (
            b"-->" in self.closing + data[start : start + 2] or data.find(b"-->", start, stop) >= 0
        ):
            self.structure.comment = False
        self.closing = (self.closing + data[max(start, stop - 2) : stop])[-2:]
