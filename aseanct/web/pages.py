"""What each page of the web reference shows: plain data for the templates, built from the
same fact sheets, trees, timelines and tables the command line prints.

Everything here is pure: no Jinja2, no files. Paths are relative to the site's root
(`r/somtc.html`); `href(page, target)` makes the relative link that works from `file://`,
from a web server's root and from under a path alike.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aseanct.model import MILESTONES, Entity, Record, Registry, Source, Term
from aseanct.hierarchy import Node, ancestors, forest, timeline
from aseanct.model.derive import scope
from aseanct.treaties import parties
from aseanct.render.sheet import Line, Sheet, build_sheet, label, provenance, reference, short

TYPE_NAMES = {
    "body": "Bodies",
    "programme": "Programmes",
    "term": "Instruments and terms",
    "event": "Events",
    "country": "Countries",
}
"""The record types, as the site names their groups, in the order it lists them."""

PAGES = (
    ("index.html", "Search"),
    ("hierarchy.html", "Hierarchy"),
    ("timeline.html", "Timeline"),
    ("parties.html", "Parties"),
    ("records.html", "All records"),
    ("sources.html", "Sources"),
    ("about.html", "About the data"),
)
"""The pages every page's navigation links to, in order."""


def record_path(record_id: str) -> str:
    """Where a record's page is: `r/ID.html` (ids are lower-case slugs, safe in a path)."""
    return f"r/{record_id}.html"


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
    """The data's date: the last day a source was read (the site's only date)."""
    days = [r.accessed for r in registry.records if isinstance(r, Source) and r.accessed]
    return max(days) if days else ""


# --- a record's page -----------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    """A run of a line's text, linked to a record's page when `href` is set."""

    text: str
    href: str = ""


@dataclass(frozen=True)
class SheetLine:
    """One line of a fact sheet on the web: its label, text (with the record it names as a
    link), statement number and source numbers."""

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
class SourceEntry:
    """A numbered source of a sheet, or an entry of the sources page."""

    number: int
    id: str
    title: str
    """The source's title, which names its links for screen readers."""
    reference: str
    url: str
    copy: str
    provenance: tuple[str, ...]
    cited_by: tuple[Part, ...] = ()


@dataclass(frozen=True)
class RecordPage:
    path: str
    record_id: str
    title: str
    type_name: str
    kind: str
    breadcrumbs: tuple[Part, ...]
    sections: tuple[SheetSection, ...]
    sources: tuple[SourceEntry, ...]
    cite_command: str


def linked(registry: Registry, page: str, line: Line) -> tuple[Part, ...]:
    """A line's text with the record it names linked, where the text names it."""
    target = registry.by_id.get(line.ref) if line.ref else None
    if target is None or isinstance(target, Source):
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
    target = registry.by_id.get(line.ref) if line.ref else None
    if target is None or isinstance(target, Source):
        return ""
    if line.label in (target.name, target.acronym, target.label):
        return href(page, record_path(target.id))
    return ""


def source_entry(source: Source, number: int) -> SourceEntry:
    return SourceEntry(
        number=number,
        id=source.id,
        title=source.name,
        reference=reference(source),
        url=source.url,
        copy=source.via,
        provenance=tuple(provenance(source)),
    )


def record_page(registry: Registry, record: Entity, as_of: datetime.date) -> RecordPage:
    """A record's page: its fact sheet, every statement numbered and linked to its sources."""
    page = record_path(record.id)
    sheet: Sheet = build_sheet(registry, record, as_of)
    numbers = {id(line): n for n, (_s, line) in enumerate(sheet.statements(), 1)}
    sections = []
    for section in sheet.sections:
        lines = []
        for line in section.lines:
            if line.label == "id":
                continue  # the page's address says it
            lines.append(
                SheetLine(
                    label=line.label,
                    label_href=caption_link(registry, page, line),
                    parts=linked(registry, page, line),
                    number=numbers.get(id(line)),
                    sources=tuple(
                        sheet.number(s)
                        for s in line.sources
                        if any(x.id == s for x in sheet.sources)
                    ),
                    note=line.note,
                )
            )
        sections.append(SheetSection(section.title, tuple(lines)))
    chain = ancestors(registry, record)
    crumbs = tuple(Part(r.label, href(page, record_path(r.id))) for r in chain[:-1])
    return RecordPage(
        path=page,
        record_id=record.id,
        title=sheet.title,
        type_name=record.type,
        kind=record.kind,
        breadcrumbs=crumbs,
        sections=tuple(sections),
        sources=tuple(source_entry(s, n) for n, s in enumerate(sheet.sources, 1)),
        cite_command=f"aseanct cite {record.id}",
    )


# --- the search index -----------------------------------------------------------------------


def search_entries(registry: Registry) -> list[list[str]]:
    """One compact row per record for the page's search: id, acronyms and other names
    (joined by `|`), name, type, kind and scope (`under SOMTC`, which tells the two HSUs
    apart). The page's link is `r/ID.html`."""
    rows = []
    for record in registry.records:
        if not isinstance(record, Entity):
            continue
        rows.append(
            [
                record.id,
                "|".join(record.acronyms),
                record.name,
                "|".join(alias.name for alias in record.aliases),
                record.type,
                record.kind,
                scope(registry.names, record),
            ]
        )
    return rows


# --- listings, hierarchy, timeline, parties, sources ------------------------------------------


@dataclass(frozen=True)
class Listed:
    """A record in a list: its link, acronym, name, kind and scope."""

    href: str
    acronym: str
    name: str
    kind: str
    scope: str


def listed(registry: Registry, page: str, record: Record) -> Listed:
    return Listed(
        href=href(page, record_path(record.id)),
        acronym=record.acronym or "",
        name=record.name,
        kind=record.kind,
        scope=scope(registry.names, record),
    )


def record_groups(registry: Registry, page: str) -> list[tuple[str, list[Listed]]]:
    """Every record, grouped by type (in TYPE_NAMES order), in file order within a group."""
    return [
        (name, [listed(registry, page, r) for r in registry.of_type(record_type)])  # type: ignore[arg-type]
        for record_type, name in TYPE_NAMES.items()
        if registry.of_type(record_type)  # type: ignore[arg-type]
    ]


@dataclass(frozen=True)
class TreeItem:
    """A node of the hierarchy page: its link and text, and the nodes under it."""

    href: str
    acronym: str
    name: str
    years: str
    children: tuple[TreeItem, ...] = field(default=())


def hierarchy(registry: Registry, page: str) -> tuple[TreeItem, ...]:
    """The whole hierarchy, as `aseanct tree` prints it."""
    from aseanct.render.tree import years

    def item(node: Node) -> TreeItem:
        record = node.record
        return TreeItem(
            href=href(page, record_path(record.id)),
            acronym=record.acronym or "",
            name=record.name,
            years=years(record),
            children=tuple(item(child) for child in node.children),
        )

    return tuple(item(root) for root in forest(registry, None))


@dataclass(frozen=True)
class TimelineRow:
    href: str
    acronym: str
    name: str
    when: str
    status: str


def timeline_page(
    registry: Registry, page: str, as_of: datetime.date
) -> tuple[str, str, list[TimelineRow], list[TimelineRow]]:
    """The programmes' and the events' charts (SVG, as `timeline -f svg` draws them) and
    their rows as tables, for readers who cannot see the pictures."""
    from aseanct.render.timeline import note, when
    from aseanct.render.timeline_svg import render_svg

    programmes = timeline(registry, "programmes", as_of)
    events = timeline(registry, "events", as_of)

    def rows(moments: Sequence[Any]) -> list[TimelineRow]:
        return [
            TimelineRow(
                href=href(page, record_path(m.record.id)),
                acronym=m.record.acronym or "",
                name=m.record.name,
                when=when(m),
                status=note(m),
            )
            for m in moments
        ]

    def inline(svg: str) -> str:
        """The chart as an element of the page: without the XML declaration, which HTML
        does not have."""
        return svg.removeprefix('<?xml version="1.0" encoding="UTF-8"?>\n')

    return (
        inline(render_svg(programmes, as_of, "programmes", ids="programmes-chart")),
        inline(render_svg(events, as_of, "events", ids="events-chart")) if events else "",
        rows(programmes),
        rows(events),
    )


@dataclass(frozen=True)
class PartyTable:
    """An instrument's table of parties: a row per state, a column per step it records."""

    href: str
    title: str
    steps: tuple[str, ...]
    rows: tuple[tuple[Part, tuple[str, ...]], ...]


def party_tables(registry: Registry, page: str) -> list[PartyTable]:
    """Every instrument with parties, as `aseanct parties` prints it."""
    tables = []
    for record in registry.of_type("term"):
        if not isinstance(record, Term) or not (record.parties or record.status_for):
            continue
        rows = parties(registry, record)
        steps = tuple(
            step
            for step in MILESTONES
            if any(r.party is not None and getattr(r.party, step) is not None for r in rows)
        )
        table_rows = []
        for row in rows:
            state = Part(row.state.name, href(page, record_path(row.state.id)))
            if row.party is None:
                table_rows.append((state, ("no record",) + ("",) * (len(steps) - 1)))
                continue
            cells = []
            for step in steps:
                milestone = getattr(row.party, step)
                cells.append("-" if milestone is None else (milestone.date or "unknown"))
            table_rows.append((state, tuple(cells)))
        title = f"{record.acronym}: {record.name}" if record.acronym else record.name
        tables.append(
            PartyTable(href(page, record_path(record.id)), title, steps, tuple(table_rows))
        )
    return tables


def source_entries(registry: Registry, page: str) -> list[SourceEntry]:
    """Every source with its reference line and the records that cite it."""
    from aseanct.render.records import cited_sources

    citing: dict[str, list[Record]] = {}
    for record in registry.records:
        if isinstance(record, Entity):
            for source in cited_sources(registry, record):
                citing.setdefault(source.id, []).append(record)
    out = []
    for number, source in enumerate(_sources(registry.records), 1):
        entry = source_entry(source, number)
        cited_by = tuple(
            Part(r.label, href(page, record_path(r.id))) for r in citing.get(source.id, ())
        )
        out.append(
            SourceEntry(
                number=entry.number,
                id=entry.id,
                title=entry.title,
                reference=entry.reference,
                url=entry.url,
                copy=entry.copy,
                provenance=entry.provenance,
                cited_by=cited_by,
            )
        )
    return out


def _sources(records: Iterable[Record]) -> list[Source]:
    return [r for r in records if isinstance(r, Source)]
