"""Integrity of the shipped data: it validates, it names what the brief asks for, it cites its
sources, and it ships nothing the research marked UNVERIFIED."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from aseanct import datadir as store
from aseanct.loader import data_files, read_data_dir
from aseanct.model.records import Body, Programme
from aseanct.model.registry import Registry

REQUIRED_BODIES = [
    "ammtc",
    "somtc",
    "dgicm",
    "somtc-wg-tip",
    "hsu-tip",
    "hsu-people-smuggling",
    "arf",
    "aichr",
    "aslom",
    "som-mlat",
    "acwc",
    "slom",
    "som-ed",
    "somhd",
    "somswd",
    "apsc",
    "ascc",
    "asean-secretariat",
    "asean-act-rpsc",
    "dfat",
    "dt-global",
    "cambodian-national-police",
    "lscw",
    "cambodia-ministry-of-justice",
    "cambodia-ministry-of-interior",
    "mosvy",
    "ncct",
    "rajp",
    "cambodia-ngo-technical-working-group",
    "forum-migrant-labour-human-trafficking",
]
MEMBER_STATES = [
    "brunei-darussalam",
    "cambodia",
    "indonesia",
    "lao-pdr",
    "malaysia",
    "myanmar",
    "philippines",
    "singapore",
    "thailand",
    "viet-nam",
]

# Values the research notes mark UNVERIFIED (or never found): these fields must stay empty.
MUST_BE_EMPTY = [
    ("somtc", "established"),  # 2001 is only an inference; 1999 only on an unreliable page
    ("somtc-wg-tip", "established"),
    ("slom", "established"),
    ("som-ed", "established"),  # "about 2006" is an inference
    ("somhd", "established"),
    ("arf", "pillar"),
    ("acwc", "parent"),  # the reporting line to the AMMSWD is not confirmed
    ("aip", "start_date"),
    ("aip", "end_date"),
    ("aip", "budget"),
    ("aip", "implementers"),
    ("ased", "pillar"),
    ("ahmm", "pillar"),
]


def test_the_shipped_data_directory_validates() -> None:
    records = read_data_dir(store.packaged_data_dir())
    assert len(records) > 150
    names = {Path(f).name for f in data_files(store.packaged_data_dir())}
    assert {"bodies.yaml", "programmes.yaml"} <= names


def test_every_record_cites_an_existing_source(shipped: Registry) -> None:
    for record in shipped.records:
        if record.type == "source":
            continue
        assert record.sources, record.id
        for source in record.sources:
            assert shipped.by_id[source].type == "source"


def test_ids_are_lowercase_slugs(shipped: Registry) -> None:
    for record in shipped.records:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", record.id), record.id


@pytest.mark.parametrize("record_id", REQUIRED_BODIES)
def test_the_brief_s_bodies_are_present(shipped: Registry, record_id: str) -> None:
    assert isinstance(shipped.by_id[record_id], Body)


def test_the_member_states(shipped: Registry) -> None:
    states = [r.id for r in shipped.select(record_type="country") if r.kind == "ASEAN Member State"]
    assert sorted(states) == sorted([*MEMBER_STATES, "timor-leste"])
    asean = shipped.by_id["asean"]
    assert isinstance(asean, Body)
    members = {m.id: m.since for m in asean.members}
    assert sorted(members) == sorted(states)
    assert members["timor-leste"] == "2025-10-26"


@pytest.mark.parametrize(("record_id", "field"), MUST_BE_EMPTY)
def test_unverified_values_are_not_shipped(shipped: Registry, record_id: str, field: str) -> None:
    assert getattr(shipped.by_id[record_id], field) in (None, ()), f"{record_id}.{field}"


def test_conflicts_ship_the_recommended_value_and_note_the_other(shipped: Registry) -> None:
    artip = shipped.by_id["artip"]
    assert isinstance(artip, Programme) and artip.end_date is not None
    assert artip.end_date.date == "2012"
    assert "2013" in artip.end_date.note and "2011" in artip.end_date.note
    launch = shipped.by_id["asean-act-launched"]
    assert launch.date == "2019"
    assert "July 2019" in launch.note and "1 August 2019" in launch.note
    signed = shipped.by_id["actip-signed"]
    assert signed.date == "2015-11-21" and "22 November" in signed.note


def test_asean_act_facts_from_the_fact_sheet(shipped: Registry) -> None:
    act = shipped.by_id["asean-act"]
    assert any("18+ years" in f.text for f in act.facts)
    assert [p.name for p in act.phases] == ["Phase 1", "Phase 2"]


def test_seeds_are_cited_by_file_name_and_original_url(shipped: Registry) -> None:
    page = shipped.by_id["seed-asean-sectoral-bodies"]
    assert page.file == "000_77c7529df7ab3108.txt"
    assert page.url.endswith("/major-sectoral-bodies-committees")
    sheet = shipped.by_id["seed-aseanact-cambodia"]
    assert sheet.file == "003_5861e3a381f9a2f0.txt"


def test_every_source_has_title_publisher_address_and_access_date(shipped: Registry) -> None:
    from aseanct.model.records import Source
    from aseanct.schema.values import MIRRORS

    for source in shipped.select(record_type="source"):
        assert isinstance(source, Source)
        assert source.name and source.accessed, source.id
        # a source without a publisher says why in its note (the copy does not name one)
        assert source.publisher or "publisher" in source.note, source.id
        assert not re.search(
            r"\(\S+\.(org|com|id|ph|net)\)|carrying|, an item by", source.publisher
        ), f"{source.id}: remarks belong in note, not in the publisher's name"
        assert source.url or source.file or source.via, source.id
        for address in (source.url, source.via):
            if address:
                assert address.startswith(("http://", "https://")), source.id
        assert not any(m in source.url for m in MIRRORS), f"{source.id}: a copy as url"


def test_every_statement_cites_its_own_sources(shipped: Registry) -> None:
    """No statement inherits: every sourced shape in the data carries a non-empty `sources`."""
    import dataclasses

    from aseanct.model.statements import Party

    def walk(value: object, where: str) -> list[str]:
        missing = []
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            if (
                hasattr(value, "sources")
                and getattr(type(value), "SOURCED", True)
                and not isinstance(value, Party)
                and not value.sources  # type: ignore[attr-defined]
            ):
                missing.append(where)
            for spec in dataclasses.fields(value):
                missing += walk(getattr(value, spec.name), f"{where}.{spec.name}")
        elif isinstance(value, tuple):
            for index, item in enumerate(value):
                missing += walk(item, f"{where}[{index}]")
        return missing

    missing = [m for r in shipped.records if r.type != "source" for m in walk(r, r.id)]
    assert missing == []


def test_every_source_is_cited(shipped: Registry) -> None:
    from aseanct.render.records import cited_sources

    cited = {s.id for r in shipped.records for s in cited_sources(shipped, r)}
    uncited = [s.id for s in shipped.select(record_type="source") if s.id not in cited]
    assert uncited == []


def test_seed_misspellings_are_kept_as_aliases(shipped: Registry) -> None:
    assert shipped.resolver.resolve("Asia Regional Trafficking in Person Project")[0][0] == "artip"
    assert shipped.resolver.resolve("National Committee to Counter Trafficking")[0][0] == "ncct"
