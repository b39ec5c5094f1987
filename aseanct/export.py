"""`export`: the whole knowledge base as relational tables, for SQLite (Datasette), JSON lines
and CSV.

The tables are drawn from the record shapes in aseanct.models, so a new field reaches the
database without an edit here: scalar fields become columns, a link becomes `<field>_id` (a
foreign key), a sourced date its date, a list of names a JSON array. Every statement of every
fact sheet is a row of `statements` (numbered as `show --sources` numbers them), and every
source it cites a row of `citations`: the database keeps the citations per statement.
Column descriptions are the models' own field docstrings.
"""

from __future__ import annotations

import ast
import contextlib
import datetime
import functools
import inspect
import itertools
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from aseanct import models
from aseanct.models import (
    MILESTONES,
    Alias,
    Entity,
    Fact,
    Link,
    Member,
    Money,
    Party,
    Record,
    Registry,
    Source,
    SourcedDate,
    Term,
    edges,
    shape_of,
)


@dataclass(frozen=True)
class Table:
    """One exported table: its rows, and how SQLite and Datasette should see it."""

    name: str
    description: str
    columns: dict[str, str]
    """Column name -> description, in order."""
    rows: list[dict[str, Any]]
    pk: str | None = None
    foreign_keys: tuple[tuple[str, str], ...] = ()
    """(column, table) pairs; each points at that table's `id`."""
    fts: tuple[str, ...] = ()
    """Columns the full-text index covers."""
    json_columns: tuple[str, ...] = ()
    """Columns holding JSON (arrays, the whole record)."""
    facets: tuple[str, ...] = ()
    label: str | None = None
    """The column Datasette shows for a row that a foreign key points at."""


# --- column descriptions, from the models' field docstrings -------------------------------------


@functools.cache
def field_docs() -> dict[str, dict[str, str]]:
    """Class name -> field name -> the docstring written under the field in aseanct.models."""
    tree = ast.parse(inspect.getsource(models))
    docs: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        fields: dict[str, str] = {}
        body = node.body
        for statement, following in itertools.pairwise(body):
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


def doc(cls: type[Any], name: str) -> str:
    """A field's docstring, looked up through the class's bases."""
    for klass in cls.__mro__:
        text = field_docs().get(klass.__name__, {}).get(name)
        if text:
            return text
    return ""


# --- records ------------------------------------------------------------------------------------

ENTITY_CLASSES = [c for t, c in models.RECORD_CLASSES.items() if t != "source"]

LEADING = {
    "id": "The record's id: a stable lower-case slug, unique across the knowledge base.",
    "type": "The record type: body, programme, term, event or country.",
    "acronym": "The primary acronym, if any.",
}


def record_columns() -> dict[str, str]:
    """The columns of `records`, from the fields of every record type (union, in order)."""
    columns = dict(LEADING)
    for cls in ENTITY_CLASSES:
        for shape in shape_of(cls):
            for column, description in _columns_of(cls, shape):
                columns.setdefault(column, description)
    columns["data"] = "The whole record as JSON, as `aseanct show ID -f json` gives its fields."
    return columns


def _columns_of(cls: type[Any], shape: models.FieldShape) -> Iterator[tuple[str, str]]:
    text = doc(cls, shape.name)
    model = shape.model
    if shape.name == "sources":
        yield "sources", "The sources of the record's name, acronyms, kind and description (ids)."
    elif shape.kind in ("text", "flag", "int"):
        yield shape.name, text
    elif shape.kind == "texts":
        yield shape.name, text + " (JSON array)"
    elif shape.kind == "model" and model is not None and issubclass(model, Link):
        yield f"{shape.name}_id", f"{text} (the linked record's id)"
    elif shape.kind == "model" and model is SourcedDate:
        yield shape.name, f"{text} (YYYY, YYYY-MM or YYYY-MM-DD)"
    elif shape.kind == "model" and model is Money:
        yield shape.name, f"{text} (as written)"
        yield f"{shape.name}_amount", "The amount as a number."
        yield f"{shape.name}_currency", "Its ISO 4217 currency code."
        yield f"{shape.name}_period", "The period it covers, if stated."
    elif shape.kind == "model" and model is Fact:
        yield shape.name, text
    elif shape.kind == "models" and model in (Alias, Fact):
        yield shape.name, text + " (JSON array of the texts)"


def record_row(record: Record, data: dict[str, Any]) -> dict[str, Any]:
    """A record as a row of `records`."""
    row: dict[str, Any] = {"id": record.id, "type": record.type, "acronym": record.acronym}
    for shape in shape_of(type(record)):
        value = getattr(record, shape.name)
        model = shape.model
        if shape.kind in ("text", "flag", "int"):
            row[shape.name] = value if value != "" else None
        elif shape.kind in ("texts", "sources"):
            row[shape.name] = list(value)
        elif shape.kind == "model" and model is not None and issubclass(model, Link):
            row[f"{shape.name}_id"] = value.id if value is not None else None
        elif shape.kind == "model" and model is SourcedDate:
            row[shape.name] = value.date if value is not None else None
        elif shape.kind == "model" and model is Money:
            row[shape.name] = value.as_written if value is not None else None
            row[f"{shape.name}_amount"] = value.amount if value is not None else None
            row[f"{shape.name}_currency"] = value.currency if value is not None else None
            row[f"{shape.name}_period"] = (value.period or None) if value is not None else None
        elif shape.kind == "model" and model is Fact:
            row[shape.name] = value.text if value is not None else None
        elif shape.kind == "models" and model is Alias:
            row[shape.name] = [alias.name for alias in value]
        elif shape.kind == "models" and model is Fact:
            row[shape.name] = [fact.text for fact in value]
    row["data"] = data
    return row


# --- the tables ---------------------------------------------------------------------------------


def tables(registry: Registry) -> list[Table]:
    """Every table of the export, parents before the tables that point at them."""
    from aseanct.render.records import record_json
    from aseanct.render.sheet import build_sheet, reference

    today = datetime.date.today()
    entities = [r for r in registry.records if isinstance(r, Entity)]
    sources = [r for r in registry.records if isinstance(r, Source)]

    columns = record_columns()
    records = [
        {c: row.get(c) for c in columns}
        for row in (record_row(r, record_json(registry, r)) for r in entities)
    ]

    source_columns = {"id": "The source's id: the key of its citations (`aseanct cite`)."}
    for shape in shape_of(Source):
        if shape.name == "id":
            continue
        text = doc(Source, shape.name)
        source_columns[shape.name] = text + (" (JSON array)" if shape.kind == "texts" else "")
    source_columns["reference"] = "A paste-ready reference line (as `show --sources` prints it)."
    source_rows = []
    for source in sources:
        row = {
            shape.name: (
                list(getattr(source, shape.name))
                if shape.kind == "texts"
                else (getattr(source, shape.name) if getattr(source, shape.name) != "" else None)
            )
            for shape in shape_of(Source)
        }
        row["reference"] = reference(source)
        source_rows.append(row)

    link_rows = []
    member_rows = []
    party_rows = []
    for record in entities:
        for edge in edges(record):
            link = edge.link if isinstance(edge.link, Link) else None
            link_rows.append(
                {
                    "from_id": record.id,
                    "field": edge.field,
                    "relation": edge.relation or None,
                    "to_id": edge.target,
                    "text": (link.text or None) if link is not None else None,
                    "inferred": link.inferred if link is not None else False,
                    "note": (link.note or None) if link is not None else None,
                    "sources": list(link.sources) if link is not None else [],
                }
            )
        for member in getattr(record, "members", ()):
            assert isinstance(member, Member)
            member_rows.append(
                {
                    "body_id": record.id,
                    "member_id": member.id,
                    "since": member.since or None,
                    "role": member.role or None,
                    "note": member.note or None,
                    "sources": list(member.sources),
                }
            )
        if isinstance(record, Term):
            party_rows += [_party_row(record, party) for party in record.parties]

    statement_rows = []
    citation_rows = []
    for record in entities:
        sheet = build_sheet(registry, record, today)
        for number, (section, line) in enumerate(sheet.statements(), 1):
            statement_id = f"{record.id}/{number}"
            statement_rows.append(
                {
                    "id": statement_id,
                    "record_id": record.id,
                    "number": number,
                    "section": section.title or None,
                    "label": line.label or None,
                    "text": line.text,
                    "note": line.note or None,
                }
            )
            citation_rows += [
                {"statement_id": statement_id, "record_id": record.id, "source_id": source_id}
                for source_id in dict.fromkeys(line.sources)
            ]

    link_doc = doc(Link, "relation")
    return [
        Table(
            "records",
            "Every body, programme, instrument or term, event and country, one row each.",
            columns,
            records,
            pk="id",
            foreign_keys=tuple((c, "records") for c in columns if c.endswith("_id") and c != "id"),
            fts=("name", "acronyms", "aliases", "description", "facts"),
            json_columns=tuple(
                c for c in columns if c in ("acronyms", "aliases", "facts", "sources", "data")
            ),
            facets=("type", "kind"),
            label="name",
        ),
        Table(
            "sources",
            "Every document a statement comes from.",
            source_columns,
            source_rows,
            pk="id",
            fts=("name", "publisher", "description", "note"),
            json_columns=("authors",),
            facets=("kind", "publisher", "language"),
            label="name",
        ),
        Table(
            "links",
            "Every link a record makes to another, with its relation.",
            {
                "from_id": "The record that makes the link.",
                "field": "The field of that record that holds it (parent, related, parties...).",
                "relation": link_doc,
                "to_id": "The record it points to.",
                "text": doc(Link, "text"),
                "inferred": doc(Link, "inferred"),
                "note": doc(Link, "note"),
                "sources": "The sources that state the link (ids, JSON array).",
            },
            link_rows,
            foreign_keys=(("from_id", "records"), ("to_id", "records")),
            json_columns=("sources",),
            facets=("relation", "field"),
        ),
        Table(
            "statements",
            "Every sourced statement of every record's fact sheet, numbered as "
            "`aseanct show ID --sources` numbers them (cite one with `aseanct cite ID --fact N`).",
            {
                "id": "RECORD/N: the record's id and the statement's number.",
                "record_id": "The record the statement is about.",
                "number": "Its number on the record's fact sheet.",
                "section": "The fact sheet's section (empty for the overview).",
                "label": "What it states (type, start, budget...), or empty for a list item.",
                "text": "The statement as the fact sheet words it.",
                "note": "A caution about it.",
            },
            statement_rows,
            pk="id",
            foreign_keys=(("record_id", "records"),),
            fts=("text", "note"),
            facets=("section", "label"),
        ),
        Table(
            "citations",
            "Which source states which statement: one row per statement and source.",
            {
                "statement_id": "The statement.",
                "record_id": "The record it is about.",
                "source_id": "A source that states it.",
            },
            citation_rows,
            foreign_keys=(
                ("statement_id", "statements"),
                ("record_id", "records"),
                ("source_id", "sources"),
            ),
        ),
        Table(
            "parties",
            "The states party to an instrument and the date of each step, as `aseanct parties` "
            "prints them (`unknown`: the step is stated without a date).",
            {
                "instrument_id": "The instrument.",
                "party_id": "The state (or organisation).",
                **{step: doc(Party, step) for step in MILESTONES},
                "note": doc(Party, "note"),
                "sources": "Every source of its steps (ids, JSON array).",
            },
            party_rows,
            foreign_keys=(("instrument_id", "records"), ("party_id", "records")),
            json_columns=("sources",),
        ),
        Table(
            "members",
            "The members of a body (ASEAN's member states...), with when each joined.",
            {
                "body_id": "The body.",
                "member_id": "The member.",
                "since": doc(Member, "since"),
                "role": doc(Member, "role"),
                "note": "A caution about the membership.",
                "sources": "The sources of the membership (ids, JSON array).",
            },
            member_rows,
            foreign_keys=(("body_id", "records"), ("member_id", "records")),
            json_columns=("sources",),
        ),
    ]


def _party_row(instrument: Term, party: Party) -> dict[str, Any]:
    row: dict[str, Any] = {"instrument_id": instrument.id, "party_id": party.id}
    cited: list[str] = []
    for step in MILESTONES:
        milestone = getattr(party, step)
        row[step] = None if milestone is None else (milestone.date or "unknown")
        if milestone is not None:
            cited += milestone.sources
    row["note"] = party.note or None
    row["sources"] = list(dict.fromkeys(cited))
    return row


# --- writers ------------------------------------------------------------------------------------


def write_sqlite(path: str, built: Sequence[Table]) -> None:
    """Write the tables into a new SQLite database at `path` (which must not exist), with
    foreign keys, indexes on them, and FTS5 full-text indexes (Porter stemming: `smuggling`
    finds `smuggle`) kept in step with the table by triggers.

    sqlite-utils declares the schema; the rows go in through one executemany per table,
    without a journal (the file is moved into place only once it is complete)."""
    import sqlite_utils

    db = sqlite_utils.Database(path)
    try:
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        for table in built:
            created = db.table(table.name)
            created.create(
                {c: _sql_type(table, c) for c in table.columns},
                pk=table.pk,
                foreign_keys=[(column, other, "id") for column, other in table.foreign_keys],
                not_null={table.pk} if table.pk else None,
            )
            names = ", ".join(f"[{c}]" for c in table.columns)
            marks = ", ".join("?" for _ in table.columns)
            with db.conn:
                db.conn.executemany(
                    f"INSERT INTO [{table.name}] ({names}) VALUES ({marks})",
                    (
                        tuple(_sql_value(table, c, row.get(c)) for c in table.columns)
                        for row in table.rows
                    ),
                )
            for column, _other in table.foreign_keys:
                created.create_index([column], if_not_exists=True)
            if table.fts:
                created.enable_fts(list(table.fts), tokenize="porter", create_triggers=True)
    finally:
        db.close()


def _sql_type(table: Table, column: str) -> type:
    sample = next((row[column] for row in table.rows if row.get(column) is not None), None)
    if column in table.json_columns:
        return str
    if isinstance(sample, bool):
        return int
    if isinstance(sample, int):
        return int
    return str


def _sql_value(table: Table, column: str, value: Any) -> Any:
    if column in table.json_columns and value is not None:
        import json

        return json.dumps(value, ensure_ascii=False)
    return value


def datasette_metadata(database: str, built: Sequence[Table], version: str) -> dict[str, Any]:
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
                "tables": {
                    table.name: {
                        "description": table.description,
                        "columns": table.columns,
                        **({"label_column": table.label} if table.label else {}),
                        **({"facets": list(table.facets)} if table.facets else {}),
                    }
                    for table in built
                }
            }
        },
    }


def write_lines(directory: str, built: Sequence[Table], fmt: str) -> list[str]:
    """One file per table in `directory` (made if needed): `NAME.jsonl` (JSON values kept as
    JSON) or `NAME.csv` (lists joined with '; ', without the `data` column). Each file is
    written aside and all are moved into place together at the end, so a failed or
    interrupted export leaves no half-written table (and no directory it made). Returns the
    paths."""
    import os

    from aseanct.placing import move_into_place
    from aseanct.render import tabular

    made = not os.path.isdir(directory)
    os.makedirs(directory, exist_ok=True)
    moves: list[tuple[str, str]] = []
    done = False
    try:
        for table in built:
            path = os.path.join(directory, f"{table.name}.{fmt}")
            working = os.path.join(directory, f".{table.name}.{fmt}.partial-{os.getpid()}")
            moves.append((working, path))
            columns = [c for c in table.columns if not (fmt == "csv" and c == "data")]
            with open(working, "w", encoding="utf-8", newline="") as out:
                if fmt == "jsonl":
                    for row in table.rows:
                        out.write(tabular.jsonl_line({c: row.get(c) for c in columns}))
                else:
                    write = tabular.row_writer("csv")
                    out.write(write(columns))
                    for row in table.rows:
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
    return [path for _, path in moves]


def counts(built: Sequence[Table]) -> Mapping[str, int]:
    """Rows per table."""
    return {table.name: len(table.rows) for table in built}


def write_database(path: str, metadata: str, built: Sequence[Table], *, version: str) -> list[str]:
    """Build the SQLite database and Datasette's metadata (unless `metadata` is empty) beside
    their paths and move both into place when complete: a failed or interrupted export
    leaves no half-written file, and never a database without its metadata. Returns the
    paths written."""
    import json
    import os

    from aseanct.placing import move_into_place

    moves = [(f"{path}.partial-{os.getpid()}", path)]
    if metadata:
        moves.append((f"{metadata}.partial-{os.getpid()}", metadata))
    try:
        write_sqlite(moves[0][0], built)
        if metadata:
            stem = os.path.splitext(os.path.basename(path))[0]
            with open(moves[1][0], "w", encoding="utf-8") as out:
                json.dump(
                    datasette_metadata(stem, built, version), out, ensure_ascii=False, indent=2
                )
                out.write("\n")
        move_into_place(moves)
    finally:
        for working, _ in moves:
            if os.path.exists(working):
                os.remove(working)
    return [final for _, final in moves]
