"""`export`: the store's tables as a SQLite database (for Datasette), JSON lines or CSV.

`export sqlite` copies the store (aseanct.store.write: the same schema) and adds the numbered
statements of every fact sheet and their citations (which source states which statement),
with a Datasette metadata.json that describes every table and column (a column's
description is its field's docstring in aseanct.model.records). `jsonl` and `csv` write one
file per table.
"""

from __future__ import annotations

import ast
import contextlib
import datetime
import functools
import inspect
import itertools
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aseanct.model import MILESTONES, Entity, Registry
from aseanct.store.write import record_columns, source_columns

if TYPE_CHECKING:
    import sqlite3


@dataclass(frozen=True)
class Table:
    """One exported table: what it holds and how Datasette should show it."""

    name: str
    description: str
    columns: dict[str, str]
    """Column name -> description, in order."""
    json_columns: tuple[str, ...] = ()
    facets: tuple[str, ...] = ()
    label: str | None = None
    """The column Datasette shows for a row that a foreign key points at."""
    lookup: bool = False
    """One of the store's lookup tables: in the database, not among the jsonl and csv files."""


# --- column descriptions, from the models' field docstrings -------------------------------------


@functools.cache
def field_docs() -> dict[str, dict[str, str]]:
    """Class name -> field name -> the docstring written under the field in the record shapes."""
    from aseanct.model import records

    docs: dict[str, dict[str, str]] = {}
    for node in ast.parse(inspect.getsource(records)).body:
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
    "type": "The record type: body, programme, term, event or country.",
    "acronym": "The primary acronym, if any.",
    "tree_parent_id": "Where it hangs in the hierarchy, as `aseanct tree` draws it.",
    "search_text": "Its words, normalised for full-text search (records_fts).",
    "data": "The whole record as JSON, as `aseanct show ID -f json` gives its fields.",
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
    if column.endswith("_id"):
        return f"{doc(column[:-3])} (the linked record's id)".lstrip()
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
    steps = {step: doc(step, "Party") for step in MILESTONES}
    return [
        Table(
            "records",
            "Every body, programme, instrument or term, event and country, one row each.",
            records,
            ("acronyms", "aliases", "facts", "sources", "data"),
            ("type", "kind"),
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
            "Every sourced statement of every record's fact sheet, numbered as `aseanct show ID --sources` numbers them (cite one with `aseanct cite ID --fact N`).",
            {
                "id": "RECORD/N: the record's id and the statement's number.",
                "record_id": "The record the statement is about.",
                "number": "Its number on the record's fact sheet.",
                "section": "The fact sheet's section (empty for the overview).",
                "label": "What it states (type, start, budget...), or empty for a list item.",
                "text": "The statement as the fact sheet words it.",
                "note": "A caution about it.",
            },
            (),
            ("section", "label"),
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
            "The states party to an instrument and the date of each step, as `aseanct parties` prints them (`unknown`: the step is stated without a date).",
            {
                "instrument_id": "The instrument.",
                "party_id": "The state (or organisation).",
                **steps,
                "note": doc("note", "Party"),
                "sources": "Every source of its steps (ids, JSON array).",
            },
            ("sources",),
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
            "Every term that names a record (acronyms, ids, aliases, names, and their loose forms): what `aseanct expand` reads.",
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
            "Every acronym exactly as written, with the names that introduce it: what `glossary` and `annotate` read.",
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


# --- the statements -----------------------------------------------------------------------------


def statements(registry: Registry) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table, row) for every numbered statement of every record's fact sheet and every
    source each cites."""
    from aseanct.render.sheet import build_sheet

    today = datetime.date.today()
    for record in registry.records:
        if not isinstance(record, Entity):
            continue
        sheet = build_sheet(registry, record, today)
        for number, (section, line) in enumerate(sheet.statements(), 1):
            statement_id = f"{record.id}/{number}"
            yield (
                "statements",
                {
                    "id": statement_id,
                    "record_id": record.id,
                    "number": number,
                    "section": section.title or None,
                    "label": line.label or None,
                    "text": line.text,
                    "note": line.note or None,
                },
            )
            for source_id in dict.fromkeys(line.sources):
                yield (
                    "citations",
                    {
                        "statement_id": statement_id,
                        "record_id": record.id,
                        "source_id": source_id,
                    },
                )


_STATEMENTS = """
CREATE TABLE statements (id TEXT PRIMARY KEY, record_id TEXT REFERENCES records(id),
  number INTEGER, section TEXT, label TEXT, text TEXT, note TEXT);
CREATE TABLE citations (statement_id TEXT REFERENCES statements(id),
  record_id TEXT REFERENCES records(id), source_id TEXT REFERENCES sources(id));
CREATE INDEX statements_record ON statements(record_id);
CREATE INDEX citations_statement ON citations(statement_id);
CREATE INDEX citations_source ON citations(source_id);
CREATE VIRTUAL TABLE statements_fts USING fts5(text, note, content='statements');
"""


def write_sqlite(path: str, db: sqlite3.Connection, registry: Registry) -> dict[str, int]:
    """The store's tables copied into a new database at `path`, with the statements and
    their citations added; returns the rows of each exported table."""
    import sqlite3

    with contextlib.closing(sqlite3.connect(path)) as out:
        db.backup(out)
        out.executescript(_STATEMENTS)
        rows: dict[str, list[dict[str, Any]]] = {"statements": [], "citations": []}
        for table, row in statements(registry):
            rows[table].append(row)
        for table, found in rows.items():
            if found:
                columns = list(found[0])
                marks = ", ".join("?" for _ in columns)
                out.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                    (tuple(r[c] for c in columns) for r in found),
                )
        out.execute("INSERT INTO statements_fts(statements_fts) VALUES ('rebuild')")
        out.commit()
        return {
            t.name: out.execute(f"SELECT count(*) FROM [{t.name}]").fetchone()[0] for t in tables()
        }


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


def write_database(
    path: str, metadata: str, db: sqlite3.Connection, registry: Registry, *, version: str
) -> tuple[list[str], dict[str, int]]:
    """Build the SQLite database and Datasette's metadata (unless `metadata` is empty) beside
    their paths and move both into place when complete: a failed or interrupted export
    leaves no half-written file, and never a database without its metadata. Returns the
    paths written and the rows of each table."""
    from aseanct.placing import move_into_place

    moves = [(f"{path}.partial-{os.getpid()}", path)]
    if metadata:
        moves.append((f"{metadata}.partial-{os.getpid()}", metadata))
    try:
        written = write_sqlite(moves[0][0], db, registry)
        if metadata:
            stem = os.path.splitext(os.path.basename(path))[0]
            with open(moves[1][0], "w", encoding="utf-8") as out:
                json.dump(datasette_metadata(stem, version), out, ensure_ascii=False, indent=2)
                out.write("\n")
        move_into_place(moves)
    finally:
        for working, _ in moves:
            if os.path.exists(working):
                os.remove(working)
    return [final for _, final in moves], written


# --- JSON lines and CSV -------------------------------------------------------------------------


def table_rows(
    db: sqlite3.Connection, registry: Registry, table: Table
) -> Iterator[dict[str, Any]]:
    """The rows of one table, JSON columns as values (not text)."""
    if table.name in ("statements", "citations"):
        yield from (row for name, row in statements(registry) if name == table.name)
        return
    columns = list(table.columns)
    names = ", ".join(f"[{c}]" for c in columns)
    for values in db.execute(f"SELECT {names} FROM [{table.name}] ORDER BY rowid"):
        row = dict(zip(columns, values, strict=True))
        for column in table.json_columns:
            if row.get(column) is not None:
                row[column] = json.loads(row[column])
        yield row


def write_lines(
    directory: str, db: sqlite3.Connection, registry: Registry, fmt: str
) -> tuple[list[str], dict[str, int]]:
    """One file per table in `directory` (made if needed): `NAME.jsonl` (JSON values kept as
    JSON) or `NAME.csv` (lists joined with '; ', without `data` and `search_text`). Each file
    is written aside and all are moved into place together at the end, so a failed or
    interrupted export leaves no half-written table (and no directory it made). Returns the
    paths and the rows of each table."""
    from aseanct.lean import tabular
    from aseanct.placing import move_into_place

    made = not os.path.isdir(directory)
    os.makedirs(directory, exist_ok=True)
    moves: list[tuple[str, str]] = []
    written: dict[str, int] = {}
    done = False
    try:
        for table in (t for t in tables() if not t.lookup):
            path = os.path.join(directory, f"{table.name}.{fmt}")
            working = os.path.join(directory, f".{table.name}.{fmt}.partial-{os.getpid()}")
            moves.append((working, path))
            skipped = {"search_text", "data"} if fmt == "csv" else {"search_text"}
            columns = [c for c in table.columns if c not in skipped]
            with open(working, "w", encoding="utf-8", newline="") as out:
                write = tabular.row_writer("csv")
                if fmt == "csv":
                    out.write(write(columns))
                written[table.name] = 0
                for row in table_rows(db, registry, table):
                    written[table.name] += 1
                    if fmt == "jsonl":
                        out.write(tabular.jsonl_line({c: row.get(c) for c in columns}))
                    else:
                        out.write(write(tabular.cell(row.get(c)) for c in columns))
        move_into_place(moves)
        done = True
    finally:
        for working, _ in moves:
            if os.path.exists(working):
                os.remove(working)
        if made and not done:
            with contextlib.suppress(OSError):
                os.rmdir(directory)
    return [path for _, path in moves], written
