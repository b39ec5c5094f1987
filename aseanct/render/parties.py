"""`parties`: each state's standing under an instrument, or one state's under every one."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aseanct.lean.tabular import plain_table
from aseanct.model.registry import Registry
from aseanct.render.output import View
from aseanct.treaties import STATUSES, PartyRow, cited, domestic_by, shown_date

FIELDS = (
    "instrument", "instrument_acronym", "instrument_name", "id", "acronym", "name", "type",
    "status", "action", "action_inferred", "date", "signature", "in_force", "in_force_derived",
    "not_party_as_of", "actions", "domestic", "note", "sources", "as_of",
)  # fmt: skip
"""Keys of each row (JSON) and columns (CSV/TSV), in order."""

COLUMNS = (
    "instrument", "id", "name", "status", "action", "date", "signature", "in_force",
    "in_force_derived", "domestic", "note", "sources",
)  # fmt: skip


def record(row: PartyRow) -> dict[str, Any]:
    """A state's row under an instrument."""
    found = row.standing
    joined, in_force, not_party = found.joined, found.in_force, found.not_party
    return {
        "instrument": row.instrument.id,
        "instrument_acronym": row.instrument.acronym,
        "instrument_name": row.instrument.name,
        "id": row.state.id,
        "acronym": row.state.acronym,
        "name": row.state.name,
        "type": row.state.type,
        "status": found.status,
        "action": joined.action if joined else None,
        "action_inferred": bool(joined and joined.inferred),
        "date": shown_date(joined),
        "signature": shown_date(found.signature),
        "in_force": shown_date(in_force),
        "in_force_derived": bool(in_force and in_force.derived),
        "not_party_as_of": not_party.as_of if not_party else None,
        "actions": [
            {
                "action": a.action,
                "date": a.date or None,
                "inferred": a.inferred,
                "note": a.note,
                "sources": list(a.sources),
            }
            for a in found.actions
        ],
        "domestic": [
            {"step": d.step, "date": d.date or None, "note": d.note, "sources": list(d.sources)}
            for d in domestic_by(row.party, row.day)
        ],
        "note": row.party.note if row.party is not None else "",
        "sources": cited(found, row.party, row.day),
        "as_of": row.day.isoformat() if row.day is not None else None,
    }


def _cells(values: dict[str, Any], first: str) -> list[str]:
    joined = values["action"] or (
        "-" if values["status"] != "not a party" else f"as of {values['not_party_as_of']}"
    )
    if values["action_inferred"]:
        joined += " (inferred)"
    in_force = values["in_force"] or "-"
    if values["in_force_derived"]:
        in_force += "*"
    return [
        first,
        values["status"],
        joined,
        values["date"] or "-",
        values["signature"] or "-",
        in_force,
    ]


def render_text(rows: Sequence[PartyRow], *, by_country: bool = False) -> str:
    """A title, a line per state (or instrument), domestic steps, notes and what statuses mean."""
    if not rows:
        return ""
    values = [record(row) for row in rows]
    table = [_head(by_country)]
    below: list[str] = []
    for row, found in zip(rows, values, strict=True):
        first = _first(row, by_country)
        table.append(_cells(found, first))
        below += [
            f"  {first}: {d['step']} ({d['date'] or 'date unknown'})" for d in found["domestic"]
        ]
    out = [_title(rows, by_country), plain_table(table).rstrip("\n")]
    if below:
        out += ["domestic steps (not treaty actions):", *below]
    if any(found["in_force_derived"] for found in values):
        out.append("*: derived from the instrument's rule, not stated by a source")
    if not by_country:
        instrument = rows[0].instrument
        out += [f"note: {instrument.note}"] if instrument.note else []
    used = {found["status"] for found in values}
    out += [f"{status}: {meaning}" for status, meaning in STATUSES.items() if status in used]
    return "\n".join(out) + "\n"


def _head(by_country: bool) -> list[str]:
    first = "instrument" if by_country else "state"
    return [first, "status", "action", "date", "signed", "in force"]


def _first(row: PartyRow, by_country: bool) -> str:
    """The state, or by country the instrument's acronym (else its id, shorter than a name)."""
    return (row.instrument.acronym or row.instrument.id) if by_country else row.state.name


def _title(rows: Sequence[PartyRow], by_country: bool) -> str:
    day = rows[0].day
    when = f" (as of {day.isoformat()})" if day is not None else ""
    if by_country:
        return f"{rows[0].state.name}: instruments{when}"
    return rows[0].instrument.heading + when


def render_rich(rows: Sequence[PartyRow], width: int, *, by_country: bool = False) -> Any:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    lines = render_text(rows, by_country=by_country).splitlines()
    table = Table(box=None, header_style="bold", pad_edge=False)
    for name in _head(by_country):
        table.add_column(name, no_wrap=True)
    for row in rows:
        cells = _cells(record(row), _first(row, by_country))
        style = "dim italic" if cells[1] == "no record" else ""
        table.add_row(*(Text(c, style=style if i else "cyan") for i, c in enumerate(cells)))
    tail = lines[len(rows) + 2 :]
    return Group(Text(lines[0], style="bold"), table, *(Text(t, style="dim") for t in tail))


def parties_view(registry: Registry, *, by_country: bool = False) -> View[PartyRow]:
    """`parties`: states (or, by country, instruments) and their standing."""
    return View(
        name="parties",
        all_fields=FIELDS,
        columns=COLUMNS,
        row=record,
        text=lambda rows: render_text(rows, by_country=by_country),
        rich=lambda rows, width: render_rich(rows, width, by_country=by_country),
    )
