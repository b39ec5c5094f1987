"""`show`: a record as a fact sheet, each statement with its own numbered sources.

build_sheet turns any record into titled sections of lines; the plain and Rich renderers lay
the same sheet out for a pipe and for a terminal. Every line carries the sources of the one
statement it shows, and only those: nothing inherits the record's sources. Sources are numbered
in order of first citation; `--sources` puts the numbers after every line, and the list always
ends the sheet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aseanct.model import (
    MILESTONES,
    Body,
    Country,
    CountryProgramme,
    Entity,
    Event,
    Figure,
    Link,
    Member,
    Milestone,
    Money,
    Party,
    Programme,
    Record,
    RecordId,
    Registry,
    Source,
    SourcedDate,
    Term,
)
from aseanct.hierarchy import ancestors
from aseanct.model.derive import programme_status, provenance, reference
from aseanct.treaties import parties
from aseanct.relations import forward, reverse

if TYPE_CHECKING:
    import datetime


@dataclass
class Line:
    """One statement: a label (empty for list items), its text, its sources and a caution."""

    label: str
    text: str
    sources: tuple[RecordId, ...] = ()
    note: str = ""
    ref: RecordId | None = None
    """The record the line names, if any (a web page links it)."""


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

    def statements(self) -> list[tuple[Section, Line]]:
        """The lines that carry sources, in reading order: statement N (numbered from 1 in
        `show --sources`, and chosen by `cite --fact N`) is item N-1."""
        return [(s, line) for s in self.sections for line in s.lines if line.sources]


SHOWN_ELSEWHERE = frozenset({"has-member", "has-party", "works-in"})
"""Relations whose backlinks a sheet shows in their own place (member of, party to, a
country's programmes), not again under Related."""


def label(registry: Registry, record_id: str) -> str:
    """`ACR (Full Name)`, or the name of a record without an acronym."""
    record = registry.by_id.get(RecordId(record_id))
    if record is None:
        return record_id
    return f"{record.acronym} ({record.name})" if record.acronym else record.name


def short(registry: Registry, record_id: str) -> str:
    """The acronym, else the name."""
    record = registry.by_id.get(RecordId(record_id))
    return record.label if record is not None else record_id


def count(value: int) -> str:
    """1038 -> 1,038."""
    return f"{value:,}"


def period_text(period: str) -> str:
    """`2018/2028` -> `2018 to 2028`; empty -> `undated`."""
    return " to ".join(period.split("/")) if period else "undated"


def money(value: Money) -> str:
    """`$A80 million (AUD 80,000,000; 2018 to 2028)`."""
    return (
        f"{value.as_written} ({value.currency} {count(value.amount)}; {period_text(value.period)})"
    )


def figure(value: Figure) -> str:
    """`participants in those events: 1,038 (35% women, 65% men; undated)`."""
    split = []
    if value.women is not None:
        split.append(f"{count(value.women)} women")
    if value.men is not None:
        split.append(f"{count(value.men)} men")
    if value.women_pct is not None:
        split.append(f"{value.women_pct}% women")
    if value.men_pct is not None:
        split.append(f"{value.men_pct}% men")
    details = ", ".join(split)
    when = period_text(value.period)
    return f"{value.label}: {count(value.value)} ({f'{details}; ' if details else ''}{when})"


def dated(value: SourcedDate) -> str:
    """A date, marked when it is still to come."""
    return f"{value.date} (planned)" if value.planned else value.date


def link_text(registry: Registry, link: Link) -> str:
    """A link's target, with what the source adds and whether it is only inferred."""
    text = label(registry, link.id) + (f": {link.text}" if link.text else "")
    return text + (" (inferred: no source states it directly)" if link.inferred else "")


def link_line(registry: Registry, link: Link, caption: str) -> Line:
    """A link as a sheet line under `caption`."""
    return Line(caption, link_text(registry, link), link.sources, link.note, link.id)


def milestones(party: Party) -> tuple[str, tuple[RecordId, ...], str]:
    """`signed 2015-11-21; deposited 2016-01-25`, the sources of every step, and their notes."""
    steps: list[str] = []
    sources: list[RecordId] = []
    notes: list[str] = []
    for name in MILESTONES:
        step: Milestone | None = getattr(party, name)
        if step is None:
            continue
        when = step.date or "date unknown"
        steps.append(f"{name.replace('_', ' ')} {when}" + (" (planned)" if step.planned else ""))
        sources += step.sources
        if step.note:
            notes.append(step.note)
    if party.note:
        notes.append(party.note)
    return "; ".join(steps), tuple(dict.fromkeys(sources)), " ".join(notes)


def build_sheet(registry: Registry, record: Record, as_of: datetime.date) -> Sheet:
    """The fact sheet of any record."""
    overview = Section("")
    lines = overview.lines
    lines.append(Line("id", record.id))
    identity = record.sources if isinstance(record, Entity) else ()
    lines.append(Line("type", f"{record.type} ({record.kind})", identity))
    if record.acronyms:
        lines.append(Line("acronyms", ", ".join(record.acronyms), identity))
    for alias in record.aliases if isinstance(record, Entity) else ():
        lines.append(Line("also", alias.name, alias.sources, alias.note))
    for other in record.collisions if isinstance(record, Entity) else ():
        text = f"{other.acronym} stands for {other.meaning}"
        lines.append(Line("elsewhere", text, other.sources, other.note))
    sections = [overview]
    shown: set[str] = set()
    if isinstance(record, Body):
        _body(registry, record, lines, sections, shown)
    elif isinstance(record, Programme):
        _programme(registry, record, lines, sections, as_of, shown)
    elif isinstance(record, Term):
        _term(registry, record, lines, sections)
    elif isinstance(record, Event):
        when = f"{record.date} to {record.last_day}" if record.last_day else record.date
        lines.append(Line("date", when + (" (planned)" if record.planned else ""), identity))
        if record.place:
            lines.append(Line("place", record.place, identity))
    elif isinstance(record, Source):
        if record.descriptive_title:
            lines.append(Line("title", "descriptive: the document has no title of its own"))
        for name in ("authors", "publisher", "url", "via", "file", "date", "accessed", "language"):
            value = getattr(record, name)
            if value:
                lines.append(Line(name, "; ".join(value) if isinstance(value, tuple) else value))
        lines.append(Line("reference", reference(record)))
    _memberships(registry, record, lines)
    if isinstance(record, Country):
        _country(registry, record, lines, sections)
    if record.description:
        lines.append(Line("about", record.description, identity))
    if record.note:
        lines.append(Line("note", record.note, identity))
    _instruments(registry, record, sections)
    if isinstance(record, Entity) and record.facts:
        sections.append(
            Section("Facts", [Line(f.date, f.text, f.sources, f.note) for f in record.facts])
        )
    children = [c for c in registry.children_of(record.id) if c.id not in shown]
    if children:
        sections.append(
            Section(
                "Under it",
                [Line("", label(registry, c.id), *_tree_link_sources(c), c.id) for c in children],
            )
        )
    shown.update(c.id for c in children)
    related = _related(registry, record, shown)
    if related:
        sections.append(Section("Related", related))
    events = registry.events_of(record.id)
    if events:
        sections.append(
            Section(
                "Events",
                [
                    Line(
                        e.date,
                        e.name + (f", {e.place}" if e.place else ""),
                        e.sources,
                        e.note,
                        e.id,
                    )
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


def _tree_link_sources(record: Record) -> tuple[tuple[RecordId, ...], str]:
    for name in ("parent", "pillar", "country"):
        link = getattr(record, name, None)
        if link is not None:
            return link.sources, ""
    return (), ""


def _related(registry: Registry, record: Record, shown: set[str]) -> list[Line]:
    """Links the record makes (forward phrases), then links made to it (reverse phrases)."""
    lines = [
        link_line(registry, link, forward(link.relation))
        for link in (record.related if isinstance(record, Entity) else ())
    ]
    seen = {link.id for link in getattr(record, "related", ())} | shown
    for back in registry.backlinks_of(record.id):
        if back.record.type == "event" or back.relation in SHOWN_ELSEWHERE:
            continue  # events have their own section; the others have their own lines
        if back.record.id in seen:
            continue  # one line per record: the first link it makes here says enough
        seen.add(back.record.id)
        link = back.link
        sources = link.sources if isinstance(link, Link) else getattr(link, "sources", ())
        note = link.note if isinstance(link, Link) else ""
        text = label(registry, back.record.id)
        if isinstance(link, Link) and link.text:
            text += f": {link.text}"
        lines.append(Line(reverse(back.relation), text, sources, note, back.record.id))
    return lines


def _body(
    registry: Registry, record: Body, lines: list[Line], sections: list[Section], shown: set[str]
) -> None:
    if record.pillar is not None:
        lines.append(link_line(registry, record.pillar, "pillar"))
    if record.parent is not None:
        lines.append(link_line(registry, record.parent, forward(record.parent.relation)))
    chain = ancestors(registry, record)
    if len(chain) > 1:
        lines.append(Line("hierarchy", " > ".join(r.label for r in chain)))
    if record.established is not None:
        established = record.established
        lines.append(Line("established", dated(established), established.sources, established.note))
    if record.country is not None:
        lines.append(link_line(registry, record.country, "country"))
    for name, fact in (("legal basis", record.legal_basis), ("chair", record.chair)):
        if fact is not None:
            text = fact.text + (f" ({fact.date})" if fact.date else "")
            lines.append(Line(name, text, fact.sources, fact.note))
    if record.members:
        sections.append(
            Section(
                f"Members ({len(record.members)})",
                [_member_line(registry, m) for m in record.members],
            )
        )


def _member_line(registry: Registry, member: Member) -> Line:
    details = [member.role] if member.role else []
    if member.since:
        details.append(f"since {member.since}")
    text = label(registry, member.id) + (f" ({', '.join(details)})" if details else "")
    return Line("", text, member.sources, member.note, member.id)


def _memberships(registry: Registry, record: Record, lines: list[Line]) -> None:
    """`member of: ASEAN (since 1999-04-30)`, from the members lists of other bodies."""
    for back in registry.backlinks_of(record.id):
        if back.field != "members" or not isinstance(back.link, Member):
            continue
        member = back.link
        details = [member.role] if member.role else []
        if member.since:
            details.append(f"since {member.since}")
        text = label(registry, back.record.id) + (f" ({', '.join(details)})" if details else "")
        lines.append(Line("member of", text, member.sources, member.note, back.record.id))


def _programme(
    registry: Registry,
    record: Programme,
    lines: list[Line],
    sections: list[Section],
    as_of: datetime.date,
    shown: set[str],
) -> None:
    status = programme_status(record, as_of)
    if record.start_date is None and record.end_date is None:
        lines.append(Line("dates", "unknown: no source gives them"))
    else:
        for name, value in (("start", record.start_date), ("end", record.end_date)):
            if value is not None:
                lines.append(Line(name, dated(value), value.sources, value.note))
        lines.append(Line("status", f"{status} (as of {as_of.isoformat()})"))
    if record.budget is not None:
        lines.append(
            Line("budget", money(record.budget), record.budget.sources, record.budget.note)
        )
    if record.funder is not None:
        lines.append(link_line(registry, record.funder, "funder"))
    lines.extend(link_line(registry, link, "implementer") for link in record.implementers)
    if record.predecessor is not None:
        lines.append(link_line(registry, record.predecessor, "follows"))
    for successor in registry.successors_of(record.id):
        assert successor.predecessor is not None
        lines.append(
            Line(
                "followed by",
                label(registry, successor.id),
                successor.predecessor.sources,
                ref=successor.id,
            )
        )
    governing = [
        c
        for c in registry.children_of(record.id)
        if getattr(c, "parent", None) is not None and c.parent.relation == "governs"  # type: ignore[attr-defined]
    ]
    if governing:
        governance = []
        for body in governing:
            shown.add(body.id)
            assert isinstance(body, Body) and body.parent is not None
            governance.append(
                Line("", label(registry, body.id), body.parent.sources, body.parent.note, body.id)
            )
            governance.extend(
                Line("", f"co-chair: {link.text or label(registry, link.id)}", link.sources)
                for link in body.related
                if link.relation == "co-chaired-by"
            )
        sections.append(Section("Governance", governance))
    if record.countries:
        sections.append(
            Section(
                "Countries",
                [
                    Line(short(registry, c.id), c.status, c.sources, c.note, c.id)
                    for c in record.countries
                ],
            )
        )
    if record.phases:
        sections.append(
            Section(
                "Phases",
                [
                    Line(
                        p.name,
                        f"{p.start_date}-{p.end_date}" + (" (planned)" if p.planned else ""),
                        p.sources,
                        p.note,
                    )
                    for p in record.phases
                ],
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
    if record.parties or record.status_for is not None:
        rows = parties(registry, record)
        entries = []
        for row in rows:
            if row.party is None:
                entries.append(Line(row.state.name, "no record", ref=row.state.id))
                continue
            text, sources, note = milestones(row.party)
            entries.append(Line(row.state.name, text, sources, note, row.state.id))
        sections.append(Section(f"Parties ({sum(r.party is not None for r in rows)})", entries))
    if record.bodies:
        groups: dict[str, list[str]] = {}
        cited: dict[str, list[RecordId]] = {}
        for link in record.bodies:
            body = registry.by_id.get(link.id)
            pillar = getattr(body, "pillar", None)
            key = label(registry, pillar.id) if pillar is not None else "pillar not recorded"
            groups.setdefault(key, []).append(short(registry, link.id))
            cited.setdefault(key, []).extend(link.sources)
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
            sources = item.sources
            if item.lead is not None:
                text += f" (lead: {short(registry, item.lead.id)})"
                sources = tuple(dict.fromkeys(sources + item.lead.sources))
            entries.append(Line(f"{i}.", text, sources, item.note))
        sections.append(Section(f"Items ({len(record.items)})", entries))


def _instruments(registry: Registry, record: Record, sections: list[Section]) -> None:
    """The instruments a state (or organisation) is party to, with their dates."""
    entries = []
    for back in registry.backlinks_of(record.id):
        if back.field == "parties" and isinstance(back.link, Party):
            text, sources, note = milestones(back.link)
            entries.append(
                Line(short(registry, back.record.id), text, sources, note, back.record.id)
            )
    if entries:
        sections.append(Section("Party to", entries))


def _country(
    registry: Registry, record: Country, lines: list[Line], sections: list[Section]
) -> None:
    lines.extend(
        Line(programme.label, entry.status, entry.sources, entry.note, programme.id)
        for programme in registry.linked_from(record.id, "countries")
        if isinstance(programme, Programme)
        for entry in programme.countries
        if entry.id == record.id
    )
    for block in record.programmes:
        _programme_block(registry, record, block, sections)


def _programme_block(
    registry: Registry, record: Country, block: CountryProgramme, sections: list[Section]
) -> None:
    prefix = f"{short(registry, block.id)} in {record.name}"
    if block.figures:
        sections.append(
            Section(
                f"{prefix}: figures",
                [Line("", figure(f), f.sources, f.note) for f in block.figures],
            )
        )
    if block.focal_point is not None:
        focal = block.focal_point
        sections.append(
            Section(f"{prefix}: focal point", [Line("", focal.text, focal.sources, focal.note)])
        )
    if block.partners:
        sections.append(
            Section(
                f"{prefix}: key partners",
                [link_line(registry, p, "") for p in block.partners],
            )
        )
    if block.achievements:
        entries = []
        for i, achievement in enumerate(block.achievements, 1):
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


def statement_numbers(sheet: Sheet, with_sources: bool) -> dict[int, int]:
    """Statement numbers by line identity, when the sheet shows its sources."""
    if not with_sources:
        return {}
    return {id(line): n for n, (_section, line) in enumerate(sheet.statements(), 1)}


def render_text(sheet: Sheet, *, with_sources: bool = False) -> str:
    """The sheet as plain text: `label: value` lines, sections with indented entries.

    With sources, each statement is numbered in a left margin and followed by its sources'
    numbers: `aseanct cite TERM --fact N` cites statement N."""
    numbers = statement_numbers(sheet, with_sources)
    gutter = len(str(len(numbers))) + 2 if numbers else 0

    def margin(line: Line | None = None) -> str:
        number = numbers.get(id(line)) if line is not None else None
        return f"{number:>{gutter - 2}}  " if number else " " * gutter

    out = [sheet.title + "\n"]
    for section in sheet.sections:
        if section.title:
            out.append("\n" + margin() + section.title + "\n")
        indent = "  " if section.title else ""
        width = max((len(line.label) for line in section.lines), default=0)
        for line in section.lines:
            marks = f" {_markers(sheet, line)}" if with_sources and line.sources else ""
            if line.label:
                text = line.label if line.label.endswith(".") else line.label + ":"
                if not section.title:
                    text = text.ljust(width + 1)
                out.append(f"{margin(line)}{indent}{text} {line.text}{marks}\n")
            else:
                out.append(f"{margin(line)}{indent}- {line.text}{marks}\n")
            if line.note:
                out.append(f"{margin()}{indent}  note: {line.note}\n")
    if sheet.sources:
        out.append("\nSources\n")
        for number, source in enumerate(sheet.sources, 1):
            tag = f"  [{number}] "
            out.append(f"{tag}{reference(source)}\n")
            out += [f"{' ' * len(tag)}{extra}\n" for extra in provenance(source)]
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
    numbers = statement_numbers(sheet, with_sources)
    gutter = len(str(len(numbers))) + 2 if numbers else 0

    def grid(label_style: str) -> Any:
        table = Table.grid(padding=(0, 1))
        if gutter:  # the statement numbers of `--sources`
            table.add_column(style="dim", width=gutter - 1, justify="right", no_wrap=True)
        table.add_column(style=label_style, no_wrap=not narrow, overflow="fold")
        table.add_column(overflow="fold")
        return table

    def number(line: Line | None) -> list[Text]:
        if not gutter:
            return []
        value = numbers.get(id(line)) if line is not None else None
        return [Text(str(value) if value else "")]

    parts: list[Any] = [Text(sheet.title, style="bold")]
    for section in sheet.sections:
        if section.title:
            parts.append(Text(""))
            parts.append(Text(" " * gutter + section.title, style="bold underline"))
        indent = "  " if section.title else ""
        table = grid("cyan")
        for line in section.lines:
            value = Text(line.text)
            if with_sources and line.sources:
                value.append(" " + _markers(sheet, line), style="dim")
            if line.note:
                value.append("\nnote: " + line.note, style="italic dim")
            caption = line.label if line.label else "•"
            if narrow and line.label:
                if table.row_count:  # bullets before this line keep their place
                    parts.append(table)
                    table = grid("cyan")
                head = Text(
                    f"{numbers[id(line)]:>{gutter - 1}} " if id(line) in numbers else " " * gutter,
                    style="dim",
                )
                head.append(indent + caption, style="cyan")
                parts.append(head)
                parts.append(Padding(value, (0, 0, 0, gutter + len(indent) + 2)))
            else:
                table.add_row(*number(line), Text(indent + caption), value)
        if table.row_count:
            parts.append(table)
    if sheet.sources:
        parts.append(Text(""))
        parts.append(Text("Sources", style="bold underline"))
        table = Table.grid(padding=(0, 1))
        table.add_column(style="dim", no_wrap=True)
        table.add_column(overflow="fold")
        for index, source in enumerate(sheet.sources, 1):
            entry = Text(reference(source))
            for extra in provenance(source):
                entry.append("\n" + extra, style="dim")
            table.add_row(Text(f"  [{index}]"), entry)
        parts.append(table)
    return Group(*parts)
