"""The term index behind `expand` and completion: cache-backed, sharded, stdlib only.

It answers "which records does this term name?" without building the Registry: on a fresh
cache it reads one small shard file. When the cache is missing or stale it loads the data
(aseanct.loader, which writes the cache), so the first call after an edit pays for YAML.
"""

# No `from __future__ import annotations`: the lean path imports this module, and every
# module it imports costs every call. Annotations naming type-checking-only types are quoted.

from aseanct import cache
from aseanct.terms import normalize_term

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable
    from typing import Any

    from aseanct.models import Record, Registry

Entry = tuple[str, ...]  # (id, type, kind, acronym, name, shown, scope, matched, form): E_*

E_ID, E_TYPE, E_KIND, E_ACRONYM, E_NAME, E_SHOWN, E_SCOPE, E_MATCHED, E_FORM = range(9)


class TermIndex:
    """Normalised term -> entries, read shard by shard from the cache or held in memory."""

    def __init__(
        self,
        directory: str | None,
        memory: dict[str, list[Entry]] | None,
        acronyms: dict[str, list[Entry]] | None = None,
        *,
        data_dir: str = "",
    ) -> None:
        self._directory = directory
        self._memory = memory
        self._acronyms = acronyms
        self._data_dir = data_dir
        self._shards: dict[str, dict[str, list[Entry]]] = {}
        self._keys: list[tuple[str, str]] | None = None

    @classmethod
    def open(cls, data_dir: str | None = None, *, use_cache: bool = True) -> "TermIndex":
        """The index of a data directory; raises DataError if the data cannot be loaded."""
        directory = cache.data_dir(data_dir)
        use_cache = use_cache and not cache.cache_disabled()
        if use_cache:
            location = cache.location(directory)
            if location is not None and _is_dir(location):
                return cls(location, None, data_dir=directory)
        from aseanct import loader

        registry = loader.load(directory, use_cache=use_cache)
        if use_cache:
            location = cache.location(directory)
            if location is not None and _is_dir(location):
                return cls(location, None, data_dir=directory)
        return cls(None, compile_index(registry), compile_acronyms(registry), data_dir=directory)

    def _read(self, name: str) -> "Any":
        """A part of the cache; a damaged cache is discarded and the data loaded instead."""
        assert self._directory is not None
        try:
            return cache.read(self._directory, name)
        except cache.CacheDamaged:
            from aseanct import loader

            cache.discard(self._directory)
            registry = loader.load(self._data_dir)  # rewrites the cache if it can
            self._directory = None
            self._memory = compile_index(registry)
            self._acronyms = compile_acronyms(registry)
            return None

    def lookup(self, key: str) -> list[Entry]:
        """The entries of a normalised key, best match first (empty if unknown)."""
        if self._memory is None:
            shard = cache.shard_of(key)
            entries: dict[str, list[Entry]] | None = self._shards.get(shard)
            if entries is None:
                entries = self._read(f"i{shard}")
            if entries is not None:
                self._shards[shard] = entries
                return entries.get(key, [])
        assert self._memory is not None  # a damaged cache made _read load the data instead
        return self._memory.get(key, [])

    def resolve(self, term: str) -> list[Entry]:
        """The entries a term typed by a user names."""
        return self.lookup(normalize_term(term))

    def keys(self) -> list[tuple[str, str]]:
        """Every (normalised key, form as written), for suggestions and completion."""
        if self._keys is None:
            stored = self._read("keys") if self._memory is None else None
            if stored is not None:
                self._keys = [(str(k), str(form)) for k, form in stored]
            else:
                assert self._memory is not None
                self._keys = compile_keys(self._memory)
        return self._keys

    def acronyms(self) -> dict[str, list[Entry]]:
        """Every acronym exactly as written (case matters) -> the entries it names."""
        if self._acronyms is None:
            stored = self._read("acronyms")
            if stored is not None:
                self._acronyms = stored
        assert self._acronyms is not None
        return self._acronyms

    def suggest(self, term: str, limit: int = 3) -> list[str]:
        """Close matches for an unknown term, as written in the data; never auto-picked."""
        from aseanct.terms import close_matches

        return close_matches(normalize_term(term), dict(self.keys()), limit)

    def complete(self, prefix: str) -> "Iterable[tuple[str, str]]":
        """(acronym or id, full name) for every term starting with `prefix`, for the shell."""
        key = normalize_term(prefix)
        seen = set()
        for candidate, _form in sorted(self.keys()):
            if not candidate.startswith(key):
                continue
            for entry in self.lookup(candidate):
                if (
                    entry[E_MATCHED] in ("acronym", "id")
                    and (entry[E_FORM], entry[E_ID]) not in seen
                ):
                    seen.add((entry[E_FORM], entry[E_ID]))
                    yield entry[E_FORM], entry[E_NAME]


def _is_dir(path: str) -> bool:
    import os

    return os.path.isdir(path)


def _entry(registry: "Registry", record: "Record", shown: str, matched: str, form: str) -> Entry:
    """One index entry, its fields at the E_* positions."""
    from aseanct.queries import scope

    return (
        record.id,
        record.type,
        record.kind,
        record.acronym or "",
        record.name,
        shown,
        scope(registry, record),
        matched,
        form,
    )


def compile_index(registry: "Registry") -> dict[str, list[Entry]]:
    """The index of a Registry: normalised key -> entries, best match first.

    Each entry is (id, type, kind, primary acronym or "", name, form shown, scope, how matched,
    form matched): the E_* positions. Sources are cited, not looked up, so they are left out.
    """
    index: dict[str, list[Entry]] = {}
    for key, matches in registry.by_key.items():
        entries = [
            _entry(
                registry,
                m.record,
                m.form if m.matched == "acronym" else (m.record.acronym or m.record.id),
                m.matched,
                m.form,
            )
            for m in matches
            if m.record.type != "source"
        ]
        if entries:
            index[key] = entries
    return index


def compile_keys(index: dict[str, list[Entry]]) -> list[tuple[str, str]]:
    """Every (normalised key, form as written of its best entry), for suggestions."""
    return [(key, entries[0][E_FORM]) for key, entries in index.items()]


def compile_acronyms(registry: "Registry") -> dict[str, list[Entry]]:
    """Every acronym exactly as written -> the entries of the records it names (data order)."""
    table: dict[str, list[Entry]] = {}
    for record in registry.records:
        if record.type == "source":
            continue
        for form in record.acronyms:
            table.setdefault(form, []).append(_entry(registry, record, form, "acronym", form))
    return table
