"""The model: shapes declared once, and the Registry's indexes (ids, names, children, links)."""

from __future__ import annotations

from aseanct.models import Registry


def test_lookup_by_acronym_is_case_insensitive_and_normalised(shipped: Registry) -> None:
    for term in ("SOMTC", "somtc", "Somtc", " SOMTC. ", "ＳＯＭＴＣ", "(SOMTC)"):
        assert [m.record.id for m in shipped.lookup(term)] == ["somtc"], term


def test_lookup_by_alias_and_full_name(shipped: Registry) -> None:
    assert (
        shipped.lookup("ASEAN Senior Officials Meeting on Transnational Crime")[0].matched
        == "alias"
    )
    assert shipped.lookup("Senior Officials Meeting on Transnational Crime")[0].matched == "name"


def test_an_ambiguous_acronym_has_every_meaning_in_data_order(shipped: Registry) -> None:
    assert [m.record.id for m in shipped.lookup("HSU")] == ["hsu-tip", "hsu-people-smuggling"]
    assert [m.record.id for m in shipped.lookup("rpsc")] == ["asean-act-rpsc", "aaptip-rpsc"]


def test_children_by_parent(shipped: Registry) -> None:
    assert [r.id for r in shipped.children["ammtc"]] == ["somtc", "dgicm"]
    assert [r.id for r in shipped.children["somtc"]] == ["somtc-wg-tip", "hsu-tip"]
    assert "arf" not in [r.id for r in shipped.children["ammtc"]]


def test_successors_and_events(shipped: Registry) -> None:
    assert [p.id for p in shipped.successors["aaptip"]] == ["asean-act"]
    assert [e.id for e in shipped.events_of["actip"]][-2:] == ["actip-signed", "actip-in-force"]


def test_backlinks_name_the_linking_field_and_relation(shipped: Registry) -> None:
    links = {(b.record.id, b.field, b.relation) for b in shipped.backlinks["somtc"]}
    assert ("work-plan-2023-2028", "lead", "led-by") in links
    assert ("hsu-tip", "parent", "operational-unit-of") in links


def test_records_are_frozen(shipped: Registry) -> None:
    import dataclasses

    import pytest

    with pytest.raises(dataclasses.FrozenInstanceError):
        shipped.by_id["somtc"].name = "x"


def test_every_link_has_a_relation_of_the_vocabulary(shipped: Registry) -> None:
    from aseanct.models import edges
    from aseanct.relations import RELATIONS

    found = [(r.id, e.field, e.relation) for r in shipped.records for e in edges(r)]
    assert found
    assert [f for f in found if f[2] not in RELATIONS] == []


def test_every_relation_reads_both_ways() -> None:
    from aseanct.relations import FIELD_RELATIONS, RELATIONS

    for key, relation in RELATIONS.items():
        assert relation.forward and relation.reverse and relation.meaning, key
    assert set(FIELD_RELATIONS.values()) <= set(RELATIONS)


def test_records_take_keywords_only_and_say_what_is_wrong() -> None:
    import dataclasses

    import pytest

    from aseanct.models import Alias, Link

    link = Link(id="somtc", relation="supports")
    assert (link.id, link.relation, link.sources, link.inferred) == ("somtc", "supports", (), False)
    assert repr(Alias(name="X")) == "Alias(name='X', note='', sources=())"
    with pytest.raises(TypeError, match=r"missing keyword arguments: name"):
        Alias()
    with pytest.raises(TypeError, match=r"unexpected arguments: nme"):
        Alias(name="X", nme="Y")
    with pytest.raises(dataclasses.FrozenInstanceError):
        del link.id
    assert [f.name for f in dataclasses.fields(Alias)] == ["name", "note", "sources"]


def test_backlinks_from_the_cache_table_equal_a_walk_of_every_link(
    tmp_path: object, monkeypatch: object
) -> None:
    """The cache keeps who links to whom, so one record's backlinks walk only its linkers;
    the answer must be the full walk's, in the same order."""
    from aseanct.lean.store import Store

    monkeypatch.setenv("ASEANCT_CACHE_DIR", str(tmp_path))  # type: ignore[attr-defined]
    walked = Store(use_cache=False).registry()
    Store().registry()  # writes the cache
    cached = Store().registry()
    assert walked.linkers is None and cached.linkers is not None
    for record in walked.records:
        expected = [(b.record.id, b.field, b.relation) for b in walked.backlinks.get(record.id, ())]
        got = [(b.record.id, b.field, b.relation) for b in cached.backlinks.get(record.id, ())]
        assert got == expected, record.id
    assert dict(cached.linkers_map()) == {k: list(v) for k, v in cached.linkers.items()}
