"""`info` and `validate`: what aseanct knows about itself and about a data directory."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from aseanct.render import tabular

if TYPE_CHECKING:
    from aseanct.models import RecordType

INFO_COUNTED: tuple[RecordType, ...] = ("body", "programme", "term", "event", "country", "source")
"""The record types `info` counts, in the order it lists them."""

PROBLEM_FIELDS = ("file", "line", "path", "message")
"""Columns of `validate` problems in CSV and TSV."""


def render_info(document: dict[str, Any], fmt: str, *, headers: bool = True) -> str:
    """The `info` document in any format: text lines, JSON, or key/value rows."""
    if fmt == "json":
        return tabular.json_document(document)
    if fmt == "jsonl":
        return tabular.jsonl_line(document)
    counts: dict[str, int] = document["counts"]
    location = document["cache"]["path"]
    state = document["cache"]["state"]
    if fmt == "text":
        lines = [
            f"aseanct {document['version']} (data schema {document['schema_version']})",
            f"data dir:  {document['data_dir']} ({document['data_dir_from']})",
            f"cache:     {location or '-'} ({state})",
            f"records:   {document['total']}",
        ]
        lines += [f"  {name:<10} {number}" for name, number in counts.items()]
        return "".join(line + "\n" for line in lines)
    flat: list[dict[str, Any]] = [
        {"key": "version", "value": document["version"]},
        {"key": "data_dir", "value": document["data_dir"]},
        {"key": "data_dir_from", "value": document["data_dir_from"]},
        {"key": "cache_path", "value": location},
        {"key": "cache_state", "value": state},
    ]
    flat += [{"key": f"count_{k}", "value": v} for k, v in counts.items()]
    return tabular.rows(flat, ("key", "value"), fmt, headers=headers)


def render_validation(report: dict[str, Any], fmt: str, *, headers: bool = True) -> str:
    """The `validate` report as one JSON document (a line in jsonl), or its problems as rows.
    (In text, success is one `ok:` line and problems go to stderr as FILE:LINE: lines.)"""
    if fmt == "json":
        return tabular.json_document(report)
    if fmt == "jsonl":
        return tabular.jsonl_line(report)
    if fmt == "text":
        return (
            f"ok: {report['records']} records in {len(report['files'])} files "
            f"in {report['data_dir']}\n"
        )
    return tabular.rows(report["problems"], PROBLEM_FIELDS, fmt, headers=headers)
