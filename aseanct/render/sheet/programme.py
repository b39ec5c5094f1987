"""The lines of a programme's sheet and of a country's."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aseanct.model.derive import happened_by, law_status, programme_status, rating_year
from aseanct.model.programmes import CountryProgramme
from aseanct.model.records import Assessment, Body, Country, Law, Programme
from aseanct.model.registry import Registry
from aseanct.render.sheet.lines import Line, Section, dated, figure, label, link_line, money, short

if TYPE_CHECKING:
    import datetime

    from aseanct.render.sheet.lines import Draft


def programme_lines(draft: Draft, record: Programme) -> None:
    """A programme's lines, then its governance, countries, phases, pathways, outcome areas."""
    registry, lines, sections = draft.registry, draft.lines, draft.sections
    lines += _run(record, draft.as_of)
    if record.funder is not None:
        lines.append(link_line(registry, record.funder, "funder"))
    lines.extend(link_line(registry, link, "implementer") for link in record.implementers)
    if record.predecessor is not None:
        lines.append(link_line(registry, record.predecessor, "follows"))
    for successor in registry.successors_of(record.id):
        sources = successor.predecessor.sources if successor.predecessor else ()
        lines.append(Line("followed by", label(registry, successor.id), sources, ref=successor.id))
    sections.append(Section("Governance", _governance(registry, record, draft.shown)))
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


def country_lines(draft: Draft, record: Country) -> None:
    """A country's programmes, laws, outside ratings and standing under each instrument."""
    from aseanct.render.sheet.treaty import standing  # treaty law: only for its records
    from aseanct.treaties import of_state

    registry, sections, as_of = draft.registry, draft.sections, draft.as_of
    draft.lines.extend(
        Line(programme.label, entry.status, entry.sources, entry.note, programme.id)
        for programme in registry.linked_from(record.id, "countries")
        if isinstance(programme, Programme)
        for entry in programme.countries
        if entry.id == record.id
    )
    for block in record.programmes:
        _block(registry, record, block, sections)
    found = registry.linked_from(record.id, "country")
    laws = []
    for law in (r for r in found if isinstance(r, Law)):
        status = law_status(law, as_of)
        if status != "not yet made":
            sources = law.country.sources if law.country else ()
            laws.append(Line(status, label(registry, law.id), sources, ref=law.id))
    sections.append(Section(f"Laws (as of {as_of.isoformat()})", laws))
    ratings = [r for r in found if isinstance(r, Assessment) and happened_by(rating_year(r), as_of)]
    entries = []
    for r in sorted(ratings, key=lambda r: r.year, reverse=True):
        text = f"{r.rating.text} ({short(registry, r.series.id)})"
        entries.append(Line(r.year, text, r.rating.sources, r.rating.note, r.id))
    title = "Ratings by others, newest first (each its publisher's assessment)"
    sections.append(Section(title, entries))
    instruments = []
    for row in of_state(registry, record, as_of):
        text, sources, note = standing(row)
        instruments.append(
            Line(short(registry, row.instrument.id), text, sources, note, row.instrument.id)
        )
    sections.append(Section("Instruments", instruments))


def _block(
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
