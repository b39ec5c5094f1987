"""`show`: a record as a fact sheet, each fact with its numbered sources.

build_sheet turns any record into titled sections of lines; the plain and Rich renderers lay
the same sheet out for a pipe and for a terminal. Sources are numbered in order of first
citation; `--sources` puts the numbers after every fact, and the list always ends the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aseanct.models import (
    Body,
    Country,
    Event,
    Figure,
    Money,
    Programme,
    Record,
    RecordId,
    Registry,
    Source,
    Term,
)
from aseanct.queries import ancestors, pillar_of, programme_status

if TYPE_CHECKING:
    import datetime


@dataclass
class Line:
    """One fact: a label (empty for list items), its text, its sources and a caution."""

    label: str
    text: str
    sources: tuple[RecordId, ...] = ()
    note: str = ""


@dataclass
class Section:
    """A titled group of lines (the first section of a sheet has no title)."""

    title: str
    lines: list[Line] = field(default_factory=list)


@dataclass
class Sheet:
    """A record laid out for reading."""

    title: str
    sections: list[Section]
    sources: list[Source]

    def number(self, source_id: str) -> int:
        """The citation number of a source."""
        return next(i for i, s in enumerate(self.sources, 1) if s.id == source_id)


BACKLINK_PHRASES = {
    "related": "linked from",
    "parent": "has under it",
    "funder": "funds",
    "implementers": "implements",
    "governance": "governs",
    "countries": "programme in it",
    "lead": "leads",
    "bodies": "takes part in",
    "items": "listed in",
    "part_of": "includes",
    "programme": "has country facts from",
    "focal_point": "focal point for",
    "partners": "key partner in",
    "achievements": "named in the achievements of",
    "pathways": "named in the pathways of",
    "outcome_areas": "named in the outcome areas of",
}
"""How `show` words a link from another record, seen from the record linked to. Links already
shown elsewhere on the sheet (pillar, country, predecessor) are left out."""


def _label(registry: Registry, record_id: str) -> str:
    record = registry.by_id.get(RecordId(record_id))
    if record is None:
        return record_id
    return f"{record.acronym} ({record.name})" if record.acronym else record.name


def _short(registry: Registry, record_id: str) -> str:
    record = registry.by_id.get(RecordId(record_id))
    return record.label if record is not None else record_id


def count(value: int) -> str:
    """1038 -> 1,038."""
    return f"{value:,}"


def money(value: Money) -> str:
    """`$A80 million (AUD 80,000,000)`."""
    return f"{value.as_written} ({value.currency} {count(value.amount)})"


def figure(value: Figure) -> str:
    """`participants in those events: 1,038 (35% women, 65% men)`."""
    split = []
    if value.women is not None:
        split.append(f"{count(value.women)} women")
    if value.men is not None:
        split.append(f"{count(value.men)} men")
    if value.women_pct is not None:
        split.append(f"{value.women_pct}% women")
    if value.men_pct is not None:
        split.append(f"{value.men_pct}% men")
    text = f"{value.label}: {count(value.value)}"
    return f"{text} ({', '.join(split)})" if split else text


def build_sheet(registry: Registry, record: Record, as_of: datetime.date) -> Sheet:
    """The fact sheet of any record."""
    overview = Section("")
    lines = overview.lines
    lines.append(Line("id", record.id))
    lines.append(Line("type", f"{record.type} ({record.kind})", record.sources))
    if record.acronyms:
        lines.append(Line("acronyms", ", ".join(record.acronyms), record.sources))
    for alias in record.aliases:
        lines.append(Line("also", alias.name, alias.sources, alias.note))
    sections = [overview]
    if isinstance(record, Body):
        _body(registry, record, lines)
    elif isinstance(record, Programme):
        _programme(registry, record, lines, sections, as_of)
    elif isinstance(record, Term):
        _term(registry, record, lines, sections)
    elif isinstance(record, Event):
        lines.append(
            Line(
                "date",
                f"{record.date} to {record.end_date}" if record.end_date else record.date,
                record.sources,
            )
        )
        if record.place:
            lines.append(Line("place", record.place, record.sources))
    elif isinstance(record, Country):
        _country(registry, record, lines, sections)
    elif isinstance(record, Source):
        for name in ("publisher", "url", "via", "file", "date", "language"):
            value = getattr(record, name)
            if value:
                lines.append(Line(name, value))
    if record.description:
        lines.append(Line("about", record.description, record.sources))
    if record.note:
        lines.append(Line("note", record.note, record.sources))
    if record.facts:
        sections.append(
            Section("Facts", [Line(f.date, f.text, f.sources, f.note) for f in record.facts])
        )
    governed = {ref.id for ref in getattr(record, "governance", ())}
    children = [c for c in registry.children.get(record.id, ()) if c.id not in governed]
    if children:
        sections.append(Section("Under it", [Line("", _label(registry, c.id)) for c in children]))
    related = [
        Line(
            ref.relation or "related",
            _label(registry, ref.id) + (f": {ref.text}" if ref.text else ""),
            ref.sources,
            ref.note,
        )
        for ref in record.related
    ]
    shown_ids = {ref.id for ref in record.related} | {c.id for c in children} | governed
    for other, via in registry.backlinks.get(record.id, ()):
        phrase = BACKLINK_PHRASES.get(via)
        if other.type == "event" or phrase is None or other.id in shown_ids:
            continue  # events have their own section; other links are shown elsewhere
        if via == "countries" and isinstance(record, Country):
            continue  # a country's programmes are listed with their status above
        shown_ids.add(other.id)
        related.append(Line(phrase, _label(registry, other.id)))
    if related:
        sections.append(Section("Related", related))
    events = registry.events_of.get(record.id, ())
    if events:
        sections.append(
            Section(
                "Events",
                [
                    Line(e.date, e.name + (f", {e.place}" if e.place else ""), e.sources, e.note)
                    for e in events
                ],
            )
        )
    cited: list[RecordId] = []
    for section in sections:
        for line in section.lines:
            cited.extend(line.sources)
    sources = [
        s for s in (registry.by_id.get(i) for i in dict.fromkeys(cited)) if isinstance(s, Source)
    ]
    title = f"{record.acronym}: {record.name}" if record.acronym else record.name
    return Sheet(title, sections, sources)


def _body(registry: Registry, record: Body, lines: list[Line]) -> None:
    pillar = pillar_of(registry, record)
    if record.pillar is not None and pillar is not None:
        lines.append(
            Line("pillar", _label(registry, pillar.id), record.pillar.sources, record.pillar.note)
        )
    if record.parent is not None:
        relation = record.parent.relation or "under"
        lines.append(
            Line(
                relation,
                _label(registry, record.parent.id),
                record.parent.sources,
                record.parent.note,
            )
        )
    chain = ancestors(registry, record)
    if len(chain) > 1:
        lines.append(Line("hierarchy", " > ".join(r.label for r in chain)))
    if record.established is not None:
        lines.append(
            Line(
                "established",
                record.established.date,
                record.established.sources,
                record.established.note,
            )
        )
    if record.country is not None:
        lines.append(Line("country", _label(registry, record.country.id), record.country.sources))


def _programme(
    registry: Registry,
    record: Programme,
    lines: list[Line],
    sections: list[Section],
    as_of: datetime.date,
) -> None:
    status = programme_status(record, as_of)
    if record.start is None and record.end is None:
        lines.append(Line("dates", "unknown: no source gives them"))
    else:
        for name in ("start", "end"):
            value = getattr(record, name)
            if value is not None:
                lines.append(Line(name, value.date, value.sources, value.note))
        lines.append(Line("status", f"{status} (as of {as_of.isoformat()})"))
    if record.budget is not None:
        lines.append(
            Line("budget", money(record.budget), record.budget.sources, record.budget.note)
        )
    if record.funder is not None:
        text = _label(registry, record.funder.id) + (
            f": {record.funder.text}" if record.funder.text else ""
        )
        lines.append(Line("funder", text, record.funder.sources, record.funder.note))
    for ref in record.implementers:
        text = _label(registry, ref.id) + (f": {ref.text}" if ref.text else "")
        lines.append(Line("implementer", text, ref.sources, ref.note))
    if record.predecessor is not None:
        lines.append(
            Line(
                "follows",
                _label(registry, record.predecessor.id),
                record.predecessor.sources,
                record.predecessor.note,
            )
        )
    for successor in registry.successors.get(record.id, ()):
        assert successor.predecessor is not None
        lines.append(
            Line("followed by", _label(registry, successor.id), successor.predecessor.sources)
        )
    if record.governance:
        governance = []
        for ref in record.governance:
            governance.append(Line("", _label(registry, ref.id), ref.sources, ref.note))
            body = registry.by_id.get(ref.id)
            governance.extend(
                Line("", f"co-chair: {link.text or _label(registry, link.id)}", link.sources)
                for link in (body.related if body is not None else ())
                if link.relation == "co-chair"
            )
        sections.append(Section("Governance", governance))
    if record.countries:
        sections.append(
            Section(
                "Countries",
                [
                    Line(_short(registry, c.id), c.status, c.sources, c.note)
                    for c in record.countries
                ],
            )
        )
    if record.phases:
        sections.append(
            Section(
                "Phases",
                [Line(p.name, f"{p.start}-{p.end}", p.sources, p.note) for p in record.phases],
            )
        )
    for title, items in (("Pathways", record.pathways), ("Outcome areas", record.outcome_areas)):
        if items:
            sections.append(
                Section(
                    title,
                    [
                        Line(
                            f"{i}.",
                            item.name + (f": {item.description}" if item.description else ""),
                            item.sources,
                            item.note,
                        )
                        for i, item in enumerate(items, 1)
                    ],
                )
            )


def _term(registry: Registry, record: Term, lines: list[Line], sections: list[Section]) -> None:
    if record.start is not None:
        period = record.start.date + (f"-{record.end.date}" if record.end is not None else "")
        sources = record.start.sources + (record.end.sources if record.end is not None else ())
        note = " ".join(n for n in (record.start.note, record.end.note if record.end else "") if n)
        lines.append(Line("period", period, tuple(dict.fromkeys(sources)), note))
    if record.lead is not None:
        lines.append(
            Line("led by", _label(registry, record.lead.id), record.lead.sources, record.lead.note)
        )
    if record.part_of is not None:
        lines.append(
            Line(
                "part of",
                _label(registry, record.part_of.id),
                record.part_of.sources,
                record.part_of.note,
            )
        )
    if record.bodies:
        groups: dict[str, list[str]] = {}
        cited: dict[str, list[RecordId]] = {}
        for ref in record.bodies:
            body = registry.by_id.get(ref.id)
            pillar = pillar_of(registry, body) if body is not None else None
            key = _label(registry, pillar.id) if pillar is not None else "pillar not recorded"
            groups.setdefault(key, []).append(_short(registry, ref.id))
            cited.setdefault(key, []).extend(ref.sources)
        sections.append(
            Section(
                f"Bodies ({len(record.bodies)}), by pillar",
                [Line(k, ", ".join(v), tuple(dict.fromkeys(cited[k]))) for k, v in groups.items()],
            )
        )
    if record.items:
        entries = []
        for i, item in enumerate(record.items, 1):
            text = item.name + (f": {item.description}" if item.description else "")
            if item.lead is not None:
                text += f" (lead: {_short(registry, item.lead.id)})"
            sources = item.sources + (item.lead.sources if item.lead is not None else ())
            entries.append(Line(f"{i}.", text, tuple(dict.fromkeys(sources)), item.note))
        sections.append(Section(f"Items ({len(record.items)})", entries))


def _country(
    registry: Registry, record: Country, lines: list[Line], sections: list[Section]
) -> None:
    if record.member_since is not None:
        lines.append(
            Line(
                "member since",
                record.member_since.date,
                record.member_since.sources,
                record.member_since.note,
            )
        )
    lines.extend(
        Line(programme.label, entry.status, entry.sources, entry.note)
        for programme in registry.records
        if isinstance(programme, Programme)
        for entry in programme.countries
        if entry.id == record.id
    )
    if record.programme is None:
        return
    prefix = f"{_short(registry, record.programme.id)} in {record.name}"
    if record.figures:
        sections.append(
            Section(
                f"{prefix}: figures",
                [Line("", figure(f), f.sources, f.note) for f in record.figures],
            )
        )
    if record.focal_point is not None:
        focal = record.focal_point
        sections.append(Section(f"{prefix}: focal point", [Line("", focal.text, focal.sources)]))
    if record.partners:
        sections.append(
            Section(
                f"{prefix}: key partners",
                [Line("", _label(registry, p.id), p.sources, p.note) for p in record.partners],
            )
        )
    if record.achievements:
        entries = []
        for i, achievement in enumerate(record.achievements, 1):
            text = achievement.text
            if achievement.figures:
                text += " [" + "; ".join(figure(f) for f in achievement.figures) + "]"
            entries.append(Line(f"{i}.", text, achievement.sources, achievement.note))
        sections.append(Section(f"{prefix}: achievements", entries))


# --- layout -----------------------------------------------------------------------------------


def _markers(sheet: Sheet, line: Line) -> str:
    return "".join(
        f"[{sheet.number(s)}]" for s in line.sources if any(x.id == s for x in sheet.sources)
    )


def source_text(source: Source) -> str:
    """`Title. Publisher, date. URL` for the numbered source list."""
    parts = [source.name.rstrip(".") + "."]
    parts.append(source.publisher + (f", {source.date}" if source.date else "") + ".")
    if source.url:
        parts.append(source.url)
    if source.file:
        parts.append(f"(seed file {source.file})")
    if source.via:
        parts.append(f"(read via {source.via})")
    return " ".join(parts)


def render_text(sheet: Sheet, *, with_sources: bool = False) -> str:
    """The sheet as plain text: `label: value` lines, sections with indented entries."""
    out = [sheet.title + "\n"]
    for section in sheet.sections:
        if section.title:
            out.append("\n" + section.title + "\n")
        indent = "  " if section.title else ""
        width = max((len(line.label) for line in section.lines), default=0)
        for line in section.lines:
            marks = f" {_markers(sheet, line)}" if with_sources and line.sources else ""
            if line.label:
                label = line.label if line.label.endswith(".") else line.label + ":"
                if not section.title:
                    label = label.ljust(width + 1)
                out.append(f"{indent}{label} {line.text}{marks}\n")
            else:
                out.append(f"{indent}- {line.text}{marks}\n")
            if line.note:
                out.append(f"{indent}  note: {line.note}\n")
    if sheet.sources:
        out.append("\nSources\n")
        for number, source in enumerate(sheet.sources, 1):
            out.append(f"  [{number}] {source_text(source)}\n")
    return "".join(out)


NARROW = 60
"""Below this many columns a sheet puts each label above its value instead of beside it."""


def render_rich(sheet: Sheet, *, with_sources: bool = False, width: int = 80) -> Any:
    """The sheet for a terminal: a bold title, aligned labels, dim source numbers and notes.

    On a terminal narrower than NARROW columns each label goes above its value, so values
    keep the whole width instead of being squeezed beside long labels."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    narrow = width < NARROW

    def grid(label_style: str) -> Any:
        table = Table.grid(padding=(0, 1))
        table.add_column(style=label_style, no_wrap=not narrow, overflow="fold")
        table.add_column(overflow="fold")
        return table

    parts: list[Any] = [Text(sheet.title, style="bold")]
    for section in sheet.sections:
        if section.title:
            parts.append(Text(""))
            parts.append(Text(section.title, style="bold underline"))
        indent = "  " if section.title else ""
        table = grid("cyan")
        for line in section.lines:
            value = Text(line.text)
            if with_sources and line.sources:
                value.append(" " + _markers(sheet, line), style="dim")
            if line.note:
                value.append("\nnote: " + line.note, style="italic dim")
            label = line.label if line.label else "•"
            if narrow and line.label:
                if table.row_count:  # bullets before this line keep their place
                    parts.append(table)
                    table = grid("cyan")
                parts.append(Text(indent + label, style="cyan"))
                parts.append(Padding(value, (0, 0, 0, len(indent) + 2)))
            else:
                table.add_row(Text(indent + label), value)
        if table.row_count:
            parts.append(table)
    if sheet.sources:
        parts.append(Text(""))
        parts.append(Text("Sources", style="bold underline"))
        table = grid("dim")
        for number, source in enumerate(sheet.sources, 1):
            table.add_row(Text(f"  [{number}]"), Text(source_text(source)))
        parts.append(table)
    return Group(*parts)
