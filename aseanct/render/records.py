"""Records as JSON objects and rows: the views of `list`, `search` and `show`."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Sequence
from itertools import pairwise
from typing import Any

from aseanct.hierarchy import ancestors
from aseanct.lean.tabular import plain_table
from aseanct.model.dates import year_or_none
from aseanct.model.derive import reference, tree_relation
from aseanct.model.programmes import Money
from aseanct.model.records import RECORD_CLASSES, Body, Event, Programme, Record, Source
from aseanct.model.registry import Registry
from aseanct.model.shapes import HEAD, link_object, record_json, row_json, shape_of, sourced_fields
from aseanct.model.statements import RecordId, RecordType, SourcedDate
from aseanct.queries import Hit
from aseanct.render.output import View, pick

ROW_FIELDS = (
    "id", "acronym", "name", "type", "kind", "pillar", "parent", "start_date", "end_date",
    "sources",
)  # fmt: skip
"""Columns of `list`, `search` and `show` in CSV and TSV (search adds rank and matched)."""

EXTRA_FIELDS = (
    "parent_id", "start_date", "end_date", "start_year", "end_year", "start_date_sources",
    "end_date_sources", "title", "source_urls",
)  # fmt: skip
"""Computed fields a row can add to a record's own (`--fields` chooses among both)."""

DERIVED = (
    "parent_chain", "children", "successors", "governance", "events", "referenced_by",
    "cited_sources", "statements",
)  # fmt: skip
"""What `show` adds from the rest of the data (successors and governance only for programmes)."""


def _span_statements(record: Record) -> tuple[SourcedDate | None, SourcedDate | None]:
    """A row's start and end as sourced dates: a body's establishment, an event's days."""
    if isinstance(record, Body):
        return record.established, None
    if isinstance(record, Event):
        days = (record.date, record.last_day)
        first, last = (SourcedDate(date=d, sources=record.sources) if d else None for d in days)
        return first, last
    return getattr(record, "start_date", None), getattr(record, "end_date", None)


def extra_fields(registry: Registry, record: Record) -> dict[str, Any]:
    """The computed fields of a record's row: EXTRA_FIELDS and each sourced field's sources."""
    parent = getattr(record, "parent", None)
    out: dict[str, Any] = {"parent_id": parent.id if parent is not None else None}
    start, end = _span_statements(record)
    out["start_date"] = start.date if start is not None else None
    out["end_date"] = end.date if end is not None else None
    out["start_year"] = year_or_none(out["start_date"] or "")
    out["end_year"] = year_or_none(out["end_date"] or "")
    out["start_date_sources"] = list(start.sources) if start is not None else []
    out["end_date_sources"] = list(end.sources) if end is not None else []
    for name in sourced_fields(type(record)):
        value = getattr(record, name)
        out[f"{name}_sources"] = list(value.sources) if value is not None else []
    out["title"] = record.name if isinstance(record, Source) else None
    cited = [registry.by_id.get(s) for s in getattr(record, "sources", ())]
    out["source_urls"] = [s.url for s in cited if isinstance(s, Source) and s.url]
    return out


def record_fields(types: Sequence[RecordType]) -> tuple[str, ...]:
    """Every field a row of these record types can have, defaults first."""
    names: list[str] = [*ROW_FIELDS, *HEAD]
    classes = [RECORD_CLASSES[t] for t in types]
    for cls in classes:
        for s in shape_of(cls):
            sum_parts = ("_amount", "_currency") if s.model is Money else ()
            names += [s.name, *(s.name + part for part in sum_parts)]
    names += ["sourced", *EXTRA_FIELDS]
    names += [f"{n}_sources" for cls in classes for n in sourced_fields(cls)]
    return tuple(dict.fromkeys(names))


def detail_json(
    registry: Registry, record: Record, as_of: datetime.date, known: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    """`show --format json`: the record, what is derived from the links, its sources, and
    what follows on `as_of`. `known` keeps each source's JSON for the rest of a batch (`show -`
    cites most sources again: made once, they take a tenth off 1,000 records)."""
    from aseanct.render.sheet import build_sheet
    from aseanct.render.sheet.kinds import as_of_json

    link = functools.partial(link_object, registry.names)
    out = row_json(registry.names, record)
    chain = ancestors(registry, record)
    out["parent_chain"] = [link(r.id, tree_relation(below)) for r, below in pairwise(chain)]
    out["children"] = [link(r.id, tree_relation(r)) for r in registry.children_of(record.id)]
    if isinstance(record, Programme):
        out["successors"] = [link(p.id, "followed-by") for p in registry.successors_of(record.id)]
        out["governance"] = [
            link(c.id, "governs")
            for c in registry.children_of(record.id)
            if getattr(getattr(c, "parent", None), "relation", "") == "governs"
        ]
    out["events"] = [
        link(e.id, _event_relation(e, record.id)) for e in registry.events_of(record.id)
    ]
    out["referenced_by"] = [
        {**link(b.record.id, b.relation), "field": b.field}
        for b in registry.backlinks_of(record.id)
    ]
    cited = [s for s in cited_sources(registry, record) if isinstance(s, Source)]
    for source in cited:
        if source.id not in known:
            known[source.id] = {
                **record_json(registry.names, source),
                "reference": reference(source),
            }
    out["cited_sources"] = [known[s.id] for s in cited]
    sheet = build_sheet(registry, record, as_of)
    out["statements"] = [
        {
            "number": number,
            "section": section.title or None,
            "topic": line.label or None,
            "text": line.text,
            "sources": list(line.sources),
        }
        for number, (section, line) in enumerate(sheet.statements(), 1)
    ]
    out.update(as_of_json(record, as_of))
    return out


def _event_relation(event: Event, record_id: str) -> str:
    return next((link.relation for link in event.related if link.id == record_id), "concerns")


def cited_sources(registry: Registry, record: Record) -> list[Record]:
    """Every source a record cites anywhere (its own, its facts', its links'), first cited first."""
    ids: list[RecordId] = []

    def walk(value: Any) -> None:
        for field_shape in shape_of(type(value)):
            inner = getattr(value, field_shape.name)
            if field_shape.kind == "sources":
                ids.extend(inner)
            elif field_shape.kind == "model" and inner is not None:
                walk(inner)
            elif field_shape.kind == "models":
                for item in inner:
                    walk(item)

    walk(record)
    return registry.many(ids)


def listing_text(records: Sequence[Record]) -> str:
    """`list` and `search` as plain text: id, acronym, type and name."""
    return plain_table([[r.id, r.acronym or "-", r.type, r.name] for r in records])


def listing_rich(records: Sequence[Record], width: int = 80) -> Any:
    """`list` and `search` as a Rich table; on a narrow terminal each record stacked, so that
    names keep the whole width instead of a few squeezed columns."""
    from rich.table import Table
    from rich.text import Text

    from aseanct.render.sheet.layout import NARROW

    if width < NARROW:
        return Text("\n").join(
            Text.assemble(
                (record.name + "\n", "bold"),
                (f"  {record.id}", "dim"),
                (f"  {record.acronym or '-'}", "bold cyan"),
                (f"  {record.type}\n", "magenta"),
            )
            for record in records
        )
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("id", style="dim", no_wrap=True)
    table.add_column("acronym", style="bold cyan", no_wrap=True)
    table.add_column("type", style="magenta", no_wrap=True)
    table.add_column("name")
    for record in records:
        table.add_row(
            Text(record.id), Text(record.acronym or "-"), Text(record.type), Text(record.name)
        )
    return table


def _types_of(record_type: RecordType | None) -> list[RecordType]:
    return [record_type] if record_type else list(RECORD_CLASSES)


def listing_view(registry: Registry, record_type: RecordType | None) -> View[Record]:
    """`list`: one row per record."""
    return View(
        name="list",
        all_fields=lambda: record_fields(_types_of(record_type)),
        columns=ROW_FIELDS,
        row=lambda r: row_json(registry.names, r),
        extra=lambda r: extra_fields(registry, r),
        text=listing_text,
        rich=listing_rich,
    )


def search_view(registry: Registry, record_type: RecordType | None) -> View[Hit]:
    """`search`: one row per hit, best first, with its rank and where it matched."""
    return View(
        name="search",
        all_fields=lambda: (*record_fields(_types_of(record_type)), "rank", "matched"),
        columns=(*ROW_FIELDS, "rank", "matched"),
        row=lambda h: {**row_json(registry.names, h.record), "rank": h.rank, "matched": h.where},
        extra=lambda h: extra_fields(registry, h.record),
        text=lambda hits: listing_text([h.record for h in hits]),
        rich=lambda hits, width: listing_rich([h.record for h in hits], width),
    )


def show_view(
    registry: Registry, as_of: datetime.date, *, with_sources: bool = False, single: bool = True
) -> View[Record]:
    """`show`: a fact sheet in text; in JSON the record with what is derived from the data, one
    object for a `single` record, an array for a batch (`show -`)."""
    from aseanct.render import sheet

    sources: dict[str, dict[str, Any]] = {}

    def row(record: Record) -> dict[str, Any]:
        return detail_json(registry, record, as_of, sources)

    def document(records: Sequence[Record], fields: Sequence[str] | None) -> Any:
        full = ({**row(r), **extra_fields(registry, r)} for r in records)
        rows = [pick(r, fields) for r in full] if fields else [row(r) for r in records]
        return rows[0] if single else rows

    def text(records: Sequence[Record]) -> str:
        return "\n".join(
            sheet.render_text(sheet.build_sheet(registry, r, as_of), with_sources=with_sources)
            for r in records
        )

    def rich(records: Sequence[Record], width: int) -> Any:  # one record: `show -` streams
        from rich.console import Group

        built = (sheet.build_sheet(registry, r, as_of) for r in records)
        return Group(*(sheet.render_rich(b, with_sources=with_sources, width=width) for b in built))

    types = list(RECORD_CLASSES)
    return View(
        name="show",
        all_fields=lambda: (*record_fields(types), *DERIVED),
        columns=ROW_FIELDS,
        row=row,
        extra=lambda r: extra_fields(registry, r),
        text=text,
        rich=rich,
        document=document,
    )
