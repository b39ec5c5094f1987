"""What each page of the web reference shows: plain data for the templates, built from the
same fact sheets the command line prints. Paths are relative to the site's root, and every
link is relative, so that it works from `file://` and from any folder of a web server alike."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from aseanct.hierarchy import ancestors
from aseanct.model import Entity, Registry, Source
from aseanct.model.derive import provenance, reference
from aseanct.render.sheet import build_sheet
from aseanct.render.sheet.lines import Line, Sheet, label, language_name

TYPE_NAMES = {
    "body": "Bodies",
    "programme": "Programmes",
    "term": "Instruments and terms",
    "event": "Events",
    "country": "Countries",
    "law": "Laws",
    "post": "Posts",
    "assessment": "Ratings by others",
    "document": "Reports, evaluations and data sets",
    "case": "Cases and responses",
}
"""The record types, as the site names their groups, in the order it lists them."""

PAGES = (
    ("index.html", "Search"),
    ("who.html", "Who does what"),
    ("hierarchy.html", "Hierarchy"),
    ("timeline.html", "Timeline"),
    ("parties.html", "Parties"),
    ("records.html", "All records"),
    ("sources.html", "Sources"),
    ("about.html", "About the data"),
)
"""The pages every page's navigation links to, in order."""


def record_path(record_id: str) -> str:
    return f"r/{record_id}.html"  # ids are lower-case slugs, safe in a path


def data_date(registry: Registry) -> str:
    """The data's date: the last day a source was read (the about page's "sources read up
    to"; the pages are read as of `--as-of`, default today, as on the command line)."""
    days = [r.accessed for r in registry.records if isinstance(r, Source) and r.accessed]
    return max(days) if days else ""


@dataclass(frozen=True)
class Part:
    """A run of a line's text, linked to a record's page when `href` is set."""

    text: str
    href: str = ""
    lang: str = ""
    """The language of the text when it is not English (HTML's `lang`)."""


@dataclass(frozen=True)
class SheetLine:
    """A line of a fact sheet: its label, text (the record it names linked), statement
    number and source numbers."""

    label: str
    label_href: str
    parts: tuple[Part, ...]
    number: int | None
    sources: tuple[int, ...]
    note: str


READER_LABELS = {"seed file": "one of the documents this reference began from, kept as the file"}
"""Provenance labels reworded for a reader of the site."""


@dataclass(frozen=True)
class SourceEntry:
    """A numbered source of a sheet, or an entry of the sources page."""

    number: int
    id: str
    title: str
    """The source's title, which names its links for screen readers."""
    reference: str
    url: str
    provenance: tuple[tuple[str, str], ...]
    """What stands beside the reference, as (label, value); an address is a link."""
    cited_by: tuple[tuple[Part, tuple[Part, ...]], ...] = ()
    """The records that cite it, each with the numbers of its statements that do."""


@dataclass(frozen=True)
class RecordPage:
    path: str
    record: Entity
    title: str
    breadcrumbs: tuple[Part, ...]
    sections: tuple[tuple[str, tuple[SheetLine, ...]], ...]
    """The sheet's sections, as (title, lines)."""
    sources: tuple[SourceEntry, ...]


def linked(registry: Registry, line: Line, target: Entity | None, link: str) -> tuple[Part, ...]:
    """A line's text with the record it names (`target`, at `link`) linked, where the text
    names it."""
    if line.lang:
        return (Part(line.text, lang=line.lang), Part(f" ({language_name(line.lang)})"))
    for form in (label(registry, target.id), target.name, target.label) if target else ():
        start = line.text.find(form)
        if form and start >= 0:
            end = start + len(form)
            parts = [Part(line.text[:start]), Part(form, link), Part(line.text[end:])]
            return tuple(p for p in parts if p.text)
    return (Part(line.text),)


def source_entry(
    source: Source, number: int, cited_by: tuple[tuple[Part, tuple[Part, ...]], ...] = ()
) -> SourceEntry:
    """A source as the site shows it; a seed (one of the documents the reference began
    from) is said so in words for a reader, not by the `show` line `seed file: NAME`."""
    shown = [(READER_LABELS.get(label, label), value) for label, value in provenance(source)]
    return SourceEntry(
        number=number,
        id=source.id,
        title=source.name,
        reference=reference(source),
        url=source.url,
        provenance=tuple(shown),
        cited_by=cited_by,
    )


def record_page(registry: Registry, record: Entity, as_of: datetime.date) -> RecordPage:
    """A record's page: its fact sheet, every statement numbered and linked to its sources."""
    sheet: Sheet = build_sheet(registry, record, as_of)
    numbers = sheet.numbers()

    def web_line(line: Line) -> SheetLine:
        found = registry.by_id.get(line.ref) if line.ref else None
        target = found if isinstance(found, Entity) else None  # a record with a page
        link = f"{target.id}.html" if target else ""  # a page beside it in r/
        names = (target.name, target.acronym, target.label) if target else ()
        label_href = link if line.label in names else ""  # it names the record: a party's state
        sources = tuple(sheet.cites(line))
        parts = linked(registry, line, target, link)
        return SheetLine(line.label, label_href, parts, numbers.get(id(line)), sources, line.note)

    sections = [  # without the id: the page's address says it
        (section.title, tuple(web_line(x) for x in section.lines if x.label != "id"))
        for section in sheet.sections
    ]
    chain = ancestors(registry, record)
    crumbs = tuple(Part(r.label, f"{r.id}.html") for r in chain[:-1])
    sources = tuple(source_entry(s, n) for n, s in enumerate(sheet.sources, 1))
    return RecordPage(record_path(record.id), record, sheet.title, crumbs, tuple(sections), sources)
