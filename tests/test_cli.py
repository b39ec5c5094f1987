"""The commands through Typer's CliRunner: stdout and stderr apart, every format, exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from conftest import FIXTURES, invoke, needs_program
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aseanct import __version__
from aseanct.errors import EXIT_DATA, EXIT_INTERNAL, EXIT_NOT_FOUND, EXIT_TOOL, EXIT_USAGE
from aseanct.formats import (
    CITE_FORMATS,
    GLOSSARY_FORMATS,
    ROW_FORMATS,
    TIMELINE_FORMATS,
    TREE_FORMATS,
)

# One representative command line per command: each must work in every format it accepts.
COMMANDS: dict[str, list[str]] = {
    "expand": ["expand", "SOMTC", "HSU"],
    "show": ["show", "ASEAN-ACT"],
    "search": ["search", "smuggling"],
    "list": ["list", "programmes"],
    "tree": ["tree", "AMMTC"],
    "timeline": ["timeline", "programmes"],
    "info": ["info"],
    "validate": ["validate"],
    "glossary": ["glossary", str(FIXTURES.parent.parent / "README.md")],
    "parties": ["parties", "ACTIP"],
    "cite": ["cite", "somtc"],
}
# From the enums the commands take: a format added there is tested here without a new line.
FORMATS = [f.value for f in ROW_FORMATS]
EXTRA_FORMATS = {
    "tree": [f.value for f in TREE_FORMATS if f.value not in FORMATS],
    "timeline": [f.value for f in TIMELINE_FORMATS if f.value not in FORMATS],
    "glossary": [f.value for f in GLOSSARY_FORMATS if f.value not in FORMATS],
    "cite": [f.value for f in CITE_FORMATS if f.value not in FORMATS],
}
RUNS_A_PROGRAM = {("tree", "svg"): "dot"}
"""Formats drawn by another program: their case runs it (marked subprocess)."""


def all_format_cases() -> list[Any]:
    return [
        pytest.param(c, f, marks=pytest.mark.subprocess) if (c, f) in RUNS_A_PROGRAM else (c, f)
        for c in COMMANDS
        for f in FORMATS + EXTRA_FORMATS.get(c, [])
    ]


@pytest.mark.parametrize(("command", "fmt"), all_format_cases())
def test_every_command_in_every_format(command: str, fmt: str) -> None:
    if (command, fmt) in RUNS_A_PROGRAM:
        needs_program(RUNS_A_PROGRAM[command, fmt])
    result = invoke(*COMMANDS[command], "--format", fmt)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.endswith("\n") and "\x1b[" not in out
    if fmt == "json":
        document = json.loads(out)
        assert isinstance(document, (list, dict)) and document
    elif fmt == "jsonl":
        assert all(isinstance(json.loads(line), dict) for line in out.splitlines())
    elif fmt in ("csv", "tsv"):
        rows = list(csv.reader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t"))
        assert len({len(r) for r in rows}) == 1
        assert len(rows) >= (1 if command == "validate" else 2)  # valid data: no problem rows
    elif fmt == "dot":
        assert out.startswith("digraph aseanct {")
    elif fmt == "mermaid":
        assert out.startswith("gantt\n" if command == "timeline" else "flowchart TD\n")
    elif fmt == "svg":
        root = ElementTree.fromstring(out.encode("utf-8"))
        assert root.tag == "{http://www.w3.org/2000/svg}svg" and root.get("viewBox")
    elif fmt == "markdown" and command == "glossary":
        assert out.startswith("| Acronym | Full name |\n| --- | --- |\n")
    elif fmt == "markdown":
        # a paragraph per reference: a blank line between them
        paragraphs = out.split("\n\n")
        assert len(paragraphs) == len(json.loads(invoke(*COMMANDS[command], "-f", "json").stdout))
        assert all(p.count("\n") <= 1 for p in paragraphs)
        assert "*" in out  # a style's italics
    elif fmt == "bibtex":
        assert out.startswith("@") and out.count("\n@") + 1 == len(re.findall(r"note +=", out))
    elif fmt == "biblatex":
        assert out.startswith("@") and out.count("\n@") + 1 == out.count("urldate")
    elif fmt == "ris":
        assert out.startswith("TY  - ") and out.endswith("ER  - \n")
    elif fmt == "csl-json":
        assert all({"id", "type", "title"} <= set(item) for item in json.loads(out))
    else:
        assert fmt == "text", f"a new format {fmt!r} needs its checks here"


@pytest.mark.parametrize("command", ["expand", "search", "list", "tree", "timeline", "glossary"])
def test_no_headers(command: str) -> None:
    with_headers = invoke(*COMMANDS[command], "--format", "tsv").stdout.splitlines()
    without = invoke(*COMMANDS[command], "--format", "tsv", "--no-headers").stdout.splitlines()
    assert without == with_headers[1:]


def test_json_records_carry_id_acronym_name_kind_first() -> None:
    for args in (["expand", "SOMTC"], ["list"], ["search", "HSU"]):
        for record in json.loads(invoke(*args, "-f", "json").stdout):
            assert {"id", "acronym", "name", "kind"} <= set(record)
    shown = json.loads(invoke("show", "somtc", "-f", "json").stdout)
    assert list(shown)[:5] == ["id", "type", "acronym", "name", "kind"]


def test_json_is_utf8_not_escaped() -> None:
    out = invoke("show", "dtglobal-asean-act-fr", "-f", "json").stdout
    assert "États membres" in out and "\\u" not in out


# --- expand -----------------------------------------------------------------------------------


def test_expand_text() -> None:
    result = invoke("expand", "SOMTC", "ＡＣＴＩＰ", "apa.")
    assert result.exit_code == 0
    assert result.stdout == (
        "SOMTC: Senior Officials Meeting on Transnational Crime\n"
        "ACTIP: ASEAN Convention Against Trafficking in Persons, Especially Women and Children\n"
        "APA: ASEAN Plan of Action Against Trafficking in Persons, Especially Women and Children\n"
    )
    assert result.stderr == ""


def test_expand_unknown_terms_go_to_stderr_and_exit_1() -> None:
    result = invoke("expand", "SOMTX", "ARF", "zzzz", "transnational crime")
    assert result.exit_code == EXIT_NOT_FOUND
    assert result.stdout == "ARF: ASEAN Regional Forum\n"
    assert result.stderr == (
        "error: unknown term 'SOMTX'\nhint: did you mean SOMTC?\n"
        "error: unknown term 'zzzz'\n"  # no hint: a search for it would find nothing
        "error: unknown term 'transnational crime'\n"
        "hint: try `aseanct search 'transnational crime'` to search names and descriptions\n"
    )


def test_each_distinct_unknown_term_is_reported_once() -> None:
    result = invoke("expand", "-", "XYZ", input="XYZ\nSOMTC\nXYZ\nQQQ\nXYZ\n")
    assert result.exit_code == EXIT_NOT_FOUND
    assert result.stdout == "SOMTC: Senior Officials Meeting on Transnational Crime\n"
    assert result.stderr == (
        "error: unknown term 'XYZ' (stdin line 1)\nerror: unknown term 'QQQ' (stdin line 4)\n"
    )


def test_expand_ambiguous_gives_every_meaning_with_id_and_scope() -> None:
    assert invoke("expand", "rpsc").stdout == (
        "RPSC: Regional Program Steering Committee (asean-act-rpsc, under ASEAN-ACT)\n"
        "RPSC: Regional Project Steering Committee (aaptip-rpsc, under AAPTIP)\n"
    )


def test_expand_reads_stdin_and_keeps_order() -> None:
    result = invoke("expand", "AIP", "-", "ARF", input="dgicm\n\nnot-a-term\r\nACT\n")
    assert result.exit_code == EXIT_NOT_FOUND
    assert result.stdout.splitlines() == [
        "AIP: ACTIP Implementation Project",
        "DGICM: ASEAN Directors-General of Immigration Departments and Heads of Consular Affairs "
        "Divisions of Ministries of Foreign Affairs Meeting",
        "ACT: ASEAN-Australia Counter Trafficking",
        "ARF: ASEAN Regional Forum",
    ]
    assert result.stderr.startswith("error: unknown term 'not-a-term' (stdin line 3)\n")


def test_expand_json_shape() -> None:
    records = json.loads(invoke("expand", "HSU", "somtc", "-f", "json").stdout)
    assert [list(r) for r in records] == [
        ["term", "id", "acronym", "name", "type", "kind", "scope", "matched"]
    ] * 3
    assert [(r["term"], r["id"]) for r in records] == [
        ("HSU", "hsu-tip"),
        ("HSU", "hsu-people-smuggling"),
        ("somtc", "somtc"),
    ]


def test_expand_reverse_lookup_by_full_name() -> None:
    out = invoke(
        "expand", "Senior Officials Meeting on Transnational Crime", "-f", "tsv", "--no-headers"
    ).stdout
    assert out.split("\t")[2] == "SOMTC" and out.rstrip("\n").endswith("\tname")


def test_expand_without_terms_is_a_usage_error() -> None:
    result = invoke("expand")
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.startswith("error: Missing argument")
    assert result.stdout == ""


# --- show, search, list -----------------------------------------------------------------------


def test_show_ambiguous_lists_candidates_on_stderr() -> None:
    result = invoke("show", "HSU")
    assert result.exit_code == EXIT_NOT_FOUND
    assert result.stdout == ""
    assert result.stderr == (
        "error: 'HSU' names 2 records; give one of these ids\n"
        "hsu-tip\tHeads of Specialist Anti-Trafficking Units (under SOMTC)\n"
        "hsu-people-smuggling\tHeads of Specialist Unit on People Smuggling (under DGICM)\n"
        "hint: for example: aseanct show hsu-tip\n"
    )


def test_show_ids_are_always_unambiguous() -> None:
    assert invoke("show", "hsu-tip").stdout.startswith(
        "HSU: Heads of Specialist Anti-Trafficking Units\n"
    )


def test_show_sources_numbers_each_statement_and_lists_clean_references() -> None:
    out = invoke("show", "hsu-tip", "--sources").stdout
    assert "\n    id:                     hsu-tip\n" in out  # unsourced: no number
    assert re.search(r"\n 6  established: +2004 \[1\]\[5\]\n", out)
    assert (
        "\nSources\n  [1] Major Sectoral Bodies/Committees. ASEAN Secretariat, undated. https://"
        in out
    )
    assert "/major-sectoral-bodies-committees. Accessed 2026-11-30.\n" in out
    # how the curators read it is said apart from the reference, never inside it
    assert "\n      seed file: 000_77c7529df7ab3108.txt\n" in out
    assert "(seed file" not in out and "(read via" not in out


def test_show_json_carries_each_fact_with_its_sources() -> None:
    record = json.loads(invoke("show", "artip", "-f", "json").stdout)
    assert record["end_date"] == "2012"
    assert record["sourced"]["end_date"] == {
        "date": "2012",
        "planned": False,
        "note": record["sourced"]["end_date"]["note"],
        "sources": ["dfat-aaptip-fact-sheet"],
    }
    assert "2013" in record["sourced"]["end_date"]["note"]
    assert [s["id"] for s in record["successors"]] == ["aaptip"]
    assert {s["id"] for s in record["cited_sources"]} >= {"dfat-aaptip-fact-sheet", "cardno-aaptip"}


def test_show_json_names_the_bodies_that_govern_a_programme() -> None:
    record = json.loads(invoke("show", "ASEAN-ACT", "-f", "json").stdout)
    assert [(g["name"], g["relation"]) for g in record["governance"]] == [
        ("Regional Program Steering Committee", "governs"),
        ("National Program Steering Committee", "governs"),
    ]


def test_search_ranks_acronym_then_name_then_words() -> None:
    out = invoke("search", "somtc", "-f", "jsonl").stdout.splitlines()
    ranks = [(json.loads(line)["id"], json.loads(line)["rank"]) for line in out]
    assert ranks[0] == ("somtc", 0)
    assert [r for _i, r in ranks] == sorted(r for _i, r in ranks)


def test_search_without_hits_exits_1() -> None:
    result = invoke("search", "quantum chromodynamics")
    assert result.exit_code == EXIT_NOT_FOUND
    assert result.stdout == ""
    assert result.stderr.startswith("error: nothing matches 'quantum chromodynamics'")


def test_list_with_an_empty_result_is_success() -> None:
    result = invoke("list", "programmes", "--pillar", "APSC")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == "hint: no records match\n"


def test_a_kind_no_record_has_is_a_usage_error_that_lists_the_kinds() -> None:
    result = invoke("list", "programmes", "--kind", "programe")
    assert result.exit_code == EXIT_USAGE
    assert result.stdout == ""
    assert result.stderr == (
        "error: --kind: no record of programmes is of kind 'programe' (did you mean "
        "'programme'?)\n"
        "hint: kinds of programmes: project, regional programme\n"
    )
    assert invoke("search", "x", "--kind", "nothing").exit_code == EXIT_USAGE
    # A phrase within a kind is a kind: `meeting` finds the ministerial meetings.
    assert invoke("list", "bodies", "--kind", "meeting").exit_code == 0


def test_list_of_every_record_goes_by_collection_then_file_order() -> None:
    """Bodies first, as `list`'s collections are named, whatever the data files are called
    (the shipped data's assessments.yaml sorts first)."""
    from aseanct.model.records import COLLECTIONS

    result = invoke("list", "-f", "csv", "--fields", "type,id")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    types = list(dict.fromkeys(row["type"] for row in rows))
    assert types == [t for t in COLLECTIONS.values() if t != "source"]
    bodies = invoke("list", "bodies", "-f", "csv", "--fields", "type,id").stdout.splitlines()
    assert result.stdout.splitlines()[: len(bodies)] == bodies


def test_list_filters_by_pillar_and_kind() -> None:
    out = invoke("list", "bodies", "--pillar", "APSC", "--kind", "senior officials meeting").stdout
    assert [line.split()[0] for line in out.splitlines()] == ["somtc", "aslom", "som-mlat"]


# --- tree, timeline --------------------------------------------------------------------------


def test_tree_text_in_a_pipe_is_plain() -> None:
    out = invoke("tree", "soc", "--data-dir", str(FIXTURES / "sample")).stdout
    assert out == (
        "SOC: Senior Officials on Crime\n"
        "├── WG on TP: SOC Working Group on Trafficking\n"
        "└── HSU: Heads of Specialist Units on Trafficking (est. 2004)\n"
    )


def node_ids(out: str, fmt: str) -> list[str]:
    """The nodes of a tree output in order: ids, or acronyms for text (which shows no ids)."""
    if fmt == "text":
        return [re.sub(r"^[─│├└ ]*", "", line).split(":")[0] for line in out.splitlines()]
    if fmt == "json":
        ids: list[str] = []
        stack = list(reversed(json.loads(out)))
        while stack:
            node = stack.pop()
            ids.append(node["id"])
            stack.extend(reversed(node["children"]))
        return ids
    if fmt == "jsonl":
        return [json.loads(line)["id"] for line in out.splitlines()]
    if fmt in ("csv", "tsv"):
        rows = csv.DictReader(io.StringIO(out), delimiter="," if fmt == "csv" else "\t")
        return [row["id"] for row in rows]
    if fmt == "dot":
        return re.findall(r'^  "([^"]+)" \[label=', out, re.MULTILINE)
    return [m.replace("_", "-") for m in re.findall(r"^  n_(\S+)\[", out, re.MULTILINE)]


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "csv", "tsv", "dot", "mermaid"])
def test_tree_depth_and_ancestors_in_every_format(fmt: str) -> None:
    chain = ["asean", "apsc", "ammtc", "somtc", "hsu-tip"]
    if fmt == "text":
        chain = ["ASEAN", "APSC", "AMMTC", "SOMTC", "HSU"]
    shallow = invoke("tree", "ammtc", "--depth", "0", "-f", fmt).stdout
    assert node_ids(shallow, fmt) == [chain[2]]
    assert node_ids(invoke("tree", "hsu-tip", "--ancestors", "-f", fmt).stdout, fmt) == chain
    assert node_ids(invoke("tree", "ammtc", "--depth", "1", "-f", fmt).stdout, fmt) == [
        chain[2],
        chain[3],
        "DGICM" if fmt == "text" else "dgicm",
    ]


def test_tree_dot_is_top_down_unless_rankdir_says_otherwise() -> None:
    assert "  rankdir=TB;\n" in invoke("tree", "AMMTC", "-f", "dot").stdout
    for spelling in ("LR", "lr", "Lr"):
        result = invoke("tree", "AMMTC", "-f", "dot", "--rankdir", spelling)
        assert result.exit_code == 0, result.output
        assert "  rankdir=LR;\n" in result.stdout
    assert "  rankdir=TB;\n" in invoke("tree", "AMMTC", "-f", "dot", "--rankdir", "tb").stdout


def test_a_bad_rankdir_is_a_usage_error() -> None:
    result = invoke("tree", "AMMTC", "-f", "dot", "--rankdir", "BT")
    assert result.exit_code == EXIT_USAGE
    assert result.stdout == ""
    assert result.stderr == (
        "error: --rankdir: 'BT' is not one of tb, lr\nhint: try 'aseanct tree --help' for help\n"
    )


def test_tree_svg_without_graphviz_says_what_to_install(tmp_path: Path) -> None:
    """PATH without `dot`: no output, exit 5, the missing program named and how to get it."""
    result = invoke("tree", "AMMTC", "-f", "svg", env={"PATH": str(tmp_path)})
    assert result.exit_code == EXIT_TOOL == 5
    assert result.stdout == ""
    assert result.stderr == (
        "error: tree -f svg needs Graphviz's dot program, which is not on PATH\n"
        "hint: install Graphviz (apt install graphviz, brew install graphviz, "
        "https://graphviz.org/download/) or use -f dot\n"
    )


@pytest.mark.parametrize("which", ["programmes", "events", "all"])
def test_timeline_pictures_are_the_same_bytes_every_run(which: str) -> None:
    for fmt in ("svg", "mermaid"):
        first = invoke("timeline", which, "--as-of", "2026-11-30", "-f", fmt)
        assert first.exit_code == 0, first.output
        assert first.stderr == ""
        assert invoke("timeline", which, "--as-of", "2026-11-30", "-f", fmt).stdout == first.stdout


def test_tree_ancestors_needs_a_root() -> None:
    result = invoke("tree", "--ancestors")
    assert result.exit_code == EXIT_USAGE
    assert "--ancestors needs a ROOT" in result.stderr


def test_timeline_as_of_marks_ongoing() -> None:
    out = invoke("timeline", "programmes", "--as-of", "2015").stdout
    assert (
        "2013-2018  AAPTIP     Australia-Asia Program to Combat Trafficking in Persons (ongoing)\n"
        in out
    )
    assert "ASEAN-ACT  ASEAN-Australia Counter Trafficking (upcoming)\n" in out


@pytest.mark.parametrize("command", ["timeline", "site"])
def test_a_bad_as_of_date_is_a_usage_error_that_names_the_option(
    command: str, tmp_path: Path
) -> None:
    args = [str(tmp_path / "s")] if command == "site" else []
    result = invoke(command, *args, "--as-of", "next year")
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.startswith(
        "error: Invalid value for '--as-of': 'next year' is not a date "
        "(YYYY, YYYY-MM or YYYY-MM-DD)\n"
    )
    assert not (tmp_path / "s").exists()


# --- info, validate, the contract -------------------------------------------------------------


def test_info_json_names_the_data_dir_and_counts() -> None:
    document = json.loads(invoke("info", "-f", "json").stdout)
    assert document["version"] == __version__
    assert document["data_dir"].endswith("data")
    assert document["counts"]["programme"] == 5 and document["total"] == sum(
        document["counts"].values()
    )


def test_data_dir_option_and_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    mini = str(FIXTURES / "mini")
    assert invoke("expand", "TOP", "--data-dir", mini).stdout == "TOP: Top Meeting\n"
    monkeypatch.setenv("ASEANCT_DATA_DIR", mini)
    assert invoke("expand", "TOP").stdout == "TOP: Top Meeting\n"
    assert json.loads(invoke("info", "-f", "json").stdout)["data_dir_from"] == "environment"


def test_invalid_data_exits_3_with_file_and_line_and_no_traceback() -> None:
    result = invoke("expand", "SOMTC", "--data-dir", str(FIXTURES / "cycle"))
    assert result.exit_code == EXIT_DATA
    assert result.stdout == ""
    assert "cycle/bodies.yaml:7: bodies[0].parent: cycle: one -> two -> one\n" in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_reports_problems_in_json_too() -> None:
    result = invoke("validate", str(FIXTURES / "unknown-parent"), "-f", "json")
    assert result.exit_code == EXIT_DATA
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert report["problems"][0]["line"] == 7
    assert report["problems"][0]["message"] == "unknown id 'ammtcx'"


def test_bad_format_value_is_a_usage_error() -> None:
    result = invoke("list", "--format", "yaml")
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.startswith(
        "error: --format: 'yaml' is not one of text, json, jsonl, csv, tsv\n"
    )
    assert "hint: try 'aseanct list --help' for help\n" in result.stderr


def test_unexpected_errors_become_one_line_and_exit_4(monkeypatch: pytest.MonkeyPatch) -> None:
    from aseanct import hierarchy

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("kaboom")

    monkeypatch.setattr(hierarchy, "subtree", broken)
    result = invoke("tree", "ammtc")
    assert result.exit_code == EXIT_INTERNAL
    assert result.stderr == (
        "error: internal error: RuntimeError: kaboom\n"
        "hint: this is a bug in aseanct; rerun with ASEANCT_DEBUG=1 to see the traceback\n"
    )
    monkeypatch.setenv("ASEANCT_DEBUG", "1")
    debug = invoke("tree", "ammtc")
    assert isinstance(debug.exception, RuntimeError)


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0 and result.stdout == f"aseanct {__version__} (data schema 3)\n"


@pytest.mark.parametrize("command", [*COMMANDS, "annotate"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = invoke(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.stdout and "Usage: aseanct" in result.stdout


def test_top_level_help_documents_the_exit_codes() -> None:
    from aseanct import errors

    out = invoke("--help").stdout
    section = out.split("Exit status:\n", 1)[1].split("\n\n", 1)[0]
    documented = {int(line.split()[0]) for line in section.splitlines() if line[2:3].isdigit()}
    codes = {v for k, v in vars(errors).items() if k.startswith("EXIT_")}
    assert documented == codes
    for code, meaning in ((0, "success"), (1, "not found"), (2, "usage error"), (4, "internal")):
        assert f"\n  {code:<3}  {meaning}" in out


def test_completion_of_a_partial_acronym() -> None:
    from aseanct.cli.options import complete_term

    completions = complete_term(None, "SOMT")  # type: ignore[arg-type]
    assert completions[:2] == [
        ("SOMTC", "Senior Officials Meeting on Transnational Crime"),
        ("SOMTC WG on TIP", "SOMTC Working Group on Trafficking in Persons"),
    ]
    # What was typed is kept as typed (tests/test_completion.py drives the shells).
    assert complete_term(None, "somt")[0] == (  # type: ignore[arg-type]
        "somtc",
        "Senior Officials Meeting on Transnational Crime",
    )
    assert ("hsu-tip", "Heads of Specialist Anti-Trafficking Units") in complete_term(None, "hsu")  # type: ignore[arg-type]


def test_markup_in_data_is_printed_literally_by_every_command() -> None:
    markup = str(FIXTURES / "markup")
    for args in (
        ["expand", "[B]"],
        ["show", "markup-body"],
        ["list"],
        ["tree", "markup-body"],
        ["search", "bold"],
    ):
        for extra in ([], ["--color", "always"]):
            result = invoke(*args, "--data-dir", markup, *extra)
            assert result.exit_code == 0, (args, extra, result.output)
            assert "[bold]Bold[/bold] Body [/x]" in result.stdout, (args, extra)


@pytest.mark.parametrize("command", [["show", "SOMTX"], ["expand", "SOMTX"], ["tree", "SOMTX"]])
def test_messages_follow_the_color_option(command: list[str]) -> None:
    always = invoke(*command, "--color", "always")
    assert always.exit_code == EXIT_NOT_FOUND
    assert always.stderr.startswith("\x1b[1;31merror:\x1b[0m unknown term 'SOMTX'")
    assert "\x1b[33mhint:\x1b[0m did you mean SOMTC?" in always.stderr
    never = invoke(*command, "--color", "never", env={"FORCE_COLOR": "1"})
    assert never.stderr.startswith("error: unknown term 'SOMTX'") and "\x1b[" not in never.stderr
    # The preference lasts one invocation: the next one, with no option, is plain in a pipe.
    assert "\x1b[" not in invoke(*command).stderr


@pytest.mark.parametrize(("variable", "value"), [("NO_COLOR", "1"), ("TERM", "dumb")])
def test_color_always_outranks_the_environment(variable: str, value: str) -> None:
    result = invoke("tree", "AMMTC", "--color", "always", env={variable: value})
    assert result.exit_code == 0 and "\x1b[" in result.stdout


def test_an_unknown_term_hint_can_be_pasted_into_a_shell() -> None:
    result = invoke("show", "the women's commission")
    assert result.exit_code == EXIT_NOT_FOUND
    assert result.stderr.splitlines()[-1] == (
        "hint: try `aseanct search 'the women'\"'\"'s commission'`"
    )
    escaped = invoke("show", "zz\x1b[31mzz")
    assert escaped.stderr == "error: unknown term 'zz\\x1b[31mzz'\n"  # escaped; no search finds it


def test_bare_aseanct_prints_help_and_no_stray_line() -> None:
    result = invoke()
    assert result.exit_code == EXIT_USAGE
    assert "Usage: aseanct [OPTIONS] COMMAND [ARGS]..." in result.stdout
    assert result.stderr == ""


# --- the JSON shapes docs/scripting.md promises -------------------------------------------------


def readme_shapes() -> dict[str, str]:
    """The table of JSON shapes in docs/scripting.md: command -> its description cell."""
    text = (FIXTURES.parent.parent / "docs" / "scripting.md").read_text(encoding="utf-8")
    table = text.split("The JSON shapes (keys in order", 1)[1].split("\n\n", 2)[1]
    rows = re.findall(r"^\| `(\w+)` \| (.+) \|$", table, re.MULTILINE)
    return dict(rows)


def braced_keys(cell: str) -> list[str]:
    """The keys of the first `{...}` in a README cell, in order."""
    inner = re.search(r"`\{([^`]*)\}`", cell)
    assert inner is not None, cell
    return [k.strip().split(":")[0] for k in re.sub(r"\{[^}]*\}", "", inner.group(1)).split(",")]


SHAPED = {
    "expand": ["expand", "SOMTC"],
    "tree": ["tree", "AMMTC"],
    "timeline": ["timeline"],
    "glossary": COMMANDS["glossary"],
    "info": ["info"],
    "validate": ["validate"],
    "cite": ["cite", "somtc"],
}


def test_the_readme_lists_every_command_s_json_shape() -> None:
    assert set(readme_shapes()) == set(COMMANDS)


@pytest.mark.parametrize("command", list(SHAPED))
def test_json_keys_are_in_the_order_the_readme_promises(command: str) -> None:
    promised = braced_keys(readme_shapes()[command])
    document = json.loads(invoke(*SHAPED[command], "-f", "json").stdout)
    for item in document if isinstance(document, list) else [document]:
        assert [k for k in item if k != "more"] == promised


def test_show_search_and_list_keys_are_in_the_order_the_readme_promises() -> None:
    shapes = readme_shapes()
    common = [k.strip() for k in re.search(r"\(`([^`]*)`", shapes["show"]).group(1).split(",")]
    derived = [k.strip() for k in re.search(r"then `([^`]*)`", shapes["show"]).group(1).split(",")]
    body = list(json.loads(invoke("show", "somtc", "-f", "json").stdout))
    assert body[: len(common)] == common
    assert body[-len(derived) :] == derived
    programme = list(json.loads(invoke("show", "asean-act", "-f", "json").stdout))
    assert programme[: len(common)] == common
    with_successors = [*derived[:2], "successors", "governance", *derived[2:]]
    assert programme[-len(with_successors) :] == with_successors
    found = json.loads(invoke("search", "SOMTC", "-f", "json").stdout)
    assert len(found) > 1
    listed = {r["id"]: list(r) for r in json.loads(invoke("list", "-f", "json").stdout)}
    for hit in found:
        keys = list(hit)
        assert keys[-2:] == ["rank", "matched"]
        assert keys[:-2] == listed[hit["id"]]
        assert keys[: len(common)] == common and not set(keys) & set(derived)


# --- links carry names; fields; batch show; parties ----------------------------------------


def link_objects(value: object) -> list[dict[str, object]]:
    """Every link object (a mapping with id and relation) anywhere in a JSON value."""
    found: list[dict[str, object]] = []
    if isinstance(value, dict):
        if "id" in value and "relation" in value:
            found.append(value)
        for inner in value.values():
            found += link_objects(inner)
    elif isinstance(value, list):
        for inner in value:
            found += link_objects(inner)
    return found


@pytest.mark.parametrize("term", ["asean-act", "somtc", "cambodia", "actip", "aip"])
def test_every_json_link_carries_a_relation_and_a_name(term: str) -> None:
    record = json.loads(invoke("show", term, "-f", "json").stdout)
    links = link_objects({k: v for k, v in record.items() if k != "cited_sources"})
    assert links
    for link in links:
        assert link["relation"], link
        assert set(link) >= {"id", "relation", "acronym", "name", "type"}, link
        assert link["name"], link


def test_governance_names_come_with_the_record() -> None:
    record = json.loads(invoke("show", "ASEAN-ACT", "-f", "json").stdout)
    governing = [c for c in record["children"] if c["relation"] == "governs"]
    assert [c["name"] for c in governing] == [
        "Regional Program Steering Committee",
        "National Program Steering Committee",
    ]
    assert [i["name"] for i in record["implementers"]] == ["DT Global", "Cardno"]


def test_fields_choose_and_order_columns_and_keys() -> None:
    out = invoke(
        "list", "programmes", "-f", "csv", "--fields", "acronym,start,end,budget,implementers"
    ).stdout
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["acronym", "start_date", "end_date", "budget", "implementers"]
    act = next(r for r in rows if r[0] == "ASEAN-ACT")
    assert act[1:4] == ["2018", "2028", "$A80 million"]
    assert "DT Global" in act[4]
    records = json.loads(invoke("list", "programmes", "-f", "json", "--fields", "id,end").stdout)
    assert list(records[0]) == ["id", "end_date"]


def test_an_unknown_field_is_a_usage_error_that_lists_the_valid_ones() -> None:
    result = invoke("list", "--fields", "acronym,nope")
    assert result.exit_code == EXIT_USAGE
    assert result.stdout == ""
    assert result.stderr.startswith("error: unknown field 'nope' for list")
    assert "hint: valid fields: id, acronym, name, type" in result.stderr


@pytest.mark.parametrize("command", ["list", "search", "show", "tree", "timeline", "parties"])
def test_fields_question_mark_lists_the_fields(command: str) -> None:
    result = invoke(*COMMANDS[command], "--fields", "?")
    assert result.exit_code == 0, result.output
    names = result.stdout.splitlines()
    assert names[0] == "id" or names[0] == "instrument" or names[0] == "acronym"
    assert len(names) == len(set(names)) > 3


def test_fields_in_text_make_a_table_for_listings_and_are_refused_for_sheets() -> None:
    out = invoke("list", "programmes", "--fields", "acronym,start").stdout
    assert out.splitlines()[0] == "ARCPPT     2003"
    refused = invoke("show", "somtc", "--fields", "id")
    assert refused.exit_code == EXIT_USAGE
    assert "not of its text" in refused.stderr


def test_show_dash_streams_one_record_per_line() -> None:
    result = invoke("show", "-", "-f", "jsonl", input="somtc\nammtc\n")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["somtc", "ammtc"]


def test_show_dash_reports_unknown_terms_with_their_line_and_exits_1() -> None:
    result = invoke("show", "-", "-f", "csv", input="somtc\nnope-nope\n\nHSU\nammtc\n")
    assert result.exit_code == EXIT_NOT_FOUND
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert [r[0] for r in rows] == ["id", "somtc", "ammtc"]
    assert "error: unknown term 'nope-nope' (stdin line 2)\n" in result.stderr
    assert "error: 'HSU' names 2 records; give one of these ids (stdin line 4)\n" in result.stderr


def test_show_dash_text_and_json() -> None:
    text = invoke("show", "-", input="somtc\nammtc\n").stdout
    assert text.startswith("SOMTC: Senior Officials Meeting on Transnational Crime\n")
    assert "\n\nAMMTC: ASEAN Ministerial Meeting on Transnational Crime\n" in text
    records = json.loads(invoke("show", "-", "-f", "json", input="somtc\n").stdout)
    assert isinstance(records, list) and records[0]["id"] == "somtc"


def test_parties_prints_every_member_state() -> None:
    out = invoke("parties", "ACTIP", "-f", "csv", "--fields", "name,status").stdout
    rows = list(csv.reader(io.StringIO(out)))
    names = [r[0] for r in rows[1:]]
    assert len(names) == 11 and "Timor-Leste" in names and "Cambodia" in names


def test_parties_of_a_record_without_parties_is_not_found() -> None:
    result = invoke("parties", "SOMTC")
    assert result.exit_code == EXIT_NOT_FOUND
    assert result.stderr.startswith("error: SOMTC has no table of parties\nhint: instruments with")


def test_list_bodies_by_country() -> None:
    out = invoke("list", "bodies", "--country", "Cambodia", "--fields", "id").stdout
    assert "ncct" in out.split() and "somtc" not in out.split()


@pytest.mark.parametrize(("option", "value"), [("--pillar", "XYZ"), ("--country", "Atlantis")])
def test_a_bad_filter_value_is_a_usage_error_listing_valid_ones(option: str, value: str) -> None:
    result = invoke("list", "bodies", option, value)
    assert result.exit_code == EXIT_USAGE
    assert result.stderr.startswith(f"error: {option}: '{value}' is not one of them")
    assert "hint: valid: " in result.stderr


def test_an_empty_data_dir_option_is_a_usage_error() -> None:
    result = invoke("list", "--data-dir", "")
    assert result.exit_code == EXIT_USAGE
    assert "--data-dir is empty" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--fields"],
        ["list", "--fields", "--format", "csv"],
        ["list", "--fields=?"],
    ],
)
def test_fields_without_a_value_lists_the_fields(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:3] == ["id", "acronym", "name"]


# --- typos and words ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["list", "programs"], "COLLECTION: 'programs' is not one of bodies, programmes, terms, "
         "events, countries, laws, posts, assessments, documents, cases, sources (did you mean programmes?)"),
        (["list", "program"], "COLLECTION: 'program' is not one of bodies, programmes, terms, "
         "events, countries, laws, posts, assessments, documents, cases, sources (did you mean programmes?)"),
        (["list", "body"], "COLLECTION: 'body' is not one of bodies, programmes, terms, "
         "events, countries, laws, posts, assessments, documents, cases, sources (did you mean bodies?)"),
        (["search", "ARF", "--type", "country"], "--type: 'country' is not one of bodies, "
         "programmes, terms, events, countries, laws, posts, assessments, documents, cases, sources (did you mean countries?)"),
        (["timeline", "milestones"], "WHICH: 'milestones' is not one of programmes, events, all "
         "(did you mean events?)"),
        (["tree", "-f", "dott"], "--format: 'dott' is not one of text, json, jsonl, csv, tsv, "
         "dot, mermaid, svg (did you mean dot?)"),
        (["glossary", "-f", "md"], "--format: 'md' is not one of text, json, jsonl, csv, tsv, "
         "markdown (did you mean markdown?)"),
        (["list", "--color", "nevr"], "--color: 'nevr' is not one of auto, always, never "
         "(did you mean never?)"),
    ],
)  # fmt: skip
def test_a_choice_typo_gets_did_you_mean_and_exit_2(argv: list[str], message: str) -> None:
    result = invoke(*argv, input="")
    assert result.exit_code == EXIT_USAGE
    assert result.stdout == ""
    assert result.stderr == f"error: {message}\nhint: try 'aseanct {argv[0]} --help' for help\n"


def test_choices_take_any_case() -> None:
    assert invoke("list", "PROGRAMMES", "-f", "CSV", "--fields", "id").stdout.startswith(
        "id\narcppt\n"
    )


def test_search_takes_several_words_without_quotes() -> None:
    quoted = invoke("search", "senior officials meeting on transnational crime")
    unquoted = invoke("search", "senior", "officials", "meeting", "on", "transnational", "crime")
    assert unquoted.exit_code == 0 and unquoted.stdout == quoted.stdout
    assert unquoted.stdout.splitlines()[0].startswith("somtc ")


def test_search_tolerates_typos_and_says_so() -> None:
    result = invoke("search", "people", "smugling", "-f", "csv", "--fields", "id,rank")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:3] == [
        "id,rank",
        "people-smuggling,0",  # its id, without the hyphen
        "hsu-people-smuggling,2",
    ]
    assert result.stderr == (
        "hint: nothing matches 'people smugling'; showing matches for 'people smuggling' instead\n"
    )


def test_search_ranks_exact_acronyms_and_names_first() -> None:
    rows = invoke("search", "HSU", "-f", "csv", "--fields", "id,rank,matched").stdout
    assert rows.splitlines()[1:3] == ["hsu-tip,0,acronym", "hsu-people-smuggling,0,acronym"]
    rows = invoke("search", "ASEAN", "Australia", "Counter", "Trafficking", "-f", "csv",
                  "--fields", "id,rank,matched").stdout  # fmt: skip
    assert rows.splitlines()[1] == "asean-act,1,name"


def search_ids(*args: str) -> list[str]:
    result = invoke("search", *args, "-f", "tsv", "--fields", "id", "--no-headers")
    assert result.exit_code == 0, result.stderr
    return result.stdout.splitlines()


def test_search_puts_the_shortest_match_first_at_equal_rank() -> None:
    """The query is more of a short name: the term and the instruments before the 110 TIP
    Report ratings whose names only mention trafficking, and the law whose number is the
    query before the records that cite that number in a longer text."""
    first = search_ids("trafficking", "--limit", "5")
    assert first[:2] == ["tip", "trafficking-protocol"]
    assert not [i for i in first if i.startswith("tip-20")]
    assert search_ids("Act", "670", "--limit", "1") == ["my-act-670"]
    assert search_ids("Philippines", "--limit", "2") == ["philippines", "supreme-court-philippines"]


@pytest.fixture
def ties(tmp_path: Path) -> str:
    """The mini data with two programmes in a file that sorts before bodies.yaml."""
    for name in ("bodies.yaml", "sources.yaml"):
        (tmp_path / name).write_text((FIXTURES / "mini" / name).read_text())
    (tmp_path / "a-programmes.yaml").write_text(
        "programmes:\n"
        "  - {id: delta, name: Delta Programme, kind: programme, sources: [src-one],\n"
        "     description: Work on gamma for the Top Meeting and for its middle officials}\n"
        "  - {id: gamma, name: Unit on Gamma, kind: programme, sources: [src-one],\n"
        "     description: Run with the Top Meeting}\n"
    )
    return str(tmp_path)


def test_search_at_equal_rank_and_length_goes_by_collection_then_file_order(ties: str) -> None:
    """`Unit on Beta` is shortest; `Unit on Alpha` (a body) and `Unit on Gamma` (a programme,
    earlier in file order) are as long: bodies come first, as `list --help` names them."""
    assert search_ids("unit", "on", "--data-dir", ties) == ["leaf-b", "leaf-a", "gamma"]


def test_search_of_words_apart_puts_the_shortest_record_first(ties: str) -> None:
    """Every word somewhere (rank 4): the record whose texts are shortest in all."""
    assert search_ids("gamma", "top", "--data-dir", ties) == ["gamma", "delta"]


@pytest.mark.parametrize(
    ("term", "record"),
    [
        ("ASEAN Australia Counter Trafficking", "asean-act"),
        ("the ASEAN Regional Forum", "arf"),
        ("asean act", "asean-act"),
        ("Lao Peoples Democratic Republic", "lao-pdr"),
        ("Brunei", "brunei-darussalam"),
        ("Laos", "lao-pdr"),
        ("Vietnam", "viet-nam"),
        ("Burma", "myanmar"),
    ],
)
def test_names_resolve_without_hyphens_punctuation_or_the(term: str, record: str) -> None:
    shown = json.loads(invoke("show", term, "-f", "json").stdout)
    assert shown["id"] == record
    expanded = json.loads(invoke("expand", term, "-f", "json").stdout)
    assert [e["id"] for e in expanded] == [record]


def test_show_wg_tip_suggests_what_works() -> None:
    result = invoke("show", "wg-tip")
    assert result.exit_code == EXIT_NOT_FOUND
    assert result.stderr == "error: unknown term 'wg-tip'\nhint: did you mean WG on TIP?\n"
    assert invoke("show", "WG on TIP").exit_code == 0


unknown_terms = st.one_of(
    st.sampled_from(
        [
            "wg-tip",
            "transnational crime",
            "zzzz",
            "smugling",
            "Bali Process",
            "trafficking",
            "people smuggling unit",
            "ASEAN plan",
            "the women's commission",
            "AMMTCX",
            "x y z",
        ]
    ),
    st.text(alphabet="abcdeimnorstu -", min_size=1, max_size=14),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(term=unknown_terms)
def test_a_hint_never_points_at_a_search_that_finds_nothing(term: str) -> None:
    """A suggested search finds something; a suggested term names something."""
    import shlex

    from aseanct.store import Store

    resolver = Store().resolver()
    for command in ("show", "expand"):
        result = invoke(command, term)
        for line in result.stderr.splitlines():
            if line.startswith("hint: try `aseanct search "):
                words = shlex.split(line.split("`")[1])[2:]
                assert invoke("search", *words).exit_code == 0, (command, term, line)
            elif line.startswith("hint: did you mean "):
                offered = resolver.suggest(term)  # one resolver: show and expand agree
                assert line == f"hint: did you mean {', '.join(offered)}?"
                for form in offered:
                    assert resolver.resolve(form), (command, term, form)


def test_info_counts_every_kind_of_record() -> None:
    document = json.loads(
        invoke("info", "-f", "json", "--data-dir", str(FIXTURES / "sample")).stdout
    )
    assert list(document["counts"]) == [
        "body", "programme", "term", "event", "country", "law", "post", "assessment",
        "document", "case", "source",
    ]  # fmt: skip
    assert document["counts"]["law"] == 2 and document["counts"]["assessment"] == 2
    assert document["total"] == 34 + document["counts"]["source"]
