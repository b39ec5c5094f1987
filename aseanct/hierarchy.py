"""The hierarchy (who sits under whom) and the timeline (programmes in sequence, events by date)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from aseanct.model.derive import exists_on, programme_status, span, tree_parent
from aseanct.model.records import Event, Programme, Record
from aseanct.model.registry import Registry


@dataclass(frozen=True, slots=True, eq=False)
class Node:
    """A record in a hierarchy view, with the children shown under it."""

    record: Record
    children: tuple[Node, ...]
    more: int = 0
    """How many children exist below the depth limit (not shown)."""


def subtree(
    registry: Registry, root: Record, depth: int | None = None, day: datetime.date | None = None
) -> Node:
    """`root` and what hangs under it, `depth` levels down (None: all); with `day`, what existed."""
    below = [c for c in registry.children_of(root.id) if day is None or exists_on(c, day)]
    if depth is not None and depth <= 0:
        return Node(root, (), more=len(below))
    next_depth = None if depth is None else depth - 1
    return Node(root, tuple(subtree(registry, c, next_depth, day) for c in below))


def forest(
    registry: Registry, depth: int | None = None, day: datetime.date | None = None
) -> list[Node]:
    """The whole hierarchy: bodies with children, programmes, countries, then the other bodies."""
    children = registry.children_of
    roots = registry.roots()
    bodies = [r for r in roots if r.type == "body"]
    ordered = [
        *(r for r in bodies if children(r.id)),
        *programme_sequence(registry),
        *(r for r in roots if r.type == "country" and children(r.id)),
        *(r for r in bodies if not children(r.id)),
    ]
    return [subtree(registry, r, depth, day) for r in ordered if day is None or exists_on(r, day)]


def ancestors(registry: Registry, record: Record) -> list[Record]:
    """The chain from the top of the hierarchy down to `record` (inclusive)."""
    chain, seen = [record], {record.id}
    parent = tree_parent(record)
    # An unknown parent ends the chain, and so does a loop (the loader checks parent links only).
    while parent is not None and parent not in seen and (above := registry.get(parent)):
        chain.append(above)
        seen.add(parent)
        parent = tree_parent(above)
    return chain[::-1]


def with_ancestors(
    registry: Registry, record: Record, depth: int | None, day: datetime.date | None = None
) -> Node:
    """The chain from the top down to `record`, then `record`'s subtree to `depth` (default 0)."""
    node = subtree(registry, record, 0 if depth is None else depth, day)
    for above in reversed(ancestors(registry, record)[:-1]):
        node = Node(above, (node,))
    return node


def programme_sequence(registry: Registry) -> list[Programme]:
    """Programmes in sequence: chains of successors by their first start year, then file order;
    a programme a source only lists after another (`listed-after`) comes right after it."""
    programmes = [r for r in registry.select(record_type="programme") if isinstance(r, Programme)]
    chains = _chains(registry, programmes)

    def chain_key(chain: list[Programme]) -> str:
        return min((p.start_date.date[:4] for p in chain if p.start_date), default="9999")

    chains.sort(key=chain_key)
    sequence = [p for chain in chains for p in chain]
    for programme in list(sequence):
        anchor = next((k.id for k in programme.related if k.relation == "listed-after"), None)
        if anchor is not None and anchor in {p.id for p in sequence} and programme.id != anchor:
            sequence.remove(programme)
            sequence.insert([p.id for p in sequence].index(anchor) + 1, programme)
    return sequence


def _chains(registry: Registry, programmes: list[Programme]) -> list[list[Programme]]:
    """Each programme with no known predecessor and its successors after it, in file order."""
    known = {p.id for p in programmes}
    firsts = [p for p in programmes if p.predecessor is None or p.predecessor.id not in known]
    chains: list[list[Programme]] = []
    placed: set[str] = set()
    for first in firsts:
        chain = []
        current: Programme | None = first
        while current is not None and current.id not in placed:
            chain.append(current)
            placed.add(current.id)
            following = registry.successors_of(current.id)
            current = following[0] if following else None
        chains.append(chain)
    return chains + [[p] for p in programmes if p.id not in placed]


@dataclass(frozen=True, slots=True, eq=False)
class Moment:
    """A line of the timeline: a programme's run or an event's date."""

    record: Record
    start: str
    end: str
    status: str
    """`ongoing`, `ended`, `upcoming`, `dates unknown` (programmes) or `event`."""


def timeline(registry: Registry, which: str, as_of: datetime.date) -> list[Moment]:
    """Programmes and/or events in chronological order; an undated programme keeps its place in
    the sequence, before its successor or else after its predecessor."""
    moments: list[tuple[tuple[str, int, int], Moment]] = []
    if which in ("programmes", "all"):
        sequence = programme_sequence(registry)
        for position, programme in enumerate(sequence):
            start, end = span(programme)
            moment = Moment(programme, start, end, programme_status(programme, as_of))
            moments.append(((start or _neighbour_date(sequence, position), 0, position), moment))
    if which in ("events", "all"):
        for position, event in enumerate(registry.select(record_type="event")):
            assert isinstance(event, Event)
            moments.append(
                ((event.date, 1, position), Moment(event, event.date, event.last_day, "event"))
            )
    return [moment for _key, moment in sorted(moments, key=lambda pair: pair[0])]


def _neighbour_date(sequence: list[Programme], position: int) -> str:
    for later in sequence[position + 1 :]:
        if later.start_date:
            return later.start_date.date[:4]
    for earlier in reversed(sequence[:position]):
        if earlier.start_date:
            return earlier.start_date.date[:4] + "~"
    return "9999"
