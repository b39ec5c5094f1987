"""The pages that gather many records: the search index, every record by type, the hierarchy,
the timeline, the parties tables and the sources, as plain data for the templates."""

from __future__ import annotations

import dataclasses
import datetime
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from aseanct.hierarchy import Node, forest, timeline
from aseanct.model import Body, Entity, Record, Registry, Source, Term
from aseanct.model.derive import exists_on, scope
from aseanct.treaties import parties
from aseanct.web.pages import (
    TYPE_NAMES,
    CitedBy,
    Part,
    RecordPage,
    SourceEntry,
    href,
    record_path,
    source_entry,
)


def search_entries(registry: Registry, day: datetime.date | None = None) -> list[list[str]]:
    """One compact row per record for the page's search: id, acronyms and other names
    (joined by `|`), name, type, kind and scope (`under SOMTC`, which tells the two HSUs
    apart). The page's link is `r/ID.html`. With `day`, only the records that existed then."""
    rows = []
    for record in registry.records:
        if not isinstance(record, Entity) or not existed(record, day):
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


def existed(record: Record, day: datetime.date | None) -> bool:
    """Is the record listed on a site read as of `day` (None: every record is)?"""
    return day is None or exists_on(record, day)


def record_groups(
    registry: Registry, page: str, day: datetime.date | None = None
) -> list[tuple[str, list[Listed]]]:
    """Every record (with `day`, that existed then), grouped by type (in TYPE_NAMES order),
    in file order within a group."""
    groups = []
    for record_type, name in TYPE_NAMES.items():
        found = [
            listed(registry, page, r)
            for r in registry.of_type(record_type)  # type: ignore[arg-type]
            if existed(r, day)
        ]
        if found:
            groups.append((name, found))
    return groups


@dataclass(frozen=True)
class TreeItem:
    """A node of the hierarchy page: its link and text, and the nodes under it."""

    href: str
    acronym: str
    name: str
    years: str
    children: tuple[TreeItem, ...] = field(default=())


def hierarchy(
    registry: Registry, page: str, day: datetime.date | None = None
) -> tuple[TreeItem, ...]:
    """The whole hierarchy, as `tree` prints it (with `day`, as `tree --as-of`)."""
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

    return tuple(item(root) for root in forest(registry, None, day=day))


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


def party_tables(
    registry: Registry, page: str, day: datetime.date | None = None
) -> list[PartyTable]:
    """Every instrument with parties, as `aseanct parties` prints it."""
    from aseanct.render.parties import record as party_record

    tables = []
    for record in registry.instruments():
        assert isinstance(record, Term)
        table_rows = []
        for row in parties(registry, record, day):
            values = party_record(row)
            in_force = (values["in_force"] or "-") + (
                " (derived)" if values["in_force_derived"] else ""
            )
            cells = (
                values["status"],
                values["action"] or "-",
                values["date"] or "-",
                values["signature"] or "-",
                in_force,
            )
            table_rows.append((Part(row.state.name, href(page, record_path(row.state.id))), cells))
        title = f"{record.acronym}: {record.name}" if record.acronym else record.name
        tables.append(
            PartyTable(href(page, record_path(record.id)), title, STEP_COLUMNS, tuple(table_rows))
        )
    return tables


STEP_COLUMNS = ("status", "action", "date", "signed", "in force")


def source_entries(
    registry: Registry, page: str, record_pages: Iterable[RecordPage]
) -> list[SourceEntry]:
    """Every source with its reference line and the statements that cite it, by record, as
    the records' pages number them."""
    citing: dict[str, dict[str, tuple[str, list[int]]]] = {}
    for shown in record_pages:
        for section in shown.sections:
            for line in section.lines:
                for n in line.sources:
                    by_page = citing.setdefault(shown.sources[n - 1].id, {})
                    numbers = by_page.setdefault(shown.path, (shown.label, []))[1]
                    if line.number and line.number not in numbers:
                        numbers.append(line.number)
    out = []
    for number, source in enumerate(_sources(registry.records), 1):
        cited_by = tuple(
            CitedBy(
                Part(label, href(page, path)),
                tuple(Part(str(n), href(page, f"{path}#fact-{n}")) for n in numbers),
            )
            for path, (label, numbers) in citing.get(source.id, {}).items()
        )
        out.append(dataclasses.replace(source_entry(source, number), cited_by=cited_by))
    return out


def _sources(records: Iterable[Record]) -> list[Source]:
    return [r for r in records if isinstance(r, Source)]


# --- who does what --------------------------------------------------------------------------

TOPICS = (("tip",), ("people-smuggling", "irregular-movement-of-persons"))
"""The terms of each list on the "who does what" page: trafficking in persons; people
smuggling and the irregular movement of persons."""


@dataclass(frozen=True)
class Role:
    """A mechanism in one line: its link, acronym, name, and its description's first sentence."""

    href: str
    acronym: str
    name: str
    role: str


def who_does_what(
    registry: Registry,
    page: str,
    day: datetime.date,
    topics: Sequence[Sequence[str]] = TOPICS,
) -> list[tuple[str, list[Role]]]:
    """For each topic, its heading ("Against trafficking in persons") and the regional bodies
    (those of no one country) that work against it, in the hierarchy's order: a body whose
    name, acronym or other name names one of the topic's terms (by the term's own names), or
    that links to one as `addresses`; and the bodies these sit under (by `parent`), which
    hold the mechanism together. Only the bodies that existed on `day`."""
    from aseanct.render.help import first_sentence

    lists = []
    for term_ids in topics:
        terms = [t for t in registry.records if isinstance(t, Entity) and t.id in term_ids]
        if not terms:
            continue
        chosen = _against(registry, terms)
        roles = [
            Role(
                href(page, record_path(r.id)),
                r.acronym or "",
                r.name,
                first_sentence(r.description),
            )
            for r in _depth_first(forest(registry, None, day=day))
            if r.id in chosen
        ]
        lists.append(("Against " + " and ".join(t.name for t in terms), roles))
    return lists


def _against(registry: Registry, terms: Sequence[Entity]) -> set[str]:
    """The ids of the regional bodies that name one of `terms` or address one, and of the
    bodies above them."""

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
        if addresses or any(phrase in named for phrase in phrases):
            chosen.update(r.id for r in _parent_chain(registry, body))
    return chosen


def _names(record: Entity) -> list[str]:
    return [record.name, *record.acronyms, *(alias.name for alias in record.aliases)]


def _parent_chain(registry: Registry, body: Body) -> Iterator[Body]:
    """The body and the bodies above it by `parent` (not by pillar: a pillar is not part of
    a mechanism)."""
    seen: set[str] = set()
    current: Record | None = body
    while isinstance(current, Body) and current.id not in seen:
        seen.add(current.id)
        yield current
        current = registry.by_id.get(current.parent.id) if current.parent else None


def _depth_first(nodes: Iterable[Node]) -> Iterator[Record]:
    for node in nodes:
        yield node.record
        yield from _depth_first(node.children)
