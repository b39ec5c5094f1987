"""The pictures, read back by independent tools: the timeline's SVG by an XML parser, its
Mermaid gantt line by line against the grammar Mermaid's lexer accepts, the tree's DOT by
pydot and by Graphviz's own dot (when installed), and the errors when dot is missing or fails.
"""

from __future__ import annotations

import datetime
import os
import re
import struct
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pydot
import pytest
from conftest import FIXTURES, environment, needs_program

from aseanct import hierarchy
from aseanct.errors import EXIT_TOOL, ToolError
from aseanct.hierarchy import Moment, Node
from aseanct.model.records import Body, Event, Programme
from aseanct.model.registry import Registry
from aseanct.model.statements import RecordId
from aseanct.render import gantt, timeline_svg, tree
from aseanct.render.markup import xml_text

AS_OF = datetime.date(2026, 11, 23)
SVG = "{http://www.w3.org/2000/svg}"
SAMPLE = str(FIXTURES / "sample")


def parse(svg: str) -> ElementTree.Element:
    """The root of an SVG document, parsed as XML (fails on anything not well-formed)."""
    return ElementTree.fromstring(svg.encode("utf-8"))


def texts(element: ElementTree.Element) -> list[str]:
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]


def groups(root: ElementTree.Element, css: str) -> list[ElementTree.Element]:
    return [g for g in root.iter(f"{SVG}g") if css in (g.get("class") or "").split()]


# --- the timeline as SVG -----------------------------------------------------------------------


def test_timeline_svg_is_a_well_formed_slide_wide_document(sample: Registry) -> None:
    moments = hierarchy.timeline(sample, "all", AS_OF)
    root = parse(timeline_svg.render_svg(moments, AS_OF, "all"))
    assert root.tag == f"{SVG}svg"
    height = int(root.get("height") or 0)
    assert root.get("width") == "1280" and height > 300
    assert root.get("viewBox") == f"0 0 1280 {height}"
    assert "sans-serif" in (root.get("font-family") or "")
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == "Programmes and events, 1970–2028"
    assert desc is not None and "P3: Regional Counter Trafficking, 2018–2028, ongoing." in (
        desc.text or ""
    )
    assert root.get("aria-labelledby") == "chart-title chart-desc"


def test_timeline_svg_draws_a_bar_per_dated_programme(sample: Registry) -> None:
    moments = hierarchy.timeline(sample, "programmes", AS_OF)
    root = parse(timeline_svg.render_svg(moments, AS_OF, "programmes"))
    rows = groups(root, "programme")
    assert [texts(g)[0] for g in rows] == ["P1", "P2", "P3"]
    bars = {texts(g)[0]: g.findall(f"{SVG}rect") for g in rows}
    assert len(bars["P1"]) == 1  # ended: one solid bar
    assert bars["P2"] == []  # no sourced dates: no bar...
    assert "Implementation Project: dates unknown" in texts(rows[1])  # ...but its place and why
    assert len(bars["P3"]) == 2  # ongoing: the part run so far, then the planned rest
    assert bars["P3"][1].get("stroke-dasharray")
    assert texts(rows[0])[1:] == ["2003–2006", "First Regional Project"]
    assert "Regional Counter Trafficking (ongoing)" in texts(rows[2])

    # On a 2003-2028 axis: P1 runs from 1 January 2003 to the end of 2006, four years.
    scale = timeline_svg.Scale(2003, 2028)
    p1 = bars["P1"][0]
    assert float(p1.get("x") or 0) == pytest.approx(scale.year(2003), abs=0.1)
    assert float(p1.get("width") or 0) == pytest.approx(4 * scale.per_year, abs=0.2)


def test_timeline_svg_marks_the_as_of_date(sample: Registry) -> None:
    moments = hierarchy.timeline(sample, "programmes", AS_OF)
    root = parse(timeline_svg.render_svg(moments, AS_OF, "programmes"))
    (marker,) = groups(root, "as-of")
    line = marker.find(f"{SVG}line")
    assert line is not None and texts(marker) == ["as of 2026-11-23"]
    p3_solid, p3_planned = next(
        g for g in groups(root, "programme") if texts(g)[0] == "P3"
    ).findall(f"{SVG}rect")
    x = float(line.get("x1") or 0)
    # the solid part of an ongoing bar ends where the marker stands
    solid_end = float(p3_solid.get("x") or 0) + float(p3_solid.get("width") or 0)
    assert x == pytest.approx(solid_end, abs=2)
    assert float(p3_planned.get("x") or 0) == pytest.approx(solid_end, abs=0.2)


def test_timeline_svg_draws_events_as_diamonds_without_an_as_of_line(sample: Registry) -> None:
    moments = hierarchy.timeline(sample, "events", AS_OF)
    root = parse(timeline_svg.render_svg(moments, AS_OF, "events"))
    events = groups(root, "event")
    assert [texts(g)[0] for g in events] == ["1970-05-01", "2015-11-21", "2017"]
    assert all(len(g.findall(f"{SVG}polygon")) == 1 for g in events)
    assert groups(root, "as-of") == []  # no programme, no status to judge
    title = root.find(f"{SVG}title")
    assert title is not None and title.text == "Events, 1970–2017"


def test_timeline_svg_escapes_everything_from_the_data() -> None:
    name = 'Fish & <Chips> "Project"\x07'
    record = Programme(id=RecordId("x"), name=name, kind="k", acronyms=("A&B",), sources=())
    svg = timeline_svg.render_svg([Moment(record, "2001", "2002", "ended")], AS_OF, "programmes")
    root = parse(svg)  # well-formed despite the markup and the control character
    assert 'Fish & <Chips> "Project"\ufffd' in texts(root)
    assert "A&B" in texts(root)
    assert "<Chips>" not in svg and "\x07" not in svg


def test_timeline_svg_of_nothing_says_so() -> None:
    root = parse(timeline_svg.render_svg([], AS_OF, "events"))
    assert "Nothing to show." in texts(root)


def test_xml_text_escapes_markup_and_replaces_what_xml_cannot_carry() -> None:
    assert xml_text('a<b>&"c"\'') == "a&lt;b&gt;&amp;&quot;c&quot;'"
    assert (
        xml_text("tab\tnew\nline\x00\x1b\ud800\ufffe") == "tab\tnew\nline\ufffd\ufffd\ufffd\ufffd"
    )


@pytest.mark.subprocess
def test_timeline_svg_is_the_same_bytes_under_any_hash_seed(tmp_path: Path) -> None:
    outputs = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "aseanct",
                "timeline",
                "--data-dir",
                SAMPLE,
                "--as-of",
                "2026-11-23",
                "-f",
                "svg",
            ],
            capture_output=True,
            env=environment(PYTHONHASHSEED=seed),
            check=True,
        )
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1] and outputs[0].startswith(b"<?xml")


# --- the timeline as a Mermaid gantt -------------------------------------------------------------

TASK = re.compile(
    r"^    (?P<name>[^:#;%\n]+) :(?P<tags>(done|active|milestone), )?(?P<id>[a-z][a-z0-9_]*), "
    r"(?P<start>\d{4}-\d\d-\d\d), (?P<end>\d{4}-\d\d-\d\d|0d)$"
)


def test_mermaid_gantt_has_a_task_per_dated_programme_and_a_milestone_per_event(
    sample: Registry,
) -> None:
    moments = hierarchy.timeline(sample, "all", AS_OF)
    lines = gantt.render_mermaid(moments, AS_OF, "all").splitlines()
    assert lines[:5] == [
        "gantt",
        "    title Programmes and events, 1970–2028",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y",
        "    inclusiveEndDates",
    ]
    tasks = {}
    for line in lines[5:]:
        if line.startswith(("    %% ", "    section ", "    todayMarker ")):
            continue
        match = TASK.match(line)
        assert match, f"not a task Mermaid reads: {line!r}"
        tasks[match["id"]] = match.groupdict()
    assert set(tasks) == {
        "p_p1",
        "p_p3",
        "e_ra_founded",
        "e_convention_signed",
        "e_charter_drafted",
    }
    assert tasks["p_p1"]["tags"] == "done, " and (tasks["p_p1"]["start"], tasks["p_p1"]["end"]) == (
        "2003-01-01",
        "2006-12-31",
    )
    assert tasks["p_p3"]["tags"] == "active, " and tasks["p_p3"]["end"] == "2028-12-31"
    assert all(tasks[t]["tags"] == "milestone, " for t in tasks if t.startswith("e_"))
    # the undated programme is said, in a comment, not drawn with invented dates
    assert (
        "    %% P2 - Implementation Project: dates unknown, not drawn (its place is here)" in lines
    )
    assert lines.index("    section Programmes") < lines.index("    section Events")


def test_mermaid_names_lose_what_the_gantt_grammar_cannot_take() -> None:
    names = ["Goal #1: shelter; care", "Title IX review", "50% more", "2015-01-01 meeting", "click"]
    moments = [
        Moment(
            Event(id=RecordId(f"e{i}"), name=n, kind="k", date="2015-01-02", sources=()),
            "2015-01-02",
            "",
            "event",
        )
        for i, n in enumerate(names)
    ]
    lines = gantt.render_mermaid(moments, AS_OF, "events").splitlines()
    milestones = [line for line in lines if ":milestone" in line]
    assert [m.split(" :milestone")[0].strip() for m in milestones] == [
        "Goal No.1 - shelter, care",
        '"Title IX review"',
        "50 percent more",
        '"2015-01-01 meeting"',
        '"click"',
    ]
    assert all(TASK.match(m) for m in milestones)


def test_mermaid_programme_with_only_a_start_runs_to_as_of() -> None:
    record = Programme(id=RecordId("open"), name="Open", kind="k", sources=())
    text = gantt.render_mermaid([Moment(record, "2020", "", "end unknown")], AS_OF, "programmes")
    assert "    Open (end unknown) :p_open, 2020-01-01, 2026-11-23\n" in text


# --- the tree as DOT, laid out for a slide -------------------------------------------------------


def _graph(text: str) -> pydot.Dot:
    graphs = pydot.graph_from_dot_data(text)
    assert graphs is not None and len(graphs) == 1
    return graphs[0]


def test_tree_dot_is_top_down_and_sized_for_a_slide(sample: Registry) -> None:
    roots = [hierarchy.subtree(sample, sample.by_id[RecordId("mmc")])]
    graph = _graph(tree.render_dot(roots))
    assert graph.get("rankdir") == "TB"
    assert graph.get("size") == '"13.333,7.5"'
    assert graph.get("ratio") == "compress"
    forest = _graph(tree.render_dot(hierarchy.forest(sample)))
    assert forest.get("pack") == "true" and forest.get("ratio") is None
    assert _graph(tree.render_dot(roots, rankdir="LR")).get("rankdir") == "LR"


def test_tree_dot_labels_are_wrapped_with_the_acronym_first(sample: Registry) -> None:
    roots = [hierarchy.subtree(sample, sample.by_id[RecordId("soc")])]
    graph = _graph(tree.render_dot(roots))
    label = graph.get_node('"unit-tp"')[0].get("label")
    assert label == (
        "<<B>HSU</B><BR/>Heads of Specialist<BR/>Units on Trafficking<BR/>"
        '<FONT POINT-SIZE="11" COLOR="#555555">est. 2004</FONT>>'
    )
    long = Body(id=RecordId("long"), name=" ".join(["Committee"] * 12), kind="k", sources=())
    text = tree.render_dot([Node(long, ())])
    lines = re.search(r"label=<(.*)>\];", text)
    assert lines is not None
    assert all(len(part) <= tree.WRAP for part in lines[1].split("<BR/>")[1:])


def test_tree_dot_says_how_many_children_a_depth_limit_hides(sample: Registry) -> None:
    roots = [hierarchy.subtree(sample, sample.by_id[RecordId("mmc")], 1)]
    assert "+2 more below" in tree.render_dot(roots)


def test_tree_dot_spreads_a_wide_fan_of_leaves_over_ranks() -> None:
    def body(name: str) -> Body:
        return Body(id=RecordId(name), name=name, kind="k", sources=())

    leaves = tuple(Node(body(f"leaf{i}"), ()) for i in range(6))
    branch = Node(body("branch"), (Node(body("twig"), ()),))
    text = tree.render_dot([Node(body("root"), (*leaves, branch))])
    minlens = re.findall(r'"root" -> "leaf\d"(?: \[minlen=(\d)\])?;', text)
    assert minlens == ["", "2", "3", "", "2", "3"]
    assert '"root" -> "branch";' in text  # not a leaf: one rank down
    few = tree.render_dot([Node(body("root"), leaves[:4])])
    assert "minlen" not in few


# --- Graphviz's dot: missing, failing, slow, and real ----------------------------------------------


def test_dot_missing_is_a_tool_error_naming_what_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(ToolError) as raised:
        tree.dot_svg("digraph {}")
    assert raised.value.exit_code == EXIT_TOOL == 5
    assert raised.value.lines() == [
        "error: tree -f svg needs Graphviz's dot program, which is not on PATH",
        "hint: install Graphviz (apt install graphviz, brew install graphviz, "
        "https://graphviz.org/download/) or use -f dot",
    ]


def fake_dot(directory: Path, body: str) -> None:
    """A `dot` on PATH that runs the Python `body` (stdin read first) instead of Graphviz."""
    program = directory / "dot"
    program.write_text(
        f"#!{sys.executable}\nimport sys, time\nsys.stdin.buffer.read()\n{body}\n",
        encoding="utf-8",
    )
    program.chmod(0o755)


posix_only = pytest.mark.skipif(sys.platform == "win32", reason="fake programs use a #! line")


@pytest.mark.subprocess
@posix_only
def test_dot_failing_reports_its_stderr_sanitised(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_dot(
        tmp_path, r"sys.stderr.write('Error: bad\x1b[31m input\n\nsecond line\n'); sys.exit(3)"
    )
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    with pytest.raises(ToolError) as raised:
        tree.dot_svg("digraph {}")
    lines = raised.value.lines()
    assert lines[0] == f"error: Graphviz's dot ({tmp_path / 'dot'}) failed with exit code 3"
    assert lines[1:3] == ["dot: Error: bad\\x1b[31m input", "dot: second line"]
    assert lines[3].startswith("hint: use -f dot")


@pytest.mark.subprocess
@posix_only
def test_dot_failing_through_the_cli_exits_5_with_nothing_on_stdout(
    tmp_path: Path,
) -> None:
    fake_dot(tmp_path, "sys.stderr.write('Error: no\\n'); sys.exit(1)")
    done = subprocess.run(
        [sys.executable, "-m", "aseanct", "tree", "AMMTC", "-f", "svg"],
        capture_output=True,
        text=True,
        env=environment(PATH=f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}"),
        check=False,
    )
    assert done.returncode == EXIT_TOOL
    assert done.stdout == ""
    assert done.stderr.splitlines()[1] == "dot: Error: no"


@pytest.mark.subprocess
@posix_only
def test_dot_taking_too_long_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fake_dot(tmp_path, "time.sleep(10)")
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    with pytest.raises(ToolError) as raised:
        tree.dot_svg("digraph {}", timeout=0.3)
    assert "took longer than 0.3 seconds" in raised.value.message


@pytest.mark.subprocess
@pytest.mark.parametrize("rankdir", ["TB", "LR"])
def test_real_dot_draws_every_tree_without_a_warning(sample: Registry, rankdir: str) -> None:
    dot = needs_program("dot")
    for roots in (
        [hierarchy.subtree(sample, sample.by_id[RecordId("mmc")])],
        hierarchy.forest(sample),
        [hierarchy.subtree(sample, sample.by_id[RecordId("ra")], 1)],
    ):
        done = subprocess.run(
            [dot, "-Tsvg"],
            input=tree.render_dot(roots, rankdir=rankdir).encode(),
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0 and done.stderr == b"", done.stderr
        root = parse(done.stdout.decode("utf-8"))
        drawn = {t.text for g in groups(root, "node") for t in g.findall(f"{SVG}title")}
        assert drawn == {r.id for r in tree.graph(roots)[0]}


@pytest.mark.subprocess
def test_tree_svg_through_real_dot(sample: Registry) -> None:
    needs_program("dot")
    svg = tree.dot_svg(tree.render_dot([hierarchy.subtree(sample, sample.by_id[RecordId("mmc")])]))
    root = parse(svg)
    assert root.tag == f"{SVG}svg" and root.get("viewBox")
    assert {"MMC", "SOC", "HSU", "Ministers Meeting on"} <= set(texts(root))


@pytest.mark.subprocess
def test_tree_png_fits_a_16_9_slide(sample: Registry) -> None:
    """`tree ROOT -f dot | dot -Tpng`: within 1280x720 and neither a strip nor a tower."""
    dot = needs_program("dot")
    roots = [hierarchy.subtree(sample, sample.by_id[RecordId("mmc")])]
    png = subprocess.run(
        [dot, "-Tpng"], input=tree.render_dot(roots).encode(), capture_output=True, check=True
    ).stdout
    width, height = struct.unpack(">II", png[16:24])
    assert width <= 1280 and height <= 720
    assert 1.0 <= width / height <= 2.5, (width, height)


def contrast(foreground: str, background: str) -> float:
    """The WCAG 2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_text_of_the_timeline_svg_reaches_wcag_aa_contrast(sample: Registry) -> None:
    """Small text needs 4.5:1 on the white page and on the row stripes (the "as of" label
    was #d9480f, 4.3:1)."""
    root = parse(timeline_svg.render_svg(hierarchy.timeline(sample, "all", AS_OF), AS_OF, "all"))
    fills = {t.get("fill") or timeline_svg.INK for t in root.iter(f"{SVG}text")}
    assert timeline_svg.AS_OF in fills
    for fill in fills:
        for background in ("#ffffff", timeline_svg.STRIPE):
            assert contrast(fill, background) >= 4.5, (fill, background)
