"""The store's tables, and how records become their rows.

Every table is drawn from the record shapes (aseanct.model): a link is a column of the linked
id named as its field, a list a JSON array, and `data` holds the whole record. `export sqlite`
writes this same schema (aseanct.export)."""

from __future__ import annotations

import functools
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from aseanct.lean.resolver import MATCH_ORDER
from aseanct.lean.terms import loose_key, loosened, spelling_key
from aseanct.model.derive import record_keys, reference, scope, searchable_text, tree_parent
from aseanct.model.programmes import Money
from aseanct.model.records import RECORD_CLASSES, Entity, Record, Source, Term
from aseanct.model.shapes import Named, build, edges, per_class, shape_of
from aseanct.model.statements import Alias, Fact, Link, SourcedDate

if TYPE_CHECKING:
    import sqlite3

    from aseanct.model.shapes import FieldShape


def _is_link(field_shape: FieldShape) -> bool:
    return field_shape.kind == "model" and issubclass(field_shape.model or object, Link)


def _is_array(field_shape: FieldShape) -> bool:
    models = field_shape.kind == "models" and field_shape.model in (Alias, Fact)
    return field_shape.kind in ("texts", "sources") or models


def _columns_of(field_shape: FieldShape) -> list[str]:
    """The columns of `records` one field gives (those its handler fills)."""
    name = field_shape.name
    if _handler(field_shape) is None:
        return []
    if field_shape.kind == "model" and field_shape.model is Money:
        return [name, f"{name}_amount", f"{name}_currency", f"{name}_period"]
    return [name]


def _shapes() -> list[FieldShape]:
    """Every field of every record type but the source's."""
    return [s for t, cls in RECORD_CLASSES.items() if t != "source" for s in shape_of(cls)]


def record_columns() -> list[str]:
    """The columns of `records`: position, id, type, acronym, every field's (union over the
    record types, in declaration order), then the hierarchy, the search text and `data`."""
    columns = ["position", "id", "type", "acronym"]
    for field_shape in _shapes():
        columns += [c for c in _columns_of(field_shape) if c not in columns]
    return [*columns, "tree_parent_id", "search_text", "data"]


@functools.cache
def link_columns() -> frozenset[str]:
    """The columns of `records` that hold the id of another record (a link field's name)."""
    return frozenset({*(s.name for s in _shapes() if _is_link(s)), "tree_parent_id"})


@functools.cache
def array_columns() -> tuple[str, ...]:
    """The columns of `records` that hold a JSON array (of names, ids or statements' texts)."""
    return tuple(dict.fromkeys(s.name for s in _shapes() if _is_array(s)))


def source_columns() -> list[str]:
    """The columns of `sources`: every field of a source, its reference line, search text, data."""
    return ["position", *(s.name for s in shape_of(Source)), "reference", "search_text", "data"]


_json = json.JSONEncoder(ensure_ascii=False).encode


def _handler(field_shape: FieldShape) -> Any:
    """How one field's plain value becomes its columns (a function of the value)."""
    name, model = field_shape.name, field_shape.model
    if field_shape.kind in ("text", "flag", "int"):
        return lambda value: {name: value if value != "" else None}
    if field_shape.kind in ("texts", "sources"):
        return lambda value: {name: _json(value)}
    if _is_link(field_shape):
        return lambda value: {name: value["id"]}
    if model is SourcedDate:
        return lambda value: {name: value["date"]}
    if model is Fact and field_shape.kind == "model":
        return lambda value: {name: value["text"]}
    if model is Money:
        return lambda value: {
            name: value["as_written"],
            f"{name}_amount": value["amount"],
            f"{name}_currency": value["currency"],
            f"{name}_period": value.get("period") or None,
        }
    if model is Alias:
        return lambda value: {name: _json([a["name"] for a in value])}
    if model is Fact:
        return lambda value: {name: _json([f["text"] for f in value])}
    return None


@per_class
def _handlers(cls: type[Any]) -> dict[str, Any]:
    """Field name -> its handler, for the fields of a record type that have columns."""
    found = {s.name: _handler(s) for s in shape_of(cls) if not s.internal or s.name == "origin"}
    return {name: handler for name, handler in found.items() if handler is not None}


def _search_text(record: Record) -> str:
    """The words of a record for its full-text index: each in the one spelling `search`
    compares (search_key), and also as written where that differs, so that a query in a
    database browser finds either."""
    texts = [text for _field, text in searchable_text(record)]
    words = loose_key(" ".join([*texts, *record.acronyms, record.id])).split()
    distinct = dict.fromkeys(words)  # each word's variant once (the index counts repeats)
    return " ".join([*words, *(f for f in map(spelling_key, distinct) if f not in distinct)])


def record_row(record: Record, position: int, data: dict[str, Any]) -> dict[str, Any]:
    """A record as a row of `records` (or of `sources`)."""
    row: dict[str, Any] = {"position": position}
    if not isinstance(record, Source):
        row.update(type=record.type, acronym=record.acronym)
    handlers = _handlers(type(record))
    for name, value in data.items():
        handler = handlers.get(name)
        if handler is not None:
            row.update(handler(value))
    if isinstance(record, Source):
        row["reference"] = reference(record)
    else:
        row["tree_parent_id"] = tree_parent(record)
    row["search_text"] = _search_text(record)
    row["data"] = _json(data)
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
  status TEXT, action TEXT, date TEXT, signature TEXT, in_force TEXT, in_force_derived INTEGER,
  domestic TEXT, note TEXT, sources TEXT);
CREATE TABLE terms (
  key TEXT, loose_key TEXT, loose INTEGER, rank INTEGER, position INTEGER,
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
CREATE INDEX records_predecessor ON records(predecessor);
CREATE INDEX records_type ON records(type, position);
CREATE INDEX links_to ON links(to_id, field);
CREATE INDEX links_from ON links(from_id);
CREATE INDEX members_body ON members(body_id);
CREATE INDEX members_member ON members(member_id);
CREATE INDEX parties_instrument ON parties(instrument_id);
CREATE INDEX parties_party ON parties(party_id);
CREATE INDEX terms_key ON terms(key);
CREATE VIRTUAL TABLE records_fts USING fts5(search_text, content='records', content_rowid='rowid',
  tokenize='unicode61 remove_diacritics 2');
INSERT INTO records_fts(records_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE sources_fts USING fts5(search_text, content='sources', content_rowid='rowid',
  tokenize='unicode61 remove_diacritics 2');
INSERT INTO sources_fts(sources_fts) VALUES ('rebuild');
CREATE VIRTUAL TABLE records_vocab USING fts5vocab(records_fts, 'row');
CREATE VIRTUAL TABLE sources_vocab USING fts5vocab(sources_fts, 'row');
"""


def create(db: sqlite3.Connection) -> None:
    """The empty tables."""
    records = ", ".join(
        f"[{c}] TEXT PRIMARY KEY"
        if c == "id"
        else (f"[{c}] TEXT REFERENCES records(id)" if c in link_columns() else f"[{c}]")
        for c in record_columns()
    )
    sources = ", ".join(
        f"[{c}] {'TEXT PRIMARY KEY' if c == 'id' else ''}".strip() for c in source_columns()
    )
    db.executescript(
        f"CREATE TABLE records ({records});\nCREATE TABLE sources ({sources});\n" + SCHEMA
    )


def _flush(db: sqlite3.Connection, tables: dict[str, list[dict[str, Any]]]) -> None:
    """Insert the rows gathered so far, table by table, and forget them: each run of rows
    with the same keys at once, binding only those (a column a row lacks is NULL; binding
    the 55 columns of every records row cost more than all the rest of its insert)."""
    for table, rows in tables.items():
        for columns, run in itertools.groupby(rows, key=tuple):
            names = ", ".join(f"[{c}]" for c in columns)
            marks = ", ".join("?" * len(columns))
            values = (tuple(row.values()) for row in run)
            db.executemany(f"INSERT INTO [{table}] ({names}) VALUES ({marks})", values)
    tables.clear()


def _cells(item: Any, *names: str) -> dict[str, Any]:
    """Fields of a statement as cells (an empty text NULL), and its sources as JSON."""
    cells = {name: getattr(item, name) or None for name in names}
    return {**cells, "sources": json.dumps(list(item.sources))}


def _links(record: Entity) -> Iterator[dict[str, Any]]:
    for index, edge in enumerate(edges(record)):
        link = edge.link if isinstance(edge.link, Link) else None
        yield {
            "from_id": record.id,
            "field": edge.field,
            "relation": edge.relation or None,
            "to_id": edge.target,
            "position": index,
            "inferred": int(link.inferred) if link is not None else 0,
            **(_cells(link, "text", "note") if link is not None else {"sources": "[]"}),
        }


def _party_row(instrument: Term, party: Any) -> dict[str, Any]:
    """A state's standing under an instrument today, as `aseanct parties` gives it."""
    from aseanct.treaties import cited, shown_date, standing

    found = standing(instrument, party)
    return {
        "instrument_id": instrument.id,
        "party_id": party.id,
        "status": found.status,
        "action": found.joined.action if found.joined else None,
        "date": shown_date(found.joined),
        "signature": shown_date(found.signature),
        "in_force": shown_date(found.in_force),
        "in_force_derived": int(bool(found.in_force and found.in_force.derived)),
        "domestic": _json([f"{d.step} ({d.date or 'date unknown'})" for d in party.domestic]),
        "note": party.note or None,
        "sources": _json(cited(found, party, None)),
    }


def write(
    db: sqlite3.Connection,
    plain: Iterable[dict[str, Any]],
    names: dict[str, Named],
    built: list[Record] | None = None,
) -> None:
    """Make the tables and fill them with the validated plain records (in file order; each
    is kept as it is in `data`, and the Registry builds it back from there, or takes it from
    `built`, where each is added): `names` says who each id is, for the scope of each term."""
    create(db)
    named = names.get
    rows: defaultdict[str, list[dict[str, Any]]] = defaultdict(list)
    for position, data in enumerate(plain):
        # (The caller may hand over its list as a draining iterator: each record is then
        # freed once written.)
        record = build(RECORD_CLASSES[data["type"]], data)
        if built is not None:
            built.append(record)
        if isinstance(record, Source):
            rows["sources"].append(record_row(record, position, data))
        else:
            assert isinstance(record, Entity)
            rows["records"].append(record_row(record, position, data))
            rows["links"] += _links(record)
            rows["members"] += (
                {"body_id": record.id, "member_id": m.id, **_cells(m, "since", "role", "note")}
                for m in getattr(record, "members", ())
            )
            if isinstance(record, Term):
                rows["parties"] += (_party_row(record, party) for party in record.parties)
            rows["collisions"] += (
                {"record_id": record.id, **_cells(c, "acronym", "meaning", "note")}
                for c in record.collisions
            )
            _terms(record, position, named, rows)
        if position % 5000 == 4999:
            _flush(db, rows)
    _flush(db, rows)
    db.executescript(INDEXES)
    # A loose key stays only where no exact key is the same, once per record (its best).
    db.execute(
        "DELETE FROM terms WHERE loose = 1 AND EXISTS (SELECT 1 FROM terms AS t WHERE "
        "t.key = terms.key AND (t.loose = 0 OR t.id = terms.id AND t.rowid < terms.rowid))"
    )


def _terms(record: Entity, position: int, named: Any, rows: dict[str, list[Any]]) -> None:
    """The lookup keys of a record: its exact keys, and each one's loose form (kept later
    only where no exact key is the same)."""
    long_forms = _json(list(dict.fromkeys([record.name, *(a.name for a in record.aliases)])))
    who = {
        "position": position,
        "id": record.id,
        "type": record.type,
        "kind": record.kind,
        "acronym": record.acronym or "",
        "name": record.name,
        "scope": scope(named, record),
    }  # what every row of an acronym or a key says of its record
    for form in record.acronyms:
        rows["acronyms"].append({"form": form, **who, "long_forms": long_forms})
    seen: set[str] = set()
    for key, matched, form in record_keys(record):
        if not key or key in seen:
            continue
        seen.add(key)
        relaxed = loosened(key)
        entry = {
            "key": key,
            "loose_key": relaxed,
            "loose": 0,
            "rank": MATCH_ORDER[matched],
            **who,
            "shown": form if matched == "acronym" else (record.acronym or record.id),
            "matched": matched,
            "form": form,
        }
        rows["terms"].append(entry)
        if relaxed and relaxed != key:
            rows["terms"].append({**entry, "key": relaxed, "loose": 1})
