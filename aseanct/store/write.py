"""The store's tables, and how records become their rows.

Every table is drawn from the record shapes (aseanct.model): a scalar field becomes a column,
a link `<field>_id`, a sourced date its date, a list of names a JSON array, and `data` holds
the whole record as `aseanct show ID -f json` gives its fields (the Registry builds records
back from it). Beside them: `links` (every link, by the record that makes it and the one it
points to), `members`, `parties`, `terms` (every normalised key of every record, what
`expand` and every lookup read), `collisions`, full-text indexes and `meta`.
`aseanct export sqlite` writes this same schema, with the numbered statements and their
citations added (aseanct.export).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from aseanct.lean.terms import loose_key, search_key
from aseanct.model import (
    MILESTONES,
    Alias,
    Entity,
    Fact,
    Link,
    Member,
    Money,
    Record,
    Source,
    SourcedDate,
    Term,
    edges,
    shape_of,
)
from aseanct.model.derive import record_keys, reference, scope, searchable_text, tree_parent
from aseanct.model.json import Named, record_json

if TYPE_CHECKING:
    import sqlite3

    from aseanct.model import FieldShape

MATCH_ORDER = {"acronym": 0, "id": 1, "alias": 2, "name": 3}


def _entity_classes() -> list[type[Any]]:
    from aseanct.model import RECORD_CLASSES

    return [c for t, c in RECORD_CLASSES.items() if t != "source"]


def _columns_of(field_shape: FieldShape) -> list[str]:
    """The columns of `records` one field gives."""
    model = field_shape.model
    if field_shape.kind in ("text", "flag", "int", "texts", "sources"):
        return [field_shape.name]
    if field_shape.kind == "model" and model is not None and issubclass(model, Link):
        return [f"{field_shape.name}_id"]
    if field_shape.kind == "model" and model in (SourcedDate, Fact):
        return [field_shape.name]
    if field_shape.kind == "model" and model is Money:
        name = field_shape.name
        return [name, f"{name}_amount", f"{name}_currency", f"{name}_period"]
    if field_shape.kind == "models" and model in (Alias, Fact):
        return [field_shape.name]
    return []


def record_columns() -> list[str]:
    """The columns of `records`: position, id, type, acronym, every field's (union over the
    record types, in declaration order), then the hierarchy, the search text and `data`."""
    columns = ["position", "id", "type", "acronym"]
    for cls in _entity_classes():
        for field_shape in shape_of(cls):
            columns += [c for c in _columns_of(field_shape) if c not in columns]
    return [*columns, "tree_parent_id", "search_text", "data"]


def source_columns() -> list[str]:
    """The columns of `sources`: every field of a source, its reference line, search text, data."""
    return [
        "position",
        *(s.name for s in shape_of(Source)),
        "reference",
        "search_text",
        "data",
    ]


def _value(field_shape: FieldShape, value: Any) -> dict[str, Any]:
    """A field's columns and their values."""
    name, model = field_shape.name, field_shape.model
    if field_shape.kind in ("text", "flag", "int"):
        return {name: value if value != "" else None}
    if field_shape.kind in ("texts", "sources"):
        return {name: json.dumps(list(value), ensure_ascii=False)}
    if value is None:
        return dict.fromkeys(_columns_of(field_shape))
    if model is not None and issubclass(model, Link) and field_shape.kind == "model":
        return {f"{name}_id": value.id}
    if model is SourcedDate:
        return {name: value.date}
    if model is Fact and field_shape.kind == "model":
        return {name: value.text}
    if model is Money:
        return {
            name: value.as_written,
            f"{name}_amount": value.amount,
            f"{name}_currency": value.currency,
            f"{name}_period": value.period or None,
        }
    if model is Alias:
        return {name: json.dumps([a.name for a in value], ensure_ascii=False)}
    if model is Fact:
        return {name: json.dumps([f.text for f in value], ensure_ascii=False)}
    return {}


def _search_text(record: Record) -> str:
    """The words of a record for its full-text index: each in the one spelling `search`
    compares (search_key), and also as written where that differs, so that a query in a
    database browser finds either."""
    texts = [text for _field, text in searchable_text(record)]
    words: list[str] = []
    for text in [*texts, *record.acronyms, record.id]:
        written = loose_key(text).split()
        words += written
        words += [w for w in search_key(text).split() if w not in written]
    return " ".join(words)


def record_row(record: Record, position: int, data: dict[str, Any]) -> dict[str, Any]:
    """A record as a row of `records` (or of `sources`)."""
    row: dict[str, Any] = {"position": position, "id": record.id}
    if isinstance(record, Source):
        for field_shape in shape_of(Source):
            value = getattr(record, field_shape.name)
            if field_shape.kind == "texts":
                row[field_shape.name] = json.dumps(list(value), ensure_ascii=False)
            else:
                row[field_shape.name] = value if value != "" else None
        row["reference"] = reference(record)
    else:
        row["type"] = record.type
        row["acronym"] = record.acronym
        for field_shape in shape_of(type(record)):
            row.update(_value(field_shape, getattr(record, field_shape.name)))
        row["tree_parent_id"] = tree_parent(record)
    row["search_text"] = _search_text(record)
    row["data"] = json.dumps(data, ensure_ascii=False)
    return row


SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE links (
  from_id TEXT REFERENCES records(id), field TEXT, relation TEXT,
  to_id TEXT REFERENCES records(id),
  text TEXT, inferred INTEGER, note TEXT, sources TEXT, position INTEGER);
CREATE TABLE members (
  body_id TEXT REFERENCES records(id), member_id TEXT REFERENCES records(id),
  since TEXT, role TEXT, note TEXT, sources TEXT);
CREATE TABLE parties (
  instrument_id TEXT REFERENCES records(id), party_id TEXT REFERENCES records(id),
  {milestones}, note TEXT, sources TEXT);
CREATE TABLE terms (
  key TEXT, loose_key TEXT, loose INTEGER, first INTEGER, rank INTEGER, position INTEGER,
  id TEXT REFERENCES records(id), type TEXT, kind TEXT, acronym TEXT, name TEXT, shown TEXT,
  scope TEXT, matched TEXT, form TEXT);
CREATE TABLE acronyms (
  form TEXT, position INTEGER, id TEXT REFERENCES records(id), type TEXT, kind TEXT,
  acronym TEXT, name TEXT, scope TEXT, long_forms TEXT);
CREATE TABLE collisions (
  record_id TEXT REFERENCES records(id), acronym TEXT, meaning TEXT, note TEXT, sources TEXT);
"""

INDEXES = """
CREATE INDEX records_tree ON records(tree_parent_id, position);
CREATE INDEX records_predecessor ON records(predecessor_id);
CREATE INDEX records_type ON records(type, position);
CREATE INDEX links_to ON links(to_id, field);
CREATE INDEX links_from ON links(from_id);
CREATE INDEX members_body ON members(body_id);
CREATE INDEX members_member ON members(member_id);
CREATE INDEX parties_instrument ON parties(instrument_id);
CREATE INDEX parties_party ON parties(party_id);
CREATE INDEX terms_key ON terms(key);
CREATE VIRTUAL TABLE records_fts USING fts5(search_text, content='records', content_rowid='rowid');
INSERT INTO records_fts(records_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE sources_fts USING fts5(search_text, content='sources', content_rowid='rowid');
INSERT INTO sources_fts(sources_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE records_vocab USING fts5vocab(records_fts, 'row');
CREATE VIRTUAL TABLE sources_vocab USING fts5vocab(sources_fts, 'row');
"""


def create(db: sqlite3.Connection) -> None:
    """The empty tables."""
    records = ", ".join(
        f"[{c}] TEXT PRIMARY KEY"
        if c == "id"
        else (f"[{c}] TEXT REFERENCES records(id)" if c.endswith("_id") else f"[{c}]")
        for c in record_columns()
    )
    sources = ", ".join(
        f"[{c}] {'TEXT PRIMARY KEY' if c == 'id' else ''}".strip() for c in source_columns()
    )
    steps = ", ".join(f"[{m}] TEXT" for m in MILESTONES)
    db.executescript(
        f"CREATE TABLE records ({records});\nCREATE TABLE sources ({sources});\n"
        + SCHEMA.format(milestones=steps)
    )


def _insert(db: sqlite3.Connection, table: str, columns: list[str], rows: list[dict[str, Any]]) -> None:
    if rows:
        names = ", ".join(f"[{c}]" for c in columns)
        marks = ", ".join("?" for _ in columns)
        db.executemany(
            f"INSERT INTO [{table}] ({names}) VALUES ({marks})",
            (tuple(row.get(c) for c in columns) for row in rows),
        )


class _Rows:
    """The rows one record gives, gathered a batch at a time."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict[str, Any]]] = {}

    def add(self, table: str, row: dict[str, Any]) -> None:
        self.tables.setdefault(table, []).append(row)

    def flush(self, db: sqlite3.Connection, columns: dict[str, list[str]]) -> None:
        for table, rows in self.tables.items():
            _insert(db, table, columns[table], rows)
        self.tables.clear()


def _links(record: Entity) -> Iterator[dict[str, Any]]:
    for index, edge in enumerate(edges(record)):
        link = edge.link if isinstance(edge.link, Link) else None
        yield {
            "from_id": record.id,
            "field": edge.field,
            "relation": edge.relation or None,
            "to_id": edge.target,
            "text": (link.text or None) if link is not None else None,
            "inferred": int(link.inferred) if link is not None else 0,
            "note": (link.note or None) if link is not None else None,
            "sources": json.dumps(list(link.sources) if link is not None else []),
            "position": index,
        }


def _party_row(instrument: Term, party: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"instrument_id": instrument.id, "party_id": party.id}
    cited: list[str] = []
    for step in MILESTONES:
        milestone = getattr(party, step)
        row[step] = None if milestone is None else (milestone.date or "unknown")
        if milestone is not None:
            cited += milestone.sources
    row["note"] = party.note or None
    row["sources"] = json.dumps(list(dict.fromkeys(cited)))
    return row


def write(db: sqlite3.Connection, records: Iterable[Record], names: dict[str, Named]) -> None:
    """Fill the empty tables with `records` (validated, in file order): `names` says who each
    id is, for the names links carry and the scope of each term."""
    named = names.get
    columns = {
        "records": record_columns(),
        "sources": source_columns(),
        "links": ["from_id", "field", "relation", "to_id", "text", "inferred", "note", "sources", "position"],
        "members": ["body_id", "member_id", "since", "role", "note", "sources"],
        "parties": ["instrument_id", "party_id", *MILESTONES, "note", "sources"],
        "terms": ["key", "loose_key", "loose", "first", "rank", "position", "id", "type", "kind", "acronym", "name", "shown", "scope", "matched", "form"],
        "collisions": ["record_id", "acronym", "meaning", "note", "sources"],
        "acronyms": ["form", "position", "id", "type", "kind", "acronym", "name", "scope", "long_forms"],
    }
    rows = _Rows()
    exact: dict[str, tuple[int, int]] = {}  # key -> the (rank, position) of its best entry
    loose: list[dict[str, Any]] = []
    for position, record in enumerate(records):
        data = record_json(named, record)
        if isinstance(record, Source):
            rows.add("sources", record_row(record, position, data))
        else:
            assert isinstance(record, Entity)
            rows.add("records", record_row(record, position, data))
            for link in _links(record):
                rows.add("links", link)
            for member in getattr(record, "members", ()):
                assert isinstance(member, Member)
                rows.add("members", {"body_id": record.id, "member_id": member.id, "since": member.since or None, "role": member.role or None, "note": member.note or None, "sources": json.dumps(list(member.sources))})
            if isinstance(record, Term):
                for party in record.parties:
                    rows.add("parties", _party_row(record, party))
            for other in record.collisions:
                rows.add("collisions", {"record_id": record.id, "acronym": other.acronym, "meaning": other.meaning, "note": other.note or None, "sources": json.dumps(list(other.sources))})
            _terms(record, position, named, rows, exact, loose)
        if position % 5000 == 4999:
            rows.flush(db, columns)
    rows.flush(db, columns)
    _loose_terms(db, columns["terms"], exact, loose)
    db.executescript(INDEXES)
    db.execute(
        "UPDATE terms SET first = 1 WHERE loose = 0 AND rowid IN (SELECT rowid FROM ("
        "SELECT rowid, row_number() OVER (PARTITION BY key ORDER BY rank, position) AS n "
        "FROM terms WHERE loose = 0) WHERE n = 1)"
    )


def _terms(
    record: Entity,
    position: int,
    named: Any,
    rows: _Rows,
    exact: dict[str, tuple[int, int]],
    loose: list[dict[str, Any]],
) -> None:
    """The lookup keys of a record: its exact keys now, its loose ones for later (kept only
    where no exact key is the same)."""
    where = scope(named, record)
    long_forms = json.dumps(
        list(dict.fromkeys([record.name, *(a.name for a in record.aliases)])), ensure_ascii=False
    )
    for form in record.acronyms:
        rows.add(
            "acronyms",
            {"form": form, "position": position, "id": record.id, "type": record.type, "kind": record.kind, "acronym": record.acronym or "", "name": record.name, "scope": where, "long_forms": long_forms},
        )
    seen: set[str] = set()
    for key, matched, form in record_keys(record):
        if not key or key in seen:
            continue
        seen.add(key)
        entry = {
            "key": key,
            "loose_key": loose_key(key),
            "loose": 0,
            "first": 0,
            "rank": MATCH_ORDER[matched],
            "position": position,
            "id": record.id,
            "type": record.type,
            "kind": record.kind,
            "acronym": record.acronym or "",
            "name": record.name,
            "shown": form if matched == "acronym" else (record.acronym or record.id),
            "scope": where,
            "matched": matched,
            "form": form,
        }
        rows.add("terms", entry)
        exact.setdefault(key, (0, 0))
        relaxed = loose_key(form)
        if relaxed:
            loose.append({**entry, "key": relaxed, "loose_key": relaxed, "loose": 1})


def _loose_terms(
    db: sqlite3.Connection,
    columns: list[str],
    exact: dict[str, tuple[int, int]],
    loose: list[dict[str, Any]],
) -> None:
    """The loose keys no exact key has, each naming a record once, best match first."""
    kept: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in loose:
        if entry["key"] in exact:
            continue
        found = kept.get((entry["key"], entry["id"]))
        if found is None or entry["rank"] < found["rank"]:
            kept[(entry["key"], entry["id"])] = entry
    _insert(db, "terms", columns, list(kept.values()))
