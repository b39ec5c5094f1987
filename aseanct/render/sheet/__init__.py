"""`show`: a record as a fact sheet, each statement with its own numbered sources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from aseanct.hierarchy import ancestors
from aseanct.model.derive import reference, tree_link
from aseanct.model.records import Body, Country, Entity, Event, Programme, Record, Source, Term
from aseanct.model.registry import Registry
from aseanct.model.statements import Link, Member, RecordId
from aseanct.relations import RELATIONS
from aseanct.render.sheet.kinds import kind_lines
from aseanct.render.sheet.layout import render_rich, render_text
from aseanct.render.sheet.lines import Draft, Line, Section, Sheet, dated, label, link_line
from aseanct.render.sheet.programme import country_lines, programme_lines

if TYPE_CHECKING:
    import datetime

__all__ = ["Sheet", "build_sheet", "render_rich", "render_text"]

SOURCE_LINES = (
    "authors", "publisher", "url", "via", "archived", "file", "date", "accessed", "language"
)  # fmt: skip
"""The lines of a source's own sheet, in order, each shown when it has a value."""

SHOWN_ELSEWHERE = frozenset({"has-member", "has-party", "works-in"})
"""Relations whose backlinks a sheet shows in their own place (member of, party to, a
country's programmes), not again under Related."""


def build_sheet(registry: Registry, record: Record, as_of: datetime.date) -> Sheet:
    """The fact sheet of any record; a section with no lines is left out."""
    identity = record.sources if isinstance(record, Entity) else ()
    lines = _identity(record, identity)
    draft = Draft(registry, as_of, lines, [Section("", lines)])
    _of_type(draft, record)
    for back in registry.backlinks_of(record.id):
        if back.field == "members" and isinstance(back.link, Member):
            lines.append(_member_line(registry, back.link, "member of", back.record.id))
    if isinstance(record, Country):
        country_lines(draft, record)
    if record.description:
        lines.append(Line("about", record.description, identity))
    if record.note:
        lines.append(Line("note", record.note, identity))
    _around(draft, record)
    sections = [section for section in draft.sections if section.lines]
    cited = dict.fromkeys(s for section in sections for line in section.lines for s in line.sources)
    sources = [s for s in (registry.by_id.get(i) for i in cited) if isinstance(s, Source)]
    return Sheet(record.heading, sections, sources)


def _identity(record: Record, identity: tuple[RecordId, ...]) -> list[Line]:
    lines = [Line("id", record.id), Line("type", f"{record.type} ({record.kind})", identity)]
    if record.acronyms:
        lines.append(Line("acronyms", ", ".join(record.acronyms), identity))
    if isinstance(record, Entity):
        lines += [Line("also", a.name, a.sources, a.note, lang=a.lang) for a in record.aliases]
        lines += [
            Line("elsewhere", f"{c.acronym} stands for {c.meaning}", c.sources, c.note)
            for c in record.collisions
        ]
    return lines


def _of_type(draft: Draft, record: Record) -> None:
    lines = draft.lines
    if isinstance(record, Body):
        _body(draft, record)
    elif isinstance(record, Programme):
        programme_lines(draft, record)
    elif isinstance(record, Term):
        from aseanct.render.sheet.treaty import term_lines  # treaty law: only for its records

        term_lines(draft, record)
    elif isinstance(record, Event):
        when = f"{record.date} to {record.last_day}" if record.last_day else record.date
        lines.append(Line("date", when + (" (planned)" if record.planned else ""), record.sources))
        if record.place:
            lines.append(Line("place", record.place, record.sources))
    elif isinstance(record, Source):
        if record.descriptive_title:
            lines.append(Line("title", "descriptive: the document has no title of its own"))
        for name in SOURCE_LINES:
            value = getattr(record, name)
            if value:
                lines.append(Line(name, "; ".join(value) if isinstance(value, tuple) else value))
        lines.append(Line("reference", reference(record)))
    elif not isinstance(record, Country):  # a law, post, rating, document or case
        kind_lines(draft, record)


def _around(draft: Draft, record: Record) -> None:
    registry, sections, shown = draft.registry, draft.sections, draft.shown
    facts = record.facts if isinstance(record, Entity) else ()
    sections.append(Section("Facts", [Line(f.date, f.text, f.sources, f.note) for f in facts]))
    children = [c for c in registry.children_of(record.id) if c.id not in shown]
    under = [
        Line("", label(registry, c.id), getattr(tree_link(c), "sources", ()), "", c.id)
        for c in children
    ]
    sections.append(Section("Under it", under))
    shown.update(c.id for c in children)
    sections.append(Section("Related", _related(registry, record, shown)))
    events = [
        Line(e.date, e.name + (f", {e.place}" if e.place else ""), e.sources, e.note, e.id)
        for e in registry.events_of(record.id)
    ]
    sections.append(Section("Events", events))


def _related(registry: Registry, record: Record, shown: set[str]) -> list[Line]:
    """Links the record makes (forward phrases), then links made to it (reverse phrases)."""
    own = record.related if isinstance(record, Entity) else ()
    lines = [link_line(registry, link, RELATIONS[link.relation].forward) for link in own]
    seen = {link.id for link in own} | shown
    for back in registry.backlinks_of(record.id):
        if back.record.type == "event" or back.relation in SHOWN_ELSEWHERE:
            continue  # events have their own section; the others have their own lines
        if back.record.id in seen:
            continue  # one line per record: the first link it makes here says enough
        seen.add(back.record.id)
        link = back.link
        sources = getattr(link, "sources", ())
        note = link.note if isinstance(link, Link) else ""
        text = label(registry, back.record.id)
        if isinstance(link, Link) and link.text:
            text += f": {link.text}"
        lines.append(Line(RELATIONS[back.relation].reverse, text, sources, note, back.record.id))
    return lines


def _body(draft: Draft, record: Body) -> None:
    registry, lines = draft.registry, draft.lines
    if record.pillar is not None:
        lines.append(link_line(registry, record.pillar, "pillar"))
    if record.parent is not None:
        lines.append(link_line(registry, record.parent, RELATIONS[record.parent.relation].forward))
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
    members = [_member_line(registry, m, "", m.id) for m in record.members]
    draft.sections.append(Section(f"Members ({len(members)})", members))


def _member_line(registry: Registry, member: Member, caption: str, record_id: RecordId) -> Line:
    """`ASEAN (chair, since 1999-04-30)`: a membership, seen from the body or the member."""
    details = [member.role] if member.role else []
    if member.since:
        details.append(f"since {member.since}")
    text = label(registry, record_id) + (f" ({', '.join(details)})" if details else "")
    return Line(caption, text, member.sources, member.note, record_id)
