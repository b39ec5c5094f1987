"""Checks across records, once every file is read: ids, links, names, cycles, order of dates."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from aseanct.errors import FOLLOWS, Problem
from aseanct.model.dates import earliest_day, latest_day

if TYPE_CHECKING:
    from aseanct.schema.values import LinkRef, Path

PlainRecord = dict[str, Any]
Located = list[tuple[PlainRecord, tuple[str, "Path"]]]
"""Each record with where it is written: the file as shown, and its path inside it."""
Found = Iterator[tuple[tuple[str | int, ...], str]]


def _problem(place: tuple[str, Path], sub: Path, message: str) -> Problem:
    from aseanct.schema.values import path_text

    path = (*place[1], *sub)
    return Problem(place[0], 0, path_text(path), message, where=path)


def across(records: Located, links: list[LinkRef], dropped: dict[str, str]) -> list[Problem]:
    """Every problem between records. A link to a record left out for a problem of its own
    (`dropped`: id -> FILE:LINE) is reported as following from it (sorted after every cause)."""
    problems: list[Problem] = []
    by_id: dict[str, PlainRecord] = {}
    for plain, place in records:
        first = by_id.setdefault(plain["id"], plain)
        if first is not plain:
            message = f"duplicate id {plain['id']!r} (first at {first['origin']})"
            problems.append(_problem(place, ("id",), message))
    problems += _check_links(links, by_id, dropped)
    problems += _check_names(records, by_id)
    problems += _check_cycles(records, by_id)
    today = datetime.date.today()
    for plain, place in records:
        problems += [_problem(place, sub, message) for sub, message in dated(plain, by_id, today)]
    return problems


def _check_links(
    links: list[LinkRef], by_id: dict[str, PlainRecord], dropped: dict[str, str]
) -> list[Problem]:
    problems = []
    for link in links:
        target = by_id.get(link.target)
        if target is None and link.target in dropped:
            why = dropped[link.target]
            message = f"{FOLLOWS}{link.target!r} is left out for its own problem ({why})"
        elif target is None:
            message = f"unknown id {link.target!r}"
        elif target["type"] not in link.types:
            message = f"{link.target!r} is a {target['type']}, expected a {' or '.join(link.types)}"
        else:
            continue
        problems.append(_problem((link.file, link.path), (), message))
    return problems


def _check_names(records: Located, by_id: dict[str, PlainRecord]) -> list[Problem]:
    """An id may not be another record's acronym or alias."""
    from aseanct.lean.terms import normalize_term

    problems = []
    for plain, place in records:
        names = [*plain.get("acronyms", []), *(a["name"] for a in plain.get("aliases", []))]
        for name in names:
            other = by_id.get(normalize_term(name))
            if other is not None and other["id"] != plain["id"]:
                message = f"{name!r} is also the id of {other['id']!r}: ids must be unambiguous"
                problems.append(_problem(place, (), message))
    return problems


def _check_cycles(records: Located, by_id: dict[str, PlainRecord]) -> list[Problem]:
    """No record may be its own ancestor through parent, predecessor or part_of."""
    problems = []
    for field in ("parent", "predecessor", "part_of"):
        reported: set[str] = set()
        for plain, place in records:
            chain = [plain["id"]]
            current = plain
            while isinstance(current.get(field), dict):
                next_id = current[field]["id"]
                if next_id == plain["id"]:
                    if not reported & set(chain):
                        cycle = " -> ".join([*chain, next_id])
                        problems.append(_problem(place, (field,), f"cycle: {cycle}"))
                    reported.update(chain)
                    break
                if next_id in chain or next_id not in by_id:
                    break
                chain.append(next_id)
                current = by_id[next_id]
    return problems


DATE_KEYS = ("date", "last_day", "start_date", "end_date", "since", "accessed", "as_of", "year")
"""Keys whose text values are dates, wherever they appear in a record."""

EVENT_RELATIONS_WITHOUT_CHRONOLOGY = ("prepares", "led-to")
"""An event linked by these may come before the body it names was set up."""

YEAR = datetime.timedelta(days=366)


def dated(plain: PlainRecord, by_id: dict[str, PlainRecord], today: datetime.date) -> Found:
    """Every date of one record out of order, as (path inside the record, message)."""
    yield from _future(plain, today)
    yield from _succession(plain, by_id)
    of_type = _BY_TYPE.get(plain["type"])
    if of_type is not None:
        yield from of_type(plain, by_id)


def _date(value: Any) -> str:
    return value.get("date", "") if isinstance(value, dict) else ""


def _before(first: str, second: str) -> bool:
    """Is `first` before `second` by every day either partial date can mean?"""
    return bool(first and second) and latest_day(first) < earliest_day(second)


def _dates(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[Any, str, bool]]:
    """Every (path, date, planned) in a plain value; planned by its mapping's `planned: true`."""
    if isinstance(value, dict):
        planned = value.get("planned") is True
        for key, inner in value.items():
            if key in DATE_KEYS and isinstance(inner, str):
                yield (*path, key), inner, planned
            elif isinstance(inner, (dict, list)):
                yield from _dates(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from _dates(inner, (*path, index))


def _future(plain: PlainRecord, today: datetime.date) -> Found:
    for path, date, planned in _dates(plain, ()):
        if not planned and earliest_day(date) > today:
            message = (
                f"{date} is in the future (today is {today.isoformat()}); "
                "mark it `planned: true` if it is a plan"
            )
            yield path, message


def _succession(plain: PlainRecord, by_id: dict[str, PlainRecord]) -> Found:
    """A successor starts no earlier than its predecessor, which ends within a year or says why."""
    pairs: list[tuple[tuple[str | int, ...], dict[str, Any]]] = []
    if isinstance(plain.get("predecessor"), dict):
        pairs.append((("predecessor",), plain["predecessor"]))
    for index, link in enumerate(plain.get("related", [])):
        if link.get("relation") in ("succeeds", "follows"):
            pairs.append((("related", index), link))
    start = _date(plain.get("start_date"))
    for path, link in pairs:
        before = by_id.get(link["id"])
        if before is None or not start:
            continue
        before_start, before_end = _date(before.get("start_date")), _date(before.get("end_date"))
        if _before(start, before_start):
            message = (
                f"it starts ({start}) before {before['id']!r}, which it follows, starts "
                f"({before_start})"
            )
            yield path, message
        late = before_end and earliest_day(before_end) > latest_day(start) + YEAR
        if late and not link.get("note"):
            message = (
                f"{before['id']!r}, which it follows, ends ({before_end}) more than a year "
                f"after it starts ({start}); say why in a note on this link"
            )
            yield path, message


def _event_before_body(event: PlainRecord, by_id: dict[str, PlainRecord]) -> Found:
    for index, link in enumerate(event.get("related", [])):
        body = by_id.get(link["id"])
        if link.get("relation") in EVENT_RELATIONS_WITHOUT_CHRONOLOGY or body is None:
            continue
        set_up = _date(body.get("established"))
        if body["type"] == "body" and _before(event["date"], set_up):
            message = (
                f"the event ({event['date']}) is dated before {body['id']!r} was set up "
                f"({set_up}); link it as `prepares` if it led to the setting up"
            )
            yield ("related", index), message


def _phases_in_span(programme: PlainRecord, by_id: dict[str, PlainRecord]) -> Found:
    start, end = _date(programme.get("start_date")), _date(programme.get("end_date"))
    for index, phase in enumerate(programme.get("phases", [])):
        if _before(phase["start_date"], start):
            message = f"the phase starts ({phase['start_date']}) before the programme ({start})"
            yield ("phases", index, "start_date"), message
        if _before(end, phase["end_date"]):
            message = f"the phase ends ({phase['end_date']}) after the programme ({end})"
            yield ("phases", index, "end_date"), message


def _treaty_rules(term: PlainRecord, by_id: dict[str, PlainRecord]) -> Found:
    """A party's entry into force that its deposit and the instrument's rule contradict."""
    if not term.get("parties"):
        return
    from aseanct.model.records import Term
    from aseanct.model.shapes import build
    from aseanct.treaties import rule_problems

    instrument = build(Term, term)
    for index, party in enumerate(instrument.parties):
        problem = rule_problems(instrument, party)
        if problem:
            yield ("parties", index, "in_force"), problem


def _law_dates(law: PlainRecord, by_id: dict[str, PlainRecord]) -> Found:
    """An amending law made before the law it amends; a law in force before it was made."""
    enacted = _date(law.get("enacted"))
    for index, commencement in enumerate(law.get("in_force", ())):
        if _before(commencement["date"], enacted):
            when = commencement["date"]
            message = f"it comes into force ({when}) before it was enacted ({enacted})"
            yield ("in_force", index, "date"), message
    made = enacted or min((c["date"] for c in law.get("in_force", ())), default="")
    for index, link in enumerate(law.get("amends", ())):
        amended = _date(by_id.get(link["id"], {}).get("enacted"))
        if _before(made, amended):
            message = f"it amends {link['id']!r} ({amended}) but was made before it ({made})"
            yield ("amends", index), message


def _post_holders(post: PlainRecord, by_id: dict[str, PlainRecord]) -> Found:
    """Holders' terms outside the post's life, ending before they start, or overlapping in a
    one-seat post."""
    established = _date(post.get("established"))
    terms = []
    for index, holder in enumerate(post.get("holders", ())):
        start, end = _date(holder.get("start_date")), _date(holder.get("end_date"))
        if _before(start, established):
            message = f"the term starts ({start}) before the post was created ({established})"
            yield ("holders", index, "start_date"), message
        if _before(end, start):
            message = f"the term ends ({end}) before it starts ({start})"
            yield ("holders", index, "end_date"), message
        if start:
            terms.append((index, start, end))
    if post.get("seats", 1) != 1:
        return
    for number, (index, start, end) in enumerate(terms):
        for other, other_start, other_end in terms[number + 1 :]:
            if _overlap(start, end, other_start, other_end):
                message = (
                    f"the post has one seat, and this term ({other_start}) certainly overlaps "
                    f"holder {index + 1}'s ({start} to {end or 'no end'})"
                )
                yield ("holders", other, "start_date"), message


def _overlap(start: str, end: str, other_start: str, other_end: str) -> bool:
    """Do two terms share a day however their partial dates are read? An open term runs on
    only until a later one starts."""
    first_begins, second_begins = latest_day(start), latest_day(other_start)
    if not end and not other_end:
        return False  # two open terms: the later start ended the earlier
    first_ends = earliest_day(end) if end else None
    second_ends = earliest_day(other_end) if other_end else None
    if first_ends is not None and second_begins < first_ends and first_begins < second_begins:
        return True
    return second_ends is not None and first_begins < second_ends and second_begins < first_begins


_BY_TYPE: dict[str, Callable[[PlainRecord, dict[str, PlainRecord]], Found]] = {
    "event": _event_before_body,
    "programme": _phases_in_span,
    "term": _treaty_rules,
    "law": _law_dates,
    "post": _post_holders,
}
