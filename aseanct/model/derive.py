"""Values derived from records, each derived here and nowhere else: spans, years, the place in
the hierarchy, a programme's status on a day."""

from __future__ import annotations

import datetime
from typing import Any

from aseanct.lean.terms import normalize_term
from aseanct.model.dates import earliest_day, latest_day, year_or_none
from aseanct.model.records import (
    Assessment,
    Body,
    Case,
    Document,
    Event,
    Law,
    Post,
    Programme,
    Record,
    Source,
    Term,
)
from aseanct.model.shapes import FieldShape, Names, shape_of
from aseanct.model.statements import Holder, Link, RecordId


def _date(value: Any) -> str:
    return value.date if value is not None else ""


def span(record: Record) -> tuple[str, str]:
    """A record's (start, end) as partial dates, "" when unknown or not applicable: a body's
    or a post's establishment, a programme's or term's run (an instrument's from its first
    dated treaty action, else its entry into force), an event's first and last day, a law's
    making and repeal, a case's start and end, a document's publication, a rating's release."""
    if isinstance(record, Body | Post):
        return (_date(record.established), "")
    if isinstance(record, Law):
        first = min((c.date for c in record.in_force), default="")
        return (_date(record.enacted) or first, _date(record.repealed))
    if isinstance(record, Case):
        return (_date(record.start_date), _date(record.end_date))
    if isinstance(record, Document):
        return (_date(record.published), "")
    if isinstance(record, Assessment):
        return (rating_year(record), "")
    if isinstance(record, Term) and record.start_date is None:
        # an instrument was there by its first signature (else its entry into force)
        steps = [a.date for p in record.parties for a in p.actions if a.date]
        first = min(steps, key=earliest_day, default="") or _date(record.in_force)
        return (first, _date(record.end_date))
    if isinstance(record, Programme | Term):
        return (_date(record.start_date), _date(record.end_date))
    if isinstance(record, Event):
        return (record.date, record.last_day)
    return ("", "")


def years(record: Record) -> tuple[int | None, int | None]:
    """The first and last year of a record's span (None when unknown): an event's last year
    is that of its last day, else of its first."""
    start, end = span(record)
    if isinstance(record, Event) and not end:
        end = start
    return year_or_none(start), year_or_none(end)


def exists_on(record: Record, day: datetime.date) -> bool:
    """Had the record come into being by `day`? A body once set up, a programme or plan once
    started, an event once it began; a record with no known start is taken to have been
    there. A partial date counts from the first day it can mean (a body set up "in 2004"
    exists on 1 March 2004)."""
    start = span(record)[0]
    return not start or happened_by(start, day)


def tree_link(record: Record) -> Link | None:
    """Where a record hangs in the hierarchy: a body under its parent, else its pillar, else
    its country; nothing else hangs under anything."""
    if isinstance(record, Body):
        return record.parent or record.pillar or record.country
    return None


def tree_parent(record: Record) -> RecordId | None:
    """The id of the record it hangs under (tree_link)."""
    link = tree_link(record)
    return link.id if link is not None else None


def tree_relation(record: Record) -> str:
    """The relation of a record to its tree_parent ("" for a root)."""
    link = tree_link(record)
    return link.relation if link is not None else ""


def programme_status(programme: Programme, as_of: datetime.date) -> str:
    """Where a programme stands on `as_of`, to the precision of its dates: upcoming only if
    even the earliest day its start can mean is after it, ended only if even the latest day its
    end can mean is before it (a programme that "ends in 2028" runs on 2028-03-01)."""
    if programme.start_date is None and programme.end_date is None:
        return "dates unknown"
    if programme.start_date is not None and earliest_day(programme.start_date.date) > as_of:
        return "upcoming"
    if programme.end_date is not None and latest_day(programme.end_date.date) < as_of:
        return "ended"
    if programme.end_date is None:
        return "end unknown"
    return "ongoing"


def scope(names: Names, record: Record) -> str:
    """What tells a record apart from others with its acronym: its parent, else its country
    (by acronym, else name, else id), else its kind (`under SOMTC`, `in Cambodia`)."""
    for name, wording in (("parent", "under"), ("country", "in")):
        link = getattr(record, name, None)
        if link is not None:
            named = names(link.id)
            return f"{wording} {(named[0] or named[1]) if named is not None else link.id}"
    return record.kind


def record_keys(record: Record) -> list[tuple[str, str, str]]:
    """Every lookup key of a record: (normalised key, how it matched, the form shown)."""
    keys = [(normalize_term(a), "acronym", a) for a in record.acronyms]
    keys.append((normalize_term(record.id), "id", record.id))
    keys += [(normalize_term(a.name), "alias", a.name) for a in getattr(record, "aliases", ())]
    keys.append((normalize_term(record.name), "name", record.name))
    return keys


_UNSEARCHED = frozenset({"date", "period", "url", "currency", "relation", "slug"})
"""Checks of values that are not words: dates, addresses, codes."""


def searchable_text(record: Record) -> list[tuple[str, str]]:
    """(field, text) pairs a search looks through, in order of weight: the name, aliases,
    description, facts, kind and note, then every other text the record holds (a legal
    basis, a chair, a link's wording or note, a law's number, a holder's name)."""
    parts = [("name", record.name)]
    parts += [("alias", a.name) for a in getattr(record, "aliases", ())]
    parts.append(("description", record.description))
    parts += [("fact", f.text) for f in getattr(record, "facts", ())]
    parts.append(("kind", record.kind))
    if record.note:
        parts.append(("note", record.note))
    done = {"id", "name", "aliases", "description", "facts", "kind", "note", "acronyms", "origin"}
    for field_shape in shape_of(type(record)):
        if field_shape.name not in done:
            parts += [
                (field_shape.name, t)
                for t in _texts(field_shape, getattr(record, field_shape.name))
            ]
    return [(field, text) for field, text in parts if text]


def _texts(field_shape: FieldShape, value: Any) -> list[str]:
    """Every text inside a field's value (links' ids, sources and dates left out)."""
    if (
        value is None
        or field_shape.check in _UNSEARCHED
        or field_shape.kind in ("id", "ids", "sources", "flag", "int")
    ):
        return []
    if field_shape.kind == "text":
        return [value]
    if field_shape.kind == "texts":
        return list(value)
    found: list[str] = []
    for item in value if field_shape.kind == "models" else (value,):
        for inner in shape_of(type(item)):
            if not (inner.name == "id" and inner.kind == "text"):
                found += _texts(inner, getattr(item, inner.name))
    return found


def reference(source: Source) -> str:
    """A source as one paste-ready reference line: `Authors. Title. Publisher, date. URL.
    Accessed YYYY-MM-DD.` An untitled document's description is in [brackets]; the seed file
    and the copy it was read on are not part of the reference (see `provenance`)."""
    title = f"[{source.name}]" if source.descriptive_title else source.name
    parts = [f"{'; '.join(source.authors)}." if source.authors else ""]
    parts.append(title if title.endswith((".", "?", "!")) else title + ".")
    parts.append(", ".join(p for p in (source.publisher, source.date or "undated") if p) + ".")
    if source.url:
        parts.append(source.url + ".")
    parts.append(f"Accessed {source.accessed}.")
    return " ".join(p for p in parts if p)


def provenance(source: Source) -> list[tuple[str, str]]:
    """What stands beside a source's reference, as (label, value): how the curators read it
    when not at its address (the seed file, the copy) and where an archived copy is."""
    shown = (("seed file", source.file), ("read on a copy", source.via))
    return [
        (label, value) for label, value in (*shown, ("archived copy", source.archived)) if value
    ]


def happened_by(date: str, day: datetime.date) -> bool:
    """Had something dated `date` happened by `day` (reading a partial date at its first day)?"""
    return bool(date) and earliest_day(date) <= day


def _first(holder: Holder) -> str:
    """The earliest day a source ties a holder to the post: its start, the announcement, or
    the first day it is seen in office."""
    dates = [d.date for d in (holder.start_date, holder.announced, *holder.seen) if d is not None]
    return min(dates, key=earliest_day) if dates else ""


def holders_on(post: Post, day: datetime.date) -> list[Holder]:
    """Who certainly held a post on a day: a holder whose start is by then and whose term had
    not ended (its end after the day, or, with no end, every holder listed after it known to
    have come later), or whom a source saw in the post that very day. Holders are listed in
    the order they held the post."""
    found = []
    for index, holder in enumerate(post.holders):
        if any(seen.date == day.isoformat() for seen in holder.seen):
            found.append(holder)
            continue
        if holder.start_date is None or not happened_by(holder.start_date.date, day):
            continue
        if holder.end_date is not None:
            current = latest_day(holder.end_date.date) >= day
        else:
            later = post.holders[index + 1 :]
            current = all(_first(h) and earliest_day(_first(h)) > day for h in later)
        if current:
            found.append(holder)
    return found


def last_known_before(post: Post, day: datetime.date) -> Holder | None:
    """When no holder is certain on a day: the last holder listed whom a source ties to the
    post on or before it."""
    tied = [h for h in post.holders if _first(h) and earliest_day(_first(h)) <= day]
    return tied[-1] if tied else None


def term_of(holder: Holder) -> str:
    """`2003-07 to 2009`, `from 2024-12-02`, `seen 2010-01-26, 2011-03-25`, or ""."""
    start = holder.start_date.date if holder.start_date else ""
    end = holder.end_date.date if holder.end_date else ""
    if start or end:
        return f"{start or '?'} to {end}" if end else f"from {start}"
    seen = ", ".join(s.date for s in holder.seen)
    if holder.announced is not None:
        return f"appointment announced {holder.announced.date}" + (f"; seen {seen}" if seen else "")
    return f"seen {seen}" if seen else ""


def law_status(law: Law, day: datetime.date) -> str:
    """Where a law stood on a day, to the precision of its dates: `not yet made`, `made, not
    yet in force`, `in force`, `in force in part`, `repealed`, or `made (date of coming into
    force not found)`."""
    made = law.enacted.date if law.enacted else ""
    started = [c for c in law.in_force if happened_by(c.date, day)]
    if law.repealed is not None and happened_by(law.repealed.date, day):
        return "repealed"
    if made and not happened_by(made, day) and not started:
        return "not yet made"
    if started:
        whole = any(not c.part for c in started) or len(started) == len(law.in_force)
        return "in force" if whole else "in force in part"
    if law.in_force:
        return "made, not yet in force"
    return "made (date of coming into force not found)" if made else "dates not found"


def rating_year(assessment: Assessment) -> str:
    """The day a rating counts from: its report's release, else its year."""
    return assessment.published.date if assessment.published else assessment.year
