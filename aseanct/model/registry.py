"""The Registry: the records of a store, read as they are asked for."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from aseanct.model.records import RECORD_CLASSES, Entity, Event, Programme, Record
from aseanct.model.shapes import Edge, Named, build, edges
from aseanct.model.statements import RecordType

if TYPE_CHECKING:
    import sqlite3

    from aseanct.lean.resolver import Resolver


_SELECT = (
    "SELECT id, type, data FROM records WHERE {} "
    "UNION ALL SELECT id, 'source', data FROM sources WHERE {}"
)


class Registry(Mapping[str, Record]):
    """Every record of a store: by id (as a mapping), by type, in file order, and their links."""

    def __init__(
        self,
        db: sqlite3.Connection,
        resolver: Resolver | None = None,
        records: list[Record] | None = None,
    ) -> None:
        """`records`: every record of the store in file order, when they are at hand."""
        self.db = db
        self._resolver = resolver
        self._memo: dict[str, Record | None] = {r.id: r for r in records or ()}
        self._all = tuple(records) if records is not None else None
        self._edges: dict[str, tuple[Edge, ...]] = {}
        self._links_to: dict[str, list[Edge]] | None = None
        self._asked: dict[tuple[Any, ...], list[str]] = {}
        self._for_all: dict[str, dict[str, list[str]]] = {}

    def _built(self, record_type: RecordType, data: str) -> Record:
        return build(RECORD_CLASSES[record_type], json.loads(data))

    def __getitem__(self, record_id: str) -> Record:
        if record_id not in self._memo:
            try:
                self.many([record_id])
            except UnicodeEncodeError:  # an undecodable byte: no id holds one
                self._memo[record_id] = None
        record = self._memo[record_id]
        if record is None:
            raise KeyError(record_id)
        return record

    def __iter__(self) -> Iterator[str]:
        return iter([r.id for r in self.records])

    def __len__(self) -> int:
        return len(self.records)

    def many(self, ids: Iterable[str]) -> list[Record]:
        """The records with these ids, in the order given (unknown ids left out)."""
        wanted = list(dict.fromkeys(ids))
        missing = [i for i in wanted if i not in self._memo]
        for start in range(0, len(missing), 500):
            part = missing[start : start + 500]
            marks = ",".join("?" * len(part))
            where = f"id IN ({marks})"
            for row in self.db.execute(_SELECT.format(where, where), (*part, *part)):
                self._memo[row[0]] = self._built(row[1], row[2])
            for record_id in part:
                self._memo.setdefault(record_id, None)
        return [r for r in (self._memo[i] for i in wanted) if r is not None]

    @property
    def by_id(self) -> Mapping[str, Record]:
        """Id -> record, read as asked for: the registry itself."""
        return self

    @property
    def records(self) -> tuple[Record, ...]:
        """Every record in file order (read once, then kept)."""
        if self._all is None:
            rows = self.db.execute(
                "SELECT position, id, type, data FROM records UNION ALL "
                "SELECT position, id, 'source', data FROM sources ORDER BY 1"
            )
            records = []
            for _position, record_id, record_type, data in rows:
                record = self._memo.get(record_id) or self._built(record_type, data)
                self._memo[record_id] = record
                records.append(record)
            self._all = tuple(records)
        return self._all

    def select(
        self,
        *,
        record_type: RecordType | None = None,
        kind: str | None = None,
        pillar: str | None = None,
        country: str | None = None,
    ) -> list[Record]:
        """The records matching every filter given, in file order (sources only when asked for)."""
        if record_type == "source":
            return self.many(self._ids("SELECT id FROM sources ORDER BY position"))
        wanted = {"type": record_type, "kind": kind, "pillar": pillar, "country": country}
        given = {column: value for column, value in wanted.items() if value is not None}
        where = " AND ".join(["1", *(f"{column} = ?" for column in given)])
        sql = f"SELECT id FROM records WHERE {where} ORDER BY position"
        return self.many(self._ids(sql, *given.values()))

    def kinds(self, record_type: RecordType | None = None) -> set[str]:
        """The kinds records of a type have (of every type but sources when None)."""
        if record_type == "source":
            return {row[0] for row in self.db.execute("SELECT DISTINCT kind FROM sources")}
        sql, args = "SELECT DISTINCT kind FROM records", tuple[str, ...]()
        if record_type is not None:
            sql, args = sql + " WHERE type = ?", (record_type,)
        return {row[0] for row in self.db.execute(sql, args)}

    def names(self, record_id: str) -> Named | None:
        record = self.get(record_id)
        return (record.acronym, record.name, record.type) if record is not None else None

    def _ids(self, sql: str, *args: Any) -> list[str]:
        """The ids a query finds (its last column), asked once per run (a sheet and its JSON
        ask alike)."""
        key = (sql, *args)
        if key not in self._asked:
            self._asked[key] = [row[-1] for row in self.db.execute(sql, args)]
        return self._asked[key]

    def _ids_for(self, sql: str, key: str) -> list[str]:
        """The ids `sql` finds for one key (its columns: the key, then the id; `{}` follows
        the key in its WHERE): for that key alone, or once every record is read (export,
        site), for every key in one query."""
        if self._all is None:
            return self._ids(sql.format("= ?"), key)
        if sql not in self._for_all:
            self._for_all[sql] = {}
            for found, record_id in self.db.execute(sql.format("IS NOT NULL")):
                self._for_all[sql].setdefault(found, []).append(record_id)
        return self._for_all[sql].get(key, [])

    def children_of(self, record_id: str) -> tuple[Record, ...]:
        """The records that hang under it in the hierarchy, in file order."""
        sql = "SELECT tree_parent_id, id FROM records WHERE tree_parent_id {} ORDER BY position"
        return tuple(self.many(self._ids_for(sql, record_id)))

    def roots(self) -> list[Record]:
        """The bodies, programmes and countries that hang under nothing, in file order."""
        sql = (
            "SELECT id FROM records WHERE tree_parent_id IS NULL "
            "AND type IN ('body', 'programme', 'country') ORDER BY position"
        )
        return self.many(self._ids(sql))

    def instruments(self) -> list[Record]:
        """The instruments with a table of parties, in file order."""
        sql = (
            "SELECT id FROM records WHERE id IN (SELECT instrument_id FROM parties) "
            "OR status_for IS NOT NULL ORDER BY position"
        )
        return self.many(self._ids(sql))

    def successors_of(self, record_id: str) -> tuple[Programme, ...]:
        """The programmes that name it as their predecessor, in file order."""
        sql = "SELECT id FROM records WHERE predecessor = ? ORDER BY position"
        return tuple(r for r in self.many(self._ids(sql, record_id)) if isinstance(r, Programme))

    def events_of(self, record_id: str) -> tuple[Event, ...]:
        """The events related to it, by date."""
        sql = (
            "SELECT l.to_id, e.id FROM links l JOIN records e ON e.id = l.from_id WHERE l.to_id {} "
            "AND l.field = 'related' AND e.type = 'event' GROUP BY l.to_id, e.id "
            "ORDER BY e.date, e.position"
        )
        return tuple(r for r in self.many(self._ids_for(sql, record_id)) if isinstance(r, Event))

    def backlinks_of(self, record_id: str) -> tuple[Edge, ...]:
        """Every link made to it, in file order of the records that make them."""
        if self._all is not None:  # every record read: walk the links of all at once
            if self._links_to is None:
                self._links_to = {}
                for edge in (e for r in self._all if isinstance(r, Entity) for e in edges(r)):
                    self._links_to.setdefault(edge.target, []).append(edge)
            return tuple(self._links_to.get(record_id, ()))
        sql = (
            "SELECT l.from_id FROM links l JOIN records r ON r.id = l.from_id "
            "WHERE l.to_id = ? GROUP BY l.from_id ORDER BY r.position"
        )
        found = []
        for record in self.many(self._ids(sql, record_id)):
            if record.id not in self._edges:  # a record linked to often is walked once
                self._edges[record.id] = tuple(edges(record))
            found += [edge for edge in self._edges[record.id] if edge.target == record_id]
        return tuple(found)

    def linked_from(self, record_id: str, field: str) -> list[Record]:
        """The records whose `field` links to it (a country's programmes: `countries`)."""
        sql = (
            "SELECT l.from_id FROM links l JOIN records r ON r.id = l.from_id "
            "WHERE l.to_id = ? AND l.field = ? GROUP BY l.from_id ORDER BY r.position"
        )
        return self.many(self._ids(sql, record_id, field))

    @property
    def resolver(self) -> Resolver:
        """The one resolver of terms, over the same store."""
        if self._resolver is None:
            from aseanct.lean.resolver import Resolver

            self._resolver = Resolver(self.db)
        return self._resolver
