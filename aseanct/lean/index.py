"""The term index behind `expand`, glossary, annotate and completion (stdlib only).

It answers "which records does this term name?" without building the Registry: with a proven
cache it reads one small shard. Its parts come from the Store (aseanct.lean.store), which
compiles them from YAML when there is no cache.
"""

# No `from __future__ import annotations`: the lean path imports this module, and every
# module it imports costs every call. Annotations naming type-checking-only types are quoted.

from aseanct.lean.store import shard_of
from aseanct.lean.terms import loose_key, normalize_term

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from aseanct.lean.store import Store

Entry = tuple[str, ...]  # (id, type, kind, acronym, name, shown, scope, matched, form): E_*

E_ID, E_TYPE, E_KIND, E_ACRONYM, E_NAME, E_SHOWN, E_SCOPE, E_MATCHED, E_FORM = range(9)


class TermIndex:
    """Normalised term -> entries, read shard by shard from the store."""

    def __init__(self, store: "Store") -> None:
        self._store = store
        self._shards: dict[str, dict[str, list[Entry]]] = {}
        self._keys: dict[str, dict[str, str]] | None = None
        self._acronyms: dict[str, Any] | None = None
        self._words: dict[str, list[int]] | None = None

    def lookup(self, key: str) -> list[Entry]:
        """The entries of a normalised key, best match first (empty if unknown)."""
        shard = shard_of(key)
        entries = self._shards.get(shard)
        if entries is None:
            entries = self._shards[shard] = self._store.part(f"i{shard}")
        return entries.get(key, [])

    def resolve(self, term: str) -> list[Entry]:
        """The entries a term typed by a user names; one no key names exactly is tried
        loosely (without hyphens, punctuation or a leading "the")."""
        key = normalize_term(term)
        found = self.lookup(key)
        if found or not key:
            return found
        return self.lookup(loose_key(term))

    def search_finds(self, term: str) -> bool:
        """Would `aseanct search TERM` find anything? (Every word of it, or of it respelt,
        in one record: what search's widest rank asks.)"""
        from aseanct.lean.terms import respelled

        wanted = loose_key(term).split()
        if not wanted:
            return False
        if self._words is None:
            self._words = self._store.part("words")
        having = self._words  # word -> the records that have it
        if _together(having, wanted):
            return True
        fixed = respelled(wanted, having)
        return fixed is not None and _together(having, fixed)

    def _key_part(self) -> dict[str, dict[str, str]]:
        if self._keys is None:
            self._keys = self._store.part("keys")
        return self._keys

    def keys(self) -> dict[str, str]:
        """Every normalised key -> its form as written, for suggestions and completion."""
        return self._key_part()["forms"]

    def _acronym_part(self) -> "dict[str, Any]":
        if self._acronyms is None:
            self._acronyms = self._store.part("acronyms")
        return self._acronyms

    def acronyms(self) -> dict[str, list[Entry]]:
        """Every acronym exactly as written (case matters) -> the entries it names."""
        entries: dict[str, list[Entry]] = self._acronym_part()["entries"]
        return entries

    def long_forms(self) -> dict[str, list[str]]:
        """Every acronym -> the names and aliases of the records it names."""
        names: dict[str, list[str]] = self._acronym_part()["long_forms"]
        return names

    def collisions(self) -> dict[str, list[str]]:
        """Acronyms with well-known meanings outside this field -> those meanings."""
        meanings: dict[str, list[str]] = self._acronym_part()["collisions"]
        return meanings

    def suggest(self, term: str, limit: int = 3) -> list[str]:
        """Close matches for an unknown term, as written in the data; never auto-picked."""
        from aseanct.lean.terms import close_matches

        part = self._key_part()
        return close_matches(normalize_term(term), part["forms"], limit, part["loose"])

    def complete(self, prefix: str) -> "list[tuple[str, str]]":
        """(value, description) of every acronym, id, alias and name that starts with
        `prefix` in any case, for the shell: each value begins with the prefix exactly as
        typed (so a shell's common-prefix logic keeps what was typed: `somtc` stays `somtc`,
        `camb` becomes `cambodia`), values that differ only in case are offered once (as
        written when that matches what was typed), and an exact match comes first. With
        nothing typed, only acronyms and ids are offered."""
        typed = prefix.casefold()
        # casefolded value -> (value, entries, whether the value is written so in the data)
        found: dict[str, tuple[str, list[Entry], bool]] = {}
        for key in self.keys():
            if not key.startswith(typed):
                continue
            for entry in self.lookup(key):
                if not prefix and entry[E_MATCHED] not in ("acronym", "id"):
                    continue
                # An id equal to an acronym but for case (ammtc, AMMTC) has no key of its
                # own: offer it too, so `ammt` completes to `ammtc`, not `ammtC`.
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
        order = {"acronym": 0, "id": 1, "alias": 2, "name": 3}
        ranked = sorted(
            found.items(),
            key=lambda item: (
                item[0] != typed,
                min(order.get(e[E_MATCHED], 4) for e in item[1][1]),
                item[0],
            ),
        )
        return [(value, _description(value, entries)) for _k, (value, entries, _w) in ranked]


def _together(having: dict[str, list[int]], words: list[str]) -> bool:
    """Does some record have every one of `words`? (`having`: word -> its records)"""
    if not all(word in having for word in words):
        return False
    common = set(having[words[0]])
    for word in words[1:]:
        common.intersection_update(having[word])
    return bool(common)


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
