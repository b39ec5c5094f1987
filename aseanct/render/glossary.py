"""A document's glossary in every format, including a Markdown table to paste into a report."""

from __future__ import annotations

from typing import Any

from aseanct.index import E_ID, E_KIND, E_NAME, E_SCOPE
from aseanct.render import tabular
from aseanct.render.records import plain_table
from aseanct.writing import GlossaryEntry

FIELDS = ("acronym", "name", "id", "kind", "count", "line")
"""Keys of each glossary record and columns of CSV/TSV: one record per meaning."""


def records(entries: list[GlossaryEntry]) -> list[dict[str, Any]]:
    """One record per meaning, in order of first use."""
    return [
        {
            "acronym": entry.form,
            "name": meaning[E_NAME],
            "id": meaning[E_ID],
            "kind": meaning[E_KIND],
            "count": entry.count,
            "line": entry.line,
        }
        for entry in entries
        for meaning in entry.meanings
    ]


def _name(entry: GlossaryEntry, meaning: Any) -> str:
    if len(entry.meanings) > 1:
        return f"{meaning[E_NAME]} ({meaning[E_ID]}, {meaning[E_SCOPE]})"
    return str(meaning[E_NAME])


def render_text(entries: list[GlossaryEntry]) -> str:
    """Acronym and full name in aligned columns; an ambiguous acronym has a line per meaning."""
    return plain_table([[e.form, _name(e, m)] for e in entries for m in e.meanings])


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def render_markdown(entries: list[GlossaryEntry]) -> str:
    """A Markdown table: | Acronym | Full name |."""
    lines = ["| Acronym | Full name |", "| --- | --- |"]
    lines += [f"| {_cell(e.form)} | {_cell(_name(e, m))} |" for e in entries for m in e.meanings]
    return "\n".join(lines) + "\n"


def render_rows(entries: list[GlossaryEntry], fmt: str, *, headers: bool = True) -> str:
    """The glossary as JSON, JSON lines, CSV or TSV."""
    return tabular.rows(records(entries), FIELDS, fmt, headers=headers)
