"""The exported tables described: what each holds, its columns (a column's description is its
field's docstring in aseanct.model), and Datasette's metadata.json built from them."""

from __future__ import annotations

import ast
import functools
import inspect
import itertools
from dataclasses import dataclass
from typing import Any

from aseanct.store.write import array_columns, link_columns, record_columns, source_columns


@dataclass(frozen=True)
class Table:
    """One exported table: what it holds and how Datasette should show it."""

    name: str
    description: str
    columns: dict[str, str]
    """Column name -> description, in order."""
    json_columns: tuple[str, ...] = ()
    facets: tuple[str | dict[str, str], ...] = ()
    """The facets Datasette shows at first: a column, or {"array": column} for a JSON array."""
    label: str | None = None
    """The column Datasette shows for a row that a foreign key points at."""
    lookup: bool = False
    """One of the store's lookup tables: in the database, not among the jsonl and csv files."""


# --- column descriptions, from the models' field docstrings -------------------------------------


@functools.cache
def field_docs() -> dict[str, dict[str, str]]:
    """Class name -> field name -> the docstring written under the field in the record shapes."""
    from aseanct.model import programmes, records, statements

    docs: dict[str, dict[str, str]] = {}
    source = "\n".join(inspect.getsource(module) for module in (records, programmes, statements))
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            fields = {}
            for statement, following in itertools.pairwise(node.body):
                if (
                    isinstance(statement, ast.AnnAssign)
                    and isinstance(statement.target, ast.Name)
                    and isinstance(following, ast.Expr)
                    and isinstance(following.value, ast.Constant)
                    and isinstance(following.value.value, str)
                ):
                    fields[statement.target.id] = " ".join(following.value.value.split())
            docs[node.name] = fields
    return docs


def doc(name: str, *classes: str) -> str:
    """A field's docstring in the first of `classes` (or any record shape) that has one."""
    docs = field_docs()
    for klass in (*classes, *docs):
        found = docs.get(klass, {}).get(name)
        if found:
            return found
    return ""


_RECORD_COLUMNS = {
    "position": "The record's place in file order.",
    "id": "The record's id: a stable lower-case slug, unique across the knowledge base.",
    "type": "The record type: body, programme, term, event, country, law, post, assessment, "
    "document or case.",
    "acronym": "The primary acronym, if any.",
    "tree_parent_id": "Where it hangs in the hierarchy, as `aseanct tree` draws it.",
    "search_text": "Its words, normalised for full-text search (records_fts).",
    "data": "The whole record as JSON, each dated value and sum with its note and sources (as "
    "under `sourced` in `aseanct show ID -f json`).",
}
_SUFFIXES = {
    "_amount": "The amount as a number.",
    "_currency": "Its ISO 4217 currency code.",
    "_period": "The period it covers, if stated.",
}


def _column_doc(column: str) -> str:
    if column in _RECORD_COLUMNS:
        return _RECORD_COLUMNS[column]
    for suffix, text in _SUFFIXES.items():
        if column.endswith(suffix):
            return text
    if column in link_columns():
        return f"{doc(column)} (the linked record's id)".lstrip()
    return doc(column)


def tables() -> list[Table]:
    """Every exported table, parents before the tables that point at them."""
    records = {c: _column_doc(c) for c in record_columns()}
    sources = {c: doc(c, "Source", "Record") for c in source_columns()}
    sources.update(
        position="The source's place in file order.",
        id="The source's id: the key of its citations (`aseanct cite`).",
        reference="A paste-ready reference line (as `show --sources` prints it).",
        search_text="Its words, normalised for full-text search (sources_fts).",
        data="The whole source as JSON.",
    )
    return [
        Table(
            "records",
            "Every record but the sources (bodies, programmes, instruments and terms, events, "
            "countries, laws, posts, assessments, documents and cases), one row each.",
            records,
            (*array_columns(), "data"),
            ("type", "kind", "pillar", "country", {"array": "sources"}),
            "name",
        ),
        Table(
            "sources",
            "Every document a statement comes from.",
            sources,
            ("authors", "data"),
            ("kind", "publisher", "language"),
            "name",
        ),
        Table(
            "links",
            "Every link a record makes to another, with its relation.",
            {
                "from_id": "The record that makes the link.",
                "field": "The field of that record that holds it (parent, related, parties...).",
                "relation": doc("relation", "Link"),
                "to_id": "The record it points to.",
                "text": doc("text", "Link"),
                "inferred": doc("inferred", "Link"),
                "note": doc("note", "Link"),
                "sources": "The sources that state the link (ids, JSON array).",
                "position": "The link's place among the record's links.",
            },
            ("sources",),
            ("relation", "field"),
        ),
        Table(
            "statements",
            "Every sourced statement of every record's fact sheet, numbered as `aseanct show ID "
            "--sources` numbers them (cite one with `aseanct cite ID --fact N`).",
            {
                "id": "RECORD/N: the record's id and the statement's number.",
                "record_id": "The record the statement is about.",
                "number": "Its number on the record's fact sheet.",
                "section": "The fact sheet's section (empty for the overview).",
                "topic": "What it states (type, start, budget...), or empty for a list item.",
                "text": "The statement as the fact sheet words it.",
                "note": "A caution about it.",
            },
            (),
            ("section", "topic"),
        ),
        Table(
            "citations",
            "Which source states which statement: one row per statement and source.",
            {
                "statement_id": "The statement.",
                "record_id": "The record it is about.",
                "source_id": "A source that states it.",
            },
        ),
        Table(
            "parties",
            "Each state's standing under an instrument today, as `aseanct parties` prints it "
            "(`unknown`: the step is stated without a date; a state with no row: no record).",
            {
                "instrument_id": "The instrument.",
                "party_id": "The state (or organisation).",
                "status": "party, signatory only or not a party.",
                "action": "The treaty action that made it a party, in the depositary's words.",
                "date": "Its date, as the depositary dates it.",
                "signature": "The date of its signature, if it signed.",
                "in_force": "Entry into force for the state.",
                "in_force_derived": "1 when that date is worked out from the instrument's rule.",
                "domestic": "Its domestic steps (votes, laws, decrees), never treaty actions "
                "(JSON array).",
                "note": doc("note", "Party"),
                "sources": "Every source of its steps (ids, JSON array).",
            },
            ("sources", "domestic"),
        ),
        Table(
            "members",
            "The members of a body (ASEAN's member states...), with when each joined.",
            {
                "body_id": "The body.",
                "member_id": "The member.",
                "since": doc("since", "Member"),
                "role": doc("role", "Member"),
                "note": "A caution about the membership.",
                "sources": "The sources of the membership (ids, JSON array).",
            },
            ("sources",),
        ),
        Table(
            "terms",
            "Every term that names a record (acronyms, ids, aliases, names, and their loose "
            "forms): what `aseanct expand` reads.",
            {
                "key": "The term, normalised (case-folded, spaces collapsed).",
                "loose_key": "The term without punctuation, hyphens or a leading 'the'.",
                "loose": "1 when only the loose form of a name gives this key.",
                "rank": "How it names the record: 0 acronym, 1 id, 2 alias, 3 name.",
                "position": "The record's place in file order.",
                "id": "The record it names.",
                "type": "Its type.",
                "kind": "Its kind.",
                "acronym": "Its primary acronym.",
                "name": "Its name.",
                "shown": "What `expand` prints before the colon.",
                "scope": "What tells it apart from others with its acronym.",
                "matched": "acronym, id, alias or name.",
                "form": "The acronym, id, alias or name as the data writes it.",
            },
            facets=("matched",),
            lookup=True,
        ),
        Table(
            "acronyms",
            "Every acronym exactly as written, with the names that introduce it: what `glossary` "
            "and `annotate` read.",
            {
                "form": "The acronym, case and all.",
                "position": "The record's place in file order.",
                "id": "The record it names.",
                "type": "Its type.",
                "kind": "Its kind.",
                "acronym": "The record's primary acronym.",
                "name": "Its name.",
                "scope": "What tells it apart from others with its acronym.",
                "long_forms": "Its name and aliases (JSON array).",
            },
            ("long_forms",),
            lookup=True,
        ),
        Table(
            "collisions",
            "Acronyms with a well-known meaning outside this field.",
            {
                "record_id": "The record whose acronym it is.",
                "acronym": doc("acronym", "Collision"),
                "meaning": doc("meaning", "Collision"),
                "note": doc("note", "Collision"),
                "sources": "Sources that use the acronym so (ids, JSON array).",
            },
            ("sources",),
            lookup=True,
        ),
        Table(
            "meta",
            "What wrote this database: the program, its version and the data's state.",
            {
                "key": "The name of the value.",
                "value": "The value.",
            },
            lookup=True,
        ),
    ]


SEARCH_QUERY = (
    "select records.id, records.acronym, records.name, records.type, records.kind "
    "from records_fts join records on records.rowid = records_fts.rowid "
    "where records_fts match :words order by records_fts.rank limit 100"
)
"""The canned query Datasette offers as `search`: full-text matches, best first (a table's
own search lists them by key)."""


def datasette_metadata(database: str, version: str) -> dict[str, Any]:
    """Datasette's metadata.json for the database named `database` (the file's stem)."""
    return {
        "title": "aseanct: ASEAN bodies, instruments and programmes against trafficking",
        "description": (
            "The curated, sourced knowledge of aseanct "
            f"{version}: the ASEAN bodies, instruments and programmes that counter trafficking "
            "in persons and people smuggling, the links between them, and every statement "
            "with the sources that state it."
        ),
        "license": "No licence declared; each source keeps its publisher's terms",
        "source": "aseanct's curated data (data/*.yaml) and the documents in its sources table",
        "about": "aseanct export sqlite",
        "databases": {
            database: {
                "queries": {
                    "search": {
                        "title": "Search the records, best matches first",
                        "description": "Every record with all the words, ranked by SQLite's "
                        "full-text rank (bm25); words are matched whole, as written or in their "
                        "American spelling.",
                        "sql": SEARCH_QUERY,
                    }
                },
                "tables": {
                    table.name: {
                        "description": table.description,
                        "columns": table.columns,
                        **({"label_column": table.label} if table.label else {}),
                        **({"facets": list(table.facets)} if table.facets else {}),
                    }
                    for table in tables()
                },
            }
        },
    }
