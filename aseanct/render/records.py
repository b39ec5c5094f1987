"""Records as JSON objects and as rows: the machine shapes of `list`, `search` and `show`."""

from __future__ import annotations

import dataclasses
from typing import Any

from aseanct.models import Programme, Record, RecordId, Registry, span
from aseanct.queries import Hit, ancestors, pillar_of

ROW_FIELDS = (
    "id",
    "acronym",
    "name",
    "type",
    "kind",
    "pillar",
    "parent",
    "start",
    "end",
    "sources",
)
"""Columns of `list` and `search` in CSV and TSV (search adds rank and matched)."""


def to_json(value: Any) -> Any:
    """Model values as JSON values: dataclasses become objects in field order, tuples lists."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (tuple, list)):
        return [to_json(v) for v in value]
    return value


def record_json(record: Record) -> dict[str, Any]:
    """A record as a JSON object: id, type, acronym, name, kind first, then every field."""
    out: dict[str, Any] = {
        "id": record.id,
        "type": record.type,
        "acronym": record.acronym,
        "name": record.name,
        "kind": record.kind,
    }
    for field in dataclasses.fields(record):
        if field.name not in out:
            out[field.name] = to_json(getattr(record, field.name))
    return out


def detail_json(registry: Registry, record: Record) -> dict[str, Any]:
    """`show --format json`: the record, what is derived from the links, and its sources."""
    out = record_json(record)
    children = registry.children.get(record.id, ())
    out["parent_chain"] = [r.id for r in ancestors(registry, record)[:-1]]
    out["children"] = [r.id for r in children]
    if isinstance(record, Programme):
        out["successors"] = [p.id for p in registry.successors.get(record.id, ())]
    out["events"] = [e.id for e in registry.events_of.get(record.id, ())]
    out["referenced_by"] = [
        {"id": other.id, "field": field} for other, field in registry.backlinks.get(record.id, ())
    ]
    out["cited_sources"] = [record_json(s) for s in cited_sources(registry, record)]
    return out


def cited_sources(registry: Registry, record: Record) -> list[Record]:
    """Every source a record cites anywhere (its own, its facts', its links'), first cited first."""
    ids: list[RecordId] = []

    def walk(value: Any) -> None:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            for field in dataclasses.fields(value):
                if field.name == "sources":
                    ids.extend(getattr(value, field.name))
                else:
                    walk(getattr(value, field.name))
        elif isinstance(value, tuple):
            for item in value:
                walk(item)

    walk(record)
    return [registry.by_id[i] for i in dict.fromkeys(ids) if i in registry.by_id]


def row(registry: Registry, record: Record) -> dict[str, Any]:
    """A record flattened to the ROW_FIELDS columns."""
    pillar = pillar_of(registry, record)
    parent = getattr(record, "parent", None)
    start_text, end_text = span(record)
    return {
        "id": record.id,
        "acronym": record.acronym,
        "name": record.name,
        "type": record.type,
        "kind": record.kind,
        "pillar": pillar.label if pillar is not None else None,
        "parent": parent.id if parent is not None else None,
        "start": start_text or None,
        "end": end_text or None,
        "sources": list(record.sources),
    }


def hit_json(hit: Hit) -> dict[str, Any]:
    """A search hit: the record, then its rank and where it matched."""
    return {**record_json(hit.record), "rank": hit.rank, "matched": hit.where}


def hit_row(registry: Registry, hit: Hit) -> dict[str, Any]:
    """A search hit flattened to columns."""
    return {**row(registry, hit.record), "rank": hit.rank, "matched": hit.where}


def plain_table(rows: list[list[str]]) -> str:
    """Rows as aligned columns separated by two spaces; the last column is never padded."""
    if not rows:
        return ""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for values in rows:
        cells = [v.ljust(w) for v, w in zip(values, widths, strict=False)] + [values[-1]]
        lines.append("  ".join(cells).rstrip() + "\n")
    return "".join(lines)


def listing_text(records: list[Record]) -> str:
    """`list` and `search` as plain text: id, acronym, type and name in aligned columns."""
    return plain_table([[r.id, r.acronym or "-", r.type, r.name] for r in records])


def listing_rich(records: list[Record]) -> Any:
    """`list` and `search` as a Rich table for a terminal."""
    from rich.table import Table
    from rich.text import Text

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
