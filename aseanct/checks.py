"""Checks across records, once every file is read: ids, links, names, cycles and chronology.

Each problem is located as FILE:LINE and a path inside the record. The loader calls `locate`
on every record it reads (to remember where each value is written) and `across` once all are
read; `forget_locations` drops what `locate` kept before the records are cached.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from aseanct.errors import FOLLOWS, Problem
from aseanct.model import earliest_day, latest_day

if TYPE_CHECKING:
    from aseanct.chronology import Found
    from aseanct.schema.values import LinkRef, Path

PlainRecord = dict[str, Any]

_FILE, _PATH = "_file", "_path"

DATE_KEYS = ("date", "last_day", "start_date", "end_date", "since", "accessed", "as_of", "year")
"""Keys whose text values are dates, wherever they appear in a record."""

EVENT_RELATIONS_WITHOUT_CHRONOLOGY = ("prepares", "led-to")
"""An event linked by these may come before the body it names was set up."""

YEAR = datetime.timedelta(days=366)


def locate(plain: PlainRecord, file: str, path: Path) -> None:
    """Remember where a record is written, for problems found across records."""
    plain[_FILE] = file
    plain[_PATH] = path


def forget_locations(records: list[PlainRecord]) -> None:
    """Drop what `locate` kept (it cannot be cached)."""
    for plain in records:
        for key in (_FILE, _PATH):
            plain.pop(key, None)


def _problem(plain: PlainRecord, sub: Path, message: str) -> Problem:
    from aseanct.schema.values import path_text

    path = (*plain[_PATH], *sub)
    return Problem(plain[_FILE], 0, path_text(path), message, where=path)


def across(
    records: list[PlainRecord],
    links: list[LinkRef],
    today: datetime.date | None = None,
    dropped: dict[str, str] | None = None,
) -> list[Problem]:
    """Every problem between records: unique ids, links that resolve to the right type, ids
    that no other record uses as a name, no cycles, and dates in a possible order. A link to
    a record left out for a problem of its own (`dropped`: id -> FILE:LINE) is reported
    last, as following from that problem."""
    problems: list[Problem] = []
    by_id: dict[str, PlainRecord] = {}
    for plain in records:
        first = by_id.get(plain["id"])
        if first is not None:
            problems.append(
                _problem(
                    plain, ("id",), f"duplicate id {plain['id']!r} (first at {first['origin']})"
                )
            )
        else:
            by_id[plain["id"]] = plain
    following = _check_links(links, by_id, dropped or {})
    problems += [p for p in following if not p.message.startswith(FOLLOWS)]
    problems += _check_names(records, by_id)
    problems += _check_cycles(records, by_id)
    problems += chronology(records, by_id, today or datetime.date.today())
    return problems + [p for p in following if p.message.startswith(FOLLOWS)]


def _check_links(
    links: list[LinkRef], by_id: dict[str, PlainRecord], dropped: dict[str, str]
) -> list[Problem]:
    from aseanct.schema.values import path_text

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
        problems.append(Problem(link.file, 0, path_text(link.path), message, link.path))
    return problems


def _check_names(records: list[PlainRecord], by_id: dict[str, PlainRecord]) -> list[Problem]:
    """An id must name only its own record: it may not be another record's acronym or alias."""
    from aseanct.lean.terms import normalize_term

    problems = []
    for plain in records:
        names = [*plain.get("acronyms", []), *(a["name"] for a in plain.get("aliases", []))]
        for name in names:
            other = by_id.get(normalize_term(name))
            if other is not None and other["id"] != plain["id"]:
                message = f"{name!r} is also the id of {other['id']!r}: ids must be unambiguous"
                problems.append(_problem(plain, (), message))
    return problems


def _check_cycles(records: list[PlainRecord], by_id: dict[str, PlainRecord]) -> list[Problem]:
    """No record may be its own ancestor through parent, predecessor or part_of."""
    problems = []
    for field in ("parent", "predecessor", "part_of"):
        reported: set[str] = set()
        for plain in records:
            chain = [plain["id"]]
            current = plain
            while isinstance(current.get(field), dict):
                next_id = current[field]["id"]
                if next_id == plain["id"]:
                    if not reported & set(chain):
                        cycle = " -> ".join([*chain, next_id])
                        problems.append(_problem(plain, (field,), f"cycle: {cycle}"))
                    reported.update(chain)
                    break
                if next_id in chain or next_id not in by_id:
                    break
                chain.append(next_id)
                current = by_id[next_id]
    return problems


def chronology(
    records: list[PlainRecord], by_id: dict[str, PlainRecord], today: datetime.date
) -> list[Problem]:
    """Dates in a possible order: nothing in the future unless planned; no event before the
    body it concerns was set up; phases inside their programme; successors after their
    predecessors. Partial dates are compared by what they can mean: only an order that no
    reading of them allows is refused."""
    problems: list[Problem] = []
    for plain in records:
        found = itertools.chain(
            _future(plain, today),
            _event_before_body(plain, by_id) if plain["type"] == "event" else (),
            _phases_in_span(plain) if plain["type"] == "programme" else (),
            _succession(plain, by_id),
            _kind_dates(plain, by_id),
        )
        problems += [_problem(plain, path, message) for path, message in found]
    return problems


def _kind_dates(plain: PlainRecord, by_id: dict[str, PlainRecord]) -> Any:
    from aseanct import chronology

    if plain["type"] == "term":
        return chronology.treaty_rules({k: v for k, v in plain.items() if not k.startswith("_")})
    if plain["type"] == "law":
        return chronology.law_dates(plain, by_id)
    if plain["type"] == "post":
        return chronology.post_holders(plain)
    return ()


def _dates(value: Any, path: Path) -> Iterator[tuple[Path, str, bool]]:
    """Every (path, date, planned) in a plain value: a date is planned when the mapping that
    holds it says `planned: true`."""
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
    visible = {k: v for k, v in plain.items() if not k.startswith("_")}
    for path, date, planned in _dates(visible, ()):
        if not planned and earliest_day(date) > today:
            yield (
                path,
                (
                    f"{date} is in the future (today is {today.isoformat()}); "
                    "mark it `planned: true` if it is a plan"
                ),
            )


def _established(body: PlainRecord) -> str:
    established = body.get("established")
    return established["date"] if isinstance(established, dict) else ""


def _event_before_body(event: PlainRecord, by_id: dict[str, PlainRecord]) -> Found:
    for index, link in enumerate(event.get("related", [])):
        if link.get("relation") in EVENT_RELATIONS_WITHOUT_CHRONOLOGY:
            continue
        body = by_id.get(link["id"])
        if body is None or body["type"] != "body" or not _established(body):
            continue
        set_up = _established(body)
        if latest_day(event["date"]) < earliest_day(set_up):
            yield (
                ("related", index),
                (
                    f"the event ({event['date']}) is dated before {body['id']!r} was set up "
                    f"({set_up}); link it as `prepares` if it led to the setting up"
                ),
            )


def _phases_in_span(programme: PlainRecord) -> Found:
    start, end = _span_of(programme)
    for index, phase in enumerate(programme.get("phases", [])):
        if start and latest_day(phase["start_date"]) < earliest_day(start):
            yield (
                ("phases", index, "start_date"),
                (f"the phase starts ({phase['start_date']}) before the programme ({start})"),
            )
        if end and earliest_day(phase["end_date"]) > latest_day(end):
            yield (
                ("phases", index, "end_date"),
                (f"the phase ends ({phase['end_date']}) after the programme ({end})"),
            )


def _span_of(plain: PlainRecord) -> tuple[str, str]:
    start, end = plain.get("start_date"), plain.get("end_date")
    return (
        start["date"] if isinstance(start, dict) else "",
        end["date"] if isinstance(end, dict) else "",
    )


def _succession(plain: PlainRecord, by_id: dict[str, PlainRecord]) -> Found:
    """A successor may not start before its predecessor starts; a predecessor that ends more
    than a year after its successor starts needs a note saying why."""
    pairs: list[tuple[Path, dict[str, Any]]] = []
    if isinstance(plain.get("predecessor"), dict):
        pairs.append((("predecessor",), plain["predecessor"]))
    for index, link in enumerate(plain.get("related", [])):
        if link.get("relation") in ("succeeds", "follows"):
            pairs.append((("related", index), link))
    start, _end = _span_of(plain)
    for path, link in pairs:
        before = by_id.get(link["id"])
        if before is None or not start:
            continue
        before_start, before_end = _span_of(before)
        if before_start and latest_day(start) < earliest_day(before_start):
            yield (
                path,
                (
                    f"it starts ({start}) before {before['id']!r}, which it follows, starts "
                    f"({before_start})"
                ),
            )
        late = before_end and earliest_day(before_end) > latest_day(start) + YEAR
        if late and not link.get("note"):
            yield (
                path,
                (
                    f"{before['id']!r}, which it follows, ends ({before_end}) more than a year "
                    f"after it starts ({start}); say why in a note on this link"
                ),
            )
