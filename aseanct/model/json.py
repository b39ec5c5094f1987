"""A record as JSON, field by field from its shape: links become objects that carry names.
The store keeps each record so (its `data` column), and `build` reads it back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aseanct.model.programmes import Money
from aseanct.model.records import Record
from aseanct.model.shapes import per_class, shape_of
from aseanct.model.statements import Fact, Link, SourcedDate

Named = tuple[str | None, str, str]
"""Who a record is, for a link to it: (primary acronym or None, name, type)."""

Names = Callable[[str], Named | None]
"""Id -> who it is (None for an id no record has)."""


def link_object(names: Names, record_id: str, relation: str) -> dict[str, Any]:
    """A link as JSON: the id, the relation, and who it is, so no second lookup is needed."""
    named = names(record_id)
    acronym, name, record_type = named if named is not None else (None, None, None)
    return {
        "id": record_id,
        "relation": relation,
        "acronym": acronym,
        "name": name,
        "type": record_type,
    }


def to_json(names: Names, value: Any) -> dict[str, Any]:
    """A shape as JSON, following its declaration."""
    out: dict[str, Any] = {}
    if isinstance(value, Link):
        out.update(link_object(names, value.id, value.relation))
    for field_shape in shape_of(type(value)):
        if field_shape.name in out:
            continue
        inner = getattr(value, field_shape.name)
        if field_shape.kind == "id" and inner is not None:
            out[field_shape.name] = link_object(names, inner, field_shape.relation)
        elif field_shape.kind == "ids":
            out[field_shape.name] = [link_object(names, i, field_shape.relation) for i in inner]
        elif field_shape.kind == "models":
            out[field_shape.name] = [to_json(names, v) for v in inner]
        elif field_shape.kind == "model" and inner is not None:
            out[field_shape.name] = to_json(names, inner)
        else:
            out[field_shape.name] = list(inner) if isinstance(inner, tuple) else inner
    return out


HEAD = ("id", "type", "acronym", "name", "kind")
"""The first keys of every record's JSON."""

COMMON = (
    "acronyms",
    "aliases",
    "collisions",
    "description",
    "note",
    "related",
    "facts",
    "sources",
    "origin",
)
"""After id, type, acronym, name and kind, these come first where a type has them; then the
fields of the type."""


def record_json(names: Names, record: Record) -> dict[str, Any]:
    """A record as a JSON object: id, type, acronym, name, kind first, then every field."""
    out: dict[str, Any] = {key: getattr(record, key) for key in HEAD}
    body = to_json(names, record)
    for name in COMMON:
        if name in body:
            out[name] = body[name]
    for name, value in body.items():
        out.setdefault(name, value)
    return out


@per_class
def sourced_fields(cls: type[Any]) -> dict[str, type[Any]]:
    """The fields of a record type that `row_json` flattens: name -> SourcedDate, Money or
    Fact (one statement, such as a rating or a law's number)."""
    flat = (SourcedDate, Money, Fact)
    return {s.name: s.model for s in shape_of(cls) if s.kind == "model" and s.model in flat}


def row_json(names: Names, record: Record) -> dict[str, Any]:
    """A record as `list`, `search` and `show` print it: `record_json` with each sourced date a
    plain value (`"start_date": "2018"`), each one-statement field its text (`"rating": "Tier
    2"`) and each sum as written beside its `_amount` and `_currency`, so that a script finds a
    value where it expects one; each of them whole (value, note, sources) under `sourced`."""
    flat = sourced_fields(type(record))
    out: dict[str, Any] = {}
    sourced: dict[str, Any] = {}
    for key, value in record_json(names, record).items():
        model = flat.get(key)
        if model is SourcedDate:
            out[key] = value["date"] if value else None
        elif model is Fact:
            out[key] = value["text"] if value else None
        elif model is Money:
            out[key] = value["as_written"] if value else None
            out[f"{key}_amount"] = value["amount"] if value else None
            out[f"{key}_currency"] = value["currency"] if value else None
        else:
            out[key] = value
            continue
        sourced[key] = value
    out["sourced"] = sourced
    return out
