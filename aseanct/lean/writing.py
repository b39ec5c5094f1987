"""Acronyms in prose: find the known ones (glossary) and spell each out at first use (annotate).

Matching is case-sensitive and whole-word: `ACT` is found, `act` and `Act` are not. A
hyphenated or multi-word acronym (SOM-MLAT, ASEAN-ACT, WG on TIP) is matched whole, and the
longest known form wins, so ASEAN-ACT is never read as ASEAN + ACT. A word joined to another by
a hyphen before it (pre-ASEAN) is not a use.

Only prose counts (aseanct.lean.markdown): code, URLs, link targets and HTML are never read,
and headings are read but never rewritten. A text that introduces an acronym itself keeps its
own words: "Senior Officials Meeting on Transnational Crime (SOMTC)" is already introduced,
and "the act of trafficking (ACT)" is the author's own definition (aseanct.lean.definitions).
An acronym with a well-known meaning outside this field (ACT: Australian Capital Territory,
recorded in the data as a collision) is spelt out only when asked.

Text is handled as UTF-8 bytes, checked block by block (invalid bytes are replaced and
reported): regular expressions run about twice as fast on bytes, and annotate must keep pace
with perl on 50 MB. Stdlib only: annotate runs on the lean entry path and streams.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from aseanct.lean.definitions import inner_long_form, long_form, same_name
from aseanct.lean.index import E_ID, E_NAME
from aseanct.lean.markdown import MARKDOWN_SUFFIXES, PROSE_KINDS, SpanIndex, Structure

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from typing import BinaryIO, TypeVar

    T = TypeVar("T")

    from aseanct.lean.index import Entry, TermIndex
    from aseanct.lean.markdown import Span

# Bytes a use may not follow: letters, digits and a hyphen (pre-ASEAN is not a use).
_GLUE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")
# An all-capital word (letters, digits, inner hyphens) of two characters or more.
ALL_CAPS = re.compile(rb"(?<![A-Za-z0-9\-])[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*(?![A-Za-z0-9])")
_CAPS_HEAD = re.compile(r"[A-Z][A-Z0-9]+\Z")
_FIRST_WORD = re.compile(r"[A-Za-z0-9]+")
CHUNK = 65536
LOOKBEHIND = 600  # bytes of earlier text kept to recognise "Full Name (ACR)" across lines


def _ends_word(text: bytes, end: int) -> bool:
    """Does a word end at `end`? (The next character is not a letter or digit.)"""
    if end >= len(text):
        return True
    byte = text[end]
    if byte < 0x80:
        return not (48 <= byte <= 57 or 65 <= byte <= 90 or 97 <= byte <= 122)
    return not text[end : end + 4].decode("utf-8", "ignore")[:1].isalnum()


class Lexicon:
    """The known acronyms, exactly as written, and where each can start in a text; with the
    names that introduce each (its records' names and aliases) and its meanings outside this
    field (collisions)."""

    def __init__(
        self,
        acronyms: dict[str, list[Entry]],
        long_forms: dict[str, list[str]] | None = None,
        collisions: dict[str, list[str]] | None = None,
    ) -> None:
        self.entries = acronyms
        self.long_forms = long_forms or {f: [e[E_NAME] for e in es] for f, es in acronyms.items()}
        self.collisions = collisions or {}
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

    @classmethod
    def of(cls, index: TermIndex) -> Lexicon:
        """The lexicon of a term index (its cache's acronyms part)."""
        return cls(index.acronyms(), index.long_forms(), index.collisions())

    def chosen(self, values: Iterable[str], option: str) -> set[str]:
        """The acronyms an option such as `--only SOMTC,ARF` names, as written in the data
        (any case); a value naming none is a usage error with a suggestion."""
        from aseanct.errors import UsageError
        from aseanct.lean.terms import close_matches, shown

        by_case = {form.casefold(): form for form in self.entries}
        chosen = set()
        for value in values:
            value = value.strip()
            if not value:
                continue
            form = value if value in self.entries else by_case.get(value.casefold())
            if form is None:
                close = close_matches(value.casefold(), by_case)
                guess = f" (did you mean {close[0]}?)" if close else ""
                raise UsageError(
                    f"{option}: {shown(value)} is not a known acronym{guess}",
                    hint="`aseanct glossary FILE` lists the known acronyms a text uses",
                )
            chosen.add(form)
        return chosen

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


def read_blocks(stream: BinaryIO, warn: list[str]) -> Iterator[bytes]:
    """Blocks of whole lines of UTF-8 from a binary stream, as they arrive.

    Invalid UTF-8 is replaced with U+FFFD and reported once in `warn`, with its line.
    """
    read = getattr(stream, "read1", stream.read)
    pending = b""
    line = 1
    warned = False
    while True:
        block = read(CHUNK)
        if block:
            data = pending + block
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                pending = data
                continue
            data, pending = data[:cut], data[cut:]
        else:
            data, pending = pending, b""
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


def introduction(
    lexicon: Lexicon, buffer: bytes, form: str, start: int, end: int
) -> tuple[str, str]:
    """How the text around a use of `form` (at buffer[start:end]) introduces it:
    ("introduced", name) when it writes one of the data's names for it, as `Name (ACR)` or
    `ACR (Name)`; ("author", long form) when it defines it in other words; ("", "") when the
    use introduces nothing. Only the LOOKBEHIND bytes before the use, and the rest of its
    line, are read."""
    if start and buffer[start - 1] == 0x28 and buffer.startswith(b")", end):  # (ACR)
        before = buffer[max(0, start - LOOKBEHIND) : start - 1].decode("utf-8", "replace")
        words = _collapsed(lexicon, before)
        for name in lexicon.long_forms.get(form, ()):
            wanted = _WORD.findall(name.casefold())
            if words[-len(wanted) :] == wanted:
                return "introduced", name
        found = long_form(form, before)
        return ("author", found) if found else ("", "")
    if buffer.startswith(b" (", end):  # ACR (long form)
        close = buffer.find(b")", end + 2, end + LOOKBEHIND)
        newline = buffer.find(b"\n", end, close)
        if close > 0 and newline < 0:
            inside = buffer[end + 2 : close].decode("utf-8", "replace")
            for name in lexicon.long_forms.get(form, ()):
                if same_name(inside, name):
                    return "introduced", name
            found = inner_long_form(form, inside)
            if found:
                return "author", found
    return "", ""


_WORD = re.compile(r"\([^()\n]*\)|[^\s()\-\u2010]+")


def _collapsed(lexicon: Lexicon, text: str) -> list[str]:
    """The words of `text`, case-folded, with each introduction it holds ("Full Name (ACR)")
    reduced to its acronym: after one annotation the text reads as before."""
    words: list[str] = []
    for word in _WORD.findall(text):
        inner = word[1:-1] if word.startswith("(") else ""
        if inner in lexicon.long_forms:
            for name in lexicon.long_forms[inner]:
                wanted = _WORD.findall(name.casefold())
                if words[-len(wanted) :] == wanted:
                    del words[-len(wanted) :]
                    break
            words.append(inner.casefold())
        else:
            words.append(word.casefold())
    return words


def structured(blocks: Iterable[bytes], structure: Structure) -> Iterator[tuple[bytes, list[Span]]]:
    """Blocks of whole lines with the spans to leave alone; a line the structure holds back
    (a possible heading) moves on to the next block."""
    held = b""
    for block in blocks:
        data = held + block
        spans, ready = structure.scan(data)
        held = data[ready:]
        if ready:
            yield data[:ready], spans
    if held:
        yield held, structure.scan(held, final=True)[0]


class GlossaryEntry:
    """A known acronym used in a text: its meanings, how often and where first; the text's own
    definition of it, if any, and its meanings outside this field."""

    __slots__ = ("count", "definition", "form", "line", "meanings", "other_meanings")

    def __init__(self, form: str, lexicon: Lexicon, line: int) -> None:
        self.form = form
        self.meanings = lexicon.meanings[form]
        self.line = line
        self.count = 0
        self.definition = ""
        """The author's own long form, when the text defines the acronym in other words."""
        self.other_meanings = list(lexicon.collisions.get(form, ()))


def glossary(
    blocks: Iterable[bytes],
    lexicon: Lexicon,
    structure: Structure | None = None,
    *,
    only: set[str] | None = None,
    skip: set[str] | frozenset[str] = frozenset(),
) -> tuple[list[GlossaryEntry], dict[str, tuple[int, int]]]:
    """Known acronyms in prose, in order of first use; unknown all-caps words in prose ->
    (first line, count). Headings count; code, URLs, link targets and HTML do not."""
    found: dict[str, GlossaryEntry] = {}
    unknown: dict[str, tuple[int, int]] = {}
    line = 1
    tail = b""
    for block, spans in structured(blocks, structure or Structure()):
        buffer = tail + block
        offset = len(tail)
        index = SpanIndex([(s + offset, e + offset, k) for s, e, k in spans]) if spans else None
        known: list[tuple[int, int]] = []
        at, at_line = offset, line
        for form, start, end in lexicon.find(buffer):
            if start < offset:
                continue
            known.append((start, end))
            if (index is not None and index.kind_at(start) not in PROSE_KINDS | {""}) or (
                form in skip or (only is not None and form not in only)
            ):
                continue
            at_line += buffer.count(b"\n", at, start)
            at = start
            entry = found.get(form)
            if entry is None:
                entry = found[form] = GlossaryEntry(form, lexicon, at_line)
            entry.count += 1
            if not entry.definition:
                how, text = introduction(lexicon, buffer, form, start, end)
                if how == "author":
                    entry.definition = text
        at, at_line = offset, line
        starts = [s for s, _e in known]
        for match in ALL_CAPS.finditer(buffer, offset):
            start = match.start()
            inside = bisect_right(starts, start) - 1
            if (inside >= 0 and start < known[inside][1]) or (
                index is not None and index.kind_at(start) not in PROSE_KINDS | {""}
            ):
                continue
            at_line += buffer.count(b"\n", at, start)
            at = start
            word = match.group(0).decode("ascii")
            first, times = unknown.get(word, (at_line, 0))
            unknown[word] = (first, times + 1)
        line += block.count(b"\n")
        tail = buffer[-LOOKBEHIND:]
    return list(found.values()), unknown


WHY = {
    "heading": "in a heading",
    "code": "in code",
    "url": "in a URL",
    "link target": "in a link target",
    "tag": "in an HTML tag",
    "comment": "in an HTML comment",
    "skip": "--skip names it",
    "only": "--only does not name it",
}
"""Why an acronym was left alone, for `annotate --explain`."""


class Annotator:
    """Spells out each known acronym at its first use in prose as `Full Name (ACR)`, streaming.

    Everything else is passed through unchanged. An acronym already introduced as
    `Full Name (ACR)` or `ACR (Full Name)` counts as introduced and is left alone, as is one
    the text defines in its own words; an acronym inside such an introduction of another
    (SOMTC in "SOMTC Working Group on Trafficking in Persons (WG on TIP)") is not a use, so
    annotating twice changes nothing more. Ambiguous acronyms, and those with a meaning
    outside this field (unless in `expand`), are not expanded: `hints` names them. With
    `explain`, `notes` says why every other acronym was left alone where it was.
    """

    def __init__(
        self,
        lexicon: Lexicon,
        structure: Structure | None = None,
        *,
        only: set[str] | None = None,
        skip: set[str] | frozenset[str] = frozenset(),
        expand: set[str] | frozenset[str] = frozenset(),
        explain: bool = False,
    ) -> None:
        self.lexicon = lexicon
        self.structure = structure or Structure()
        self.explain = explain
        self.pending: set[str] = set()
        """Acronyms to spell out at their first use in prose."""
        self.reasons: dict[str, str] = {}
        """Acronyms never spelt out -> why, said at their first use in prose."""
        for form, meanings in lexicon.meanings.items():
            if form in skip:
                self.reasons[form] = WHY["skip"]
            elif only is not None and form not in only:
                self.reasons[form] = WHY["only"]
            elif len(meanings) > 1:
                ids = ", ".join(m[E_ID] for m in meanings)
                self.reasons[form] = f"it names {len(meanings)} records ({ids})"
            elif form in lexicon.collisions and form not in expand:
                others = " or ".join(lexicon.collisions[form])
                self.reasons[form] = f"it also stands for {others} (--expand {form} spells it out)"
            else:
                self.pending.add(form)
        self.unsaid = set(self.reasons)
        self.hints: list[str] = []
        """Acronyms not expanded although used (ambiguous, or with another meaning)."""
        self.notes: list[str] = []
        """With `explain`: each other choice that left an acronym alone, once, with its line."""
        self._noted: set[tuple[str, str]] = set()
        self.tail = b""
        self.held = b""
        self.line = 1  # the line the next block starts on

    def feed(self, text: bytes) -> bytes:
        """Annotate a block of whole lines; returns the bytes to write (a last line that may
        be a Markdown heading waits for the next block, or for finish())."""
        data = self.held + text
        spans, ready = self.structure.scan(data)
        self.held = data[ready:]
        return self._annotate(data[:ready], spans) if ready else b""

    def finish(self) -> bytes:
        """The bytes still held back, annotated: call once the text has ended."""
        data, self.held = self.held, b""
        return self._annotate(data, self.structure.scan(data, final=True)[0]) if data else b""

    def _annotate(self, block: bytes, spans: list[Span]) -> bytes:
        buffer = self.tail + block
        offset = len(self.tail)
        index = SpanIndex([(s + offset, e + offset, k) for s, e, k in spans]) if spans else None
        out: list[bytes] = []
        written = offset
        pending = self.pending
        unsaid = self.unsaid
        for form, start, end in self.lexicon.find(buffer):
            if form not in pending:
                if (
                    form in unsaid
                    and start >= offset
                    and (index is None or index.kind_at(start) in ("", "heading"))
                ):
                    self._leave(form, buffer, offset, start, end)
                continue
            if start < offset:
                continue
            kind = index.kind_at(start) if index is not None else ""
            if kind:
                if self.explain:
                    self._note(form, WHY[kind], buffer, offset, start)
                continue
            if self._inside_introduction(buffer, start, end):
                continue
            pending.discard(form)
            if self._introduced(form, buffer, offset, start, end):
                continue
            out.append(buffer[written:start])
            out.append(self.lexicon.names[form] + b" (" + buffer[start:end] + b")")
            written = end
        out.append(buffer[written:])
        self.line += block.count(b"\n")
        self.tail = buffer[-LOOKBEHIND:]
        return b"".join(out)

    def _introduced(self, form: str, buffer: bytes, offset: int, start: int, end: int) -> bool:
        """Does the text introduce this use itself? (Said with `explain`.)"""
        how, text = introduction(self.lexicon, buffer, form, start, end)
        if how and self.explain:
            why = (
                f'already introduced as "{text}"'
                if how == "introduced"
                else f'the text defines it as "{text}"'
            )
            self._note(form, why, buffer, offset, start)
        return bool(how)

    def _leave(self, form: str, buffer: bytes, offset: int, start: int, end: int) -> None:
        """Say once why an acronym that is never expanded was left alone at its first use in
        prose; nothing needs saying when the text introduces it there itself."""
        self.unsaid.discard(form)
        if self._introduced(form, buffer, offset, start, end):
            return
        why = self.reasons[form]
        if why in (WHY["skip"], WHY["only"]):
            if self.explain:
                self._note(form, why, buffer, offset, start)
        else:
            self.hints.append(f"hint: {form} not expanded: {why}")

    def _note(self, form: str, why: str, buffer: bytes, offset: int, start: int) -> None:
        if (form, why) in self._noted:
            return
        self._noted.add((form, why))
        line = self.line + buffer.count(b"\n", offset, start)
        self.notes.append(f"hint: line {line}: {form} left alone: {why}")

    def _inside_introduction(self, buffer: bytes, start: int, end: int) -> bool:
        """Is this use part of the long form of another acronym's introduction, later on its
        line? ("SOMTC" in "SOMTC Working Group on Trafficking in Persons (WG on TIP)", "ASEAN"
        in "ASEAN-AUSTRALIA COUNTER TRAFFICKING PROGRAM (ASEAN-ACT)".)"""
        line_end = buffer.find(b"\n", end)
        opened = buffer.find(b"(", end, line_end if line_end >= 0 else len(buffer))
        if opened < 0:
            return False
        closed = buffer.find(b")", opened, line_end if line_end >= 0 else len(buffer))
        other = buffer[opened + 1 : closed].decode("utf-8", "replace") if closed > 0 else ""
        if other not in self.lexicon.entries:
            return False
        how, text = introduction(self.lexicon, buffer, other, opened + 1, closed)
        if not how:
            return False
        words = buffer[start:opened].decode("utf-8", "replace").replace("-", " ").split()
        return len(words) <= len(text.replace("-", " ").split())


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
        raise InputError(f"cannot read {path!r}: {error.strerror or error}") from None


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
    path: str,
    *,
    index: TermIndex,
    stdin: BinaryIO | None,
    mode: str = "auto",
    only: Iterable[str] | None = None,
    skip: Iterable[str] = (),
) -> tuple[list[GlossaryEntry], dict[str, tuple[int, int]], list[str]]:
    """`aseanct glossary PATH`: its entries, its unknown all-caps words, and the warnings."""
    warnings: list[str] = []
    lexicon = Lexicon.of(index)
    chosen = lexicon.chosen(only, "--only") if only is not None else None
    skipped = lexicon.chosen(skip, "--skip")
    structure = structure_for(path, mode)
    entries, unknown = _read_input(
        path,
        stdin,
        warnings,
        lambda b: glossary(b, lexicon, structure, only=chosen, skip=skipped),
    )
    return entries, unknown, warnings


def annotate(
    path: str,
    *,
    index: TermIndex,
    stdin: BinaryIO | None,
    stdout: BinaryIO,
    mode: str = "auto",
    only: Iterable[str] | None = None,
    skip: Iterable[str] = (),
    expand: Iterable[str] = (),
    explain: bool = False,
) -> list[str]:
    """`aseanct annotate PATH`: stream the annotated text to `stdout`; returns the messages
    (warnings, hints) for stderr. Both entry paths call this."""
    warnings: list[str] = []
    lexicon = Lexicon.of(index)
    annotator = Annotator(
        lexicon,
        structure_for(path, mode),
        only=lexicon.chosen(only, "--only") if only is not None else None,
        skip=lexicon.chosen(skip, "--skip"),
        expand=lexicon.chosen(expand, "--expand"),
        explain=explain,
    )
    _read_input(path, stdin, warnings, lambda b: annotate_stream(annotator, b, stdout))
    return warnings + annotator.hints + annotator.notes


def annotate_stream(annotator: Annotator, blocks: Iterable[bytes], out: BinaryIO) -> Annotator:
    """Annotate `blocks` into the binary stream `out`, flushing after each block."""
    for block in blocks:
        written = annotator.feed(block)
        if written:
            out.write(written)
            out.flush()
    out.write(annotator.finish())
    out.flush()
    return annotator
