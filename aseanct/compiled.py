"""What the cache holds, computed from a loaded Registry: the term index, its keys, the acronyms.

aseanct.lean.store calls `parts` after parsing the YAML; the lean path then reads these parts
without the models. Each index entry is a tuple of strings at the E_* positions of
aseanct.lean.index.
"""

from __future__ import annotations

from typing import Any

from aseanct.lean.index import E_FORM, Entry
from aseanct.lean.store import SHARDS, shard_of
from aseanct.lean.terms import loose_forms, normalize_term
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


def keys(table: dict[str, list[Entry]]) -> dict[str, dict[str, str]]:
    """For suggestions and completion: `forms`, every exact normalised key -> the form as
    written of its best entry (the loose keys only answer lookups), and `loose`, the same
    keyed loosely (terms.loose_forms), worked out here once rather than on every miss."""
    forms = {
        key: entries[0][E_FORM]
        for key, entries in table.items()
        if normalize_term(entries[0][E_FORM]) == key
    }
    return {"forms": forms, "loose": loose_forms(forms)}


def words(registry: Registry) -> dict[str, list[int]]:
    """Every search word of the records `aseanct search` looks through (all but sources) ->
    the positions of the records that have it, so the lean path can tell whether a search
    would find anything (some record with every word) before suggesting one."""
    from aseanct.queries import search_words

    found: dict[str, list[int]] = {}
    searched = (r for r in registry.records if r.type != "source")
    for position, record in enumerate(searched):
        for word in dict.fromkeys(search_words(record)):
            found.setdefault(word, []).append(position)
    return found


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
