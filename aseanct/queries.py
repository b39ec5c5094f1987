"""Questions asked of a Registry: which record a term names, which a filter keeps, a search."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from aseanct.errors import Ambiguous, NotFound, UsageError
from aseanct.lean.resolver import E_ID, E_NAME, E_SCOPE
from aseanct.lean.terms import close_matches, normalize_term, search_hint, search_key, shown
from aseanct.model.derive import exists_on, searchable_text
from aseanct.model.records import COLLECTIONS, Record
from aseanct.model.registry import Registry
from aseanct.model.statements import RecordType


def resolve(registry: Registry, term: str) -> Record:
    """The one record `term` names: an id always wins; an ambiguous acronym is an error."""
    if not normalize_term(term):
        raise NotFound("empty term")
    by_id = registry.get(term.strip())
    if by_id is not None:
        return by_id
    entries = registry.resolver.resolve(term)
    ids = list(dict.fromkeys(e[E_ID] for e in entries))
    if len(ids) == 1:
        return registry.by_id[ids[0]]
    if not ids:
        close = registry.resolver.suggest(term)
        if close:
            hint = f"did you mean {', '.join(close)}?"
        else:  # suggest a search only when it finds something
            hint = search_hint(term) if registry.resolver.search_finds(term) else ""
        raise NotFound(f"unknown term {shown(term)}", hint=hint)
    first = {e[E_ID]: e for e in reversed(entries)}
    raise Ambiguous(
        f"{shown(term)} names {len(ids)} records; give one of these ids",
        [(i, f"{first[i][E_NAME]} ({first[i][E_SCOPE]})") for i in ids],
        hint=f"for example: aseanct show {ids[0]}",
    )


def resolve_choice(
    registry: Registry,
    term: str | None,
    option: str,
    *,
    kind: str = "",
    record_type: RecordType | None = None,
) -> Record | None:
    """The record an option such as `--pillar ASCC` names, among records of one kind or type."""
    if term is None:
        return None
    valid = registry.select(record_type=record_type, kind=kind or None)
    ids = {r.id for r in valid}
    found = [e[E_ID] for e in registry.resolver.resolve(term) if e[E_ID] in ids]
    if found:
        return registry.by_id[found[0]]
    names = ", ".join(r.label for r in valid)
    close = close_matches(normalize_term(term), {normalize_term(r.label): r.label for r in valid})
    guess = f" (did you mean {close[0]}?)" if close else ""
    raise UsageError(f"{option}: {shown(term)} is not one of them{guess}", hint=f"valid: {names}")


def resolve_kind(
    registry: Registry, kind: str | None, option: str, record_type: RecordType | None = None
) -> str | None:
    """`--kind` as given, when some record of `record_type` has it as a phrase of its kind."""
    if kind is None:
        return None
    kinds = sorted(registry.kinds(record_type), key=str.casefold)
    key = normalize_term(kind)
    if key and any(has_phrase(normalize_term(k), key) for k in kinds):
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


def filter_records(
    registry: Registry,
    record_type: RecordType | None = None,
    *,
    pillar: Record | None = None,
    country: Record | None = None,
    kind: str | None = None,
    day: datetime.date | None = None,
) -> list[Record]:
    """Records of a type (all: in the order of COLLECTIONS) whose filters match, in file order."""
    records = registry.select(
        record_type=record_type,
        pillar=pillar.id if pillar is not None else None,
        country=country.id if country is not None else None,
    )
    if record_type is None:
        rank = {name: n for n, name in enumerate(COLLECTIONS.values())}
        records.sort(key=lambda r: rank[r.type])
    return [r for r in records if _kept(r, kind, day)]


def _kept(record: Record, kind: str | None, day: datetime.date | None) -> bool:
    if day is not None and not exists_on(record, day):
        return False
    key = normalize_term(kind) if kind else ""
    return not key or has_phrase(normalize_term(record.kind), key)


def has_phrase(text: str, phrase: str) -> bool:
    """Does `text` hold `phrase` as whole words?"""
    return re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", text) is not None


@dataclass(frozen=True, slots=True, eq=False)
class Hit:
    """A search result: the record, its rank (lower is better), where it matched and the length
    of the text matched (shorter is better at equal rank)."""

    record: Record
    rank: int
    where: str
    length: int


def search(
    registry: Registry,
    query: str,
    *,
    record_type: RecordType | None = None,
    kind: str | None = None,
    limit: int | None = None,
    day: datetime.date | None = None,
) -> list[Hit]:
    """Records matching `query`, best first (`_rank`); at equal rank the record whose matched
    text is shortest (the query is more of it), then in the order of COLLECTIONS, then in file
    order. Only the records the full-text index finds with every word are read and ranked."""
    key = search_key(query)
    if not key:
        return []
    words = key.split()
    ids = registry.resolver.search_ids(
        query, record_type if record_type != "source" else None, sources=record_type == "source"
    )
    order = {name: n for n, name in enumerate(COLLECTIONS.values())}
    hits = []
    for record in registry.many(ids):
        found = _rank(record, key, words) if _kept(record, kind, day) else None
        if found is not None:
            hits.append(Hit(record, *found))
    hits.sort(key=lambda h: (h.rank, h.length, order[h.record.type]))  # stable: file order last
    return hits[:limit] if limit else hits


def _rank(record: Record, key: str, words: list[str]) -> tuple[int, str, int] | None:
    """Rank, field and the length of the text matched (the shortest such text; all the record's
    text for 4). 0: an acronym or id; 1: a name or alias; 2: a phrase of one; 3: of any text;
    4: every word somewhere."""
    if key == search_key(record.id) or any(key == search_key(a) for a in record.acronyms):
        return 0, "acronym", len(key)
    texts = [(field, search_key(text)) for field, text in searchable_text(record)]
    names = [(field, text) for field, text in texts if field in ("name", "alias")]
    steps = ((1, names, str.__eq__), (2, names, has_phrase), (3, texts, has_phrase))
    for rank, pool, test in steps:
        found = [(field, len(text)) for field, text in pool if test(text, key)]
        if found:
            return rank, found[0][0], min(length for _field, length in found)
    known = {w for _f, t in texts for w in t.split()}
    known.update(search_key(" ".join([*record.acronyms, record.id])).split())
    if set(words) <= known:
        return 4, "words", sum(len(text) for _field, text in texts)
    return None
