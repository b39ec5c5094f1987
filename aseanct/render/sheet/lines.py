"""The parts of a fact sheet, and the phrasings every kind of record shares."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from aseanct.model.programmes import Figure, Money
from aseanct.model.records import Source
from aseanct.model.registry import Registry
from aseanct.model.statements import Link, RecordId, SourcedDate


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

    def cites(self, line: Line) -> list[int]:
        """The citation numbers of a line's sources."""
        numbered = [source.id for source in self.sources]
        return [numbered.index(s) + 1 for s in line.sources if s in numbered]

    def statements(self) -> list[tuple[Section, Line]]:
        """The lines that carry sources: statement N of `show --sources` and `cite --fact N`."""
        return [(s, line) for s in self.sections for line in s.lines if line.sources]

    def numbers(self) -> dict[int, int]:
        return {id(line): n for n, (_section, line) in enumerate(self.statements(), 1)}


@dataclass
class Draft:
    """A sheet being built: its overview's lines, its sections, the records already shown."""

    registry: Registry
    as_of: datetime.date
    lines: list[Line]
    sections: list[Section]
    shown: set[str] = field(default_factory=set)


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


def money(value: Money) -> str:
    """`$A80 million (AUD 80,000,000; 2018 to 2028)`."""
    return f"{value.as_written} ({value.currency} {value.amount:,}; {_period(value.period)})"


def figure(value: Figure) -> str:
    """`participants in those events: 1,038 (35% women, 65% men; undated)`."""
    shares = (
        (value.women, "{:,} women"),
        (value.men, "{:,} men"),
        (value.women_pct, "{}% women"),
        (value.men_pct, "{}% men"),
    )
    split = [form.format(n) for n, form in shares if n is not None]
    when = _period(value.period)
    details = f"{', '.join(split)}; {when}" if split else when
    return f"{value.measure}: {value.value:,} ({details})"


def _period(period: str) -> str:
    """`2018/2028` -> `2018 to 2028`; empty -> `undated`."""
    return " to ".join(period.split("/")) if period else "undated"


def dated(value: SourcedDate) -> str:
    return f"{value.date} (planned)" if value.planned else value.date


def link_line(registry: Registry, link: Link, caption: str) -> Line:
    """A link as a sheet line: its target, what the source adds, whether it is inferred."""
    text = label(registry, link.id) + (f": {link.text}" if link.text else "")
    text += " (inferred: no source states it directly)" if link.inferred else ""
    return Line(caption, text, link.sources, link.note, link.id)
