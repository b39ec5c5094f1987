"""Renderers return exact strings: plain text byte for byte, Rich output at a pinned width.

Golden files live in tests/expected/ and are drawn from the small invented data directory
tests/data/sample, so a correction to the shipped data never rewrites them. After a deliberate
change, regenerate them with `python -m pytest tests/test_render.py --update-golden` and read
the diff before committing.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pydot
import pytest

from aseanct import hierarchy, treaties
from aseanct.formats import Format
from aseanct.lean import tabular
from aseanct.model import dates, derive
from aseanct.model.records import Programme, Record
from aseanct.model.registry import Registry
from aseanct.model.statements import RecordId
from aseanct.render import gantt, sheet, timeline, timeline_svg, tree
from aseanct.render.console import render_to_text
from aseanct.render.output import emit
from aseanct.render.parties import parties_view
from aseanct.render.tree import placed, tree_view

EXPECTED = Path(__file__).resolve().parent / "expected"
AS_OF = datetime.date(2026, 11, 23)


def golden(name: str, actual: str, request: pytest.FixtureRequest) -> None:
    """Compare with tests/expected/NAME, or rewrite it under --update-golden."""
    path = EXPECTED / name
    if request.config.getoption("--update-golden"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


def node(registry: Registry, record_id: str) -> Record:
    return registry.by_id[RecordId(record_id)]


# --- tree -----------------------------------------------------------------------------------


def test_tree_subtree_text(sample: Registry, request: pytest.FixtureRequest) -> None:
    roots = [hierarchy.subtree(sample, node(sample, "mmc"))]
    golden("tree-mmc.txt", tree.render_text(roots), request)


def test_tree_ascii(sample: Registry) -> None:
    roots = [hierarchy.subtree(sample, node(sample, "soc"))]
    assert tree.render_text(roots, ascii_guides=True) == (
        "SOC: Senior Officials on Crime\n"
        "|-- WG on TP: SOC Working Group on Trafficking\n"
        "`-- HSU: Heads of Specialist Units on Trafficking (est. 2004)\n"
    )


def test_tree_ancestors_text(sample: Registry, request: pytest.FixtureRequest) -> None:
    roots = [hierarchy.with_ancestors(sample, node(sample, "unit-ps"), None)]
    golden("tree-ancestors.txt", tree.render_text(roots), request)


def test_tree_whole_hierarchy_text(sample: Registry, request: pytest.FixtureRequest) -> None:
    golden("tree-all.txt", tree.render_text(hierarchy.forest(sample)), request)


def test_tree_rich_at_80_columns(sample: Registry, request: pytest.FixtureRequest) -> None:
    roots = [hierarchy.subtree(sample, node(sample, "mmc"))]
    golden("tree-mmc.rich", render_to_text(tree.render_rich(roots), width=80), request)


def test_tree_json_is_nested_with_the_promised_keys(sample: Registry) -> None:
    roots = [hierarchy.subtree(sample, node(sample, "mmc"), 1)]
    nodes = json.loads(emit(tree_view(sample), placed(roots), Format.json))
    assert [list(n) for n in nodes] == [[*tree.NODE_FIELDS, "children"]]
    assert [c["id"] for c in nodes[0]["children"]] == ["soc", "unit-ps"]
    assert nodes[0]["children"][0]["more"] == 2 and nodes[0]["children"][0]["children"] == []
    assert nodes[0]["start_year"] == 1997 and nodes[0]["relation"] == "in-pillar"
    assert nodes[0]["children"][0]["relation"] == "subsidiary-of"


def test_tree_rows_carry_parent_and_depth(sample: Registry) -> None:
    roots = [hierarchy.with_ancestors(sample, node(sample, "soc"), 1)]
    assert emit(tree_view(sample), placed(roots), Format.tsv) == (
        "id\tacronym\tname\ttype\tkind\trelation\tparent\tparent_id\tdepth\tstart_year\tend_year\n"
        "ra\tRA\tRegional Association\tbody\tregional organisation\t\t\t\t0\t1970\t\n"
        "ps\tPS\tPolitical-Security Pillar\tbody\tcommunity pillar\tpillar-of\t"
        "RA (Regional Association)\tra\t1\t\t\n"
        "mmc\tMMC\tMinisters Meeting on Crime\tbody\tministerial meeting\tin-pillar\t"
        "PS (Political-Security Pillar)\tps\t2\t1997\t\n"
        "soc\tSOC\tSenior Officials on Crime\tbody\tsenior officials meeting\tsubsidiary-of\t"
        "MMC (Ministers Meeting on Crime)\tmmc\t3\t\t\n"
        "soc-wg\tWG on TP\tSOC Working Group on Trafficking\tbody\tworking group\t"
        "working-group-of\tSOC (Senior Officials on Crime)\tsoc\t4\t\t\n"
        "unit-tp\tHSU\tHeads of Specialist Units on Trafficking\tbody\toperational mechanism\t"
        "operational-unit-of\tSOC (Senior Officials on Crime)\tsoc\t4\t2004\t\n"
    )


@pytest.mark.parametrize("depth", [None, 0, 1, 2])
def test_dot_output_parses_and_honours_depth(sample: Registry, depth: int | None) -> None:
    roots = [hierarchy.subtree(sample, node(sample, "mmc"), depth)]
    graphs = pydot.graph_from_dot_data(tree.render_dot(roots))
    assert graphs is not None and len(graphs) == 1
    # pydot lists the default-attribute statements (`node [...]`, `edge [...]`) as nodes
    nodes = {n.get_name().strip('"') for n in graphs[0].get_nodes()} - {"node", "edge"}
    expected = {None: 5, 0: 1, 1: 3, 2: 5}[depth]
    assert len(nodes) == expected
    assert len(graphs[0].get_edges()) == expected - 1


def test_dot_labels_are_escaped() -> None:
    from aseanct.model.records import Body

    record = Body(id=RecordId("q"), name='Say "hi" \\ <b> & there', kind="k", sources=())
    text = tree.render_dot([hierarchy.Node(record, ())])
    graphs = pydot.graph_from_dot_data(text)
    assert graphs is not None
    assert '  "q" [label=<<B>Say &quot;hi&quot; \\ &lt;b&gt; &amp; there</B>>];\n' in text


def test_tree_dot_for_a_slide(sample: Registry, request: pytest.FixtureRequest) -> None:
    roots = [hierarchy.subtree(sample, node(sample, "mmc"))]
    golden("tree-mmc.dot", tree.render_dot(roots), request)


def test_mermaid_is_a_flowchart_with_safe_ids(sample: Registry) -> None:
    roots = [hierarchy.with_ancestors(sample, node(sample, "unit-tp"), None)]
    text = tree.render_mermaid(roots)
    assert text.splitlines()[0] == "flowchart TD"
    assert '  n_unit_tp["HSU: Heads of Specialist Units on Trafficking (est. 2004)"]' in text
    assert "  n_soc --> n_unit_tp" in text


# --- timeline -------------------------------------------------------------------------------


def test_timeline_programmes_text(sample: Registry, request: pytest.FixtureRequest) -> None:
    moments = hierarchy.timeline(sample, "programmes", AS_OF)
    golden("timeline-programmes.txt", timeline.render_text(moments), request)


def test_timeline_all_text(sample: Registry, request: pytest.FixtureRequest) -> None:
    moments = hierarchy.timeline(sample, "all", AS_OF)
    golden("timeline-all.txt", timeline.render_text(moments), request)


def test_timeline_programmes_chart_at_80_columns(
    sample: Registry, request: pytest.FixtureRequest
) -> None:
    moments = hierarchy.timeline(sample, "programmes", AS_OF)
    chart = render_to_text(timeline.render_rich(moments, AS_OF, 80), width=80)
    golden("timeline-programmes.rich", chart, request)


def test_timeline_svg(sample: Registry, request: pytest.FixtureRequest) -> None:
    moments = hierarchy.timeline(sample, "all", AS_OF)
    golden("timeline-all.svg", timeline_svg.render_svg(moments, AS_OF, "all"), request)


def test_timeline_mermaid(sample: Registry, request: pytest.FixtureRequest) -> None:
    moments = hierarchy.timeline(sample, "all", AS_OF)
    golden("timeline-all.mmd", gantt.render_mermaid(moments, AS_OF, "all"), request)


def test_timeline_view_emits_every_format_it_declares(sample: Registry) -> None:
    view = timeline.timeline_view(AS_OF, which="programmes")
    moments = hierarchy.timeline(sample, "programmes", AS_OF)
    for fmt in view.formats:
        assert emit(view, moments, fmt).endswith("\n"), fmt


def test_timeline_rows_have_integer_years_and_null_when_unknown(sample: Registry) -> None:
    view = timeline.timeline_view(AS_OF)
    records = json.loads(emit(view, hierarchy.timeline(sample, "programmes", AS_OF), Format.json))
    assert [(r["acronym"], r["start_year"], r["end_year"], r["status"]) for r in records] == [
        ("P1", 2003, 2006, "ended"),
        ("P2", None, None, "dates unknown"),
        ("P3", 2018, 2028, "ongoing"),
    ]
    assert list(records[0]) == list(timeline.ROW_FIELDS)
    events = json.loads(emit(view, hierarchy.timeline(sample, "events", AS_OF), Format.json))
    signed = next(e for e in events if e["id"] == "convention-signed")
    assert (signed["start_date"], signed["end_date"]) == ("2015-11-21", "2015-11-22")


def test_programme_status_follows_as_of(sample: Registry) -> None:
    statuses = [
        m.status for m in hierarchy.timeline(sample, "programmes", datetime.date(2010, 1, 1))
    ]
    assert statuses == ["ended", "dates unknown", "upcoming"]


@pytest.mark.parametrize(
    ("programme", "day", "status"),
    [
        ("p1", datetime.date(2002, 12, 31), "upcoming"),
        ("p1", datetime.date(2003, 1, 1), "ongoing"),
        ("p1", datetime.date(2006, 12, 31), "ongoing"),  # ends 2006: any day of it
        ("p1", datetime.date(2007, 1, 1), "ended"),
        ("p3", datetime.date(2028, 3, 1), "ongoing"),  # ends 2028
        ("p3", datetime.date(2029, 1, 1), "ended"),
        ("p2", datetime.date(2015, 1, 1), "dates unknown"),
    ],
)
def test_programme_status_honours_the_precision_of_dates(
    sample: Registry, programme: str, day: datetime.date, status: str
) -> None:
    record = node(sample, programme)
    assert isinstance(record, Programme)
    assert derive.programme_status(record, day) == status


def test_partial_dates_span_every_day_they_can_mean() -> None:
    assert dates.earliest_day("2006") == datetime.date(2006, 1, 1)
    assert dates.earliest_day("2006-08") == datetime.date(2006, 8, 1)
    assert dates.latest_day("2028") == datetime.date(2028, 12, 31)
    assert dates.latest_day("2024-02") == datetime.date(2024, 2, 29)
    assert dates.latest_day("2023-02") == datetime.date(2023, 2, 28)
    assert dates.latest_day("2013-08-15") == datetime.date(2013, 8, 15)


# --- fact sheets ----------------------------------------------------------------------------


def test_show_programme_text(sample: Registry, request: pytest.FixtureRequest) -> None:
    built = sheet.build_sheet(sample, node(sample, "p3"), AS_OF)
    golden("show-p3.txt", sheet.render_text(built), request)


def test_show_programme_with_sources(sample: Registry, request: pytest.FixtureRequest) -> None:
    built = sheet.build_sheet(sample, node(sample, "p3"), AS_OF)
    golden("show-p3-sources.txt", sheet.render_text(built, with_sources=True), request)


def test_show_country_with_sources(sample: Registry, request: pytest.FixtureRequest) -> None:
    built = sheet.build_sheet(sample, node(sample, "alpha"), AS_OF)
    golden("show-alpha-sources.txt", sheet.render_text(built, with_sources=True), request)


def test_show_instrument_with_sources(sample: Registry, request: pytest.FixtureRequest) -> None:
    built = sheet.build_sheet(sample, node(sample, "convention"), AS_OF)
    golden("show-convention-sources.txt", sheet.render_text(built, with_sources=True), request)


def test_show_programme_rich_at_100_columns(
    sample: Registry, request: pytest.FixtureRequest
) -> None:
    built = sheet.build_sheet(sample, node(sample, "p3"), AS_OF)
    golden("show-p3.rich", render_to_text(sheet.render_rich(built), width=100), request)


def test_each_statement_numbers_only_its_own_sources(sample: Registry) -> None:
    """A country's figures cite the fact sheet alone, not the country's own sources."""
    text = sheet.render_text(
        sheet.build_sheet(sample, node(sample, "alpha"), AS_OF), with_sources=True
    )
    numbers = {
        s.id: n
        for n, s in enumerate(sheet.build_sheet(sample, node(sample, "alpha"), AS_OF).sources, 1)
    }
    factsheet = f"[{numbers['src-factsheet']}]"
    assert f"  - events held: 35 (undated) {factsheet}\n" in text
    assert f"  - people trained: 328 (34% women, 66% men; 2022) {factsheet}\n" in text
    assert f"  - Director General of Prosecution {factsheet}\n" in text


def test_the_relation_reads_forward_and_in_reverse(sample: Registry) -> None:
    working_group = sheet.render_text(sheet.build_sheet(sample, node(sample, "soc-wg"), AS_OF))
    assert "  monitors: RCAT (Regional Convention Against Trafficking)" in working_group
    assert "  monitors: RPA (Regional Plan of Action)\n" in working_group
    convention = sheet.render_text(sheet.build_sheet(sample, node(sample, "convention"), AS_OF))
    assert "  monitored by: WG on TP (SOC Working Group on Trafficking)" in convention


def test_an_inferred_link_says_so(sample: Registry) -> None:
    text = sheet.render_text(sheet.build_sheet(sample, node(sample, "soc"), AS_OF))
    assert "pillar:" in text and "(inferred: no source states it directly)" in text


def test_show_work_plan_groups_bodies_by_pillar(sample: Registry) -> None:
    text = sheet.render_text(sheet.build_sheet(sample, node(sample, "work-plan"), AS_OF))
    assert ("Bodies (2), by pillar\n  PS (Political-Security Pillar): SOC, MMC\n") in text
    assert "led by: SOC (Senior Officials on Crime)\n" in text
    assert "period: 2023-2028 (planned)\n" in text


def test_parties_table_text(sample: Registry, request: pytest.FixtureRequest) -> None:
    rows = treaties.parties(sample, node(sample, "convention"))
    golden("parties-convention.txt", emit(parties_view(sample), rows, Format.text), request)


def test_parties_rows_say_unknown_and_no_record(sample: Registry) -> None:
    rows = treaties.parties(sample, node(sample, "convention"))
    out = emit(
        parties_view(sample),
        rows,
        Format.csv,
        fields=["name", "status", "action", "date", "in_force"],
    )
    assert out == (
        "name,status,action,date,in_force\n"
        "Alpha,party,ratification,2016-01-25,2016-03-01\n"
        "Beta,party,ratification,2018-04-02,2018-05-02\n"
        "Delta,party,deposit,unknown,\n"
        "Gamma,not a party,,,\n"
    )


# --- machine formats ------------------------------------------------------------------------


def test_streamed_json_array_equals_the_whole_document() -> None:
    items = [{"a": 1, "b": ["x", "é"]}, {"a": 2, "b": []}, {"a": 3, "b": [{"c": None}]}]
    streamed = "".join(tabular.json_item(item, first=i == 0) for i, item in enumerate(items))
    assert streamed + tabular.json_end(True) == tabular.json_document(items)
    assert tabular.json_end(False) == tabular.json_document([])


def test_row_writers_refuse_a_format_that_is_not_a_row_format() -> None:
    assert tabular.row_writer("csv") is tabular.csv_row
    assert tabular.row_writer("tsv") is tabular.tsv_row
    with pytest.raises(ValueError, match="not a row format: 'markdown'"):
        tabular.row_writer("markdown")


def test_tsv_and_csv_cells() -> None:
    assert tabular.tsv_row(["a\tb", "c\nd", None, ["x", "y"], True]) == "a b\tc d\t\tx; y\ttrue\n"
    assert tabular.csv_row(['say "hi"', "a,b", "plain"]) == '"say ""hi""","a,b",plain\n'


def test_cells_show_links_by_name_and_dated_statements_by_date() -> None:
    link = {"id": "x", "relation": "r", "acronym": "ACR", "name": "A Name", "type": "body"}
    assert tabular.cell(link) == "ACR (A Name)"
    assert tabular.cell({**link, "acronym": None}) == "A Name"
    assert tabular.cell({**link, "status": "active"}) == "ACR (A Name) (active)"
    assert tabular.cell({"date": "2018", "sources": []}) == "2018"
    assert tabular.cell({"date": None, "sources": []}) == "unknown"
    assert tabular.cell({"amount": 1, "currency": "AUD", "as_written": "$1"}) == "$1"


def test_markup_in_data_is_printed_literally() -> None:
    from conftest import FIXTURES

    import aseanct

    registry = aseanct.load(str(FIXTURES / "markup"))
    record = registry.by_id[RecordId("markup-body")]
    rich_tree = render_to_text(tree.render_rich([hierarchy.subtree(registry, record)]), width=80)
    assert "[B]" in rich_tree and "[bold]Bold[/bold] Body [/x]" in rich_tree
    assert "Child of [bold] :smile:" in rich_tree
    rich_sheet = render_to_text(
        sheet.render_rich(sheet.build_sheet(registry, record, AS_OF)), width=200
    )
    for text in (
        "[link=https://evil.example]kind[/link]",
        "[italic]this[/italic] and [Errno 2].",
        "[bold]Source[/bold] [Errno 2]. [red]Publisher[/], undated.",
    ):
        assert text in rich_sheet


def test_show_on_a_narrow_terminal_puts_labels_above_values(sample: Registry) -> None:
    built = sheet.build_sheet(sample, node(sample, "mmc"), AS_OF)
    text = render_to_text(sheet.render_rich(built, width=30), width=30)
    plain = "\n".join(line.rstrip() for line in re.sub(r"\x1b\[[0-9;]*m", "", text).splitlines())
    assert "\nid\n  mmc\n" in plain
    assert "\nestablished\n  1997\n" in plain
    assert "…" not in plain  # nothing is cut short: long words fold


def test_a_narrow_sheet_keeps_the_order_of_mixed_lines(sample: Registry) -> None:
    """P3's Facts mix dated (labelled) facts and undated bullets: order is kept."""
    built = sheet.build_sheet(sample, node(sample, "p3"), AS_OF)
    facts = next(s for s in built.sections if s.title == "Facts")
    assert {bool(line.label) for line in facts.lines} == {True, False}
    text = render_to_text(sheet.render_rich(built, width=50), width=50)
    plain = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", text).split())
    positions = [plain.find(" ".join(line.text.split()[:4])) for line in facts.lines]
    assert -1 not in positions, positions
    assert positions == sorted(positions)


def test_tree_view_emits_every_format_it_declares(sample: Registry) -> None:
    roots = [hierarchy.subtree(sample, node(sample, "soc"))]
    view = tree_view(sample)
    for fmt in view.formats:
        if fmt is Format.svg:
            continue  # drawn by Graphviz's dot: tests/test_pictures.py runs it
        assert emit(view, placed(roots), fmt).endswith("\n"), fmt


@pytest.mark.parametrize(
    ("variable", "reported", "expected"),
    [
        ("", 0, 80),  # a pseudo-terminal nobody sized
        ("", 65535, 80),
        ("", 132, 132),
        ("0", 0, 80),
        ("-3", 100, 100),
        ("wide", 100, 100),
        ("99999", 100, 100),
        ("40", 100, 40),
    ],
)
def test_terminal_width_falls_back_to_80_for_absurd_sizes(
    monkeypatch: pytest.MonkeyPatch, variable: str, reported: int, expected: int
) -> None:
    import io
    import os

    from aseanct.render import console

    monkeypatch.setenv("COLUMNS", variable)
    monkeypatch.setattr(os, "get_terminal_size", lambda fd: os.terminal_size((reported, 0)))
    stream = io.TextIOWrapper(io.BytesIO())
    monkeypatch.setattr(stream, "fileno", lambda: 1)
    assert console.terminal_width(stream) == expected
