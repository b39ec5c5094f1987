"""`parties`: an instrument's table of states by dates (signed, ratified, deposited, in force).

A step the sources state without a date shows `unknown`; a step nobody recorded is empty (`-`
in text); a member of the instrument's `status_for` body with no record at all is listed as
`no record`, never guessed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aseanct.model import MILESTONES, Milestone, Registry
from aseanct.treaties import PartyRow
from aseanct.render.output import View
from aseanct.lean.tabular import plain_table

FIELDS = (
    "instrument",
    "id",
    "acronym",
    "name",
    "type",
    "status",
    *MILESTONES,
    "note",
    "sources",
)
"""Keys of each row (JSON) and columns (CSV/TSV): a step is {date, planned, note, sources} in
JSON (date empty when unknown) and its date, `unknown` or empty in CSV."""


LEGEND = "unknown: a source states the step but not its date; -: no source found for the step"
"""The line under a parties table that says what its blanks mean."""


def _step_json(step: Milestone | None) -> dict[str, Any] | None:
    if step is None:
        return None
    return {
        "date": step.date or None,
        "planned": step.planned,
        "note": step.note,
        "sources": list(step.sources),
    }


def record(row: PartyRow) -> dict[str, Any]:
    """A state's row: who, whether a party is recorded, each step with its sources."""
    state = row.state
    party = row.party
    out: dict[str, Any] = {
        "instrument": row.instrument.id,
        "id": state.id,
        "acronym": state.acronym,
        "name": state.name,
        "type": state.type,
        "status": "recorded" if party is not None else "no record",
    }
    sources: list[str] = []
    for name in MILESTONES:
        step: Milestone | None = getattr(party, name) if party is not None else None
        out[name] = _step_json(step)
        sources += step.sources if step is not None else ()
    out["note"] = party.note if party is not None else ""
    out["sources"] = list(dict.fromkeys(sources))
    return out


def step_cell(step: dict[str, Any] | None) -> str:
    """A step in a table: its date, `unknown` when stated without one, `-` when not recorded."""
    if step is None:
        return "-"
    return str(step["date"] or "unknown") + (" (planned)" if step["planned"] else "")


def columns_used(rows: Sequence[PartyRow]) -> list[str]:
    """The steps any row records, in MILESTONES order (a table shows only those)."""
    return [
        name
        for name in MILESTONES
        if any(r.party is not None and getattr(r.party, name) is not None for r in rows)
    ]


def render_text(rows: Sequence[PartyRow]) -> str:
    """A title line, then a header and one aligned line per state."""
    if not rows:
        return ""
    instrument = rows[0].instrument
    steps = columns_used(rows)
    table = [["state", *(s.replace("_", " ") for s in steps)]]
    for row in rows:
        values = record(row)
        if row.party is None:
            table.append([row.state.name, "no record", *([""] * (len(steps) - 1))])
        else:
            table.append([row.state.name, *(step_cell(values[s]) for s in steps)])
    title = f"{instrument.acronym}: {instrument.name}" if instrument.acronym else instrument.name
    return title + "\n" + plain_table(table) + LEGEND + "\n"


def render_rich(rows: Sequence[PartyRow], width: int) -> Any:
    """The table for a terminal."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    instrument = rows[0].instrument
    steps = columns_used(rows)
    table = Table(box=None, header_style="bold", pad_edge=False)
    table.add_column("state", style="cyan", no_wrap=True)
    for step in steps:
        table.add_column(step.replace("_", " "), no_wrap=True)
    for row in rows:
        values = record(row)
        if row.party is None:
            table.add_row(Text(row.state.name), Text("no record", style="dim italic"))
            continue
        cells = [step_cell(values[s]) for s in steps]
        table.add_row(
            Text(row.state.name),
            *(Text(c, style="dim" if c in ("-", "unknown") else "") for c in cells),
        )
    title = f"{instrument.acronym}: {instrument.name}" if instrument.acronym else instrument.name
    return Group(Text(title, style="bold"), table, Text(LEGEND, style="dim"))


def parties_view(registry: Registry, *, by_country: bool = False) -> View[PartyRow]:
    """`parties`: states by dates."""
    return View(
        name="parties",
        fields=FIELDS,
        columns=FIELDS,
        row=record,
        text=render_text,
        rich=render_rich,
    )
