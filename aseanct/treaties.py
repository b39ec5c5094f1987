"""Who is bound by what, since when: each state's standing under an instrument on a day."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from aseanct.errors import NotFound
from aseanct.model.dates import earliest_day, latest_day
from aseanct.model.derive import happened_by
from aseanct.model.records import Record, Source, Term
from aseanct.model.registry import Registry
from aseanct.model.statements import Action, AsOf, DomesticStep, Party

JOINING = ("ratification", "acceptance", "approval", "accession", "succession", "deposit")
"""The actions that make a state a party (a signature alone does not)."""

STATUSES = {
    "party": "has deposited an instrument that binds it (the action and its date follow)",
    "signatory only": "has signed and taken no further step the depositary records",
    "not a party": "a source says it was not a party on the date given",
    "no record": "no source found on this state and instrument: unknown, not 'not a party'",
    "unknown": "a step is recorded without a date, and no source shows it had come by this day",
}
"""What each status means, for the legend of every parties table."""


@dataclass(frozen=True, slots=True, eq=False)
class InForce:
    """A state's entry into force: given by a source, or derived from the instrument's rule."""

    date: str
    derived: bool
    note: str
    sources: tuple[str, ...]


@dataclass(frozen=True, slots=True, eq=False)
class Standing:
    """A state's standing under an instrument on a day: what it had done, and what follows."""

    actions: tuple[Action, ...]
    """The treaty actions taken by the day."""
    status: str
    """One of STATUSES."""
    joined: Action | None
    """The action that made the state a party, if any."""
    signature: Action | None
    in_force: InForce | None
    not_party: AsOf | None


def standing(
    instrument: Term,
    party: Party | None,
    day: datetime.date | None = None,
    registry: Registry | None = None,
) -> Standing:
    """A state's standing under an instrument, as of `day` (None: every step counts); an undated
    step counts from the earliest source that reports it (docs/data.md)."""
    if party is None:
        return Standing((), "no record", None, None, None, None)

    def taken(action: Action) -> bool:
        if action.date or day is None or registry is None:
            return taken_by(action.date, day)
        found = [registry.by_id.get(s) for s in action.sources]
        days = [s.date or s.accessed for s in found if isinstance(s, Source)]
        known = min(filter(None, days), key=latest_day, default="")
        return bool(known) and latest_day(known) <= day

    actions = tuple(a for a in party.actions if taken(a))
    joined = next((a for a in actions if a.action in JOINING), None)
    signature = next((a for a in actions if a.action == "signature"), None)
    said = None
    if joined is not None:
        status = "party"
    elif any(not a.date and a not in actions for a in party.actions):
        status = "unknown"
    elif signature is not None:
        status = "signatory only"
    elif party.not_party and taken_by(party.not_party.as_of, day):
        status, said = "not a party", party.not_party
    else:
        status = "no record"
    given = party.in_force
    if joined is None:
        in_force = None
    elif given is not None:
        in_force = InForce(given.date, False, given.note, given.sources)
    else:
        in_force = derived_in_force(instrument, party)
    if in_force is not None and not taken_by(in_force.date, day):
        in_force = None
    return Standing(actions, status, joined, signature, in_force, said)


def shown_date(step: Action | InForce | None) -> str | None:
    """A step's date as tables give it: `unknown` for a step without one, None for no step."""
    return (step.date or "unknown") if step is not None else None


def cited(found: Standing, party: Party | None, day: datetime.date | None) -> list[str]:
    """The sources of everything a state's row shows."""
    sources: list[str] = [s for a in found.actions for s in a.sources]
    sources += [s for d in domestic_by(party, day) for s in d.sources]
    sources += found.in_force.sources if found.in_force else ()
    sources += found.not_party.sources if found.not_party else ()
    return list(dict.fromkeys(sources))


def domestic_by(party: Party | None, day: datetime.date | None) -> list[DomesticStep]:
    return [d for d in (party.domestic if party else ()) if taken_by(d.date, day)]


@dataclass(frozen=True, slots=True, eq=False)
class PartyRow:
    """A state's line in an instrument's table of parties, as of a day (None: every step counts)."""

    instrument: Term
    state: Record
    party: Party | None
    """None for a member of the instrument's `status_for` body with no record at all."""
    day: datetime.date | None
    registry: Registry

    @property
    def standing(self) -> Standing:
        return standing(self.instrument, self.party, self.day, self.registry)


def taken_by(date: str, day: datetime.date | None) -> bool:
    """Had a step dated `date` been taken by `day`? An undated step always counts."""
    return day is None or not date or happened_by(date, day)


def derived_in_force(instrument: Term, party: Party) -> InForce | None:
    """The entry into force the instrument's rule fixes for a party, never before its own (None
    when the rule or the day of deposit is not known)."""
    rule = instrument.entry_into_force
    joined = next((a for a in party.actions if a.action in JOINING), None)
    own = instrument.in_force
    if joined is None or not joined.date:
        return None
    if own is not None and own.date and latest_day(joined.date) < earliest_day(own.date):
        note = "the instrument's own entry into force, after the state's deposit"
        return InForce(own.date, True, note, own.sources)
    if rule is None or len(joined.date) != 10:
        return None
    deposit = datetime.date.fromisoformat(joined.date)
    if rule.days is not None:
        day = deposit + datetime.timedelta(days=rule.days)
        period = f"{rule.days} days"
    elif rule.months is not None:
        month = deposit.month - 1 + rule.months
        year, month = deposit.year + month // 12, month % 12 + 1
        day = datetime.date(year, month, min(deposit.day, calendar.monthrange(year, month)[1]))
        period = f"{rule.months} months"
    else:
        return None
    where = f" ({rule.article})" if rule.article else ""
    note = f"derived from the instrument's rule{where}: {period} after {rule.after}"
    return InForce(day.isoformat(), True, note, rule.sources)


def parties(
    registry: Registry, instrument: Record, day: datetime.date | None = None
) -> list[PartyRow]:
    """The parties of an instrument, and the members of its `status_for` body, by state name."""
    if not isinstance(instrument, Term) or not (instrument.parties or instrument.status_for):
        known = [r.label for r in registry.instruments()]
        hint = f"instruments with parties: {', '.join(known)}" if known else ""
        raise NotFound(f"{instrument.label} has no table of parties", hint=hint)
    rows = [
        PartyRow(instrument, registry.by_id[p.id], p, day, registry) for p in instrument.parties
    ]
    listed = {p.id for p in instrument.parties}
    group = registry.by_id.get(instrument.status_for.id) if instrument.status_for else None
    rows += [
        PartyRow(instrument, registry.by_id[member.id], None, day, registry)
        for member in getattr(group, "members", ())
        if member.id not in listed and taken_by(member.since, day)
    ]
    rows.sort(key=lambda row: row.state.name.casefold())
    return rows


def of_state(registry: Registry, state: Record, day: datetime.date | None = None) -> list[PartyRow]:
    """Every instrument with a table of parties and this state's row in it, in file order."""
    return [
        row
        for instrument in registry.instruments()
        if isinstance(instrument, Term)
        for row in parties(registry, instrument, day)
        if row.state.id == state.id
    ]


def rule_problems(instrument: Term, party: Party) -> str:
    """Why a party's entry into force breaks its instrument's rule ("" if not or if noted)."""
    given = party.in_force
    derived = derived_in_force(instrument, party)
    if given is None or derived is None or given.note or len(given.date) != 10:
        return ""
    if given.date == derived.date:
        return ""
    return (
        f"entry into force {given.date} contradicts the instrument's rule "
        f"({derived.note}: {derived.date}); correct one, or say why in a note on in_force"
    )
