"""The parts of a fact sheet: lines (one sourced statement each), sections and the sheet,
and the small phrasings every kind of record shares (a label, a sum of money, a date)."""

from __future__ import annotations

from dataclasses import dataclass, field

from aseanct.model import Figure, Link, Money, RecordId, Registry, Source, SourcedDate


@dataclass
class Line:
    """One statement: a label (empty for list items), its text, its sources and a caution."""

    label: str
    text: str
    sources: tuple[RecordId, ...] = ()
    note: str = ""
    ref: RecordId | None = None
    """The record the line names, if any (a web page links it)."""
    lang: str = ""
    """The language of `text` when it is not English (a name in a national language)."""

    @property
    def shown(self) -> str:
        """The text as a terminal shows it: with its language named after it."""
        return f"{self.text} ({language_name(self.lang)})" if self.lang else self.text


def language_name(tag: str) -> str:
    """`Malay` for `ms` (the tag itself for a language the data does not name)."""
    from aseanct.citations import LANGUAGES

    return next((name for name, code in LANGUAGES.items() if code == tag), tag)


@dataclass
class Section:
    """A titled group of lines (the first section of a sheet has no title)."""

    title: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Sheet:
    """A record laid out for reading."""

    title: str
    sections: list[Section]
    sources: list[Source]

    def number(self, source_id: str) -> int:
        """The citation number of a source."""
        return next(i for i, s in enumerate(self.sources, 1) if s.id == source_id)

    def statements(self) -> list[tuple[Section, Line]]:
        """The lines that carry sources, in reading order: statement N (numbered from 1 in
        `show --sources`, and chosen by `cite --fact N`) is item N-1."""
        return [(s, line) for s in self.sections for line in s.lines if line.sources]


SHOWN_ELSEWHERE = frozenset({"has-member", "has-party", "works-in"})
"""Relations whose backlinks a sheet shows in their own place (member of, party to, a
country's programmes), not again under Related."""


def label(registry: Registry, record_id: str) -> str:
    """`ACR (Full Name)`, or the name of a record without an acronym."""
    record = registry.by_id.get(RecordId(record_id))
    if record is None:
        return record_id
    return f"{record.acronym} ({record.name})" if record.acronym else record.name


def short(registry: Registry, record_id: str) -> str:
    """The acronym, else the name."""
    record = registry.by_id.get(RecordId(record_id))
    return record.label if record is not None else record_id


def count(value: int) -> str:
    """1038 -> 1,038."""
    return f"{value:,}"


def period_text(period: str) -> str:
    """`2018/2028` -> `2018 to 2028`; empty -> `undated`."""
    return " to ".join(period.split("/")) if period else "undated"


def money(value: Money) -> str:
    """`$A80 million (AUD 80,000,000; 2018 to 2028)`."""
    return (
        f"{value.as_written} ({value.currency} {count(value.amount)}; {period_text(value.period)})"
    )


def figure(value: Figure) -> str:
    """`participants in those events: 1,038 (35% women, 65% men; undated)`."""
    split = []
    if value.women is not None:
        split.append(f"{count(value.women)} women")
    if value.men is not None:
        split.append(f"{count(value.men)} men")
    if value.women_pct is not None:
        split.append(f"{value.women_pct}% women")
    if value.men_pct is not None:
        split.append(f"{value.men_pct}% men")
    details = ", ".join(split)
    when = period_text(value.period)
    return f"{value.measure}: {count(value.value)} ({f'{details}; ' if details else ''}{when})"


def dated(value: SourcedDate) -> str:
    """A date, marked when it is still to come."""
    return f"{value.date} (planned)" if value.planned else value.date


def link_text(registry: Registry, link: Link) -> str:
    """A link's target, with what the source adds and whether it is only inferred."""
    text = label(registry, link.id) + (f": {link.text}" if link.text else "")
    return text + (" (inferred: no source states it directly)" if link.inferred else "")


def link_line(registry: Registry, link: Link, caption: str) -> Line:
    """A link as a sheet line under `caption`."""
    return Line(caption, link_text(registry, link), link.sources, link.note, link.id)
