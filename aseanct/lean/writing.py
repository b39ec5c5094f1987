"""Acronyms in prose: find the known ones (glossary) and spell each out at first use (annotate)."""

from __future__ import annotations

import re

from aseanct.lean.lexicon import LOOKBEHIND, Lexicon, introduction
from aseanct.lean.markdown import Structure
from aseanct.lean.reading import PROSE, RUN_LIMIT, Reader, read_input
from aseanct.lean.resolver import E_ID

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from typing import BinaryIO

    from aseanct.lean.resolver import Resolver
    from aseanct.lean.stdout import Output

# An all-capital word (letters, digits, inner hyphens) of two characters or more.
ALL_CAPS = re.compile(rb"(?<![A-Za-z0-9\-])[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*(?![A-Za-z0-9])")
MAX_UNKNOWN_WORD = 200  # a longer all-capital word is no acronym: `--unknown` leaves it out
MAX_UNKNOWN_WORDS = 10_000  # distinct unknown words tracked (those seen are still counted)


class GlossaryEntry:
    """A known acronym used in a text: its meanings, uses, first line and the text's definition."""

    def __init__(self, form: str, lexicon: Lexicon, line: int) -> None:
        self.form = form
        self.meanings = lexicon.meanings[form]
        self.line = line
        self.count = 0
        self.definition = ""
        self.other_meanings = list(lexicon.collisions.get(form, ()))


def glossary(
    blocks: Iterable[bytes],
    lexicon: Lexicon,
    structure: Structure | None = None,
    *,
    only: set[str] | None = None,
    skip: set[str] | frozenset[str] = frozenset(),
) -> tuple[list[GlossaryEntry], dict[str, tuple[int, int]]]:
    """Known acronyms in prose, by first use; unknown all-caps words -> (first line, count)."""
    counted = {f for f in lexicon.entries if f not in skip and (only is None or f in only)}
    scan = _GlossaryScan(lexicon, structure, counted)
    for block in blocks:
        scan.read(block)
    scan.end()
    return list(scan.found.values()), scan.unknown


class _GlossaryScan(Reader):
    def __init__(self, lexicon: Lexicon, structure: Structure | None, counted: set[str]) -> None:
        super().__init__(lexicon, structure)
        self.counted = counted
        self.found: dict[str, GlossaryEntry] = {}
        self.unknown: dict[str, tuple[int, int]] = {}

    def _take(self, buffer: bytes, offset: int, limit: int, where: Callable[[int], str]) -> int:
        cut = max(limit, offset)
        found, lexicon, counted = self.found, self.lexicon, self.counted
        starts: list[int] = []  # the uses: a word inside one is no unknown word
        ends: list[int] = []
        at, at_line = offset, self.line
        for form, start, end in lexicon.find(buffer):
            if start < offset:
                continue
            if start >= limit:
                break
            starts.append(start)
            ends.append(end)
            if end > cut:
                cut = end
            if form not in counted or where(start) not in PROSE:
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
        at, at_line = offset, self.line
        use = 0  # the first use that does not end before the word
        for match in ALL_CAPS.finditer(buffer, offset):
            start = match.start()
            if start >= limit:
                break
            while use < len(ends) and ends[use] <= start:
                use += 1
            if use < len(starts) and starts[use] <= start:
                continue  # part of a use
            if match.end() > cut:
                cut = match.end()
            if where(start) not in PROSE:
                continue
            at_line += buffer.count(b"\n", at, start)
            at = start
            self._unknown(match.group(0).decode("ascii"), at_line)
        return cut

    def _unknown(self, word: str, line: int) -> None:
        seen = self.unknown.get(word)
        if seen is not None:
            self.unknown[word] = (seen[0], seen[1] + 1)
        elif len(word) <= MAX_UNKNOWN_WORD and len(self.unknown) < MAX_UNKNOWN_WORDS:
            self.unknown[word] = (line, 1)


WHY = {
    "heading": "in a heading",
    "code": "in code",
    "url": "in a URL",
    "link target": "in a link target",
    "tag": "in an HTML tag",
    "comment": "in an HTML comment",
    "run": f"in a run of over {RUN_LIMIT} characters with no space, on a line too long to read "
    "whole",
    "skip": "--skip names it",
    "only": "--only does not name it",
}
"""Why an acronym was left alone, for `annotate --explain`."""


class Annotator(Reader):
    """Spells out each known acronym at its first use in prose as `Full Name (ACR)`. One the
    text introduces itself is left alone, so annotating twice changes nothing more."""

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
        super().__init__(lexicon, structure)
        self.explain = explain
        self.pending: set[str] = set()  # to spell out at their first use in prose
        self.reasons: dict[str, str] = {}  # never spelt out -> why
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
        self.hints: list[str] = []  # used but not expanded: ambiguous, or another meaning
        self.notes: list[str] = []  # with `explain`: each other reason, once, with its line
        self._noted: set[tuple[str, str]] = set()
        self._out: list[bytes] = []

    def feed(self, text: bytes) -> bytes:
        """Annotate a piece of the text, cut anywhere; returns the bytes ready to write."""
        self.read(text)
        return self._written()

    def finish(self) -> bytes:
        """The bytes still held back, annotated, once the text has ended."""
        self.end()
        return self._written()

    def _written(self) -> bytes:
        out = b"".join(self._out)
        self._out.clear()
        return out

    def _take(self, buffer: bytes, offset: int, limit: int, where: Callable[[int], str]) -> int:
        out = self._out
        written = offset
        for form, start, end in self.lexicon.find(buffer):
            if start >= limit:
                break
            if form not in self.pending:
                if form in self.unsaid and start >= offset and where(start) in PROSE:
                    self._leave(form, buffer, offset, start, end)
                continue
            if start < offset:
                continue
            inside = where(start)
            if inside:
                if self.explain:
                    self._note(form, WHY[inside], buffer, offset, start)
                continue
            if self._inside_introduction(buffer, start, end):
                continue
            self.pending.discard(form)
            if self._introduced(form, buffer, offset, start, end):
                continue
            out.append(buffer[written:start])
            out.append(self.lexicon.names[form] + b" (" + buffer[start:end] + b")")
            written = end
        cut = max(limit, written)
        out.append(buffer[written:cut])
        return cut

    def _introduced(self, form: str, buffer: bytes, offset: int, start: int, end: int) -> bool:
        """Does the text introduce this use itself?"""
        how, text = introduction(self.lexicon, buffer, form, start, end)
        if how and self.explain:
            why = (
                f'already introduced as "{text}"'
                if how == "introduced"
                else f'the text defines it as "{text}"'
                if text
                else "the text glosses it in its own words"
            )
            self._note(form, why, buffer, offset, start)
        return bool(how)

    def _leave(self, form: str, buffer: bytes, offset: int, start: int, end: int) -> None:
        """Say why an acronym never expanded was left alone, at its first use in prose."""
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
        """Is this use in another acronym's introduction later on its line? ("SOMTC" in
        "SOMTC Working Group on Trafficking in Persons (WG on TIP)".)"""
        stop = min(len(buffer), start + LOOKBEHIND)
        line_end = buffer.find(b"\n", end, stop)
        opened = buffer.find(b"(", end, line_end if line_end >= 0 else stop)
        if opened < 0:
            return False
        closed = buffer.find(b")", opened, opened + self.lexicon.longest + 2)
        other = buffer[opened + 1 : closed].decode("utf-8", "replace") if closed > 0 else ""
        if other not in self.lexicon.entries:
            return False
        how, text = introduction(self.lexicon, buffer, other, opened + 1, closed)
        if not how:
            return False
        words = buffer[start:opened].decode("utf-8", "replace").replace("-", " ").split()
        return len(words) <= len(text.replace("-", " ").split())


def glossary_of(
    path: str,
    *,
    index: Resolver,
    stdin: BinaryIO | None,
    mode: str = "auto",
    only: Iterable[str] | None = None,
    skip: Iterable[str] = (),
) -> tuple[list[GlossaryEntry], dict[str, tuple[int, int]], list[str]]:
    """`aseanct glossary PATH`: its entries, unknown all-caps words and warnings."""
    warnings: list[str] = []
    lexicon = Lexicon.of(index)
    entries, unknown = glossary(
        read_input(path, stdin, warnings),
        lexicon,
        Structure(mode, path),
        only=lexicon.chosen(only, "--only") if only is not None else None,
        skip=lexicon.chosen(skip, "--skip"),
    )
    return entries, unknown, warnings


def annotate(
    path: str,
    *,
    index: Resolver,
    stdin: BinaryIO | None,
    stdout: Output,
    mode: str = "auto",
    only: Iterable[str] | None = None,
    skip: Iterable[str] = (),
    expand: Iterable[str] = (),
    explain: bool = False,
) -> list[str]:
    """`aseanct annotate PATH`: stream the annotated UTF-8 to `stdout`; returns stderr's lines."""
    warnings: list[str] = []
    lexicon = Lexicon.of(index)
    annotator = Annotator(
        lexicon,
        Structure(mode, path),
        only=lexicon.chosen(only, "--only") if only is not None else None,
        skip=lexicon.chosen(skip, "--skip"),
        expand=lexicon.chosen(expand, "--expand"),
        explain=explain,
    )
    for block in read_input(path, stdin, warnings):
        written = annotator.feed(block)
        if written:  # flushed as it goes, for a live stream
            stdout.write(written)
            stdout.flush()
    stdout.write(annotator.finish())
    stdout.flush()
    return warnings + annotator.hints + annotator.notes
