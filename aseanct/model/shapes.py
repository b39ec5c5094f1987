"""What each record shape declares (`shape_of`), and shapes built from and written as JSON."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar, get_args, get_origin

from aseanct.model.programmes import Money
from aseanct.model.records import Record
from aseanct.model.statements import Fact, Link, RecordId, RecordType, Sourced, SourcedDate


@dataclass(frozen=True, slots=True)
class FieldShape:
    """One field of a shape as the schema, the builder and the JSON see it."""

    name: str
    kind: str
    """`text`, `texts`, `int`, `flag`, `id` (a record id), `ids`, `sources`, `model`, `models`."""
    check: str
    """The named check of a scalar (`date`, `slug`, `url`...), or "" for the kind's default."""
    model: type[Any] | None
    to: tuple[RecordType, ...] | None
    """For links: the record types they may point to (() for any); None for other fields."""
    relation: str
    """The relation a link field always has ("" when each link names its own)."""
    required: bool
    internal: bool
    """Set by the loader, never written in YAML (a record's `origin`)."""


def _kind(name: str, hint: Any, many: bool, model: type[Any] | None) -> str:
    if name == "sources":
        return "sources"
    if model is not None:
        return "models" if many else "model"
    if hint is RecordId:
        return "text" if name == "id" else ("ids" if many else "id")
    if hint is bool:
        return "flag"
    if hint is int:
        return "int"
    return "texts" if many else "text"


T = TypeVar("T")


def per_class(function: Callable[[type[Any]], T]) -> Callable[[type[Any]], T]:
    """functools.cache for a function of a class (mypy does not take a class for Hashable)."""
    return functools.cache(function)  # type: ignore[return-value]


@per_class
def shape_of(cls: type[Any]) -> tuple[FieldShape, ...]:
    """The fields of a shape, in declaration order."""
    shapes = []
    specs = dataclasses.fields(cls)
    if issubclass(cls, Sourced):  # a base's fields come first; a statement's note reads last
        specs = (*specs[2:], *specs[:2])
    for spec in specs:
        hint = spec.type  # a type: the shapes' modules do not defer their annotations
        many = get_origin(hint) is tuple
        if many:
            hint = get_args(hint)[0]
        if type(None) in get_args(hint):
            hint = next(a for a in get_args(hint) if a is not type(None))
        model = hint if isinstance(hint, type) and dataclasses.is_dataclass(hint) else None
        shapes.append(
            FieldShape(
                name=spec.name,
                kind=_kind(spec.name, hint, many, model),
                check=spec.metadata.get("check", ""),
                model=model,
                to=spec.metadata.get("to"),
                relation=spec.metadata.get("relation", ""),
                required=spec.default is dataclasses.MISSING,  # no shape has a default_factory
                internal=bool(spec.metadata.get("internal")),
            )
        )
    return tuple(shapes)


@per_class
def _by_name(cls: type[Any]) -> dict[str, FieldShape]:
    return {s.name: s for s in shape_of(cls)}


def _id(value: Any) -> Any:
    return value["id"] if isinstance(value, dict) else value


def build(cls: type[T], plain: Mapping[str, Any]) -> T:
    """A shape from its validated plain form or its JSON (keys that are not fields skipped)."""
    by_name = _by_name(cls)
    values: dict[str, Any] = {}
    for name, value in plain.items():
        shape = by_name.get(name)
        if shape is None:
            continue
        if value is None:
            pass
        elif shape.model is not None:
            value = (
                tuple(build(shape.model, v) for v in value)
                if shape.kind == "models"
                else build(shape.model, value)
            )
        elif shape.kind == "id":
            value = _id(value)
        elif shape.kind == "ids":
            value = tuple(_id(v) for v in value)
        elif type(value) is list:
            value = tuple(value)
        values[name] = value
    return cls(**values)


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
    """A shape as JSON, its links objects that carry names."""
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
"""After HEAD, these come first where a type has them; then the fields of the type."""


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
    """The fields of a record type that `row_json` flattens: name -> SourcedDate, Money or Fact."""
    flat = (SourcedDate, Money, Fact)
    return {s.name: s.model for s in shape_of(cls) if s.kind == "model" and s.model in flat}


def row_json(names: Names, record: Record) -> dict[str, Any]:
    """A record as `list`, `search` and `show` print it: `record_json` with each sourced value
    plain (a date, a text, a sum with its `_amount` and `_currency`), whole under `sourced`."""
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


@dataclass(frozen=True, slots=True, eq=False)
class Edge:
    """One link a record makes: where it is written, to what, with which relation."""

    record: Record
    field: str
    """The top-level field that holds it (`related`, `parent`, `parties`...)."""
    target: RecordId
    relation: str
    link: Any
    """The Link (or a subclass), or the object holding a bare id (an Achievement, an Item)."""


def edges(record: Record) -> Iterator[Edge]:
    """Every link a record makes, at any depth, except to its sources."""
    for field_shape in shape_of(type(record)):
        value = getattr(record, field_shape.name)
        if value is not None and value != ():
            yield from _edges_in(record, field_shape, value, field_shape.name)


def _edges_in(record: Record, field_shape: FieldShape, value: Any, top: str) -> Iterator[Edge]:
    if field_shape.kind == "id":
        yield Edge(record, top, value, field_shape.relation, None)
    elif field_shape.kind == "ids":
        for target in value:
            yield Edge(record, top, target, field_shape.relation, None)
    elif field_shape.kind in ("model", "models"):
        for item in value if field_shape.kind == "models" else (value,):
            if isinstance(item, Link):
                yield Edge(record, top, item.id, item.relation or field_shape.relation, item)
            for inner in shape_of(type(item)):
                sub = getattr(item, inner.name)
                if (inner.name == "id" and isinstance(item, Link)) or sub is None or sub == ():
                    continue
                for edge in _edges_in(record, inner, sub, top):
                    yield (
                        edge
                        if edge.link is not None
                        else Edge(record, top, edge.target, edge.relation, item)
                    )
