"""Typed model of the knowledge base: records, their sourced facts, and the indexed Registry.

No I/O, no YAML, no Rich, no printing: the loader builds these, queries read them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal, NewType

from aseanct.terms import normalize_term

if TYPE_CHECKING:
    import datetime

# Every model class is a frozen, slotted dataclass compared by identity (eq=False): records
# are unique objects in a Registry and nothing compares them by value, and skipping the
# generated __eq__ and __hash__ saves a few milliseconds of class creation on every call.

RecordId = NewType("RecordId", str)
"""A record's stable id: a lower-case slug such as `somtc` or `asean-act`."""

RecordType = Literal["body", "programme", "term", "event", "country", "source"]

COLLECTIONS: dict[str, RecordType] = {
    "bodies": "body",
    "programmes": "programme",
    "terms": "term",
    "events": "event",
    "countries": "country",
    "sources": "source",
}
"""Top-level keys of the YAML files, each naming the record type its list holds."""

PROGRAMME_COUNTRY_STATUSES = (
    "active",
    "being established",
    "on hold",
    "initial partner",
    "added later",
    "covered",
    "earlier",
)
"""What a country's place in a programme can be, as the sources word it."""


def year_of(date: str) -> int:
    """The year of a partial ISO date `YYYY`, `YYYY-MM` or `YYYY-MM-DD`."""
    return int(date[:4])


def earliest_day(date: str) -> datetime.date:
    """The first day a partial date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) can mean; ValueError if
    it is not a date."""
    import datetime

    year, month, day = [*(int(p) for p in date.split("-")), 1, 1][:3]
    return datetime.date(year, month, day)


def latest_day(date: str) -> datetime.date:
    """The last day a partial date (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`) can mean."""
    import calendar
    import datetime

    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return datetime.date(parts[0], 12, 31)
    if len(parts) == 2:
        return datetime.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return datetime.date(parts[0], parts[1], parts[2])


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Ref:
    """A sourced link from one record to another."""

    id: RecordId
    """The record linked to."""
    relation: str = ""
    """How the source words the link, e.g. `subsidiary mechanism of`."""
    text: str = ""
    """What the source says when the link alone says too little, e.g. a co-chair's role."""
    note: str = ""
    """A caution or a conflicting version, in the curators' words."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state this link."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class SourcedDate:
    """A partial date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) with its sources."""

    date: str
    """The date, only as precise as the sources give it."""
    note: str = ""
    """A caution or a conflicting version."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state this date."""

    @property
    def year(self) -> int:
        """The year of the date."""
        return year_of(self.date)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Money:
    """An amount of money as a source states it."""

    amount: int
    """The amount in whole units of `currency`."""
    currency: str
    """ISO 4217 code: `AUD`, `USD`."""
    as_written: str
    """The figure exactly as the source writes it, e.g. `$A80 million`."""
    note: str = ""
    """A caution, e.g. a currency the source only implies."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state this amount."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Alias:
    """Another name a record goes by: a variant, a former name, a seed's misspelling."""

    name: str
    """The other name, exactly as written where it is used."""
    note: str = ""
    """Where it comes from, e.g. `spelling in the seed page`."""
    sources: tuple[RecordId, ...] = ()
    """Where this form is used."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Fact:
    """One further statement about a record, in the curators' own words."""

    text: str
    """The statement."""
    date: str = ""
    """When it happened or held, as a partial date, if the sources say."""
    note: str = ""
    """A caution or a conflicting version."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state it."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Item:
    """A named entry of a list: a pathway, an outcome area, an area of cooperation."""

    name: str
    """The entry's name."""
    description: str = ""
    """What it covers, in the curators' own words."""
    ref: RecordId | None = None
    """A record this entry is about, if there is one."""
    lead: Ref | None = None
    """The country or body that leads on it, if the sources say."""
    note: str = ""
    """A caution or a conflicting version."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state it."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Phase:
    """A phase of a programme."""

    name: str
    """The phase's name, e.g. `Phase 1`."""
    start: str
    """First year (or finer partial date)."""
    end: str
    """Last year (or finer partial date)."""
    note: str = ""
    """A caution."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state it."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ProgrammeCountry:
    """A country's place in a programme."""

    id: RecordId
    """The country."""
    status: str
    """One of PROGRAMME_COUNTRY_STATUSES."""
    note: str = ""
    """A caution or context."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state it."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Figure:
    """A counted figure, with its gender split where the source gives one."""

    label: str
    """What is counted, e.g. `people trained`."""
    value: int
    """The count."""
    women: int | None = None
    """How many of them were women, if stated."""
    men: int | None = None
    """How many of them were men, if stated."""
    women_pct: int | None = None
    """Share of women in per cent, if stated."""
    men_pct: int | None = None
    """Share of men in per cent, if stated."""
    note: str = ""
    """A caution."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state it."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Achievement:
    """Something a programme's partners did, with its numbers."""

    text: str
    """What was done, in the curators' own words."""
    partners: tuple[RecordId, ...] = ()
    """The bodies involved."""
    figures: tuple[Figure, ...] = ()
    """Its numbers."""
    date: str = ""
    """When, if the source says."""
    note: str = ""
    """A caution."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state it."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Record:
    """What every record has: identity, names, description, links, facts and sources."""

    TYPE: ClassVar[RecordType]

    id: RecordId
    """Stable lower-case slug, unique across the whole knowledge base."""
    name: str
    """The full, correct name."""
    kind: str
    """What sort of thing it is, e.g. `ministerial meeting`, `regional programme`."""
    acronyms: tuple[str, ...] = ()
    """Acronyms, the primary one first."""
    aliases: tuple[Alias, ...] = ()
    """Other names and spellings, including a seed's misspellings."""
    description: str = ""
    """What it is and does, in the curators' own words."""
    note: str = ""
    """A caution about the record as a whole."""
    related: tuple[Ref, ...] = ()
    """Sourced links to other records that are not parent/child."""
    facts: tuple[Fact, ...] = ()
    """Further sourced statements."""
    sources: tuple[RecordId, ...] = ()
    """The sources for the record's identity (name, acronyms, kind, description)."""
    origin: str = ""
    """Where the record is defined, as `FILE:LINE`."""

    @property
    def type(self) -> RecordType:
        """The record type: body, programme, term, event, country or source."""
        return self.TYPE

    @property
    def acronym(self) -> str | None:
        """The primary acronym, or None."""
        return self.acronyms[0] if self.acronyms else None

    @property
    def label(self) -> str:
        """A short handle for display: the primary acronym, else the name."""
        return self.acronyms[0] if self.acronyms else self.name


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Body(Record):
    """An ASEAN body, a national institution, a partner organisation or a forum."""

    TYPE: ClassVar[RecordType] = "body"

    parent: Ref | None = None
    """The body or programme it sits under or reports to."""
    pillar: Ref | None = None
    """The ASEAN Community pillar it belongs to."""
    established: SourcedDate | None = None
    """When it was set up or first met."""
    country: Ref | None = None
    """The country it belongs to, for national bodies."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Programme(Record):
    """A programme, such as Australia's counter-trafficking programmes with ASEAN."""

    TYPE: ClassVar[RecordType] = "programme"

    start: SourcedDate | None = None
    """When it began, if sourced."""
    end: SourcedDate | None = None
    """When it ended or ends, if sourced."""
    budget: Money | None = None
    """Its budget, as the source writes it."""
    funder: Ref | None = None
    """Who funds it."""
    implementers: tuple[Ref, ...] = ()
    """Who implements it, with periods in `text` or `note` where they differ."""
    countries: tuple[ProgrammeCountry, ...] = ()
    """The countries it works in, with their status."""
    predecessor: Ref | None = None
    """The programme it follows."""
    governance: tuple[Ref, ...] = ()
    """Its governance bodies."""
    phases: tuple[Phase, ...] = ()
    """Its phases."""
    pathways: tuple[Item, ...] = ()
    """How it works."""
    outcome_areas: tuple[Item, ...] = ()
    """What it aims at."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Term(Record):
    """An instrument (convention, plan, declaration, work plan, fund) or a term of the field."""

    TYPE: ClassVar[RecordType] = "term"

    start: SourcedDate | None = None
    """First year of the period it covers, for plans."""
    end: SourcedDate | None = None
    """Last year of the period it covers, for plans."""
    lead: Ref | None = None
    """The body that leads it."""
    bodies: tuple[Ref, ...] = ()
    """The bodies it involves."""
    items: tuple[Item, ...] = ()
    """Its entries, for a list such as the areas of cooperation."""
    part_of: Ref | None = None
    """The term or instrument it belongs to."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Event(Record):
    """A dated milestone: a meeting, a signing, an adoption, a launch."""

    TYPE: ClassVar[RecordType] = "event"

    date: str
    """When, only as precise as the sources give it."""
    end_date: str = ""
    """The last day, for meetings of several days."""
    place: str = ""
    """Where, if the sources say."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class FocalPoint:
    """A programme's focal point in a country."""

    text: str
    """The position, as the source names it."""
    body: RecordId | None = None
    """The body the position belongs to."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state it."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Country(Record):
    """A country: an ASEAN Member State or a Dialogue Partner, with programme facts."""

    TYPE: ClassVar[RecordType] = "country"

    member_since: SourcedDate | None = None
    """When it joined ASEAN, for Member States."""
    programme: Ref | None = None
    """The programme whose country facts follow (figures, focal point, partners, achievements)."""
    figures: tuple[Figure, ...] = ()
    """Counted figures."""
    focal_point: FocalPoint | None = None
    """The programme's focal point."""
    partners: tuple[Ref, ...] = ()
    """The programme's key partners."""
    achievements: tuple[Achievement, ...] = ()
    """What was achieved with partners."""


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Source(Record):
    """A document a fact comes from: a seed, a web page, a news article, a press release."""

    TYPE: ClassVar[RecordType] = "source"

    publisher: str = ""
    """Who published it."""
    url: str = ""
    """Where it is (its original address)."""
    file: str = ""
    """For a seed, its file name in the project's seeds."""
    via: str = ""
    """A mirror the text was read through, when the original was not seen."""
    date: str = ""
    """When it was published, if known."""
    language: str = ""
    """Its language, when not English."""


RECORD_CLASSES: dict[RecordType, type[Record]] = {
    "body": Body,
    "programme": Programme,
    "term": Term,
    "event": Event,
    "country": Country,
    "source": Source,
}


def record_keys(record: Record) -> list[tuple[str, str, str]]:
    """Every lookup key of a record: (normalised key, how it matched, the form shown)."""
    keys = [(normalize_term(a), "acronym", a) for a in record.acronyms]
    keys.append((normalize_term(record.id), "id", record.id))
    keys += [(normalize_term(a.name), "alias", a.name) for a in record.aliases]
    keys.append((normalize_term(record.name), "name", record.name))
    return keys


MATCH_ORDER = {"acronym": 0, "id": 1, "alias": 2, "name": 3}


@dataclass(frozen=True, slots=True, eq=False)
class Match:
    """A record a term resolved to, and how."""

    record: Record
    """The record."""
    matched: str
    """How the term matched: `acronym`, `id`, `alias` or `name`."""
    form: str
    """The acronym, id, alias or name that matched, as the data writes it."""


@dataclass(frozen=True, slots=True, eq=False)
class Registry:
    """Every record, indexed once: by id, by acronym/alias/name key, children by parent."""

    records: tuple[Record, ...]
    """All records in file order."""
    by_id: Mapping[RecordId, Record]
    """Id -> record."""
    by_key: Mapping[str, tuple[Match, ...]]
    """Normalised acronym, id, alias or name -> its matches, best first."""
    children: Mapping[RecordId, tuple[Record, ...]]
    """Id -> the records that hang under it in the hierarchy (tree_parent), in file order."""
    successors: Mapping[RecordId, tuple[Programme, ...]]
    """Programme id -> the programmes naming it as predecessor."""
    backlinks: Mapping[RecordId, tuple[tuple[Record, str], ...]]
    """Id -> (record linking to it, the field that links), in file order."""
    events_of: Mapping[RecordId, tuple[Event, ...]]
    """Id -> events related to it, in date order."""

    @classmethod
    def build(cls, records: Iterable[Record]) -> Registry:
        """Index `records` (already validated: unique ids, resolvable links)."""
        records = tuple(records)
        by_id = {r.id: r for r in records}
        by_key: dict[str, list[Match]] = {}
        children: dict[RecordId, list[Record]] = {}
        successors: dict[RecordId, list[Programme]] = {}
        backlinks: dict[RecordId, list[tuple[Record, str]]] = {}
        events_of: dict[RecordId, list[Event]] = {}
        for record in records:
            seen: set[str] = set()
            for key, matched, form in record_keys(record):
                if key and key not in seen:
                    seen.add(key)
                    by_key.setdefault(key, []).append(Match(record, matched, form))
            for name, target in links_of(record):
                backlinks.setdefault(target, []).append((record, name))
            parent = tree_parent(record)
            if parent is not None:
                children.setdefault(parent, []).append(record)
            if isinstance(record, Programme) and record.predecessor:
                successors.setdefault(record.predecessor.id, []).append(record)
            if isinstance(record, Event):
                for ref in record.related:
                    events_of.setdefault(ref.id, []).append(record)
        for matches in by_key.values():
            matches.sort(key=lambda m: MATCH_ORDER[m.matched])
        for events in events_of.values():
            events.sort(key=lambda e: e.date)
        return cls(
            records=records,
            by_id=by_id,
            by_key={k: tuple(v) for k, v in by_key.items()},
            children={k: tuple(v) for k, v in children.items()},
            successors={k: tuple(v) for k, v in successors.items()},
            backlinks={k: tuple(_dedupe(v)) for k, v in backlinks.items()},
            events_of={k: tuple(v) for k, v in events_of.items()},
        )

    def lookup(self, term: str) -> tuple[Match, ...]:
        """Every record `term` names, best match first (empty if none)."""
        return self.by_key.get(normalize_term(term), ())

    def of_type(self, record_type: RecordType) -> list[Record]:
        """The records of one type, in file order."""
        return [r for r in self.records if record_type == r.TYPE]


def span(record: Record) -> tuple[str, str]:
    """A record's (start, end) as partial dates, "" when unknown or not applicable: a body's
    establishment, a programme's or term's run, an event's dates."""
    if isinstance(record, Body):
        return (record.established.date if record.established else "", "")
    if isinstance(record, Programme | Term):
        return (
            record.start.date if record.start else "",
            record.end.date if record.end else "",
        )
    if isinstance(record, Event):
        return (record.date, record.end_date)
    return ("", "")


def tree_parent(record: Record) -> RecordId | None:
    """Where a record hangs in the hierarchy: a body under its parent, else its pillar, else
    its country; nothing else hangs under anything."""
    if isinstance(record, Body):
        for ref in (record.parent, record.pillar, record.country):
            if ref is not None:
                return ref.id
    return None


def _dedupe(pairs: list[tuple[Record, str]]) -> list[tuple[Record, str]]:
    seen: set[tuple[str, str]] = set()
    out = []
    for record, name in pairs:
        if (record.id, name) not in seen:
            seen.add((record.id, name))
            out.append((record, name))
    return out


def links_of(record: Record) -> list[tuple[str, RecordId]]:
    """Every (field name, target id) link a record makes, except to its sources."""
    out: list[tuple[str, RecordId]] = [("related", r.id) for r in record.related]
    if isinstance(record, Body):
        for name in ("parent", "pillar", "country"):
            ref = getattr(record, name)
            if ref is not None:
                out.append((name, ref.id))
    elif isinstance(record, Programme):
        for name in ("funder", "predecessor"):
            ref = getattr(record, name)
            if ref is not None:
                out.append((name, ref.id))
        out += [("implementers", r.id) for r in record.implementers]
        out += [("countries", c.id) for c in record.countries]
        out += [("governance", r.id) for r in record.governance]
        out += [
            (name, i.ref)
            for name in ("pathways", "outcome_areas")
            for i in getattr(record, name)
            if i.ref
        ]
    elif isinstance(record, Term):
        for name in ("lead", "part_of"):
            ref = getattr(record, name)
            if ref is not None:
                out.append((name, ref.id))
        out += [("bodies", r.id) for r in record.bodies]
        out += [("items", i.ref) for i in record.items if i.ref]
        out += [("items", i.lead.id) for i in record.items if i.lead]
    elif isinstance(record, Country):
        if record.programme:
            out.append(("programme", record.programme.id))
        if record.focal_point and record.focal_point.body:
            out.append(("focal_point", record.focal_point.body))
        out += [("partners", r.id) for r in record.partners]
        out += [("achievements", p) for a in record.achievements for p in a.partners]
    return out
