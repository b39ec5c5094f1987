"""The known acronyms as a text may write them, and how a text introduces one."""

from __future__ import annotations

import re

from aseanct.lean.resolver import E_ID, E_NAME

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from aseanct.lean.resolver import Entry, Resolver

# Bytes a use may not follow: letters, digits and a hyphen (pre-ASEAN is not a use).
_GLUE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-")
_CAPS_HEAD = re.compile(r"[A-Z][A-Z0-9]+\Z")
_FIRST_WORD = re.compile(r"[A-Za-z0-9]+")
LOOKBEHIND = 600  # bytes before a use read to decide it: "Full Name (ACR)" across lines


def _ends_word(text: bytes, end: int) -> bool:
    if end >= len(text):
        return True
    byte = text[end]
    if byte < 0x80:
        return not (48 <= byte <= 57 or 65 <= byte <= 90 or 97 <= byte <= 122)
    return not text[end : end + 4].decode("utf-8", "ignore")[:1].isalnum()


class Lexicon:
    """The known acronyms, matched case-sensitive, whole-word and longest-first (ASEAN-ACT is
    never ASEAN + ACT), with the names that introduce each and its meanings outside this field."""

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
        # Any all-capital word, plus the few acronyms written otherwise (MoSVY). A plain
        # character class first lets re skip ahead fast (a look-behind makes it three times
        # slower): find() checks the character before a match.
        others = sorted(
            (h for h in heads if not _CAPS_HEAD.match(h.decode())), key=len, reverse=True
        )
        tails = b"".join(b"|" + re.escape(h[1:]) for h in others if 65 <= h[0] <= 90)
        rest = b"".join(b"|" + re.escape(h) for h in others if not 65 <= h[0] <= 90)
        self.pattern = re.compile(b"[A-Z](?:[A-Z0-9]+" + tails + b")" + rest)
        self.heads = heads
        self.longest = max((len(form) for form in self.forms), default=0)
        # How far past a use's first byte deciding it may look: its form, an introduction
        # after it or one it is part of, and the run it lies in (reading.LongLineIndex).
        self.reach = LOOKBEHIND + 2 * self.longest + 8

    @classmethod
    def of(cls, index: Resolver) -> Lexicon:
        """The lexicon of a term index."""
        return cls(*index.acronym_tables())

    def chosen(self, values: Iterable[str], option: str) -> set[str]:
        """The acronyms an option such as `--only SOMTC,ARF` names (any case), or UsageError."""
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


def introduction(
    lexicon: Lexicon, buffer: bytes, form: str, start: int, end: int
) -> tuple[str, str]:
    """How the text introduces a use of `form` at buffer[start:end]: ("introduced", name) for
    `Name (ACR)` or `ACR (Name)` with a name of the data; ("author", long form or "") for the
    author's own definition or gloss; ("", "") for none."""
    if start and buffer[start - 1] == 0x28 and buffer.startswith(b")", end):  # (ACR)
        before = buffer[max(0, start - LOOKBEHIND) : start - 1].decode("utf-8", "replace")
        words = _collapsed(lexicon, before)
        for name in lexicon.long_forms.get(form, ()):
            wanted = _WORD.findall(name.casefold())
            if words[-len(wanted) :] == wanted:
                return "introduced", name
        found = long_form(form, before)
        if found:
            return "author", found
        # "a support office (RSO)": words, then the acronym in brackets, are the author's own
        # gloss, whatever the words (a name split across lines, a description)
        return ("author", "") if before.rstrip()[-1:].isalnum() else ("", "")
    if buffer.startswith(b" (", end):  # ACR (long form)
        close = buffer.find(b")", end + 2, end + LOOKBEHIND)
        newline = buffer.find(b"\n", end, close)
        if close > 0 and newline < 0:
            inside = buffer[end + 2 : close].decode("utf-8", "replace")
            for name in lexicon.long_forms.get(form, ()):
                if _loose(inside) == _loose(name):
                    return "introduced", name
            # the whole parenthesis, when it abbreviates to `form` from its first or second
            # word (an article may lead: "ACT (the act of trafficking)")
            found = long_form(form, inside) if len(inside.split()) > 1 else ""
            if found and len(inside[: len(inside) - len(found)].split()) <= 1:
                return "author", inside.strip()
    return "", ""


_WORD = re.compile(r"\([^()\n]*\)|[^\s()\-\u2010]+")


def _collapsed(lexicon: Lexicon, text: str) -> list[str]:
    """The words of `text`, case-folded, each "Full Name (ACR)" in it reduced to its acronym."""
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


_BREAKS = ".;:!?()[]{}\n"


def long_form(short: str, text: str) -> str:
    """The long form that `short` abbreviates at the end of `text` ("" if none), found as
    Schwartz and Hearst (2003) find it: its letters from the right, within min(n+5, 2n) words."""
    letters = [c.lower() for c in short if c.isalnum()]
    if len(letters) < 2 or not letters[0].isalnum():
        return ""
    cut = max(text.rfind(c) for c in _BREAKS)
    words = text[cut + 1 :].split()
    words = words[-min(len(letters) + 5, 2 * len(letters)) :]
    if not words:
        return ""
    candidate = " ".join(words)
    lower = candidate.lower()
    at = len(lower) - 1
    for position in range(len(letters) - 1, -1, -1):
        letter = letters[position]
        while at >= 0 and (
            lower[at] != letter or (position == 0 and at > 0 and lower[at - 1].isalnum())
        ):
            at -= 1
        if at < 0:
            return ""
        at -= 1
    begin = candidate.rfind(" ", 0, at + 2) + 1
    found = candidate[begin:]
    words = found.replace("-", " ").replace("\u2010", " ").split()
    if len(found) <= len(short) or all(w.isupper() for w in words):
        return ""  # acronyms side by side define nothing: "AMMTC (AMMTC SOMTC)", "ASEAN ACTIP"
    return found


def _loose(text: str) -> str:
    return " ".join(text.replace("-", " ").replace("\u2010", " ").casefold().split())
