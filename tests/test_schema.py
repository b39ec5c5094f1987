"""Each record shape is declared once (aseanct.model); the schema, the builder and the JSON
follow it. These tests fail when one of them drifts from the declaration."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from aseanct.model.records import RECORD_CLASSES, Entity, Source
from aseanct.model.shapes import build, shape_of
from aseanct.schema import records as schema
from aseanct.schema.values import Checker
from aseanct.yamlread import INVALID

TYPES = list(RECORD_CLASSES)


def checker() -> Checker:
    return Checker("t.yaml", lambda path: None)


@pytest.mark.parametrize("record_type", TYPES)
def test_the_schema_accepts_exactly_the_fields_of_the_model(record_type: Any) -> None:
    declared = [f.name for f in dataclasses.fields(RECORD_CLASSES[record_type])]
    accepted = schema.record_fields(record_type)
    assert accepted == [n for n in declared if n != "origin"]
    # A field the model lacks is refused, with a suggestion.
    check = checker()
    value = {"id": "x", "name": "N", "kind": "k", "publisher": "P", "accessed": "2026-01-01"}
    value["not_a_field"] = "v"
    assert schema.check_record(check, record_type, value, ("c", 0)) is INVALID
    assert any("unknown field 'not_a_field'" in p.message for p in check.problems)


def test_a_source_has_no_fields_of_the_knowledge() -> None:
    names = {f.name for f in dataclasses.fields(Source)}
    assert not names & {"acronyms", "aliases", "related", "facts", "sources"}
    assert not issubclass(Source, Entity)
    check = checker()
    value = {
        "id": "s",
        "name": "S",
        "kind": "k",
        "publisher": "P",
        "url": "https://example.org",
        "accessed": "2026-01-01",
        "facts": [],
    }
    assert schema.check_record(check, "source", value, ("sources", 0)) is INVALID
    assert check.problems[0].message.startswith("unknown field 'facts'")


def test_every_model_field_has_a_check_and_reaches_the_json(sample: Any) -> None:
    """Build every shape from the sample data and render it: every declared field appears."""
    from aseanct.model.shapes import record_json

    seen: dict[type, set[str]] = {}

    def walk(value: Any) -> None:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            seen.setdefault(type(value), set()).update(
                f.name
                for f in dataclasses.fields(value)
                if getattr(value, f.name) not in (None, ())
            )
            for spec in dataclasses.fields(value):
                walk(getattr(value, spec.name))
        elif isinstance(value, tuple):
            for item in value:
                walk(item)

    for record in sample.records:
        walk(record)
        rendered = record_json(sample.names, record)
        for shape in shape_of(type(record)):
            assert shape.name in rendered, (record.id, shape.name)
    for cls in seen:
        for shape in shape_of(cls):
            assert schema.field_check(shape) is not None, (cls.__name__, shape.name)


def test_the_builder_round_trips_a_validated_record(tmp_path: Path) -> None:
    from aseanct.loader import read_data_dir

    directory = tmp_path / "d"
    directory.mkdir()
    (directory / "data.yaml").write_text(
        "sources:\n"
        "  - {id: s, name: S, kind: k, publisher: P, url: https://example.org, "
        "accessed: 2026-01-01}\n"
        "bodies:\n"
        "  - id: b\n    name: B\n    kind: k\n    sources: [s]\n"
        "    acronyms: [BB]\n"
        "    established: {date: '2001', note: N, sources: [s]}\n"
        "    members: [{id: c, since: '2002', role: observer, sources: [s]}]\n"
        "countries:\n  - {id: c, name: C, kind: k, sources: [s]}\n",
        encoding="utf-8",
    )
    plain = {r["id"]: r for r in read_data_dir(str(directory))}
    body = build(RECORD_CLASSES["body"], plain["b"])
    assert body.acronyms == ("BB",)
    assert body.established.date == "2001" and body.established.sources == ("s",)
    member = body.members[0]
    assert (member.id, member.relation, member.since, member.role) == (
        "c",
        "has-member",
        "2002",
        "observer",
    )
