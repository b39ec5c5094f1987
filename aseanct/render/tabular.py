"""Rows of flat records as JSON, JSON lines, CSV and TSV: the machine formats (stdlib only)."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from typing import Any


def json_document(value: Any) -> str:
    """A JSON document: UTF-8 text (no \\u escapes), two-space indent, trailing newline."""
    import json  # here, not at the top: the fast path renders text without it

    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def json_item(value: Any, *, first: bool) -> str:
    """One element of a JSON array being streamed, laid out exactly as json_document would."""
    import json  # here, not at the top: the fast path renders text without it

    body = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n  ")
    return ("[\n  " if first else ",\n  ") + body


def json_end(any_items: bool) -> str:
    """The end of a streamed JSON array."""
    return "\n]\n" if any_items else "[]\n"


def jsonl_line(value: Any) -> str:
    """One JSON lines record."""
    import json  # here, not at the top: the fast path renders text without it

    return json.dumps(value, ensure_ascii=False) + "\n"


def cell(value: Any) -> str:
    """A value as a table cell: lists joined with '; ', null as empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(cell(v) for v in value)
    return str(value)


def tsv_row(values: Iterable[Any]) -> str:
    """One TSV line; tabs and line breaks inside a value become spaces (TSV cannot hold them)."""
    return (
        "\t".join(
            " ".join(cell(v).split("\n")).replace("\t", " ").replace("\r", " ") for v in values
        )
        + "\n"
    )


def csv_row(values: Iterable[Any]) -> str:
    """One CSV line (RFC 4180 quoting, \\n line ends)."""
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([cell(v) for v in values])
    return buffer.getvalue()


def row_writer(fmt: str) -> Callable[[Iterable[Any]], str]:
    """The writer of one csv or tsv row; ValueError for any other format."""
    if fmt == "csv":
        return csv_row
    if fmt == "tsv":
        return tsv_row
    raise ValueError(f"not a row format: {fmt!r}")


def rows(
    records: Sequence[Mapping[str, Any]], fields: Sequence[str], fmt: str, *, headers: bool = True
) -> str:
    """Records as a whole document in one of json, jsonl, csv, tsv."""
    if fmt == "json":
        return json_document([dict(r) for r in records])
    if fmt == "jsonl":
        return "".join(jsonl_line(dict(r)) for r in records)
    row = row_writer(fmt)
    head = row(fields) if headers else ""
    return head + "".join(row(r.get(f) for f in fields) for r in records)
