"""Pure functions over a loaded Registry: resolve, search, list, hierarchy and timeline."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aseanct.errors import Ambiguous, NotFound
from aseanct.lean.terms import (
    close_matches,
    loose_key,
    normalize_term,
    respelled,
    search_hint,
    shown,
)
from aseanct.models import (
    COLLECTIONS,
    Event,
    Party,
    Programme,
    Record,
    RecordId,
    RecordType,
    Registry,
    Term,
    aliases_of,
    earliest_day,
    latest_day,
    span,
    tree_parent,
    year_of,
)

if TYPE_CHECKING:
    import datetime


def suggestions(registry: Registry, term: str, limit: int = 3) -> list[str]:
    """Close acronyms, ids and names for a term that matched nothing; never auto-picked."""
    forms = {
        candidate: matches[0].form
        for candidate, matches in registry.by_key.items()
        if matches[0].record.type != "source"
    }
    return close_matches(normalize_term(term), forms, limit)


def resolve(registry: Registry, term: str) -> Record:
    """The one record `term` names: an id always wins; an ambiguous acronym is an error."""
    if not normalize_term(term):
        raise NotFound("empty term")
    by_id = registry.by_id.get(RecordId(term.strip()))
    if by_id is not None:
        return by_id
    matches = registry.lookup(term)
    records = list(dict.fromkeys(m.record for m in matches))
    if len(records) == 1:
        return records[0]
    if not records:
        close = suggestions(registry, term)
        if close:
            hint = f"did you mean {', '.join(close)}?"
        else:  # suggest a search only when it finds something
            hint = search_hint(term) if finds(registry, term) else ""
        raise NotFound(f"unknown term {shown(term)}", hint=hint)
    raise Ambiguous(
        f"{shown(term)} names {len(records)} records; give one of these ids",
        [(r.id, f"{r.name} ({scope(registry, r)})") for r in records],
        hint=f"for example: aseanct show {records[0].id}",
    )


def scope(registry: Registry, record: Record) -> str:
    """What tells a record apart from others with its acronym: its parent, else its country,
    else its kind."""
    for name, wording in (("parent", "under"), ("country", "in")):
        link = getattr(record, name, None)
        if link is not None:
            target = registry.by_id.get(link.id)
            return f"{wording} {target.label if target else link.id}"
    return record.kind


# --- listing and search ---------------------------------------------------------------------


def pillar_of(registry: Registry, record: Record) -> Record | None:
    """The pillar record of a body, if recorded."""
    pillar = getattr(record, "pillar", None)
    return registry.by_id.get(pillar.id) if pillar is not None else None


def resolve_choice(
    registry: Registry,
    term: str | None,
    option: str,
    *,
    kind: str = "",
    record_type: RecordType | None = None,
) -> Record | None:
    """The record an option such as `--pillar ASCC` or `--country Laos` names, among records of
    one kind or type; a value naming none of them is a usage error listing the valid ones."""
    from aseanct.errors import UsageError

    if term is None:
        return None
    valid = [
        r
        for r in registry.records
        if (not kind or r.kind == kind) and (record_type is None or r.type == record_type)
    ]
    ids = {r.id for r in valid}
    found = [m.record for m in registry.lookup(term) if m.record.id in ids]
    if found:
        return found[0]
    names = ", ".join(r.label for r in valid)
    close = close_matches(normalize_term(term), {normalize_term(r.label): r.label for r in valid})
    guess = f" (did you mean {close[0]}?)" if close else ""
    raise UsageError(f"{option}: {shown(term)} is not one of them{guess}", hint=f"valid: {names}")


def resolve_kind(
    registry: Registry, kind: str | None, option: str, record_type: RecordType | None = None
) -> str | None:
    """`--kind` as given, when some record of `record_type` (all but sources when None) has
    that kind or a kind with it as a phrase (`meeting`); otherwise a usage error that lists
    the kinds there are, with a suggestion."""
    from aseanct.errors import UsageError

    if kind is None:
        return None
    kinds = sorted(
        {
            r.kind
            for r in registry.records
            if r.type == record_type or (record_type is None and r.type != "source")
        },
        key=str.casefold,
    )
    key = normalize_term(kind)
    if key and any(_has_phrase(normalize_term(k), key) for k in kinds):
        return kind
    candidates = {normalize_term(k): k for k in kinds}
    for k in kinds:  # a word of a kind is a kind too: `meeting` finds `ministerial meeting`
        candidates.update((w, w) for w in normalize_term(k).split() if len(w) > 3)
    close = close_matches(key, candidates, limit=1)
    guess = f" (did you mean {close[0]!r}?)" if close else ""
    plural = {v: k for k, v in COLLECTIONS.items()}
    where = f" of {plural[record_type]}" if record_type else ""
    raise UsageError(
        f"{option}: no record{where} is of kind {shown(kind)}{guess}",
        hint=f"kinds{where}: {', '.join(kinds)}",
    )


def country_of(record: Record) -> RecordId | None:
    """The country a national body belongs to, if recorded."""
    country = getattr(record, "country", None)
    return country.id if country is not None else None


def filter_records(
    registry: Registry,
    record_type: RecordType | None = None,
    *,
    pillar: Record | None = None,
    country: Record | None = None,
    kind: str | None = None,
) -> list[Record]:
    """Records of a type (all types if None) whose pillar, country and kind match, in file
    order. `kind` matches a record's kind case-insensitively, as a whole or as a word sequence
    within it (`meeting` finds `ministerial meeting`).
    """
    kind_key = normalize_term(kind) if kind else ""
    out = []
    for record in registry.records:
        if record_type is not None and record.type != record_type:
            continue
        if pillar is not None:
            found = pillar_of(registry, record)
            if found is None or found.id != pillar.id:
                continue
        if country is not None and country_of(record) != country.id:
            continue
        if kind_key and not _has_phrase(normalize_term(record.kind), kind_key):
            continue
        out.append(record)
    return out


def _has_phrase(text: str, phrase: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


@dataclass(frozen=True, slots=True, eq=False)
class Hit:
    """A search result: the record, its rank (lower is better) and where it matched."""

    record: Record
    rank: int
    where: str


def searchable_text(record: Record) -> list[tuple[str, str]]:
    """(field, text) pairs a search looks through, in order of weight."""
    parts = [("name", record.name)]
    parts += [("alias", a.name) for a in aliases_of(record)]
    parts.append(("description", record.description))
    parts += [("fact", f.text) for f in getattr(record, "facts", ())]
    parts.append(("kind", record.kind))
    if record.note:
        parts.append(("note", record.note))
    return parts


def search_words(record: Record) -> list[str]:
    """Every word a search can find a record by: its texts (searchable_text), acronyms and
    id, loosely normalised (loose_key), each once."""
    texts = [text for _field, text in searchable_text(record) if text]
    texts += [*record.acronyms, record.id]
    return list(dict.fromkeys(" ".join(loose_key(t) for t in texts).split()))


def search(
    registry: Registry,
    query: str,
    *,
    record_type: RecordType | None = None,
    kind: str | None = None,
    limit: int | None = None,
) -> list[Hit]:
    """Records matching `query`, best first.

    Rank 0: the query is an acronym or id. Rank 1: it is a full name or alias. Rank 2: the
    name or an alias contains it as a phrase. Rank 3: a description, fact or note contains
    the phrase. Rank 4: every word of the query appears somewhere in the record. Ties keep
    file order. Text is compared loosely (loose_key): case, hyphens, punctuation and a leading
    "the" do not matter. Sources are searched only when asked for with record_type='source'.
    """
    key = loose_key(query)
    if not key:
        return []
    words = key.split()
    hits = []
    for record in _searched(registry, record_type, kind):
        hit = _rank(record, key, words)
        if hit is not None:
            hits.append(Hit(record, hit[0], hit[1]))
    hits.sort(key=lambda h: h.rank)
    return hits[:limit] if limit else hits


def respell(
    registry: Registry,
    query: str,
    *,
    record_type: RecordType | None = None,
    kind: str | None = None,
) -> str | None:
    """The query with its misspelt words replaced by the closest words the searched records
    use (`people smugling` -> `people smuggling`); None when no word needs it or none is close."""
    vocabulary: set[str] = set()
    for record in _searched(registry, record_type, kind):
        vocabulary.update(search_words(record))
    fixed = respelled(loose_key(query).split(), vocabulary)
    return " ".join(fixed) if fixed is not None else None


def _searched(
    registry: Registry, record_type: RecordType | None, kind: str | None
) -> Iterator[Record]:
    """The records a search looks through: of a type (not sources, unless asked) and kind."""
    kind_key = normalize_term(kind) if kind else ""
    for record in registry.records:
        if record_type is not None and record.type != record_type:
            continue
        if record_type is None and record.type == "source":
            continue
        if kind_key and not _has_phrase(normalize_term(record.kind), kind_key):
            continue
        yield record


def _rank(record: Record, key: str, words: list[str]) -> tuple[int, str] | None:
    if key == loose_key(record.id) or any(key == loose_key(a) for a in record.acronyms):
        return 0, "acronym"
    texts = [(field, loose_key(text)) for field, text in searchable_text(record) if text]
    for field, text in texts:
        if field in ("name", "alias") and text == key:
            return 1, field
    for field, text in texts:
        if field in ("name", "alias") and _has_phrase(text, key):
            return 2, field
    for field, text in texts:
        if _has_phrase(text, key):
            return 3, field
    if set(words) <= set(search_words(record)):
        return 4, "words"
    return None


def finds(registry: Registry, query: str) -> bool:
    """Would `aseanct search QUERY` find anything, respelt if need be?"""
    if search(registry, query):
        return True
    fixed = respell(registry, query)
    return fixed is not None and bool(search(registry, fixed))


# --- hierarchy ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class Node:
    """A record in a hierarchy view, with the children shown under it."""

    record: Record
    children: tuple[Node, ...]
    more: int = 0
    """How many children exist below the depth limit (not shown)."""


def subtree(registry: Registry, root: Record, depth: int | None = None) -> Node:
    """`root` and what hangs under it, `depth` levels down (None: all; 0: the root alone)."""
    return _build(root, registry.children, depth)


def _build(
    record: Record, children: Mapping[RecordId, tuple[Record, ...]], depth: int | None
) -> Node:
    below = children.get(record.id, ())
    if depth is not None and depth <= 0:
        return Node(record, (), more=len(below))
    next_depth = None if depth is None else depth - 1
    return Node(record, tuple(_build(c, children, next_depth) for c in below))


def forest(registry: Registry, depth: int | None = None) -> list[Node]:
    """The whole hierarchy, grouped: ASEAN; the programmes; countries with their bodies; the
    remaining partner bodies."""
    children = registry.children
    roots = [
        r
        for r in registry.records
        if tree_parent(r) is None and r.type in ("body", "programme", "country")
    ]

    def group(record: Record) -> int:
        # ASEAN's own hierarchy first (every body with children), then the programmes, then
        # the countries with their national bodies, then partner bodies standing alone.
        if record.type == "programme":
            return 1
        if record.type == "country":
            return 2
        return 0 if children.get(record.id) else 3

    sequence: list[Record] = list(programme_sequence(registry))
    ordered = sorted(
        (r for r in roots if r.type != "country" or children.get(r.id)),
        key=lambda r: (group(r), sequence.index(r) if r.type == "programme" else 0),
    )
    return [_build(r, children, depth) for r in ordered]


def ancestors(registry: Registry, record: Record) -> list[Record]:
    """The chain from the top of the hierarchy down to `record` (inclusive)."""
    chain = [record]
    seen = {record.id}
    parent = tree_parent(record)
    while parent is not None and parent not in seen:
        target = registry.by_id.get(parent)
        if target is None:
            break
        chain.append(target)
        seen.add(parent)
        parent = tree_parent(target)
    return list(reversed(chain))


def with_ancestors(registry: Registry, record: Record, depth: int | None) -> Node:
    """The chain from the top down to `record`, then `record`'s subtree to `depth` (default 0)."""
    chain = ancestors(registry, record)
    node = subtree(registry, record, 0 if depth is None else depth)
    for above in reversed(chain[:-1]):
        node = Node(above, (node,))
    return node


# --- programmes and the timeline --------------------------------------------------------------


def programme_sequence(registry: Registry) -> list[Programme]:
    """Programmes in sequence: each chain from its first programme through its successors,
    chains ordered by their first known start year, then file order. A programme that a source
    only lists after another (`listed-after`, AIP in the seed's list) comes right after it."""
    programmes = [r for r in registry.records if isinstance(r, Programme)]
    firsts = [
        p for p in programmes if p.predecessor is None or p.predecessor.id not in registry.by_id
    ]
    chains: list[list[Programme]] = []
    placed: set[str] = set()
    for first in firsts:
        chain = []
        current: Programme | None = first
        while current is not None and current.id not in placed:
            chain.append(current)
            placed.add(current.id)
            following = registry.successors.get(current.id, ())
            current = following[0] if following else None
        chains.append(chain)
    for programme in programmes:  # anything in a cycle-free but unusual shape
        if programme.id not in placed:
            chains.append([programme])
            placed.add(programme.id)

    def chain_key(chain: list[Programme]) -> int:
        years = [p.start_date.year for p in chain if p.start_date]
        return min(years) if years else 9999

    chains.sort(key=chain_key)
    sequence = [p for chain in chains for p in chain]
    for programme in list(sequence):
        anchor = listed_after(programme)
        if anchor is not None and anchor in {p.id for p in sequence} and programme.id != anchor:
            sequence.remove(programme)
            sequence.insert([p.id for p in sequence].index(anchor) + 1, programme)
    return sequence


def listed_after(record: Record) -> RecordId | None:
    """The record a source lists this one right after, with no succession claimed."""
    return next(
        (link.id for link in getattr(record, "related", ()) if link.relation == "listed-after"),
        None,
    )


@dataclass(frozen=True, slots=True, eq=False)
class Moment:
    """A line of the timeline: a programme's run or an event's date."""

    record: Record
    start: str
    """Partial date, empty when unknown."""
    end: str
    """Partial date, empty when unknown."""
    status: str
    """`ongoing`, `ended`, `upcoming`, `dates unknown` (programmes) or `event`."""


def programme_status(programme: Programme, as_of: datetime.date) -> str:
    """Where a programme stands on `as_of`, to the precision of its dates.

    A programme is upcoming only if even the earliest day its start can mean is after `as_of`,
    and ended only if even the latest day its end can mean is before it: a programme that
    "ends in 2028" is still running on 2028-03-01.
    """
    if programme.start_date is None and programme.end_date is None:
        return "dates unknown"
    if programme.start_date is not None and earliest_day(programme.start_date.date) > as_of:
        return "upcoming"
    if programme.end_date is not None and latest_day(programme.end_date.date) < as_of:
        return "ended"
    if programme.end_date is None:
        return "end unknown"
    return "ongoing"


def timeline(registry: Registry, which: str, as_of: datetime.date) -> list[Moment]:
    """Programmes and/or events in chronological order.

    Programmes keep their sequence: an undated one (AIP) sits just before its successor, or
    just after its predecessor if the successor is undated too. Events are ordered by date.
    """
    moments: list[tuple[tuple[str, int, int], Moment]] = []
    if which in ("programmes", "all"):
        sequence = programme_sequence(registry)
        for position, programme in enumerate(sequence):
            start, end = span(programme)
            anchor = start or _neighbour_date(sequence, position)
            moments.append(
                (
                    (anchor, 0, position),
                    Moment(programme, start, end, programme_status(programme, as_of)),
                )
            )
    if which in ("events", "all"):
        for position, event in enumerate(registry.of_type("event")):
            assert isinstance(event, Event)
            moments.append(
                ((event.date, 1, position), Moment(event, event.date, event.last_day, "event"))
            )
    moments.sort(key=lambda pair: pair[0])
    return [moment for _key, moment in moments]


def _neighbour_date(sequence: list[Programme], position: int) -> str:
    for later in sequence[position + 1 :]:
        if later.start_date:
            return later.start_date.date[:4]
    for earlier in reversed(sequence[:position]):
        if earlier.start_date:
            return earlier.start_date.date[:4] + "~"
    return "9999"


def year_or_none(date: str) -> int | None:
    """The year of a partial date, or None when empty."""
    return year_of(date) if date else None


# --- instruments and their parties --------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class PartyRow:
    """A state's line in an instrument's table of parties."""

    instrument: Term
    state: Record
    party: Party | None
    """None for a member of the instrument's `status_for` body with no record at all."""


def has_parties(record: Record) -> bool:
    """Does the record have a table of parties?"""
    return isinstance(record, Term) and bool(record.parties or record.status_for)


def parties(registry: Registry, instrument: Record) -> list[PartyRow]:
    """The parties of an instrument, by state name; then, for an instrument whose table covers
    the members of a body (ACTIP: ASEAN), each member with no record. NotFound for a record
    without a table of parties."""
    if not isinstance(instrument, Term) or not has_parties(instrument):
        known = [r.label for r in registry.records if has_parties(r)]
        hint = f"instruments with parties: {', '.join(known)}" if known else ""
        raise NotFound(f"{instrument.label} has no table of parties", hint=hint)
    rows = [PartyRow(instrument, registry.by_id[p.id], p) for p in instrument.parties]
    listed = {p.id for p in instrument.parties}
    group = registry.by_id.get(instrument.status_for.id) if instrument.status_for else None
    rows += [
        PartyRow(instrument, registry.by_id[member.id], None)
        for member in getattr(group, "members", ())
        if member.id not in listed
    ]
    rows.sort(key=lambda row: row.state.name.casefold())
    return rows
