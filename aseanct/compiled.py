"""What the cache holds, computed from a loaded Registry: the term index, its keys, the acronyms.

aseanct.lean.store calls `parts` after parsing the YAML; the lean path then reads these parts
without the models. Each index entry is a tuple of strings at the E_* positions of
aseanct.lean.index.
"""

from __future__ import annotations

from typing import Any

from aseanct.lean.index import E_FORM, Entry
from aseanct.lean.store import SHARDS, shard_of
from aseanct.lean.terms import normalize_term
from aseanct.models import Entity, Record, Registry, loose_index
from aseanct.queries import scope


def _entry(registry: Registry, record: Record, shown: str, matched: str, form: str) -> Entry:
    """One index entry, its fields at the E_* positions."""
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


def index(registry: Registry) -> dict[str, list[Entry]]:
    """Normalised key -> entries, best match first, then the loose keys (models.loose_index)
    no exact key has. Sources are cited, not looked up, so they are left out."""
    table: dict[str, list[Entry]] = {}
    for key, matches in [*registry.by_key.items(), *loose_index(registry).items()]:
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
            table[key] = entries
    return table


def keys(table: dict[str, list[Entry]]) -> list[tuple[str, str]]:
    """Every exact (normalised key, form as written of its best entry), for suggestions and
    completion (the loose keys only answer lookups)."""
    return [
        (key, entries[0][E_FORM])
        for key, entries in table.items()
        if normalize_term(entries[0][E_FORM]) == key
    ]


def words(registry: Registry) -> list[list[str]]:
    """The search words of every record `aseanct search` looks through (all but sources),
    so the lean path can tell whether a search would find anything before suggesting one."""
    from aseanct.queries import search_words

    return [search_words(r) for r in registry.records if r.type != "source"]


def acronyms(registry: Registry) -> dict[str, Any]:
    """What glossary and annotate need, for every acronym exactly as written:
    `entries`, the index entries of the records it names (data order); `long_forms`, their
    names and aliases (a text that writes one of them before `(ACR)` has introduced it); and
    `collisions`, its well-known meanings outside this field (ACT: Australian Capital
    Territory)."""
    entries: dict[str, list[Entry]] = {}
    long_forms: dict[str, list[str]] = {}
    collisions: dict[str, list[str]] = {}
    for record in registry.records:
        if not isinstance(record, Entity):
            continue
        for form in record.acronyms:
            entries.setdefault(form, []).append(_entry(registry, record, form, "acronym", form))
            names = long_forms.setdefault(form, [])
            for name in (record.name, *(alias.name for alias in record.aliases)):
                if name not in names:
                    names.append(name)
        for other in record.collisions:
            meanings = collisions.setdefault(other.acronym, [])
            if other.meaning not in meanings:
                meanings.append(other.meaning)
    return {"entries": entries, "long_forms": long_forms, "collisions": collisions}


def parts(registry: Registry, plain: list[dict[str, Any]]) -> dict[str, Any]:
    """Every part of a cache directory but its stamp: records, keys, acronyms, words, who
    links to whom, and the shards."""
    table = index(registry)
    shards: dict[str, dict[str, list[Entry]]] = {shard: {} for shard in SHARDS}
    for key, entries in table.items():
        shards[shard_of(key)][key] = entries
    out: dict[str, Any] = {
        "records": plain,
        "keys": keys(table),
        "acronyms": acronyms(registry),
        "words": words(registry),
        "linkers": registry.linkers_map(),
    }
    out.update({f"i{shard}": entries for shard, entries in shards.items()})
    return out
