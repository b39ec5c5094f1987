"""Renderers return exact strings: plain text byte for byte, Rich output at a pinned width.

Golden files live in tests/expected/; after a deliberate change, regenerate one with
`python -m pytest tests/test_render.py --update-golden` and read the diff before committing.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import pydot
import pytest

from aseanct import models, queries
from aseanct.models import Programme, RecordId, Registry
from aseanct.render import sheet, tabular, timeline, tree
from aseanct.render.console import render_to_text

EXPECTED = Path(__file__).resolve().parent / "expected"
AS_OF = datetime.date(2026, 11, 23)


def golden(name: str, actual: str, request: pytest.FixtureRequest) -> None:
    """Compare with tests/expected/NAME, or rewrite it under --update-golden."""
    path = EXPECTED / name
    if request.config.getoption("--update-golden"):
        path.write_text(actual, encoding="utf-8")
    assert actual == path.read_text(encoding="utf-8")


def test_tree_ammtc_text(shipped: Registry, request: pytest.FixtureRequest) -> None:
    roots = [queries.subtree(shipped, shipped.by_id["ammtc"])]
    golden("tree-ammtc.txt", tree.render_text(roots), request)


def test_tree_ammtc_ascii(shipped: Registry) -> None:
    roots = [queries.subtree(shipped, shipped.by_id["somtc"])]
    assert tree.render_text(roots, ascii_guides=True) == (
        "SOMTC: Senior Officials Meeting on Transnational Crime\n"
        "|-- WG on TIP: SOMTC Working Group on Trafficking in Persons\n"
        "`-- HSU: Heads of Specialist Anti-Trafficking Units (est. 2004)\n"
    )


def test_tree_ancestors_text(shipped: Registry, request: pytest.FixtureRequest) -> None:
    roots = [queries.with_ancestors(shipped, shipped.by_id["hsu-people-smuggling"], None)]
    golden("tree-ancestors.txt", tree.render_text(roots), request)


def test_tree_whole_hierarchy_text(shipped: Registry, request: pytest.FixtureRequest) -> None:
    golden("tree-all.txt", tree.render_text(queries.forest(shipped)), request)


def test_tree_ammtc_rich_at_80_columns(shipped: Registry, request: pytest.FixtureRequest) -> None:
    roots = [queries.subtree(shipped, shipped.by_id["ammtc"])]
    golden("tree-ammtc.rich", render_to_text(tree.render_rich(roots), width=80), request)


def test_timeline_programmes_text(shipped: Registry, request: pytest.FixtureRequest) -> None:
    moments = queries.timeline(shipped, "programmes", AS_OF)
    golden("timeline-programmes.txt", timeline.render_text(moments), request)


def test_timeline_programmes_chart_at_80_columns(
    shipped: Registry, request: pytest.FixtureRequest
) -> None:
    moments = queries.timeline(shipped, "programmes", AS_OF)
    chart = render_to_text(timeline.render_rich(moments, AS_OF, 80), width=80)
    golden("timeline-programmes.rich", chart, request)


def test_show_asean_act_text(shipped: Registry, request: pytest.FixtureRequest) -> None:
    built = sheet.build_sheet(shipped, shipped.by_id["asean-act"], AS_OF)
    golden("show-asean-act.txt", sheet.render_text(built), request)


def test_show_asean_act_with_sources(shipped: Registry, request: pytest.FixtureRequest) -> None:
    built = sheet.build_sheet(shipped, shipped.by_id["asean-act"], AS_OF)
    golden("show-asean-act-sources.txt", sheet.render_text(built, with_sources=True), request)


def test_show_cambodia_text(shipped: Registry, request: pytest.FixtureRequest) -> None:
    built = sheet.build_sheet(shipped, shipped.by_id["cambodia"], AS_OF)
    golden("show-cambodia.txt", sheet.render_text(built), request)


def test_show_work_plan_groups_bodies_by_pillar(shipped: Registry) -> None:
    built = sheet.build_sheet(shipped, shipped.by_id["work-plan-2023-2028"], AS_OF)
    text = sheet.render_text(built)
    assert (
        "Bodies (10), by pillar\n"
        "  APSC (ASEAN Political-Security Community): SOMTC, DGICM, AICHR, ASLOM, SOM-MLAT\n"
        "  ASCC (ASEAN Socio-Cultural Community): ACWC, SLOM, SOM-ED, SOMHD, SOMSWD\n"
    ) in text
    assert "led by: SOMTC (Senior Officials Meeting on Transnational Crime)\n" in text


def test_show_asean_act_rich_at_100_columns(
    shipped: Registry, request: pytest.FixtureRequest
) -> None:
    built = sheet.build_sheet(shipped, shipped.by_id["asean-act"], AS_OF)
    golden("show-asean-act.rich", render_to_text(sheet.render_rich(built), width=100), request)


# --- machine formats -----------------------------------------------------------------------


def test_tree_json_is_nested_with_the_promised_keys(shipped: Registry) -> None:
    nodes = json.loads(tree.render_json([queries.subtree(shipped, shipped.by_id["ammtc"], 1)]))
    assert [list(n) for n in nodes] == [
        ["id", "acronym", "name", "type", "kind", "start", "end", "children"]
    ]
    assert [c["id"] for c in nodes[0]["children"]] == ["somtc", "dgicm"]
    assert nodes[0]["children"][0]["more"] == 2 and nodes[0]["children"][0]["children"] == []
    assert nodes[0]["start"] == 1997


def test_tree_rows_carry_parent_and_depth(shipped: Registry) -> None:
    roots = [queries.with_ancestors(shipped, shipped.by_id["somtc"], 1)]
    assert tree.render_rows(roots, "tsv") == (
        "id\tacronym\tname\ttype\tkind\tparent\tdepth\tstart\tend\n"
        "asean\tASEAN\tAssociation of Southeast Asian Nations\tbody\tregional organisation\t\t0\t1967\t\n"
        "apsc\tAPSC\tASEAN Political-Security Community\tbody\tcommunity pillar\tasean\t1\t\t\n"
        "ammtc\tAMMTC\tASEAN Ministerial Meeting on Transnational Crime\tbody\tministerial meeting\tapsc\t2\t1997\t\n"
        "somtc\tSOMTC\tSenior Officials Meeting on Transnational Crime\tbody\tsenior officials meeting\tammtc\t3\t\t\n"
        "somtc-wg-tip\tWG on TIP\tSOMTC Working Group on Trafficking in Persons\tbody\tworking group\tsomtc\t4\t\t\n"
        "hsu-tip\tHSU\tHeads of Specialist Anti-Trafficking Units\tbody\toperational mechanism\tsomtc\t4\t2004\t\n"
    )


@pytest.mark.parametrize("depth", [None, 0, 1, 2])
def test_dot_output_parses_and_honours_depth(shipped: Registry, depth: int | None) -> None:
    roots = [queries.subtree(shipped, shipped.by_id["ammtc"], depth)]
    graphs = pydot.graph_from_dot_data(tree.render_dot(roots))
    assert graphs is not None and len(graphs) == 1
    nodes = {n.get_name().strip('"') for n in graphs[0].get_nodes()} - {"node"}
    expected = {None: 6, 0: 1, 1: 3, 2: 6}[depth]
    assert len(nodes) == expected
    assert len(graphs[0].get_edges()) == expected - 1


def test_dot_labels_are_escaped(mini: Registry) -> None:
    from aseanct.models import Body, RecordId

    record = Body(id=RecordId("q"), name='Say "hi" \\ there', kind="k")
    text = tree.render_dot([queries.Node(record, ())])
    graphs = pydot.graph_from_dot_data(text)
    assert graphs is not None
    assert '"q" [label="Say \\"hi\\" \\\\ there"];' in text


def test_mermaid_is_a_flowchart_with_safe_ids(shipped: Registry) -> None:
    roots = [queries.with_ancestors(shipped, shipped.by_id["hsu-tip"], None)]
    text = tree.render_mermaid(roots)
    assert text.splitlines()[0] == "flowchart TD"
    assert '  n_hsu_tip["HSU: Heads of Specialist Anti-Trafficking Units (est. 2004)"]' in text
    assert "  n_somtc --> n_hsu_tip" in text


def test_timeline_rows_have_integer_years_and_null_when_unknown(shipped: Registry) -> None:
    records = json.loads(
        timeline.render_rows(queries.timeline(shipped, "programmes", AS_OF), "json")
    )
    assert [(r["acronym"], r["start"], r["end"], r["status"]) for r in records] == [
        ("ARCPPT", 2003, 2006, "ended"),
        ("ARTIP", 2006, 2012, "ended"),
        ("AAPTIP", 2013, 2018, "ended"),
        ("AIP", None, None, "dates unknown"),
        ("ASEAN-ACT", 2018, 2028, "ongoing"),
    ]
    assert list(records[0]) == [
        "id",
        "type",
        "acronym",
        "name",
        "start",
        "end",
        "date",
        "end_date",
        "status",
    ]


def test_programme_status_follows_as_of(shipped: Registry) -> None:
    statuses = [
        m.status for m in queries.timeline(shipped, "programmes", datetime.date(2010, 1, 1))
    ]
    assert statuses == ["ended", "ongoing", "upcoming", "dates unknown", "upcoming"]


@pytest.mark.parametrize(
    ("programme", "day", "status"),
    [
        ("artip", datetime.date(2006, 7, 31), "upcoming"),  # starts 2006-08
        ("artip", datetime.date(2006, 8, 1), "ongoing"),
        ("aaptip", datetime.date(2018, 12, 31), "ongoing"),  # ends 2018: any day of it
        ("aaptip", datetime.date(2019, 1, 1), "ended"),
        ("asean-act", datetime.date(2028, 3, 1), "ongoing"),  # ends 2028
        ("asean-act", datetime.date(2029, 1, 1), "ended"),
        ("aip", datetime.date(2015, 1, 1), "dates unknown"),
    ],
)
def test_programme_status_honours_the_precision_of_dates(
    shipped: Registry, programme: str, day: datetime.date, status: str
) -> None:
    record = shipped.by_id[RecordId(programme)]
    assert isinstance(record, Programme)
    assert queries.programme_status(record, day) == status


def test_partial_dates_span_every_day_they_can_mean() -> None:
    assert models.earliest_day("2006") == datetime.date(2006, 1, 1)
    assert models.earliest_day("2006-08") == datetime.date(2006, 8, 1)
    assert models.latest_day("2028") == datetime.date(2028, 12, 31)
    assert models.latest_day("2024-02") == datetime.date(2024, 2, 29)
    assert models.latest_day("2023-02") == datetime.date(2023, 2, 28)
    assert models.latest_day("2013-08-15") == datetime.date(2013, 8, 15)


def test_streamed_json_array_equals_the_whole_document() -> None:
    items = [{"a": 1, "b": ["x", "é"]}, {"a": 2, "b": []}, {"a": 3, "b": [{"c": None}]}]
    streamed = "".join(tabular.json_item(item, first=i == 0) for i, item in enumerate(items))
    assert streamed + tabular.json_end(True) == tabular.json_document(items)
    assert tabular.json_end(False) == tabular.json_document([])


def test_row_writers_refuse_a_format_that_is_not_a_row_format() -> None:
    assert tabular.row_writer("csv") is tabular.csv_row
    assert tabular.row_writer("tsv") is tabular.tsv_row
    with pytest.raises(ValueError, match="not a row format: 'markdown'"):
        tabular.rows([{"a": 1}], ["a"], "markdown")


def test_tsv_and_csv_cells() -> None:
    assert tabular.tsv_row(["a\tb", "c\nd", None, ["x", "y"], True]) == "a b\tc d\t\tx; y\ttrue\n"
    assert tabular.csv_row(['say "hi"', "a,b", "plain"]) == '"say ""hi""","a,b",plain\n'


def test_markup_in_data_is_printed_literally(request: pytest.FixtureRequest) -> None:
    from conftest import FIXTURES

    import aseanct

    registry = aseanct.load(str(FIXTURES / "markup"))
    record = registry.by_id["markup-body"]
    rich_tree = render_to_text(tree.render_rich([queries.subtree(registry, record)]), width=80)
    assert "[B]" in rich_tree and "[bold]Bold[/bold] Body [/x]" in rich_tree
    assert "Child of [bold] :smile:" in rich_tree
    rich_sheet = render_to_text(
        sheet.render_rich(sheet.build_sheet(registry, record, AS_OF)), width=200
    )
    for text in (
        "[link=https://evil.example]kind[/link]",
        "[italic]this[/italic] and [Errno 2].",
        "[bold]Source[/bold] [Errno 2]. [red]Publisher[/].",
    ):
        assert text in rich_sheet


def test_show_on_a_narrow_terminal_puts_labels_above_values(shipped: Registry) -> None:
    built = sheet.build_sheet(shipped, shipped.by_id["arf"], AS_OF)
    text = render_to_text(sheet.render_rich(built, width=30), width=30)
    plain = "\n".join(line.rstrip() for line in re.sub(r"\x1b\[[0-9;]*m", "", text).splitlines())
    assert "\nid\n  arf\n" in plain
    assert "\nestablished\n  1994-07-25\n" in plain
    assert "…" not in plain  # nothing is cut short: long words fold


def test_a_narrow_sheet_keeps_the_order_of_mixed_lines(shipped: Registry) -> None:
    """ASEAN-ACT's Facts mix dated (labelled) facts and undated bullets: order is kept."""
    built = sheet.build_sheet(shipped, shipped.by_id[RecordId("asean-act")], AS_OF)
    facts = next(s for s in built.sections if s.title == "Facts")
    assert {bool(line.label) for line in facts.lines} == {True, False}
    text = render_to_text(sheet.render_rich(built, width=50), width=50)
    plain = " ".join(re.sub(r"\x1b\[[0-9;]*m", "", text).split())
    positions = [plain.find(" ".join(line.text.split()[:4])) for line in facts.lines]
    assert -1 not in positions, positions
    assert positions == sorted(positions)
