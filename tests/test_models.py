"""The model: shapes declared once, and the Registry's indexes (ids, names, children, links)."""

from __future__ import annotations

from aseanct.lean.resolver import E_ID, E_MATCHED
from aseanct.model.registry import Registry


def ids(registry: Registry, term: str) -> list[str]:
    return [e[E_ID] for e in registry.resolver.resolve(term)]


def test_lookup_by_acronym_is_case_insensitive_and_normalised(shipped: Registry) -> None:
    for term in ("SOMTC", "somtc", "Somtc", " SOMTC. ", "ＳＯＭＴＣ", "(SOMTC)"):
        assert ids(shipped, term) == ["somtc"], term


def test_lookup_by_alias_and_full_name(shipped: Registry) -> None:
    resolve = shipped.resolver.resolve
    assert resolve("ASEAN Senior Officials Meeting on Transnational Crime")[0][E_MATCHED] == "alias"
    assert resolve("Senior Officials Meeting on Transnational Crime")[0][E_MATCHED] == "name"


def test_an_ambiguous_acronym_has_every_meaning_in_data_order(shipped: Registry) -> None:
    assert ids(shipped, "HSU") == ["hsu-tip", "hsu-people-smuggling"]
    assert ids(shipped, "rpsc") == ["asean-act-rpsc", "aaptip-rpsc"]


def test_children_by_parent(shipped: Registry) -> None:
    assert [r.id for r in shipped.children_of("ammtc")] == ["somtc", "dgicm"]
    assert [r.id for r in shipped.children_of("somtc")][:2] == ["somtc-wg-tip", "hsu-tip"]
    assert "somtc-wg-people-smuggling" in [r.id for r in shipped.children_of("somtc")]
    assert "arf" not in [r.id for r in shipped.children_of("ammtc")]


def test_successors_and_events(shipped: Registry) -> None:
    assert [p.id for p in shipped.successors_of("aaptip")] == ["asean-act"]
    assert [e.id for e in shipped.events_of("actip")][-2:] == ["actip-signed", "actip-in-force"]


def test_backlinks_name_the_linking_field_and_relation(shipped: Registry) -> None:
    links = {(b.record.id, b.field, b.relation) for b in shipped.backlinks_of("somtc")}
    assert ("work-plan-2023-2028", "lead", "led-by") in links
    assert ("hsu-tip", "parent", "operational-unit-of") in links


def test_records_are_slotted_and_frozen_for_the_type_checker(shipped: Registry) -> None:
    """Frozen for mypy (dataclass_transform), not at run time: generating a __setattr__ and a
    __delattr__ for each shape was a fifth of what `show` adds to Typer's start-up."""
    import pytest

    with pytest.raises(AttributeError):
        shipped.by_id["somtc"].colour = "x"  # type: ignore[attr-defined]


def test_every_link_has_a_relation_of_the_vocabulary(shipped: Registry) -> None:
    from aseanct.model.shapes import edges
    from aseanct.relations import RELATIONS

    found = [(r.id, e.field, e.relation) for r in shipped.records for e in edges(r)]
    assert found
    assert [f for f in found if f[2] not in RELATIONS] == []


def test_every_relation_reads_both_ways() -> None:
    from aseanct.model.records import RECORD_CLASSES
    from aseanct.model.shapes import shape_of
    from aseanct.relations import RELATIONS

    for key, relation in RELATIONS.items():
        assert relation.forward and relation.reverse, key
    declared, shapes = set(), list(RECORD_CLASSES.values())
    while shapes:  # every field's fixed relation, at any depth
        for field_shape in shape_of(shapes.pop()):
            declared.add(field_shape.relation)
            shapes += [field_shape.model] if field_shape.model else []
    assert "led-by" in declared
    assert declared - {""} <= set(RELATIONS)


def test_records_take_keywords_only_and_say_what_is_wrong() -> None:
    import pytest

    from aseanct.model.shapes import shape_of
    from aseanct.model.statements import Alias, Link

    link = Link(id="somtc", relation="supports")
    assert (link.id, link.relation, link.sources, link.inferred) == ("somtc", "supports", (), False)
    assert repr(Alias(name="X")) == "Alias(note='', sources=(), name='X', lang='')"
    with pytest.raises(TypeError, match=r"missing 1 required keyword-only argument: 'name'"):
        Alias()  # type: ignore[call-arg]
    with pytest.raises(TypeError, match=r"unexpected keyword argument 'nme'"):
        Alias(name="X", nme="Y")  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Link("somtc")  # type: ignore[misc]
    # A statement's note and sources come last wherever its fields are read (shape_of).
    assert [f.name for f in shape_of(Alias)] == ["name", "lang", "note", "sources"]


def test_one_record_costs_one_read_whatever_the_data(shipped: Registry) -> None:
    """A one-record command reads that record and what it names, never the whole data."""
    import datetime

    from aseanct.render.sheet import build_sheet

    fresh = Registry(shipped.db)
    build_sheet(fresh, fresh.by_id["somtc"], datetime.date(2026, 1, 1))
    assert fresh._all is None  # never read every record
    db = shipped.db
    near = {"somtc"}
    near |= {row[0] for row in db.execute("SELECT to_id FROM links WHERE from_id = 'somtc'")}
    near |= {row[0] for row in db.execute("SELECT from_id FROM links WHERE to_id = 'somtc'")}
    # SOMTC, what it names and what names it (and the parents shown beside them), no more
    assert 5 < len(fresh._memo) <= 2 * len(near) < len(shipped.by_id) / 10
