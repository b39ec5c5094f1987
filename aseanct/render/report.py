"""`info`, `validate` and `sources check`: reports on aseanct, its data and its sources."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aseanct.lean import tabular
from aseanct.render.output import View

PROBLEM_FIELDS = ("file", "line", "path", "message")
"""Columns of `validate` problems in CSV and TSV."""


def info_pairs(document: dict[str, Any]) -> list[dict[str, Any]]:
    """The `info` document as key/value rows (csv, tsv)."""
    cache, counts = document["cache"], document["counts"]
    flat = {
        **{key: document[key] for key in ("version", "data_dir", "data_dir_from")},
        **{"cache_path": cache["path"], "cache_state": cache["state"]},
        **{f"count_{name}": number for name, number in counts.items()},
    }
    return [{"key": key, "value": value} for key, value in flat.items()]


def info_text(document: dict[str, Any]) -> str:
    counts: dict[str, int] = document["counts"]
    lines = [
        f"aseanct {document['version']} (data schema {document['schema_version']})",
        f"data dir:  {document['data_dir']} ({document['data_dir_from']})",
        f"cache:     {document['cache']['path'] or '-'} ({document['cache']['state']})",
        f"records:   {document['total']}",
    ]
    width = max(map(len, counts), default=0)
    lines += [f"  {name:<{width}} {number}" for name, number in counts.items()]
    return "".join(line + "\n" for line in lines)


def _document_view(
    name: str, fields: tuple[str, ...], document: Any, text: Callable[[], str]
) -> View[Any]:
    """One document in json and jsonl, and in text; its rows (`fields`) in csv and tsv."""
    return View(
        name=name,
        all_fields=fields,
        row=lambda row: row,
        text=lambda rows: text(),
        document=lambda rows, chosen: document,
        whole_jsonl=True,
    )


def info_view(document: dict[str, Any]) -> View[dict[str, Any]]:
    """`info`: one document; key/value rows in csv and tsv."""
    return _document_view("info", ("key", "value"), document, lambda: info_text(document))


def validation_view(report: dict[str, Any]) -> View[dict[str, Any]]:
    """`validate`: the report as one document, its problems as rows; text says only `ok:`."""

    def text() -> str:
        files = len(report["files"])
        ok = f"ok: {report['records']} records in {files} files in {report['data_dir']}\n"
        return ok if report["valid"] else ""

    return _document_view("validate", PROBLEM_FIELDS, report, text)


def check_line(row: dict[str, Any]) -> list[str]:
    """A source's check as text cells: status, id, what was found."""
    found = row["url"]
    if row["status"] == "moved":
        found += f" -> {row['final_url']} ({', '.join(map(str, row['redirects']))})"
    elif row["status"] == "gone":
        found += f": {row['reason']}"
    elif row["status"] == "changed":
        found += f": modified {row['last_modified']}, read {row['accessed']}"
    if row["archived"]:
        found += f"; archived copy: {row['archived']}"
    return [row["status"], row["id"], found]


def check_view() -> View[dict[str, Any]]:
    """`sources check`: a row per source (aseanct.linkcheck.row)."""
    from aseanct.linkcheck import FIELDS

    return View(
        name="sources check",
        all_fields=FIELDS,
        row=lambda row: row,
        text=lambda rows: tabular.plain_table([check_line(row) for row in rows]),
    )
