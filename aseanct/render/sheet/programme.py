"""The lines of a programme's sheet: dates and status, budget, phases, countries, funders
and implementers; and a country's block of a programme."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aseanct.model import Body, Country, CountryProgramme, Programme, Registry
from aseanct.model.derive import programme_status
from aseanct.render.sheet.lines import Line, Section, dated, figure, label, link_line, money, short

if TYPE_CHECKING:
    import datetime


def programme_lines(
    registry: Registry,
    record: Programme,
    lines: list[Line],
    sections: list[Section],
    as_of: datetime.date,
    shown: set[str],
) -> None:
    """A programme's lines (dates, status, budget, who funds and delivers it, what came
    before and after), then its governance, countries, phases, pathways and outcome areas."""
    lines += _run(record, as_of)
    if record.funder is not None:
        lines.append(link_line(registry, record.funder, "funder"))
    lines.extend(link_line(registry, link, "implementer") for link in record.implementers)
    if record.predecessor is not None:
        lines.append(link_line(registry, record.predecessor, "follows"))
    for successor in registry.successors_of(record.id):
        sources = successor.predecessor.sources if successor.predecessor else ()
        lines.append(Line("followed by", label(registry, successor.id), sources, ref=successor.id))
    sections.append(Section("Governance", _governance(registry, record, shown)))
    countries = [
        Line(short(registry, c.id), c.status, c.sources, c.note, c.id) for c in record.countries
    ]
    sections.append(Section("Countries", countries))
    phases = []
    for phase in record.phases:
        text = f"{phase.start_date}-{phase.end_date}" + (" (planned)" if phase.planned else "")
        phases.append(Line(phase.name, text, phase.sources, phase.note))
    sections.append(Section("Phases", phases))
    for title, items in (("Pathways", record.pathways), ("Outcome areas", record.outcome_areas)):
        entries = []
        for i, item in enumerate(items, 1):
            text = item.name + (f": {item.description}" if item.description else "")
            entries.append(Line(f"{i}.", text, item.sources, item.note))
        sections.append(Section(title, entries))


def _run(record: Programme, as_of: datetime.date) -> list[Line]:
    """Its start, end and status on the day, and its budget."""
    if record.start_date is None and record.end_date is None:
        lines = [Line("dates", "unknown: no source gives them")]
    else:
        lines = [
            Line(name, dated(value), value.sources, value.note)
            for name, value in (("start", record.start_date), ("end", record.end_date))
            if value is not None
        ]
        status = programme_status(record, as_of)
        lines.append(Line("status", f"{status} (as of {as_of.isoformat()})"))
    if record.budget is not None:
        budget = record.budget
        lines.append(Line("budget", money(budget), budget.sources, budget.note))
    return lines


def _governance(registry: Registry, record: Programme, shown: set[str]) -> list[Line]:
    """The bodies that govern it, each with its co-chairs (each marked as shown)."""
    lines = []
    for body in registry.children_of(record.id):
        if not isinstance(body, Body) or body.parent is None or body.parent.relation != "governs":
            continue
        shown.add(body.id)
        lines.append(
            Line("", label(registry, body.id), body.parent.sources, body.parent.note, body.id)
        )
        lines.extend(
            Line("", f"co-chair: {link.text or label(registry, link.id)}", link.sources)
            for link in body.related
            if link.relation == "co-chaired-by"
        )
    return lines


def programme_block(
    registry: Registry, record: Country, block: CountryProgramme, sections: list[Section]
) -> None:
    """A country's figures, focal point, key partners and achievements in a programme."""
    prefix = f"{short(registry, block.id)} in {record.name}"
    figures = [Line("", figure(f), f.sources, f.note) for f in block.figures]
    sections.append(Section(f"{prefix}: figures", figures))
    focal = block.focal_point
    focal_lines = [Line("", focal.text, focal.sources, focal.note)] if focal is not None else []
    sections.append(Section(f"{prefix}: focal point", focal_lines))
    partners = [link_line(registry, p, "") for p in block.partners]
    sections.append(Section(f"{prefix}: key partners", partners))
    entries = []
    for i, achievement in enumerate(block.achievements, 1):
        text = achievement.text
        if achievement.figures:
            text += " [" + "; ".join(figure(f) for f in achievement.figures) + "]"
        entries.append(Line(f"{i}.", text, achievement.sources, achievement.note))
    sections.append(Section(f"{prefix}: achievements", entries))
