"""A document's glossary in every format, including a Markdown table to paste into a report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aseanct.formats import Format
from aseanct.lean.index import E_ID, E_KIND, E_NAME, E_SCOPE, Entry
from aseanct.lean.writing import GlossaryEntry
from aseanct.render.output import View
from aseanct.render.tabular import plain_table

FIELDS = ("acronym", "name", "id", "kind", "count", "line")
"""Keys of each glossary record and columns of CSV/TSV: one record per meaning."""


@dataclass(frozen=True, slots=True, eq=False)
class Meaning:
    """One meaning of an acronym a text uses: a row of the glossary."""

    entry: GlossaryEntry
    meaning: Entry


def meanings(entries: Sequence[GlossaryEntry]) -> list[Meaning]:
    """One row per meaning, in order of first use."""
    return [Meaning(entry, meaning) for entry in entries for meaning in entry.meanings]


def record(item: Meaning) -> dict[str, Any]:
    """A glossary row."""
    return {
        "acronym": item.entry.form,
        "name": item.meaning[E_NAME],
        "id": item.meaning[E_ID],
        "kind": item.meaning[E_KIND],
        "count": item.entry.count,
        "line": item.entry.line,
    }


def _name(entry: GlossaryEntry, meaning: Entry) -> str:
    if len(entry.meanings) > 1:
        return f"{meaning[E_NAME]} ({meaning[E_ID]}, {meaning[E_SCOPE]})"
    return str(meaning[E_NAME])


def render_text(items: Sequence[Meaning]) -> str:
    """Acronym and full name in aligned columns; an ambiguous acronym has a line per meaning."""
    return plain_table([[i.entry.form, _name(i.entry, i.meaning)] for i in items])


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def render_markdown(items: Sequence[Meaning]) -> str:
    """A Markdown table: | Acronym | Full name |."""
    lines = ["| Acronym | Full name |", "| --- | --- |"]
    lines += [f"| {_cell(i.entry.form)} | {_cell(_name(i.entry, i.meaning))} |" for i in items]
    return "\n".join(lines) + "\n"


def glossary_view() -> View[Meaning]:
    """`glossary`: acronym and meaning, a row per meaning; a Markdown table to paste."""
    return View(
        name="glossary",
        fields=FIELDS,
        columns=FIELDS,
        row=record,
        text=render_text,
        drawings={Format.markdown: render_markdown},
    )
