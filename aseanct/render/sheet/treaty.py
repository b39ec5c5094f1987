"""The lines of an instrument's sheet, and a state's standing under an instrument."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aseanct.model.records import Term
from aseanct.model.registry import Registry
from aseanct.model.statements import RecordId
from aseanct.render.parties import record as parties_record
from aseanct.render.sheet.lines import Line, Section, dated, label, link_line, short
from aseanct.treaties import PartyRow, parties

if TYPE_CHECKING:
    import datetime

    from aseanct.render.sheet.lines import Draft


def standing(row: PartyRow) -> tuple[str, tuple[RecordId, ...], str]:
    """`party: accession 2009-02-26; in force 2009-03-28 (derived)`, its sources and notes."""
    values = parties_record(row)
    parts = [values["status"]]
    if values["action"]:
        when = values["date"] if values["date"] != "unknown" else "(date unknown)"
        parts[0] += f": {values['action']} {when}"
    if values["signature"]:
        parts.append(f"signed {values['signature']}")
    if values["in_force"]:
        derived = " (derived)" if values["in_force_derived"] else ""
        parts.append(f"in force {values['in_force']}{derived}")
    if values["not_party_as_of"]:
        parts[0] += f" as of {values['not_party_as_of']}"
    parts += [f"domestic: {d['step']} ({d['date'] or 'date unknown'})" for d in values["domestic"]]
    notes = [n for n in (*(a["note"] for a in values["actions"]), values["note"]) if n]
    return "; ".join(parts), tuple(values["sources"]), " ".join(notes)


def term_lines(draft: Draft, record: Term) -> None:
    """An instrument's, plan's or list's lines, then its parties, bodies and items."""
    registry, lines, sections = draft.registry, draft.lines, draft.sections
    if record.start_date is not None:
        end = record.end_date
        period = dated(record.start_date) + (f"-{dated(end)}" if end is not None else "")
        sources = record.start_date.sources + (end.sources if end is not None else ())
        note = " ".join(n for n in (record.start_date.note, end.note if end else "") if n)
        lines.append(Line("period", period, tuple(dict.fromkeys(sources)), note))
    if record.lead is not None:
        lines.append(link_line(registry, record.lead, "led by"))
    if record.part_of is not None:
        lines.append(link_line(registry, record.part_of, "part of"))
    if record.depositary is not None:
        fact = record.depositary
        lines.append(Line("depositary", fact.text, fact.sources, fact.note))
    if record.in_force is not None:
        own = record.in_force
        lines.append(Line("in force", dated(own), own.sources, own.note))
    rule = record.entry_into_force
    if rule is not None:
        period = f"{rule.days} days" if rule.days is not None else f"{rule.months} months"
        text = f"for a state joining later: {period} after {rule.after}"
        text += f" ({rule.article})" if rule.article else ""
        lines.append(Line("entry into force", text, rule.sources, rule.note))
    if record.parties or record.status_for is not None:
        sections.append(_parties(registry, record, draft.as_of))
    sections.append(_bodies(registry, record))
    entries = []
    for i, item in enumerate(record.items, 1):
        text = item.name + (f": {item.description}" if item.description else "")
        sources = item.sources
        if item.lead is not None:
            text += f" (lead: {short(registry, item.lead.id)})"
            sources = tuple(dict.fromkeys(sources + item.lead.sources))
        entries.append(Line(f"{i}.", text, sources, item.note))
    sections.append(Section(f"Items ({len(record.items)})", entries))


def _parties(registry: Registry, record: Term, as_of: datetime.date) -> Section:
    rows = parties(registry, record, as_of)
    entries = []
    for row in rows:
        text, sources, note = standing(row)
        entries.append(Line(row.state.name, text, sources, note, row.state.id))
    count = sum(r.standing.status == "party" for r in rows)
    of = "" if count == len(rows) else f" of {len(rows)} states on record"
    return Section(f"Parties ({count}{of})", entries)


def _bodies(registry: Registry, record: Term) -> Section:
    """The bodies of a plan, grouped by their pillar."""
    groups: dict[str, list[str]] = {}
    cited: dict[str, list[RecordId]] = {}
    for link in record.bodies:
        body = registry.by_id.get(link.id)
        pillar = getattr(body, "pillar", None)
        key = label(registry, pillar.id) if pillar is not None else "pillar not recorded"
        groups.setdefault(key, []).append(short(registry, link.id))
        cited.setdefault(key, []).extend(link.sources)
    lines = [Line(k, ", ".join(v), tuple(dict.fromkeys(cited[k]))) for k, v in groups.items()]
    return Section(f"Bodies ({len(record.bodies)}), by pillar", lines)
