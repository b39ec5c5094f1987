"""Acronyms in prose: find the known ones (glossary) and spell each out at first use (annotate).

Matching is case-sensitive and whole-word: `ACT` is found, `act` and `Act` are not. A
hyphenated or multi-word acronym (SOM-MLAT, ASEAN-ACT, WG on TIP) is matched whole, and the
longest known form wins, so ASEAN-ACT is never read as ASEAN + ACT. A word joined to another by
a hyphen before it (pre-ASEAN) is not a use. Stdlib only: annotate streams large inputs.
"""

from __future__ import annotations

import re

from aseanct.index import E_ID, E_NAME

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import Any, BinaryIO

    from aseanct.index import Entry

# A word that may begin an acronym: a capital, then letters and digits, not glued to a word
# or hyphen before it.
WORD = re.compile(r"(?<![A-Za-z0-9\-])[A-Z][A-Za-z0-9]*")
# An all-capital word (letters, digits, inner hyphens) of two characters or more.
ALL_CAPS = re.compile(r"(?<![A-Za-z0-9\-])[A-Z][A-Z0-9]+(?:-[A-Z0-9]+)*(?![A-Za-z0-9])")
_FIRST_WORD = re.compile(r"[A-Za-z0-9]+")
CHUNK = 65536
LOOKBEHIND = 600  # characters of earlier text kept to recognise "Full Name (ACR)" across lines


class Lexicon:
    """The known acronyms, exactly as written, and where each can start in a text."""

    def __init__(self, acronyms: dict[str, list[Entry]]) -> None:
        self.entries = acronyms
        longer: dict[str, list[str]] = {}
        for form in acronyms:
            head = _FIRST_WORD.match(form)
            if head is not None and head.group(0) != form:
                longer.setdefault(head.group(0), []).append(form)
        self.longer = {head: sorted(forms, key=len, reverse=True) for head, forms in longer.items()}
        self.heads = set(acronyms) | set(self.longer)
        # Acronyms found inside other records' names: ("SOMTC", "WG on TIP", name, offset).
        self.inside: dict[str, list[tuple[str, str, int]]] = {}
        for form, entries in acronyms.items():
            if len({e[E_ID] for e in entries}) != 1:
                continue
            name = entries[0][E_NAME]
            for hit_form, start, _end in self.find(name):
                self.inside.setdefault(hit_form, []).append((form, name, start))

    def meanings(self, form: str) -> list[Entry]:
        """The distinct records an acronym names (one entry per record)."""
        seen: dict[str, Entry] = {}
        for entry in self.entries.get(form, ()):
            seen.setdefault(entry[E_ID], entry)
        return list(seen.values())

    def find(self, text: str) -> Iterator[tuple[str, int, int]]:
        """Every known acronym in `text`: (form, start, end), left to right, longest first."""
        resume = 0
        for match in WORD.finditer(text):
            start = match.start()
            if start < resume:
                continue
            token = match.group(0)
            if token not in self.heads:
                continue
            for form in self.longer.get(token, ()):
                end = start + len(form)
                if text.startswith(form, start) and _ends_word(text, end):
                    resume = end
                    yield form, start, end
                    break
            else:
                end = match.end()
                if token in self.entries and _ends_word(text, end):
                    yield token, start, end


def _ends_word(text: str, end: int) -> bool:
    return end >= len(text) or not text[end].isalnum()


def unknown_words(text: str, lexicon: Lexicon) -> Iterator[str]:
    """All-capital words of `text` that are not known acronyms (nor part of one)."""
    known = {(start, end) for _form, start, end in lexicon.find(text)}
    covered = [range(start, end) for start, end in known]
    for match in ALL_CAPS.finditer(text):
        if (match.start(), match.end()) in known:
            continue
        if any(match.start() in span for span in covered):
            continue
        yield match.group(0)


def read_text_blocks(stream: BinaryIO, warn: list[str]) -> Iterator[str]:
    """Decoded blocks of whole lines from a binary stream, as they arrive.

    Invalid UTF-8 is replaced with U+FFFD and reported once in `warn` with its line.
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
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            text = data.decode("utf-8", errors="replace")
            if not warned:
                bad_line = line + data[: error.start].count(b"\n")
                warn.append(
                    f"warning: input is not valid UTF-8 (first at line {bad_line}); "
                    "invalid bytes replaced with U+FFFD"
                )
                warned = True
        line += data.count(b"\n")
        yield text


class GlossaryEntry:
    """A known acronym used in a text: its meanings, how often and where first."""

    __slots__ = ("count", "form", "line", "meanings")

    def __init__(self, form: str, meanings: list[Entry], line: int) -> None:
        self.form = form
        self.meanings = meanings
        self.line = line
        self.count = 0


def glossary(
    blocks: Iterator[str], lexicon: Lexicon
) -> tuple[list[GlossaryEntry], dict[str, tuple[int, int]]]:
    """Known acronyms in order of first use; unknown all-caps words -> (first line, count)."""
    found: dict[str, GlossaryEntry] = {}
    unknown: dict[str, tuple[int, int]] = {}
    line = 0
    for block in blocks:
        for text in block.splitlines():
            line += 1
            for form, _start, _end in lexicon.find(text):
                entry = found.get(form)
                if entry is None:
                    entry = found[form] = GlossaryEntry(form, lexicon.meanings(form), line)
                entry.count += 1
            for word in unknown_words(text, lexicon):
                first, times = unknown.get(word, (line, 0))
                unknown[word] = (first, times + 1)
    return list(found.values()), unknown


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
        self.pending = {form for form in lexicon.entries if len(lexicon.meanings(form)) == 1}
        self.ambiguous: dict[str, list[Entry]] = {}
        self.tail = ""
        self._intro: dict[str, re.Pattern[str]] = {}

    def feed(self, text: str) -> str:
        """Annotate a block of whole lines; returns the text to write."""
        buffer = self.tail + text
        offset = len(self.tail)
        out: list[str] = []
        written = offset
        for form, start, end in self.lexicon.find(buffer):
            if start < offset:
                continue
            if form not in self.pending:
                meanings = self.lexicon.meanings(form)
                if len(meanings) > 1:
                    self.ambiguous.setdefault(form, meanings)
                continue
            if self._inside_introduction(buffer, form, start):
                continue
            name = self.lexicon.entries[form][0][E_NAME]
            self.pending.discard(form)
            if self._introduced(buffer, name, start, end):
                continue
            out.append(buffer[written:start])
            out.append(f"{name} ({form})")
            written = end
        out.append(buffer[written:])
        self.tail = buffer[-LOOKBEHIND:]
        return "".join(out)

    def _introduced(self, buffer: str, name: str, start: int, end: int) -> bool:
        """Is this use already written as `Full Name (ACR)`?"""
        if not buffer.startswith(")", end):
            return False
        pattern = self._intro.get(name)
        if pattern is None:
            words = r"\s+".join(re.escape(w) for w in name.split())
            pattern = self._intro[name] = re.compile(words + r"\s*\($")
        return pattern.search(buffer, max(0, start - LOOKBEHIND), start) is not None

    def _inside_introduction(self, buffer: str, form: str, start: int) -> bool:
        """Is this acronym part of another's `Full Name (ACR)`?"""
        for other, name, at in self.lexicon.inside.get(form, ()):
            begin = start - at
            if begin >= 0 and buffer.startswith(f"{name} ({other})", begin):
                return True
        return False


def annotate_stream(index: Any, blocks: Iterator[str], out: BinaryIO) -> Annotator:
    """Annotate `blocks` into the binary stream `out`, flushing after each block."""
    annotator = Annotator(Lexicon(index.acronyms()))
    for block in blocks:
        out.write(annotator.feed(block).encode("utf-8"))
        out.flush()
    return annotator


def ambiguity_hints(annotator: Annotator) -> list[str]:
    """One hint line per ambiguous acronym that was left as it is."""
    return [
        f"hint: {form} not expanded: it names {len(meanings)} records "
        f"({', '.join(m[E_ID] for m in meanings)})"
        for form, meanings in annotator.ambiguous.items()
    ]
