"""Dates that must agree within one record: a treaty party's entry into force and the
instrument's rule, a law's amendments and its enactment, a post's holders and its life.

Partial dates are compared by every day they can mean: only an order no reading allows is
refused."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aseanct.model.dates import earliest_day, latest_day

Found = Iterator[tuple[tuple[str | int, ...], str]]


def _date(value: Any) -> str:
    return value.get("date", "") if isinstance(value, dict) else ""


def treaty_rules(term: dict[str, Any]) -> Found:
    """A party's stated entry into force that its deposit and the instrument's rule
    contradict, unless a note on the entry into force says why."""
    if not term.get("parties"):
        return
    from aseanct.loader import build_record
    from aseanct.treaties import rule_problems

    instrument = build_record(term)
    for index, party in enumerate(instrument.parties):  # type: ignore[attr-defined]
        problem = rule_problems(instrument, party)  # type: ignore[arg-type]
        if problem:
            yield ("parties", index, "in_force"), problem


def law_dates(law: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> Found:
    """An amending law made before the law it amends; a law in force before it was made."""
    enacted = _date(law.get("enacted"))
    for index, commencement in enumerate(law.get("in_force", ())):
        if enacted and latest_day(commencement["date"]) < earliest_day(enacted):
            yield (
                ("in_force", index, "date"),
                (f"it comes into force ({commencement['date']}) before it was enacted ({enacted})"),
            )
    for index, link in enumerate(law.get("amends", ())):
        target = by_id.get(link["id"])
        made = enacted or _first_in_force(law)
        amended = _date(target.get("enacted")) if target else ""
        if made and amended and latest_day(made) < earliest_day(amended):
            yield (
                ("amends", index),
                (f"it amends {link['id']!r} ({amended}) but was made before it ({made})"),
            )


def _first_in_force(law: dict[str, Any]) -> str:
    dates = [c["date"] for c in law.get("in_force", ())]
    return min(dates) if dates else ""


def post_holders(post: dict[str, Any]) -> Found:
    """A holder's term outside the post's life, a term that ends before it starts, and (for a
    post one person holds at a time) two holders whose terms certainly overlap."""
    established = _date(post.get("established"))
    terms = []
    for index, holder in enumerate(post.get("holders", ())):
        start, end = _date(holder.get("start_date")), _date(holder.get("end_date"))
        if start and established and latest_day(start) < earliest_day(established):
            yield (
                ("holders", index, "start_date"),
                (f"the term starts ({start}) before the post was created ({established})"),
            )
        if start and end and latest_day(end) < earliest_day(start):
            yield (
                ("holders", index, "end_date"),
                f"the term ends ({end}) before it starts ({start})",
            )
        if start:
            terms.append((index, start, end))
    if post.get("seats", 1) != 1:
        return
    for number, (index, start, end) in enumerate(terms):
        for other, other_start, other_end in terms[number + 1 :]:
            if _overlap(start, end, other_start, other_end):
                yield (
                    ("holders", other, "start_date"),
                    (
                        f"the post has one seat, and this term ({other_start}) certainly overlaps "
                        f"holder {index + 1}'s ({start} to {end or 'no end'})"
                    ),
                )


def _overlap(start: str, end: str, other_start: str, other_end: str) -> bool:
    """Do two terms share a day however their partial dates are read? An open term is
    taken to run on only when the other starts after its start."""
    first_begins, second_begins = latest_day(start), latest_day(other_start)
    if not end and not other_end:
        return False  # two open terms: the later start ended the earlier
    first_ends = earliest_day(end) if end else None
    second_ends = earliest_day(other_end) if other_end else None
    if first_ends is not None and second_begins < first_ends and first_begins < second_begins:
        return True
    return second_ends is not None and first_begins < second_ends and second_begins < first_begins
