"""What each page of the web reference shows: plain data for the templates, built from the
same fact sheets the command line prints. Paths are relative to the site's root; `href` makes
the relative link that works from `file://` and from any folder of a web server alike."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from aseanct.hierarchy import ancestors
from aseanct.model import Entity, Registry, Source
from aseanct.model.derive import provenance, reference
from aseanct.render.sheet import build_sheet
from aseanct.render.sheet.lines import Line, Sheet, label, language_name, short

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


def href(page: str, target: str) -> str:
    """The relative link from page `page` to `target` (either may carry a `#fragment`)."""
    path, _, fragment = target.partition("#")
    here = page.rpartition("/")[0]
    if not path:
        link = ""
    elif here and path.startswith(here + "/"):
        link = path[len(here) + 1 :]
    else:
        link = "../" * (here.count("/") + 1 if here else 0) + path
    return link + (f"#{fragment}" if fragment else "")


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


@dataclass(frozen=True)
class SheetSection:
    title: str
    lines: tuple[SheetLine, ...]


@dataclass(frozen=True)
class CitedBy:
    """A record that cites a source, and the numbers of its statements that do."""

    record: Part
    statements: tuple[Part, ...]


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
    cited_by: tuple[CitedBy, ...] = ()


@dataclass(frozen=True)
class RecordPage:
    path: str
    record_id: str
    label: str
    title: str
    type_name: str
    kind: str
    breadcrumbs: tuple[Part, ...]
    sections: tuple[SheetSection, ...]
    sources: tuple[SourceEntry, ...]


def _target(registry: Registry, line: Line) -> Entity | None:
    """The record a line names, which has a page."""
    target = registry.by_id.get(line.ref) if line.ref else None
    return target if isinstance(target, Entity) else None


def linked(registry: Registry, page: str, line: Line) -> tuple[Part, ...]:
    """A line's text with the record it names linked, where the text names it."""
    if line.lang:
        return (Part(line.text, lang=line.lang), Part(f" ({language_name(line.lang)})"))
    target = _target(registry, line)
    if target is None:
        return (Part(line.text),)
    link = href(page, record_path(target.id))
    for form in (label(registry, target.id), target.name, short(registry, target.id)):
        start = line.text.find(form)
        if form and start >= 0:
            end = start + len(form)
            parts = [Part(line.text[:start]), Part(form, link), Part(line.text[end:])]
            return tuple(p for p in parts if p.text)
    return (Part(line.text),)


def caption_link(registry: Registry, page: str, line: Line) -> str:
    """A link for a line's label when the label, not the text, names the record (a
    country's programme, a party's state)."""
    target = _target(registry, line)
    if target is None or line.label not in (target.name, target.acronym, target.label):
        return ""
    return href(page, record_path(target.id))


def source_entry(source: Source, number: int) -> SourceEntry:
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
    )


def record_page(registry: Registry, record: Entity, as_of: datetime.date) -> RecordPage:
    """A record's page: its fact sheet, every statement numbered and linked to its sources."""
    page = record_path(record.id)
    sheet: Sheet = build_sheet(registry, record, as_of)
    numbers = sheet.numbers()
    cited = {source.id for source in sheet.sources}

    def web_line(line: Line) -> SheetLine:
        sources = tuple(sheet.number(s) for s in line.sources if s in cited)
        label_href = caption_link(registry, page, line)
        parts = linked(registry, page, line)
        return SheetLine(line.label, label_href, parts, numbers.get(id(line)), sources, line.note)

    sections = [  # without the id: the page's address says it
        SheetSection(section.title, tuple(web_line(x) for x in section.lines if x.label != "id"))
        for section in sheet.sections
    ]
    chain = ancestors(registry, record)
    crumbs = tuple(Part(r.label, href(page, record_path(r.id))) for r in chain[:-1])
    return RecordPage(
        path=page,
        record_id=record.id,
        label=record.label,
        title=sheet.title,
        type_name=record.type,
        kind=record.kind,
        breadcrumbs=crumbs,
        sections=tuple(sections),
        sources=tuple(source_entry(s, n) for n, s in enumerate(sheet.sources, 1)),
    )
