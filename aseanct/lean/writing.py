"""Acronyms in prose: find the known ones (glossary) and spell each out at first use (annotate).

Matching is case-sensitive and whole-word: `ACT` is found, `act` and `Act` are not. A
hyphenated or multi-word acronym (SOM-MLAT, ASEAN-ACT, WG on TIP) is matched whole, and the
longest known form wins, so ASEAN-ACT is never read as ASEAN + ACT. A word joined to another by
a hyphen before it (pre-ASEAN) is not a use.

Text is handled as UTF-8 bytes, checked block by block (invalid bytes are replaced and
reported): regular expressions run about twice as fast on bytes, and annotate must keep pace
with perl on 50 MB. Stdlib only: annotate runs on the lean entry path and streams.

Input is read in blocks of whole lines; a line longer than LINE_LIMIT (a file with no line
breaks, /dev/zero) comes in pieces of about that size. Both tools then hold back the last
few hundred bytes of a piece (Lexicon.reach: more than any acronym and its introduction
span) until the next piece arrives, so a use cut by a piece boundary is still found whole,
in time linear in the input and in constant memory.
"""

from __future__ import annotations

import re

from aseanct.lean.index import E_ID, E_NAME
from aseanct.lean.terms import sanitize

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import BinaryIO, TypeVar

    T = TypeVar("T")

    from aseanct.lean.index import Entry, TermIndex
    from aseanct.lean.stdout import Output

# Bytes a use may not follow: letters, digits and a hyphen (pre-ASEAN is not a use).
_GLUE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")
# An all-capital word (letters, digits, inner hyphens) of two characters or more.
ALL_CAPS = re.compile(rb"(?<![A-Za-z0-9\-])[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*(?![A-Za-z0-9])")
_CAPS_HEAD = re.compile(r"[A-Z][A-Z0-9]+\Z")
_FIRST_WORD = re.compile(r"[A-Za-z0-9]+")
CHUNK = 65536
LOOKBEHIND = 600  # bytes of earlier text kept to recognise "Full Name (ACR)" across lines
LINE_LIMIT = 1024 * 1024
"""A line longer than this is read in pieces of about this size, never held whole."""
MAX_UNKNOWN_WORD = 200
"""An all-capital word longer than this is no acronym: `glossary --unknown` leaves it out."""
MAX_UNKNOWN_WORDS = 10_000
"""Distinct unknown all-capital words tracked (those already seen are still counted)."""


def _ends_word(text: bytes, end: int) -> bool:
    """Does a word end at `end`? (The next character is not a letter or digit.)"""
    if end >= len(text):
        return True
    byte = text[end]
    if byte < 0x80:
        return not (48 <= byte <= 57 or 65 <= byte <= 90 or 97 <= byte <= 122)
    return not text[end : end + 4].decode("utf-8", "ignore")[:1].isalnum()


class Lexicon:
    """The known acronyms, exactly as written, and where each can start in a text."""

    def __init__(self, acronyms: dict[str, list[Entry]]) -> None:
        self.entries = acronyms
        self.forms = {form.encode("utf-8"): form for form in acronyms}
        self.names = {
            form: entries[0][E_NAME].encode("utf-8") for form, entries in acronyms.items()
        }
        self.meanings: dict[str, list[Entry]] = {}
        for form, entries in acronyms.items():
            distinct: dict[str, Entry] = {}
            for entry in entries:
                distinct.setdefault(entry[E_ID], entry)
            self.meanings[form] = list(distinct.values())
        longer: dict[bytes, list[bytes]] = {}
        for form in acronyms:
            head = _FIRST_WORD.match(form)
            if head is not None and head.group(0) != form:
                longer.setdefault(head.group(0).encode("utf-8"), []).append(form.encode("utf-8"))
        self.longer = {head: sorted(forms, key=len, reverse=True) for head, forms in longer.items()}
        heads = set(self.forms) | set(self.longer)
        # Stop only where a known acronym can start: any all-capital word, plus the few
        # acronyms written otherwise (MoSVY). The pattern opens with a plain character class,
        # which lets re skip ahead fast (a look-behind there makes it three times slower); the
        # character before a match is checked in find() instead.
        others = sorted(
            (h for h in heads if not _CAPS_HEAD.match(h.decode())), key=len, reverse=True
        )
        tails = b"".join(b"|" + re.escape(h[1:]) for h in others if 65 <= h[0] <= 90)
        rest = b"".join(b"|" + re.escape(h) for h in others if not 65 <= h[0] <= 90)
        self.pattern = re.compile(b"[A-Z](?:[A-Z0-9]+" + tails + b")" + rest)
        self.heads = heads
        # Acronyms found inside other records' names: ("SOMTC", "WG on TIP", name, offset).
        self.inside: dict[str, list[tuple[str, bytes, int]]] = {}
        for form, meanings in self.meanings.items():
            if len(meanings) == 1:
                name = self.names[form]
                for found, start, _end in self.find(name):
                    self.inside.setdefault(found, []).append((form, name, start))
        # How far past a use's first byte deciding it may look: its form and the character
        # after it, or the introduction it may sit inside.
        self.reach = 8 + max(
            [len(form) for form in self.forms]
            + [
                len(name) - at + len(form.encode("utf-8")) + 3
                for inside in self.inside.values()
                for form, name, at in inside
            ],
            default=0,
        )

    def find(self, text: bytes) -> Iterator[tuple[str, int, int]]:
        """Every known acronym in `text`: (form, start, end), left to right, longest first."""
        resume = 0
        for match in self.pattern.finditer(text):
            start = match.start()
            if start < resume:
                continue
            token = match.group(0)
            if token not in self.heads or (start and text[start - 1] in _GLUE):
                continue
            for form in self.longer.get(token, ()):
                end = start + len(form)
                if text.startswith(form, start) and _ends_word(text, end):
                    resume = end
                    yield self.forms[form], start, end
                    break
            else:
                end = match.end()
                if token in self.forms and _ends_word(text, end):
                    yield self.forms[token], start, end


def unknown_words(text: bytes, lexicon: Lexicon) -> Iterator[str]:
    """All-capital words of `text` that are not known acronyms (nor part of one)."""
    for word, _start in _unknown_spans(text, lexicon):
        yield word


def _unknown_spans(text: bytes, lexicon: Lexicon) -> Iterator[tuple[str, int]]:
    """(word, start) of each all-capital word of `text` that is not a known acronym.

    Both the uses and the words come left to right, so one pass over each tells which word
    lies inside a use: linear, however many there are on a line."""
    uses = lexicon.find(text)
    use_start, use_end = -1, -1
    for match in ALL_CAPS.finditer(text):
        at = match.start()
        while use_end <= at:
            found = next(uses, None)
            if found is None:
                use_start, use_end = len(text) + 1, len(text) + 2
                break
            _form, use_start, use_end = found
        if use_start <= at < use_end:
            continue
        yield match.group(0).decode("ascii"), at


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
    """Blocks of UTF-8 from a binary stream, as they arrive: whole lines, or pieces of about
    LINE_LIMIT bytes (cut between characters) of a line longer than that.

    Invalid UTF-8 is replaced with U+FFFD and reported once in `warn`, with its line.
    """
    read = getattr(stream, "read1", stream.read)
    parts: list[bytes] = []  # the unfinished line so far
    size = 0
    line = 1
    warned = False
    while True:
        block = read(CHUNK)
        if block:
            cut = block.rfind(b"\n") + 1
            if cut:
                parts.append(block[:cut])
                data, rest = b"".join(parts), block[cut:]
            else:
                parts.append(block)
                size += len(block)
                if size < LINE_LIMIT:
                    continue
                data = b"".join(parts)
                cut = _character_boundary(data)
                data, rest = data[:cut], data[cut:]
            parts, size = ([rest], len(rest)) if rest else ([], 0)
        else:
            data, parts = b"".join(parts), []
            if not data:
                return
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
            line += data.count(b"\n")
            data = data.decode("utf-8", errors="replace").encode("utf-8")
        else:
            line += data.count(b"\n")
        yield data


class GlossaryEntry:
    """A known acronym used in a text: its meanings, how often and where first."""

    __slots__ = ("count", "form", "line", "meanings")

    def __init__(self, form: str, meanings: list[Entry], line: int) -> None:
        self.form = form
        self.meanings = meanings
        self.line = line
        self.count = 0


def glossary(
    blocks: Iterable[bytes], lexicon: Lexicon
) -> tuple[list[GlossaryEntry], dict[str, tuple[int, int]]]:
    """Known acronyms in order of first use; unknown all-caps words -> (first line, count).

    Lines end as bytes.splitlines() ends them (LF, CRLF or a lone CR)."""
    scan = _GlossaryScan(lexicon)
    for block in blocks:
        scan.feed(block)
    scan.feed(b"", final=True)
    return list(scan.found.values()), scan.unknown


def _line_body(segment: bytes) -> bytes:
    """A line of splitlines(keepends=True) without its line break."""
    if segment.endswith(b"\r\n"):
        return segment[:-2]
    if segment.endswith((b"\n", b"\r")):
        return segment[:-1]
    return segment


class _GlossaryScan:
    """Counts uses in text as it comes (whole lines, or pieces of a long line)."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.found: dict[str, GlossaryEntry] = {}
        self.unknown: dict[str, tuple[int, int]] = {}
        self.line = 1  # the line `carry` starts on
        self.context = b""  # a few bytes before `carry`, for the checks at a word's start
        self.carry = b""  # the held-back end of the last piece, not yet scanned

    def feed(self, text: bytes, final: bool = False) -> None:
        """Count the uses in `text`; a use that may continue in the next piece waits for it."""
        buffer = self.context + self.carry + text
        offset = len(self.context)
        size = len(buffer)
        limit = size if final or buffer.endswith(b"\n") else size - self.lexicon.reach
        cut = max(limit, offset)
        line = self.line
        position = 0
        for segment in buffer.splitlines(keepends=True):
            begin = position
            position += len(segment)
            if position <= offset:
                continue  # context: scanned with the piece before
            if begin >= limit:
                break
            body = _line_body(segment)
            for form, start, end in self.lexicon.find(body):
                if begin + start < offset:
                    continue
                if begin + start >= limit:
                    break
                self._use(form, line)
                cut = max(cut, begin + end)
            for word, start in _unknown_spans(body, self.lexicon):
                if offset <= begin + start < limit:
                    self._unknown(word, line)
                    cut = max(cut, begin + start + len(word))
            if len(body) < len(segment):
                line += 1
        if buffer.startswith(b"\n", cut) and buffer.endswith(b"\r", 0, cut):
            cut += 1  # never part a CRLF: its CR alone would count as a line break
        done = buffer[offset:cut]
        self.line += done.count(b"\n") + done.count(b"\r") - done.count(b"\r\n")
        self.context = buffer[max(0, cut - 8) : cut]
        self.carry = buffer[cut:]

    def _use(self, form: str, line: int) -> None:
        entry = self.found.get(form)
        if entry is None:
            entry = self.found[form] = GlossaryEntry(form, self.lexicon.meanings[form], line)
        entry.count += 1

    def _unknown(self, word: str, line: int) -> None:
        seen = self.unknown.get(word)
        if seen is not None:
            self.unknown[word] = (seen[0], seen[1] + 1)
        elif len(word) <= MAX_UNKNOWN_WORD and len(self.unknown) < MAX_UNKNOWN_WORDS:
            self.unknown[word] = (line, 1)


class Annotator:
    """Spells out each known acronym at its first use as `Full Name (ACR)`, streaming.

    Everything else is passed through unchanged. An acronym already introduced as
    `Full Name (ACR)` counts as introduced and is left alone, and an acronym inside such an
    introduction of another (SOMTC in "SOMTC Working Group on Trafficking in Persons (WG on
    TIP)") is not a use, so annotating twice changes nothing more. Ambiguous acronyms are not
    expanded; `ambiguous` collects them for a hint.
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.pending = {form for form, meanings in lexicon.meanings.items() if len(meanings) == 1}
        self.ambiguous: dict[str, list[Entry]] = {}
        self.tail = b""  # text already written, kept to look back at
        self.carry = b""  # the held-back end of the last piece, not yet written
        self._intro: dict[bytes, re.Pattern[bytes]] = {}

    def feed(self, text: bytes, final: bool = False) -> bytes:
        """Annotate a block of whole lines or a piece of a long line; returns the bytes to
        write. The last Lexicon.reach bytes of a piece wait for the next one (or `final`)."""
        buffer = self.tail + self.carry + text
        offset = len(self.tail)
        limit = len(buffer)
        if not (final or buffer.endswith(b"\n")):
            limit -= self.lexicon.reach
        out: list[bytes] = []
        written = offset
        pending = self.pending
        for form, start, end in self.lexicon.find(buffer):
            if start >= limit:
                break
            if form not in pending:
                if start >= offset and len(self.lexicon.meanings[form]) > 1:
                    self.ambiguous.setdefault(form, self.lexicon.meanings[form])
                continue
            if start < offset or self._inside_introduction(buffer, form, start):
                continue
            name = self.lexicon.names[form]
            pending.discard(form)
            if self._introduced(buffer, name, start, end):
                continue
            out.append(buffer[written:start])
            out.append(name + b" (" + buffer[start:end] + b")")
            written = end
        cut = max(limit, written)
        out.append(buffer[written:cut])
        self.tail = buffer[max(0, cut - LOOKBEHIND) : cut]
        self.carry = buffer[cut:]
        return b"".join(out)

    def finish(self) -> bytes:
        """The held-back end of the text, annotated, once the input has ended."""
        return self.feed(b"", final=True)

    def _introduced(self, buffer: bytes, name: bytes, start: int, end: int) -> bool:
        """Is this use already written as `Full Name (ACR)`?"""
        if not buffer.startswith(b")", end):
            return False
        pattern = self._intro.get(name)
        if pattern is None:
            words = rb"\s+".join(re.escape(w) for w in name.split())
            pattern = self._intro[name] = re.compile(words + rb"\s*\($")
        return pattern.search(buffer, max(0, start - LOOKBEHIND), start) is not None

    def _inside_introduction(self, buffer: bytes, form: str, start: int) -> bool:
        """Is this acronym part of another's `Full Name (ACR)`?"""
        for other, name, at in self.lexicon.inside.get(form, ()):
            begin = start - at
            if begin >= 0 and buffer.startswith(name + b" (" + other.encode("utf-8") + b")", begin):
                return True
        return False


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


def _read_input(
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


def glossary_of(
    path: str, *, index: TermIndex, stdin: BinaryIO | None
) -> tuple[list[GlossaryEntry], dict[str, tuple[int, int]], list[str]]:
    """`aseanct glossary PATH`: its entries, its unknown all-caps words, and the warnings."""
    warnings: list[str] = []
    lexicon = Lexicon(index.acronyms())
    entries, unknown = _read_input(path, stdin, warnings, lambda b: glossary(b, lexicon))
    return entries, unknown, warnings


def annotate(path: str, *, index: TermIndex, stdin: BinaryIO | None, stdout: Output) -> list[str]:
    """`aseanct annotate PATH`: stream the annotated text to `stdout` (the one writer);
    returns the messages (warnings, hints) for stderr. Both entry paths call this.

    The output is the input's bytes (UTF-8) with names added, whatever the locale's
    encoding: annotate is a filter over a UTF-8 file and keeps it byte for byte."""
    warnings: list[str] = []
    annotator = _read_input(path, stdin, warnings, lambda b: annotate_stream(index, b, stdout))
    return warnings + ambiguity_hints(annotator)


def annotate_stream(index: TermIndex, blocks: Iterable[bytes], out: Output) -> Annotator:
    """Annotate `blocks` into `out`, flushing after each block."""
    annotator = Annotator(Lexicon(index.acronyms()))
    for block in blocks:
        out.write(annotator.feed(block))
        out.flush()
    out.write(annotator.finish())
    out.flush()
    return annotator


def ambiguity_hints(annotator: Annotator) -> list[str]:
    """One hint line per ambiguous acronym that was left as it is."""
    return [
        f"hint: {form} not expanded: it names {len(meanings)} records "
        f"({', '.join(m[E_ID] for m in meanings)})"
        for form, meanings in annotator.ambiguous.items()
    ]
