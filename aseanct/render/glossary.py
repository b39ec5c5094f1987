"""A document's glossary in every format, including a Markdown table to paste."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aseanct.formats import Format
from aseanct.lean.resolver import E_ID, E_KIND, E_NAME, E_SCOPE, Entry
from aseanct.lean.tabular import plain_table
from aseanct.lean.writing import GlossaryEntry
from aseanct.render.output import View

FIELDS = ("acronym", "name", "id", "kind", "count", "line", "defined_by", "other_meanings")
"""Keys of each glossary record and columns of CSV/TSV: one record per meaning."""


@dataclass(frozen=True, slots=True, eq=False)
class Meaning:
    """One meaning of an acronym a text uses; `meaning` is None for the author's own."""

    entry: GlossaryEntry
    meaning: Entry | None


def meanings(entries: Sequence[GlossaryEntry]) -> list[Meaning]:
    """One row per meaning, in order of first use; one for an acronym the text defines."""
    rows = []
    for entry in entries:
        if entry.definition:
            rows.append(Meaning(entry, None))
        else:
            rows += [Meaning(entry, meaning) for meaning in entry.meanings]
    return rows


def record(item: Meaning) -> dict[str, Any]:
    meaning = item.meaning
    return {
        "acronym": item.entry.form,
        "name": item.entry.definition if meaning is None else meaning[E_NAME],
        "id": None if meaning is None else meaning[E_ID],
        "kind": None if meaning is None else meaning[E_KIND],
        "count": item.entry.count,
        "line": item.entry.line,
        "defined_by": "author" if meaning is None else "data",
        "other_meanings": list(item.entry.other_meanings),
    }


def _name(item: Meaning) -> str:
    entry, meaning = item.entry, item.meaning
    if meaning is None:
        return entry.definition
    if len(entry.meanings) > 1:
        return f"{meaning[E_NAME]} ({meaning[E_ID]}, {meaning[E_SCOPE]})"
    return str(meaning[E_NAME])


def _flagged(item: Meaning) -> str:
    """The name with what a writer should know: the author's definition, other meanings."""
    if item.meaning is None:
        return f"{_name(item)} (defined by the author)"
    others = item.entry.other_meanings
    return f"{_name(item)} (also: {'; '.join(others)})" if others else _name(item)


def render_text(items: Sequence[Meaning]) -> str:
    """Acronym and full name in aligned columns, a line per meaning."""
    return plain_table([[i.entry.form, _flagged(i)] for i in items])


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def render_markdown(items: Sequence[Meaning]) -> str:
    """A Markdown table to paste into the text: | Acronym | Full name |."""
    lines = ["| Acronym | Full name |", "| --- | --- |"]
    lines += [f"| {_cell(i.entry.form)} | {_cell(_name(i))} |" for i in items]
    return "\n".join(lines) + "\n"


def glossary_view() -> View[Meaning]:
    """`glossary`: acronym and meaning, a row per meaning; a Markdown table to paste."""
    return View(
        name="glossary",
        all_fields=FIELDS,
        row=record,
        text=render_text,
        drawings={Format.markdown: render_markdown},
    )
