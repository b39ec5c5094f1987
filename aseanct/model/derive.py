"""Values derived from records, each derived here and nowhere else."""

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
    """A record's (start, end) as partial dates, "" when unknown or not applicable."""
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
        steps = [a.date for p in record.parties for a in p.actions if a.date]
        first = min(steps, key=earliest_day, default="") or _date(record.in_force)
        return (first, _date(record.end_date))
    if isinstance(record, Programme | Term):
        return (_date(record.start_date), _date(record.end_date))
    if isinstance(record, Event):
        return (record.date, record.last_day)
    return ("", "")


def years(record: Record) -> tuple[int | None, int | None]:
    """The first and last year of a record's span (None if unknown; a one-day event's are equal)."""
    start, end = span(record)
    if isinstance(record, Event) and not end:
        end = start
    return year_or_none(start), year_or_none(end)


def exists_on(record: Record, day: datetime.date) -> bool:
    """Had the record started by `day`? A record with no known start is taken to have been there."""
    start = span(record)[0]
    return not start or happened_by(start, day)


def tree_link(record: Record) -> Link | None:
    """Where a body hangs in the hierarchy: its parent, else its pillar, else its country."""
    if isinstance(record, Body):
        return record.parent or record.pillar or record.country
    return None


def tree_parent(record: Record) -> RecordId | None:
    link = tree_link(record)
    return link.id if link is not None else None


def tree_relation(record: Record) -> str:
    link = tree_link(record)
    return link.relation if link is not None else ""


def programme_status(programme: Programme, as_of: datetime.date) -> str:
    """Where a programme stands on `as_of`: upcoming or ended only when every day its dates
    can mean says so (a programme that "ends in 2028" runs on 2028-03-01)."""
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
    """What tells a record apart from others with its acronym: `under SOMTC`, `in Cambodia`."""
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


def searchable_text(record: Record) -> list[tuple[str, str]]:
    """(field, text) pairs a search looks through, in order of weight, then every other text."""
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
    """A source as one line: `Authors. Title. Publisher, date. URL. Accessed YYYY-MM-DD.`"""
    title = f"[{source.name}]" if source.descriptive_title else source.name
    parts = [f"{'; '.join(source.authors)}." if source.authors else ""]
    parts.append(title if title.endswith((".", "?", "!")) else title + ".")
    parts.append(", ".join(p for p in (source.publisher, source.date or "undated") if p) + ".")
    if source.url:
        parts.append(source.url + ".")
    parts.append(f"Accessed {source.accessed}.")
    return " ".join(p for p in parts if p)


def provenance(source: Source) -> list[tuple[str, str]]:
    """What stands beside a source's reference, as (label, value): the seed file, copy, archive."""
    shown = (("seed file", source.file), ("read on a copy", source.via))
    return [
        (label, value) for label, value in (*shown, ("archived copy", source.archived)) if value
    ]


def happened_by(date: str, day: datetime.date) -> bool:
    """Had something dated `date` happened by `day` (reading a partial date at its first day)?"""
    return bool(date) and earliest_day(date) <= day


def _first(holder: Holder) -> str:
    """The earliest date a source ties a holder to the post."""
    dates = [d.date for d in (holder.start_date, holder.announced, *holder.seen) if d is not None]
    return min(dates, key=earliest_day) if dates else ""


def holders_on(post: Post, day: datetime.date) -> list[Holder]:
    """Who certainly held a post on a day; a term with no end runs until a later holder's."""
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
    """The last holder a source ties to the post on or before `day`."""
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
    """Where a law stood on a day, to the precision of its dates."""
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
