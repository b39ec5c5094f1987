"""What each page of the web reference shows: plain data for the templates."""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from aseanct.hierarchy import Moment, Node, ancestors, forest, timeline
from aseanct.model.derive import provenance, reference, scope
from aseanct.model.records import Body, Entity, Record, Source, Term
from aseanct.model.registry import Registry
from aseanct.queries import filter_records
from aseanct.render.sheet import build_sheet
from aseanct.render.sheet.lines import Line, Sheet, label, language_name
from aseanct.treaties import parties

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
    """The last day a source was read (the about page's "sources read up to")."""
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
    """A line of a fact sheet, the record it names linked."""

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
    """A line's text with the record it names (`target`, at `link`) linked."""
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
    """A source as the site shows it, its provenance worded for a reader."""
    shown = [(READER_LABELS.get(label, label), value) for label, value in provenance(source)]
    return SourceEntry(
        number, source.id, source.name, reference(source), source.url, tuple(shown), cited_by
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


def search_entries(registry: Registry, day: datetime.date | None = None) -> list[list[str]]:
    """One row per record for the search: id, acronyms, name, other names, type, kind, scope."""
    return [
        [
            r.id,
            "|".join(r.acronyms),
            r.name,
            "|".join(alias.name for alias in r.aliases),
            r.type,
            r.kind,
            scope(registry.names, r),
        ]
        for r in filter_records(registry, day=day)
        if isinstance(r, Entity)
    ]


@dataclass(frozen=True)
class Item:
    """A record in a list: its link, acronym, name, note and, in the hierarchy, children."""

    href: str
    acronym: str
    name: str
    note: str = ""
    children: tuple[Item, ...] = ()


def item(record: Record, note: str = "", children: tuple[Item, ...] = ()) -> Item:
    return Item(record_path(record.id), record.acronym or "", record.name, note, children)


def record_groups(
    registry: Registry, day: datetime.date | None = None
) -> list[tuple[str, list[Item]]]:
    """Every record, grouped by type in TYPE_NAMES order, noted with its kind and scope."""
    groups = []
    for record_type, name in TYPE_NAMES.items():
        found = [
            item(r, r.kind + (f", {where}" if (where := scope(registry.names, r)) else ""))
            for r in filter_records(registry, record_type, day=day)  # type: ignore[arg-type]
        ]
        if found:
            groups.append((name, found))
    return groups


def hierarchy(registry: Registry, day: datetime.date | None = None) -> tuple[Item, ...]:
    """The whole hierarchy, as `tree` prints it."""
    from aseanct.render.tree import years

    def node(n: Node) -> Item:
        return item(n.record, years(n.record), tuple(map(node, n.children)))

    return tuple(map(node, forest(registry, None, day=day)))


def timeline_page(registry: Registry, as_of: datetime.date) -> dict[str, Any]:
    """The charts as `timeline -f svg` draws them, and their rows as tables for screen readers."""
    from aseanct.render.gantt import bar_note as note
    from aseanct.render.timeline import when
    from aseanct.render.timeline_svg import render_svg

    programmes = timeline(registry, "programmes", as_of)
    events = timeline(registry, "events", as_of)

    def chart(moments: list[Moment], which: str) -> str:
        svg = render_svg(moments, as_of, which, ids=f"{which}-chart")
        return svg.removeprefix('<?xml version="1.0" encoding="UTF-8"?>\n')

    def rows(moments: list[Moment]) -> list[tuple[str, Item]]:
        return [(when(m), item(m.record, note(m))) for m in moments]

    return {
        "programmes_svg": chart(programmes, "programmes"),
        "events_svg": chart(events, "events") if events else "",
        "programme_rows": rows(programmes),
        "event_rows": rows(events),
    }


def party_tables(
    registry: Registry, day: datetime.date | None = None
) -> list[tuple[Part, list[tuple[Part, tuple[str, ...]]]]]:
    """Every instrument with its parties, as `aseanct parties` prints them."""
    from aseanct.render.parties import record as party_record

    tables = []
    for record in registry.instruments():
        assert isinstance(record, Term)
        rows = []
        for row in parties(registry, record, day):
            v = party_record(row)
            cells = [
                v["status"],
                *(v[k] or "-" for k in ("action", "date", "signature", "in_force")),
            ]
            cells[-1] += " (derived)" if v["in_force_derived"] else ""
            rows.append((Part(row.state.name, record_path(row.state.id)), tuple(cells)))
        title = record.heading
        tables.append((Part(title, record_path(record.id)), rows))
    return tables


def source_entries(registry: Registry, record_pages: Iterable[RecordPage]) -> list[SourceEntry]:
    """Every source, with the statements that cite it as the records' pages number them."""
    citing: dict[str, dict[str, tuple[str, list[int]]]] = {}
    for shown in record_pages:
        for _title, lines in shown.sections:
            for line in lines:
                for n in line.sources:
                    by_page = citing.setdefault(shown.sources[n - 1].id, {})
                    numbers = by_page.setdefault(shown.path, (shown.record.label, []))[1]
                    if line.number and line.number not in numbers:
                        numbers.append(line.number)
    out = []
    sources = [r for r in registry.records if isinstance(r, Source)]
    for number, source in enumerate(sources, 1):
        cited_by = tuple(
            (Part(label, path), tuple(Part(str(n), f"{path}#fact-{n}") for n in numbers))
            for path, (label, numbers) in citing.get(source.id, {}).items()
        )
        out.append(source_entry(source, number, cited_by))
    return out


TOPICS = (("tip",), ("people-smuggling", "irregular-movement-of-persons"))
"""The terms of each list on the "who does what" page."""


def who_does_what(
    registry: Registry, day: datetime.date, topics: Sequence[Sequence[str]] = TOPICS
) -> list[tuple[str, list[Item]]]:
    """For each topic, its heading and the regional bodies that work against it on `day`, in
    the hierarchy's order."""
    from aseanct.render.help import first_sentence
    from aseanct.render.tree import placed

    lists = []
    for term_ids in topics:
        terms = [t for t in registry.records if isinstance(t, Entity) and t.id in term_ids]
        if not terms:
            continue
        chosen = _against(registry, terms)
        roles = [
            item(r, first_sentence(r.description))
            for r in (p.node.record for p in placed(forest(registry, None, day=day)))
            if r.id in chosen
        ]
        lists.append(("Against " + " and ".join(t.name for t in terms), roles))
    return lists


def _against(registry: Registry, terms: Sequence[Entity]) -> set[str]:
    """The regional bodies that name or address one of `terms`, and those above them by
    `parent` (not by pillar: a pillar is not part of a mechanism)."""

    def words(text: str) -> str:
        return " " + " ".join(re.findall(r"\w+", text.lower())) + " "

    ids = {t.id for t in terms}
    phrases = [words(name) for t in terms for name in _names(t)]
    chosen: set[str] = set()
    for body in registry.records:
        if not isinstance(body, Body) or body.country is not None:
            continue
        named = words(" | ".join(_names(body)))
        addresses = any(link.relation == "addresses" and link.id in ids for link in body.related)
        if not addresses and not any(phrase in named for phrase in phrases):
            continue
        current: Record | None = body
        while isinstance(current, Body) and current.id not in chosen:
            chosen.add(current.id)
            current = registry.by_id.get(current.parent.id) if current.parent else None
    return chosen


def _names(record: Entity) -> list[str]:
    return [record.name, *record.acronyms, *(alias.name for alias in record.aliases)]
