"""`export`: the store's tables as a SQLite database (for Datasette), JSON lines or CSV.

`export sqlite` copies the store (aseanct.store.write: the same schema) and adds the numbered
statements of every fact sheet and their citations (which source states which statement),
with a Datasette metadata.json that describes every table and column (a column's
description is its field's docstring in aseanct.model.records). `jsonl` and `csv` write one
file per table.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from aseanct.model.records import Entity
from aseanct.model.registry import Registry
from aseanct.tables import Table, datasette_metadata, tables

if TYPE_CHECKING:
    import sqlite3


def statements(registry: Registry) -> dict[str, list[tuple[Any, ...]]]:
    """The rows of `statements` (every numbered statement of every record's fact sheet) and
    of `citations` (every source each cites), in their columns' order, built once for both."""
    from aseanct.render.sheet import build_sheet

    today = datetime.date.today()
    stated: list[tuple[Any, ...]] = []
    cited: list[tuple[Any, ...]] = []
    for record in registry.records:
        if not isinstance(record, Entity):
            continue
        sheet = build_sheet(registry, record, today)
        for number, (section, line) in enumerate(sheet.statements(), 1):
            statement_id = f"{record.id}/{number}"
            title, topic, note = section.title or None, line.label or None, line.note or None
            stated.append((statement_id, record.id, number, title, topic, line.text, note))
            cited += [(statement_id, record.id, s) for s in dict.fromkeys(line.sources)]
    return {"statements": stated, "citations": cited}


_STATEMENTS = """
CREATE TABLE statements (id TEXT PRIMARY KEY, record_id TEXT REFERENCES records(id),
  number INTEGER, section TEXT, topic TEXT, text TEXT, note TEXT);
CREATE TABLE citations (statement_id TEXT REFERENCES statements(id),
  record_id TEXT REFERENCES records(id), source_id TEXT REFERENCES sources(id));
CREATE VIRTUAL TABLE statements_fts USING fts5(text, note, content='statements',
  tokenize='unicode61 remove_diacritics 2');
"""
_INDEXES = """
CREATE INDEX statements_record ON statements(record_id);
CREATE INDEX citations_statement ON citations(statement_id);
CREATE INDEX citations_source ON citations(source_id);
INSERT INTO statements_fts(statements_fts) VALUES ('rebuild');
"""
"""Made once the rows are in (faster than keeping them up to date row by row)."""


@contextlib.contextmanager
def _aside(moves: list[tuple[str, str]]) -> Iterator[None]:
    """Move each file written aside over its final path, all together, once the block has
    written them all: a failed or interrupted export leaves no half-written file."""
    from aseanct.placing import move_into_place

    try:
        yield
        move_into_place(moves)
    finally:
        for working, _ in moves:
            if os.path.exists(working):
                os.remove(working)


def write_database(
    path: str, metadata: str, db: sqlite3.Connection, registry: Registry, *, version: str
) -> tuple[list[str], dict[str, int]]:
    """The store's tables copied into a new database at `path`, with the statements and
    their citations added, and Datasette's metadata (unless `metadata` is empty): never a
    database without its metadata. Returns the paths written and the rows of each table."""
    import sqlite3

    moves = [(f"{path}.partial-{os.getpid()}", path)]
    if metadata:
        moves.append((f"{metadata}.partial-{os.getpid()}", metadata))
    with _aside(moves), contextlib.closing(sqlite3.connect(moves[0][0])) as out:
        out.execute("PRAGMA journal_mode = OFF")  # written aside: a failure leaves nothing
        db.backup(out)
        out.executescript(_STATEMENTS)
        for table, rows in statements(registry).items():
            if rows:
                out.executemany(
                    f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows
                )
        out.executescript(_INDEXES)
        written = {
            t.name: out.execute(f"SELECT count(*) FROM [{t.name}]").fetchone()[0] for t in tables()
        }
        if metadata:
            stem = os.path.splitext(os.path.basename(path))[0]
            with open(moves[1][0], "w", encoding="utf-8") as file:
                json.dump(datasette_metadata(stem, version), file, ensure_ascii=False, indent=2)
                file.write("\n")
    return [final for _, final in moves], written


def table_rows(
    db: sqlite3.Connection, numbered: dict[str, list[tuple[Any, ...]]], table: Table
) -> Iterator[dict[str, Any]]:
    """The rows of one table, JSON columns as values (not text); those of `statements` and
    `citations` from `numbered` (what statements() gives)."""
    if table.name in numbered:
        yield from (dict(zip(table.columns, row, strict=True)) for row in numbered[table.name])
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
    JSON) or `NAME.csv` (lists joined with '; ', without `data` and `search_text`), written
    aside and moved into place together (an export that fails removes a directory it made).
    Returns the paths and the rows of each table."""
    from aseanct.lean import tabular

    numbered = statements(registry)
    made = not os.path.isdir(directory)
    os.makedirs(directory, exist_ok=True)
    moves: list[tuple[str, str]] = []
    skipped = {"search_text", "data"} if fmt == "csv" else {"search_text"}
    written: dict[str, int] = {}
    try:
        with _aside(moves):
            for table in (t for t in tables() if not t.lookup):
                working = os.path.join(directory, f".{table.name}.{fmt}.partial-{os.getpid()}")
                moves.append((working, os.path.join(directory, f"{table.name}.{fmt}")))
                columns = [c for c in table.columns if c not in skipped]
                with open(working, "w", encoding="utf-8", newline="") as out:
                    if fmt == "csv":
                        out.write(tabular.csv_row(columns))
                    written[table.name] = 0
                    for row in table_rows(db, numbered, table):
                        written[table.name] += 1
                        if fmt == "jsonl":
                            out.write(tabular.jsonl_line({c: row.get(c) for c in columns}))
                        else:
                            out.write(tabular.csv_row(tabular.cell(row.get(c)) for c in columns))
    except BaseException:
        if made:
            with contextlib.suppress(OSError):
                os.rmdir(directory)
        raise
    return [path for _, path in moves], written
