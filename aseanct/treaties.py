"""Instruments and their parties: who is bound by what, since when."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from aseanct.errors import NotFound
from aseanct.model import Party, Record, Registry, Term


@dataclass(frozen=True, slots=True, eq=False)
class PartyRow:
    """A state's line in an instrument's table of parties."""

    instrument: Term
    state: Record
    party: Party | None
    """None for a member of the instrument's `status_for` body with no record at all."""


def has_parties(record: Record) -> bool:
    """Does the record have a table of parties?"""
    return isinstance(record, Term) and bool(record.parties or record.status_for)


def parties(
    registry: Registry, instrument: Record, day: datetime.date | None = None
) -> list[PartyRow]:
    """The parties of an instrument, by state name; then, for an instrument whose table covers
    the members of a body (ACTIP: ASEAN), each member with no record. NotFound for a record
    without a table of parties."""
    if not isinstance(instrument, Term) or not has_parties(instrument):
        known = [r.label for r in registry.instruments()]
        hint = f"instruments with parties: {', '.join(known)}" if known else ""
        raise NotFound(f"{instrument.label} has no table of parties", hint=hint)
    rows = [PartyRow(instrument, registry.by_id[p.id], p) for p in instrument.parties]
    listed = {p.id for p in instrument.parties}
    group = registry.by_id.get(instrument.status_for.id) if instrument.status_for else None
    rows += [
        PartyRow(instrument, registry.by_id[member.id], None)
        for member in getattr(group, "members", ())
        if member.id not in listed
    ]
    rows.sort(key=lambda row: row.state.name.casefold())
    return rows


def of_state(registry: Registry, state: Record, day: datetime.date | None = None) -> list[PartyRow]:
    """Every instrument with a table of parties and this state's row in it (no record when
    the table lists it as a member of its body but nothing is known), in file order."""
    rows = []
    for instrument in registry.instruments():
        if isinstance(instrument, Term):
            rows += [row for row in parties(registry, instrument, day) if row.state.id == state.id]
    return rows
