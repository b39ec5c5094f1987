"""Fact-sheet lines of the records read field by field: laws, posts, ratings, documents, cases."""

from __future__ import annotations

import datetime
from typing import Any

from aseanct.model.derive import (
    holders_on,
    last_known_before,
    law_status,
    term_of,
)
from aseanct.model.records import Assessment, Entity, Law, Post, Record
from aseanct.model.registry import Registry
from aseanct.model.shapes import shape_of
from aseanct.model.statements import Fact, Holder, Link, Location, RecordId, SourcedDate, Title
from aseanct.relations import RELATIONS
from aseanct.render.sheet.lines import Draft, Line, Section, dated, label, link_line, short

LABELS = {
    "of": "post of",
    "in_force": "in force",
    "creates": "sets up",
    "series": "in",
    "published": "published",
}
"""Field name -> its label on a sheet (else the name, its underscores spaces)."""

OWN_WORDS = ("holders", "titles", "in_force", "rating", "defines", "findings")
"""Fields shown by the functions below, not field by field."""


def kind_lines(draft: Draft, record: Record) -> None:
    """The lines and sections of a law, post, rating, document or case."""
    registry, lines = draft.registry, draft.lines
    common = {s.name for s in shape_of(Entity)}
    for field_shape in shape_of(type(record)):
        name = field_shape.name
        value = getattr(record, name)
        if name in common or name in OWN_WORDS or value in (None, (), ""):
            continue
        caption = LABELS.get(name, name.replace("_", " "))
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, Link):
                own = not field_shape.relation  # each link names its relation: read it so
                phrase = RELATIONS[item.relation].forward if own else caption
                lines.append(link_line(registry, item, phrase))
            elif name != "seats" or item != 1:
                sources = getattr(record, "sources", ()) if name == "year" else ()
                lines.append(_value_line(caption, item, sources))
    if isinstance(record, Law):
        _law(record, lines, draft.as_of)
    if isinstance(record, Post):
        _post(draft, record)
    if isinstance(record, Assessment):
        rating, publisher = record.rating, short(registry, record.series.id)
        text = f"{rating.text}: the {publisher}'s assessment for {record.year}"
        lines.append(Line("rating", text, rating.sources, rating.note))
    for name, title in (("defines", "Defines"), ("findings", "Findings")):
        facts = [Line(f.date, f.text, f.sources, f.note) for f in getattr(record, name, ())]
        draft.sections.append(Section(title, facts))


def _value_line(caption: str, item: Any, sources: tuple[RecordId, ...]) -> Line:
    if isinstance(item, SourcedDate):
        return Line(caption, dated(item), item.sources, item.note)
    if isinstance(item, Fact):
        text = item.text + (f" ({item.date})" if item.date else "")
        return Line(caption, text, item.sources, item.note)
    if isinstance(item, Location):
        return Line(caption, item.url, item.sources, item.note)
    return Line(caption, str(item), sources)


def _law(law: Law, lines: list[Line], as_of: datetime.date) -> None:
    for commencement in law.in_force:
        text = commencement.date + (f": {commencement.part}" if commencement.part else "")
        lines.append(Line("in force", text, commencement.sources, commencement.note))
    lines.append(Line("status", f"{law_status(law, as_of)} (as of {as_of.isoformat()})"))


def _post(draft: Draft, post: Post) -> None:
    registry, lines, as_of = draft.registry, draft.lines, draft.as_of
    lines.extend(Line("title", _title(t), t.sources, t.note) for t in post.titles)
    holding = holders_on(post, as_of)
    when = as_of.isoformat()
    if holding:
        names = ", ".join(_holder(registry, h) for h in holding)
        lines.append(
            Line("held by", f"{names} (on {when})", tuple(s for h in holding for s in h.sources))
        )
    else:
        last = last_known_before(post, as_of)
        text = f"not known for {when}"
        if last is not None:
            text += (
                f"; the last holder found before it: {_holder(registry, last)} ({term_of(last)})"
            )
        lines.append(Line("held by", text, last.sources if last is not None else ()))
    entries = []
    for h in post.holders:
        text = _holder(registry, h) + (f" ({term_of(h)})" if term_of(h) else "")
        entries.append(Line("", text, h.sources, h.note, h.ref))
    draft.sections.append(Section(f"Holders ({len(entries)})", entries))


def _title(title: Title) -> str:
    start = title.start_date.date if title.start_date else "?"
    end = title.end_date.date if title.end_date else ""
    return f"{title.name} ({start} to {end})" if end else f"{title.name} (from {start})"


def _holder(registry: Registry, holder: Holder) -> str:
    return holder.name or (label(registry, holder.ref) if holder.ref else "?")


def as_of_json(record: Record, as_of: datetime.date) -> dict[str, Any]:
    """What `show -f json` adds about the day it is read as of."""
    out: dict[str, Any] = {"as_of": as_of.isoformat()}
    if isinstance(record, Post):
        out["holders_on_day"] = [_holder_json(h) for h in holders_on(record, as_of)]
        last = last_known_before(record, as_of)
        out["last_known_holder"] = (
            _holder_json(last) if last and not out["holders_on_day"] else None
        )
    if isinstance(record, Law):
        out["status_on_day"] = law_status(record, as_of)
    return out


def _holder_json(h: Holder) -> dict[str, Any]:
    return {"name": h.name or None, "id": h.ref, "term": term_of(h), "sources": list(h.sources)}
