"""Checks across records, once every file is read: ids, links, names, cycles and chronology.

Each problem is located as FILE:LINE and a path inside the record: the loader gives the
place of each record, (file, path), beside it."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from aseanct.errors import FOLLOWS, Problem

if TYPE_CHECKING:
    from aseanct.schema import LinkRef, Path

PlainRecord = dict[str, Any]
Located = list[tuple[PlainRecord, tuple[str, "Path"]]]
"""Each record with where it is written: the file as shown, and its path inside it."""


def _problem(place: tuple[str, Path], sub: Path, message: str) -> Problem:
    from aseanct.schema import path_text

    path = (*place[1], *sub)
    return Problem(place[0], 0, path_text(path), message, where=path)


def across(records: Located, links: list[LinkRef], dropped: dict[str, str]) -> list[Problem]:
    """Every problem between records: unique ids, links that resolve to the right type, ids
    that no other record uses as a name, no cycles, and dates in a possible order. A link to
    a record left out for a problem of its own (`dropped`: id -> FILE:LINE) is reported as
    following from that problem (DataError sorts it after every cause)."""
    from aseanct.chronology import dated

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
    """An id must name only its own record: it may not be another record's acronym or alias."""
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
