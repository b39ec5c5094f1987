"""The record shapes: frozen, slotted dataclasses, one per kind of record and of statement.

Each shape is declared once, here: a field's type, its default and its metadata (`check`, the
named check of aseanct.schema its YAML value passes; `to`, the record types a link may point
to; `relation`, the relation a link field always has) are all that the schema, the builder,
the JSON and the export read (aseanct.model.shapes). The docstring under each field is the
column description of the exported database.

No I/O, no YAML, no Rich, no printing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, NewType

from aseanct.model.dates import year_of

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

MILESTONES = ("signed", "ratified", "approved", "accepted", "acceded", "deposited", "in_force")
"""The steps of a state's way into an instrument, in the order a parties table shows them."""

shape = dataclass(frozen=True, slots=True, kw_only=True, eq=False)
"""Every shape is frozen and compared by identity: records are unique objects, and nothing
compares them by value."""


# --- field declarations ------------------------------------------------------------------------


def checked(check: str, default: Any = dataclasses.MISSING) -> Any:
    """A field whose YAML value passes a named check of aseanct.schema (date, slug, url...)."""
    return field(default=default, metadata={"check": check})


def linked(*to: RecordType, default: Any = None) -> Any:
    """A field that links to records of the types `to` (any type if none given)."""
    return field(default=default, metadata={"to": to})


# --- sourced statements ------------------------------------------------------------------------


@shape
class Link:
    """A sourced link from one record to another, typed by a relation of the vocabulary."""

    SOURCED: ClassVar[bool] = True

    id: RecordId
    """The record linked to."""
    relation: str = checked("relation", "")
    """A key of aseanct.relations.RELATIONS, e.g. `subsidiary-of`; implied by some fields."""
    text: str = ""
    """What the source says when the relation alone says too little, e.g. a co-chair's role."""
    inferred: bool = False
    """True when no source states the link directly and it is inferred (shown as such)."""
    note: str = ""
    """A caution or a conflicting version, in the curators' words."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state this link."""


@shape
class Member(Link):
    """A member of a body: a state or an organisation, and since when."""

    since: str = checked("date", "")
    """When it joined, if the sources say."""
    role: str = ""
    """How it takes part, when not as a full member: `observer`, `member organisation`."""


@shape
class ProgrammeCountry(Link):
    """A country a programme works in, and its place in the programme."""

    status: str = checked("status")
    """One of PROGRAMME_COUNTRY_STATUSES."""


@shape
class Milestone:
    """A step of a state's way into an instrument; the date may be unknown."""

    date: str = checked("date", "")
    """When, as precise as the sources give it; empty when they state the step but no date."""
    planned: bool = False
    """True for a date still to come."""
    note: str = ""
    """A caution or a conflicting version."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state this step."""


@shape
class Party(Link):
    """A state's (or organisation's) status under an instrument, step by step."""

    SOURCED: ClassVar[bool] = False  # each milestone carries its own sources

    signed: Milestone | None = None
    """Signature."""
    ratified: Milestone | None = None
    """Ratification (by the state's own procedure)."""
    approved: Milestone | None = None
    """Approval, where a state approves instead of ratifying."""
    accepted: Milestone | None = None
    """Acceptance, where a state accepts instead of ratifying."""
    acceded: Milestone | None = None
    """Accession, by a state that did not sign."""
    deposited: Milestone | None = None
    """Deposit of the instrument with the depositary."""
    in_force: Milestone | None = None
    """Entry into force for this state."""


@shape
class SourcedDate:
    """A partial date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) with its sources."""

    date: str = checked("date")
    """The date, only as precise as the sources give it."""
    planned: bool = False
    """True for a date still to come (an end in the future)."""
    note: str = ""
    """A caution or a conflicting version."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state this date."""

    @property
    def year(self) -> int:
        """The year of the date."""
        return year_of(self.date)


@shape
class Money:
    """An amount of money as a source states it."""

    amount: int = checked("count")
    """The amount in whole units of `currency`."""
    currency: str = checked("currency")
    """ISO 4217 code: `AUD`, `USD`."""
    as_written: str
    """The figure exactly as the source writes it, e.g. `$A80 million`."""
    period: str = checked("period", "")
    """The period it covers or the date of the document stating it; empty: undated."""
    note: str = ""
    """A caution, e.g. a currency the source only implies."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state this amount."""


@shape
class Alias:
    """Another name a record goes by: a variant, a former name, a seed's misspelling."""

    name: str
    """The other name, exactly as written where it is used."""
    note: str = ""
    """Where it comes from, e.g. `spelling in the seed page`."""
    sources: tuple[RecordId, ...] = ()
    """Where this form is used."""


@shape
class Collision:
    """A well-known meaning one of a record's acronyms has outside this field.

    `annotate` does not spell such an acronym out unless asked (`--expand ACT`): in Australian
    prose ACT is far more often the Australian Capital Territory than ASEAN-ACT.
    """

    acronym: str
    """The acronym, as the record writes it (one of its `acronyms`)."""
    meaning: str
    """What it stands for elsewhere, e.g. `Australian Capital Territory`."""
    note: str = ""
    """Where the other meaning is common, or a caution."""
    sources: tuple[RecordId, ...] = ()
    """Sources that use the acronym with the other meaning."""


@shape
class Fact:
    """One further statement about a record, in the curators' own words."""

    text: str
    """The statement."""
    date: str = checked("date", "")
    """When it happened or held, as a partial date, if the sources say."""
    note: str = ""
    """A caution or a conflicting version."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state it."""


@shape
class Item:
    """A named entry of a list: a pathway, an outcome area, an area of cooperation."""

    name: str
    """The entry's name."""
    description: str = ""
    """What it covers, in the curators' own words."""
    ref: RecordId | None = field(default=None, metadata={"to": (), "relation": "lists"})
    """A record this entry is about, if there is one."""
    lead: Link | None = linked("country", "body")
    """The country or body that leads on it, if the sources say."""
    note: str = ""
    """A caution or a conflicting version."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state it."""


@shape
class Phase:
    """A phase of a programme."""

    name: str
    """The phase's name, e.g. `Phase 1`."""
    start_date: str = checked("date")
    """First year (or finer partial date)."""
    end_date: str = checked("date")
    """Last year (or finer partial date)."""
    planned: bool = False
    """True when the phase ends in the future."""
    note: str = ""
    """A caution."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state it."""


@shape
class Figure:
    """A counted figure, with its gender split where the source gives one."""

    label: str
    """What is counted, e.g. `people trained`."""
    value: int = checked("count")
    """The count."""
    women: int | None = checked("count", None)
    """How many of them were women, if stated."""
    men: int | None = checked("count", None)
    """How many of them were men, if stated."""
    women_pct: int | None = checked("percent", None)
    """Share of women in per cent, if stated."""
    men_pct: int | None = checked("percent", None)
    """Share of men in per cent, if stated."""
    period: str = checked("period", "")
    """The period it counts or the date of the document stating it; empty: undated."""
    note: str = ""
    """A caution."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state it."""


@shape
class Achievement:
    """Something a programme's partners did, with its numbers."""

    text: str
    """What was done, in the curators' own words."""
    partners: tuple[RecordId, ...] = field(
        default=(), metadata={"to": ("body",), "relation": "involves"}
    )
    """The bodies involved."""
    figures: tuple[Figure, ...] = ()
    """Its numbers."""
    date: str = checked("date", "")
    """When, if the source says."""
    note: str = ""
    """A caution."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state it."""


@shape
class FocalPoint:
    """A programme's focal point in a country."""

    text: str
    """The position, as the source names it."""
    body: RecordId | None = field(
        default=None, metadata={"to": ("body",), "relation": "focal-point-of"}
    )
    """The body the position belongs to."""
    note: str = ""
    """A caution."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state it."""


@shape
class CountryProgramme(Link):
    """A programme's work in one country: figures, focal point, partners, achievements."""

    SOURCED: ClassVar[bool] = False  # each entry carries its own sources

    figures: tuple[Figure, ...] = ()
    """Counted figures."""
    focal_point: FocalPoint | None = None
    """The programme's focal point in the country."""
    partners: tuple[Link, ...] = linked("body", default=())
    """The programme's key partners in the country."""
    achievements: tuple[Achievement, ...] = ()
    """What was achieved with partners."""


# --- records -----------------------------------------------------------------------------------


@shape
class Record:
    """What every record has: identity and a description."""

    TYPE: ClassVar[RecordType]

    id: RecordId = checked("slug")
    """Stable lower-case slug, unique across the whole knowledge base."""
    name: str
    """The full, correct name (for a source: its title)."""
    kind: str
    """What sort of thing it is, e.g. `ministerial meeting`, `regional programme`."""
    description: str = ""
    """What it is and does, in the curators' own words."""
    note: str = ""
    """A caution about the record as a whole."""
    origin: str = field(default="", metadata={"internal": True})
    """Where the record is defined, as `FILE:LINE` (set by the loader, not written in YAML)."""

    @property
    def type(self) -> RecordType:
        """The record type: body, programme, term, event, country or source."""
        return self.TYPE

    @property
    def acronyms(self) -> tuple[str, ...]:
        """Acronyms, the primary one first (none for sources)."""
        return ()

    @property
    def acronym(self) -> str | None:
        """The primary acronym, or None."""
        acronyms = self.acronyms
        return acronyms[0] if acronyms else None

    @property
    def label(self) -> str:
        """A short handle for display: the primary acronym, else the name."""
        return self.acronym or self.name


@shape
class Entity(Record):
    """A record of the knowledge itself (everything but a source): names, links, facts, sources."""

    acronyms: tuple[str, ...] = ()
    """Acronyms, the primary one first."""
    aliases: tuple[Alias, ...] = ()
    """Other names and spellings, including a seed's misspellings."""
    collisions: tuple[Collision, ...] = ()
    """Well-known meanings of its acronyms outside this field (ACT: Australian Capital
    Territory)."""
    related: tuple[Link, ...] = linked(default=())
    """Sourced links to other records, each with its relation."""
    facts: tuple[Fact, ...] = ()
    """Further sourced statements."""
    sources: tuple[RecordId, ...]
    """The sources for the record's identity: its name, acronyms, kind and description."""


@shape
class Body(Entity):
    """An ASEAN body, a national institution, an international organisation or a forum."""

    TYPE: ClassVar[RecordType] = "body"

    parent: Link | None = linked("body", "programme")
    """The body or programme it sits under or reports to."""
    pillar: Link | None = linked("body")
    """The ASEAN Community pillar it belongs to."""
    established: SourcedDate | None = None
    """When it was set up or first met."""
    country: Link | None = linked("country")
    """The country it belongs to, for national bodies."""
    legal_basis: Fact | None = None
    """The law, decree or agreement that set it up."""
    chair: Fact | None = None
    """Who chairs or leads it (a post, not always a record)."""
    members: tuple[Member, ...] = linked("country", "body", default=())
    """Its members: states and organisations."""


@shape
class Programme(Entity):
    """A programme, such as Australia's counter-trafficking programmes with ASEAN."""

    TYPE: ClassVar[RecordType] = "programme"

    start_date: SourcedDate | None = None
    """When it began, if sourced."""
    end_date: SourcedDate | None = None
    """When it ended or ends, if sourced."""
    budget: Money | None = None
    """Its budget, as the source writes it."""
    funder: Link | None = linked("country", "body")
    """Who funds it."""
    implementers: tuple[Link, ...] = linked("body", default=())
    """Who implements it, with periods in `text` or `note` where they differ."""
    countries: tuple[ProgrammeCountry, ...] = linked("country", default=())
    """The countries it works in, with their status."""
    predecessor: Link | None = linked("programme")
    """The programme it follows."""
    phases: tuple[Phase, ...] = ()
    """Its phases."""
    pathways: tuple[Item, ...] = ()
    """How it works."""
    outcome_areas: tuple[Item, ...] = ()
    """What it aims at."""


@shape
class Term(Entity):
    """An instrument (convention, plan, declaration, work plan, fund) or a term of the field."""

    TYPE: ClassVar[RecordType] = "term"

    start_date: SourcedDate | None = None
    """First year of the period it covers, for plans."""
    end_date: SourcedDate | None = None
    """Last year of the period it covers, for plans."""
    lead: Link | None = linked("body", "country")
    """The body that leads it."""
    bodies: tuple[Link, ...] = linked("body", default=())
    """The bodies it involves."""
    items: tuple[Item, ...] = ()
    """Its entries, for a list such as the areas of cooperation."""
    part_of: Link | None = linked("term")
    """The term or instrument it belongs to."""
    parties: tuple[Party, ...] = linked("country", "body", default=())
    """Its parties, each with the dates of signature, ratification, deposit and entry into force."""
    status_for: Link | None = linked("body")
    """A body whose members the parties table lists, party or not (ASEAN for ACTIP)."""


@shape
class Event(Entity):
    """A dated milestone: a meeting, a signing, an adoption, a launch."""

    TYPE: ClassVar[RecordType] = "event"

    date: str = checked("date")
    """When (its first day), only as precise as the sources give it."""
    last_day: str = checked("date", "")
    """The last day, for meetings of several days."""
    place: str = ""
    """Where, if the sources say."""
    planned: bool = False
    """True for an event still to come."""


@shape
class Country(Entity):
    """A country: an ASEAN Member State, a Dialogue Partner, a member of a regional process."""

    TYPE: ClassVar[RecordType] = "country"

    programmes: tuple[CountryProgramme, ...] = linked("programme", default=())
    """Programmes' figures, focal points, partners and achievements in this country."""


@shape
class Source(Record):
    """A document a fact comes from: a seed, a web page, a news article, a press release."""

    TYPE: ClassVar[RecordType] = "source"

    publisher: str = ""
    """Who published it, named as a citation names it ("" when the document does not say)."""
    authors: tuple[str, ...] = ()
    """The people it names as its authors (a byline), each as `Family, Given`."""
    descriptive_title: bool = False
    """The name describes a document that has no title (or whose title was not seen): a
    citation puts it in [brackets]."""
    url: str = checked("url", "")
    """The publisher's own address of the document (never a mirror: that goes in `via`)."""
    file: str = ""
    """For a seed, its file name in the project's seeds."""
    via: str = checked("url", "")
    """The copy (mirror, archive, document-sharing site) the text was read through, if any."""
    date: str = checked("date", "")
    """When it was published, if the document says."""
    accessed: str = checked("date")
    """The day it was read."""
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
"""The class of each record type."""
