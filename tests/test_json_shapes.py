"""The JSON shapes as scripts read them: jq's shorthand works on every key, a row's dates and
sums are values, and a row's sources are those of what it shows."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import FIXTURES, invoke

# jq 1.6's keywords: `{end}` or `.label` is a syntax error there (jq 1.7 relaxed it).
JQ_KEYWORDS = {"__loc__", "and", "as", "catch", "def", "elif", "else", "end", "foreach", "if"}
JQ_KEYWORDS |= {"import", "include", "label", "not", "or", "reduce", "then", "try"}
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
SAMPLE = str(FIXTURES / "sample")


def _keys(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key, f"{path}.{key}"
            yield from _keys(inner, f"{path}.{key}")
    elif isinstance(value, list):
        for inner in value:
            yield from _keys(inner, f"{path}[]")


def _json(*args: str) -> Any:
    result = invoke(*args, "-f", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _every_shape() -> Iterator[tuple[str, Any]]:
    """The JSON of every command that writes JSON, over the whole shipped data."""
    rows = _json("list")
    yield "list", rows
    ids = "\n".join(r["id"] for r in rows) + "\n"
    shown = invoke("show", "-", "-f", "jsonl", input=ids)
    assert shown.exit_code == 0, shown.output
    yield "show", [json.loads(line) for line in shown.stdout.splitlines()]
    yield "list sources", _json("list", "sources")
    yield "search", _json("search", "trafficking")
    for instrument in ("untoc", "trafficking-protocol", "smuggling-protocol", "actip"):
        yield f"parties {instrument}", _json("parties", instrument, "--as-of", "2020")
    yield "tree", _json("tree")
    yield "timeline", _json("timeline", "programmes", "--as-of", "2020")
    yield "expand", _json("expand", "SOMTC", "ACT")
    yield "cite", _json("cite", "ASEAN-ACT")
    yield "info", _json("info")
    yield "validate", _json("validate")
    glossary = invoke("glossary", "-", "-f", "json", input="SOMTC and AMMTC meet.\n")
    yield "glossary", json.loads(glossary.stdout)


def test_every_key_of_every_shape_works_in_jq_shorthand() -> None:
    bad = {
        f"{name}: {path}"
        for name, shape in _every_shape()
        for key, path in _keys(shape)
        if key in JQ_KEYWORDS or not IDENTIFIER.match(key)
    }
    assert sorted(bad) == []


@pytest.mark.parametrize(
    "command", [("list",), ("list", "laws"), ("search", "programme"), ("show", "p1")]
)
def test_dates_years_and_sums_in_a_record_row_are_values(command: tuple[str, ...]) -> None:
    rows = _json(*command, "--data-dir", SAMPLE)
    rows = rows if isinstance(rows, list) else [rows]
    flat = re.compile(
        r"(.*_date|.*_year|.*_amount|.*_currency|established|published|budget|rating|number"
        r"|depositary|legal_basis|chair|publisher|court|outcome)\Z"
    )
    objects = {
        f"{row['id']}.{key}"
        for row in rows
        for key, value in row.items()
        if flat.match(key) and isinstance(value, (dict, list))
    }
    assert sorted(objects) == []
    assert any(row.get("sourced") for row in rows)


def test_the_whole_statement_of_a_flat_value_is_under_sourced() -> None:
    record = _json("show", "p3", "--data-dir", SAMPLE)
    assert (record["start_date"], record["budget_amount"], record["budget_currency"]) == (
        "2018",
        80000000,
        "DLT",
    )
    assert record["sourced"]["start_date"]["date"] == "2018"
    assert record["sourced"]["budget"]["amount"] == 80000000
    assert record["sourced"]["budget"]["sources"]
    assert {"start_date", "budget"} <= set(record["sourced"])
    rating = _json("list", "assessments", "--data-dir", SAMPLE)[0]
    assert (rating["rating"], rating["sourced"]["rating"]["sources"]) == ("Tier 2", ["src-news"])


def test_a_row_carries_the_sources_of_what_it_shows() -> None:
    def rows(fmt: str, fields: str) -> dict[str, dict[str, Any]]:
        args = ("list", "programmes", "-f", fmt, "--data-dir", SAMPLE, "--fields", fields)
        out = invoke(*args).stdout
        found = csv.DictReader(io.StringIO(out)) if fmt == "csv" else json.loads(out)
        return {row["id"]: row for row in found}

    # p1 states its budget by a source (src-news) that is not among its own
    assert rows("csv", "id,sources")["p1"]["sources"] == "src-factsheet"
    assert rows("csv", "id,budget,sources")["p1"]["sources"] == "src-factsheet; src-news"
    assert rows("json", "id,budget_amount,sources")["p1"]["sources"] == [
        "src-factsheet",
        "src-news",
    ]
    assert rows("csv", "id,budget_sources,start_date_sources")["p1"] == {
        "id": "p1",
        "budget_sources": "src-news",
        "start_date_sources": "src-factsheet",
    }
    assert rows("csv", "id,sources")["p2"]["sources"] == "src-charter"
    whole = {r["id"]: r for r in _json("list", "programmes", "--data-dir", SAMPLE)}
    assert whole["p1"]["sources"] == ["src-factsheet"]  # without --fields: the record's own
    assert whole["p1"]["sourced"]["budget"]["sources"] == ["src-news"]


@pytest.mark.subprocess
@pytest.mark.skipif(shutil.which("jq") is None, reason="jq is not installed")
def test_jq_reads_the_shapes_with_shorthand_and_tsv() -> None:
    def run(args: list[str], program: str) -> str:
        aseanct = subprocess.run(
            [sys.executable, "-m", "aseanct", *args, "--data-dir", SAMPLE, "-f", "json"],
            capture_output=True,
            check=True,
        )
        return subprocess.run(
            ["jq", "-r", program], input=aseanct.stdout, capture_output=True, check=True
        ).stdout.decode()

    listed = run(["list", "programmes"], ".[] | [.id, .start_date, .budget_amount] | @tsv")
    assert "p3\t2018\t80000000\n" in listed
    topics = run(["show", "p3"], '.statements[] | {number, topic} | "\\(.number) \\(.topic)"')
    assert "1 type\n" in topics
