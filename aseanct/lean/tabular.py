"""Rows of flat records as JSON, JSON lines, CSV and TSV: the machine formats (stdlib only)."""

from __future__ import annotations

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence
    from typing import Any


def _json(value: Any, indent: int | None = 2) -> str:
    import json

    return json.dumps(value, ensure_ascii=False, indent=indent)


def json_document(value: Any) -> str:
    """A JSON document: two-space indent, trailing newline."""
    return _json(value) + "\n"


def json_item(value: Any, *, first: bool) -> str:
    """One element of a streamed JSON array, laid out exactly as json_document would."""
    return ("[\n  " if first else ",\n  ") + _json(value).replace("\n", "\n  ")


def json_end(any_items: bool) -> str:
    """The end of a streamed JSON array."""
    return "\n]\n" if any_items else "[]\n"


def jsonl_line(value: Any) -> str:
    """One JSON lines record."""
    return _json(value, None) + "\n"


def cell(value: Any) -> str:
    """A value as a table cell: lists joined with '; ', a link as `ACR (Name)`, a date or text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(c for c in (cell(v) for v in value) if c)
    if isinstance(value, dict):
        return _object_cell(value)
    return str(value)


def _object_cell(value: Mapping[str, Any]) -> str:
    if "id" in value and "name" in value:
        acronym = value.get("acronym")
        text = f"{acronym} ({value['name']})" if acronym else str(value["name"])
        qualifier = value.get("status") or value.get("role")
        return f"{text} ({qualifier})" if qualifier else text
    if "meaning" in value and "acronym" in value:
        return f"{value['acronym']}: {value['meaning']}"
    if "as_written" in value:
        return str(value["as_written"])
    if "date" in value:
        return str(value["date"] or "unknown")
    if "text" in value:
        return str(value["text"])
    if "measure" in value and "value" in value:
        return f"{value['measure']}: {value['value']}"
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def plain_table(rows: Sequence[Sequence[str]]) -> str:
    """Rows as aligned columns separated by two spaces; the last column is never padded."""
    if not rows:
        return ""
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    lines = []
    for values in rows:
        cells = [v.ljust(w) for v, w in zip(values, widths, strict=False)] + [values[-1]]
        lines.append("  ".join(cells).rstrip() + "\n")
    return "".join(lines)


def tsv_row(values: Iterable[Any]) -> str:
    """One TSV line; tabs and line breaks inside a value become spaces (TSV cannot hold them)."""
    cells = (cell(v).replace("\n", " ").replace("\t", " ").replace("\r", " ") for v in values)
    return "\t".join(cells) + "\n"


def csv_row(values: Iterable[Any]) -> str:
    """One CSV line (RFC 4180 quoting, \\n line ends)."""
    import csv
    import io

    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([cell(v) for v in values])
    return buffer.getvalue()


def row_writer(fmt: str) -> Callable[[Iterable[Any]], str]:
    """The writer of one csv or tsv row."""
    if fmt == "csv":
        return csv_row
    if fmt == "tsv":
        return tsv_row
    raise ValueError(f"not a row format: {fmt!r}")
