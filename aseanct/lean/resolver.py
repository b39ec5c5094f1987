"""The one resolver of terms: which records an id, acronym, alias or name names, what else was
meant, what completes a prefix, and whether a search would find anything (stdlib only).

One query per question against the store's `terms` table and full-text index, so a lookup
costs the same whatever the size of the data."""

from aseanct.lean.terms import (
    MAX_SUGGESTED,
    close_matches,
    loose_key,
    normalize_term,
    search_key,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    import sqlite3
    from typing import Any

    Entry = tuple[Any, ...]  # (id, type, kind, acronym, name, shown, scope, matched, form)
    Acronyms = tuple[dict[str, list[Entry]], dict[str, list[str]], dict[str, list[str]]]
else:
    Entry = tuple  # see E_*
E_ID, E_TYPE, E_KIND, E_ACRONYM, E_NAME, E_SHOWN, E_SCOPE, E_MATCHED, E_FORM = range(9)

_ENTRY = "id, type, kind, acronym, name, shown, scope, matched, form"
MATCH_ORDER = {"acronym": 0, "id": 1, "alias": 2, "name": 3}
"""How well a key names a record: an acronym before an id before an alias before a name."""


class Resolver:
    """Terms -> index entries, from a store's connection."""

    def __init__(self, db: "sqlite3.Connection") -> None:
        self.db = db

    def lookup(self, key: str) -> "list[Entry]":
        """The entries of a normalised key, best match first (empty if unknown)."""
        if not _storable(key):
            return []
        rows = self.db.execute(
            f"SELECT {_ENTRY} FROM terms WHERE key = ? ORDER BY loose, rank, position", (key,)
        )
        return rows.fetchall()

    def resolve(self, term: str) -> "list[Entry]":
        """The entries a term typed by a user names; one no key names exactly is tried
        loosely (without hyphens, punctuation or a leading "the"). A loose key is stored only
        where no exact key is the same, so a key holds one kind or the other."""
        key = normalize_term(term)
        if not key:
            return []
        found = self.lookup(key)
        return found or self.lookup(loose_key(term))

    def suggest(self, term: str, limit: int = 3) -> "list[str]":
        """Close acronyms, ids, aliases and names for a term that names nothing, as written in
        the data; never auto-picked. Only keys of a length that could be close are read."""
        key = normalize_term(term)
        if not key or len(key) > 200 or not _storable(key):
            return []
        wanted = loose_key(key)
        low, high = int(0.75 * len(key) / 1.25) - 1, int(len(key) * 1.25 / 0.75) + 1
        loose_low = int(0.75 * len(wanted) / 1.25) - 1
        loose_high = int(len(wanted) * 1.25 / 0.75) + 1
        rows = self.db.execute(  # a table scan: through the key index, each row was a seek
            "SELECT key, loose_key, form FROM terms NOT INDEXED WHERE loose = 0 AND ("
            "length(key) BETWEEN ? AND ? OR length(loose_key) BETWEEN ? AND ? "
            "OR (key >= ? AND key < ?)) ORDER BY key, rank, position",
            (low, high, loose_low, loose_high, key, key + "\U0010ffff"),
        )
        forms: dict[str, str] = {}
        loose: dict[str, str] = {}
        for candidate, loose_candidate, form in rows:
            forms.setdefault(candidate, form)  # a key's best form: the first, by rank
            loose.setdefault(loose_candidate, form)
        return close_matches(key, forms, limit, loose)

    def search_ids(
        self, query: str, record_type: "str | None" = None, sources: bool = False
    ) -> "list[str]":
        """The ids of the records that have every word of `query` somewhere (the widest
        thing `aseanct search` matches), in file order: sources with `sources`, of one type
        with `record_type`."""
        words = search_key(query).split()
        if not words or not _storable(query):
            return []
        match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
        table = "sources" if sources else "records"
        sql = (
            f"SELECT t.id FROM {table}_fts f JOIN {table} t ON t.rowid = f.rowid "
            f"WHERE {table}_fts MATCH ?"
        )
        args: list[str] = [match]
        if record_type is not None and not sources:
            sql += " AND t.type = ?"
            args.append(record_type)
        return [row[0] for row in self.db.execute(sql + " ORDER BY t.position", args)]

    def respell(self, query: str, sources: bool = False) -> "str | None":
        """The query with each unknown word of 4 to MAX_SUGGESTED letters replaced by the
        closest word the full-text index holds (similarity 0.8 or more), or None if none is."""
        words = search_key(query).split()
        if not any(4 <= len(word) <= MAX_SUGGESTED for word in words):
            return None  # no word to respell: the vocabulary is not read
        import difflib

        table = "sources_vocab" if sources else "records_vocab"
        vocabulary = {row[0] for row in self.db.execute(f"SELECT term FROM {table}")}
        pool = [word for word in vocabulary if len(word) >= 3]
        fixed = []
        for word in words:
            close = []
            if 4 <= len(word) <= MAX_SUGGESTED and word not in vocabulary:
                close = difflib.get_close_matches(word, pool, 1, 0.8)
            fixed.append(close[0] if close else word)
        return " ".join(fixed) if fixed != words else None

    def search_finds(self, term: str) -> bool:
        """Would `aseanct search TERM` find anything, respelt if need be?"""
        if self.search_ids(term):
            return True
        fixed = self.respell(term)
        return fixed is not None and bool(self.search_ids(fixed))

    def complete(self, prefix: str) -> "list[tuple[str, str]]":
        """(value, description) of every acronym, id, alias and name that starts with
        `prefix` in any case, each value beginning with the prefix as typed (for the shell's
        common-prefix logic), once per casing, an exact match first; with nothing typed, only
        acronyms and ids."""
        typed = prefix.casefold()
        if not _storable(typed):
            return []
        rows = self.db.execute(
            f"SELECT {_ENTRY} FROM terms WHERE loose = 0 AND key >= ? AND key < ? "
            "ORDER BY key, rank, position",
            (typed, typed + "\U0010ffff"),
        )
        found: dict[str, tuple[str, list[Entry], bool]] = {}
        for entry in rows:
            if not prefix and entry[E_MATCHED] not in ("acronym", "id"):
                continue
            # An id equal to an acronym but for case (ammtc, AMMTC) has no key of its own:
            # offer it too, so `ammt` completes to `ammtc`, not `ammtC`.
            for form in dict.fromkeys((entry[E_FORM], entry[E_ID])):
                if not form.casefold().startswith(typed):
                    continue
                value = prefix + form[len(prefix) :]
                _shown, known, written = found.setdefault(
                    value.casefold(), (value, [], value == form)
                )
                if value == form and not written:  # as written beats rewritten
                    found[value.casefold()] = (value, known, True)
                if all(k[E_ID] != entry[E_ID] for k in known):
                    known.append(entry)
        ranked = sorted(
            found.items(),
            key=lambda item: (
                item[0] != typed,
                min(MATCH_ORDER.get(e[E_MATCHED], 4) for e in item[1][1]),
                item[0],
            ),
        )
        return [(value, _description(value, entries)) for _k, (value, entries, _w) in ranked]

    def acronym_tables(self) -> "Acronyms":
        """Every acronym exactly as written (case matters) -> the entries it names; every
        acronym -> the names and aliases of the records it names; acronyms with well-known
        meanings outside this field -> those meanings."""
        import json

        entries: dict[str, list[Entry]] = {}
        long_forms: dict[str, list[str]] = {}
        for row in self.db.execute(
            "SELECT id, type, kind, acronym, name, form, scope, 'acronym', form, long_forms "
            "FROM acronyms ORDER BY position, rowid"
        ):
            entries.setdefault(row[E_FORM], []).append(row[:9])
            names = long_forms.setdefault(row[E_FORM], [])
            names += [n for n in json.loads(row[9]) if n not in names]
        collisions: dict[str, list[str]] = {}
        for acronym, meaning in self.db.execute(
            "SELECT acronym, meaning FROM collisions ORDER BY rowid"
        ):
            meanings = collisions.setdefault(acronym, [])
            if meaning not in meanings:
                meanings.append(meaning)
        return entries, long_forms, collisions


def _storable(text: str) -> bool:
    """Can `text` be asked of the store? (A lone surrogate, the trace of an undecodable byte
    in a file name or an argument, cannot be UTF-8 and names nothing.)"""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _description(value: str, entries: "list[Entry]") -> str:
    """What a completion stands for: the full name, or, for a name itself, its acronym (or
    id) and kind; every meaning of an ambiguous one."""
    parts = []
    for entry in entries:
        if entry[E_NAME].casefold() == value.casefold():
            parts.append(f"{entry[E_ACRONYM] or entry[E_ID]}: {entry[E_TYPE]} ({entry[E_KIND]})")
        else:
            parts.append(entry[E_NAME])
    return "; ".join(dict.fromkeys(parts))
