"""The record shapes, one per kind of record, each declared once, here."""

import dataclasses
from dataclasses import field
from typing import ClassVar

from aseanct.model.programmes import CountryProgramme, Item, Money, Phase, ProgrammeCountry
from aseanct.model.statements import (
    Alias,
    Collision,
    Commencement,
    EntryRule,
    Fact,
    Holder,
    Link,
    Location,
    Member,
    Party,
    RecordId,
    RecordType,
    SourcedDate,
    Title,
    checked,
    linked,
    shape,
)

COLLECTIONS: dict[str, RecordType] = {
    "bodies": "body",
    "programmes": "programme",
    "terms": "term",
    "events": "event",
    "countries": "country",
    "laws": "law",
    "posts": "post",
    "assessments": "assessment",
    "documents": "document",
    "cases": "case",
    "sources": "source",
}
"""Top-level keys of the YAML files, each naming the record type its list holds."""


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
        """The record type: a value of COLLECTIONS."""
        return self.TYPE

    @property
    def acronyms(self) -> tuple[str, ...]:
        """Acronyms, the primary one first (none for sources)."""
        return ()

    @property
    def acronym(self) -> str | None:
        acronyms = self.acronyms
        return acronyms[0] if acronyms else None

    @property
    def label(self) -> str:
        """A short handle for display: the primary acronym, else the name."""
        return self.acronym or self.name

    @property
    def heading(self) -> str:
        """`ACR: Name`, or the name alone."""
        return f"{self.acronym}: {self.name}" if self.acronym else self.name


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
    pillar: Link | None = linked("body", relation="in-pillar")
    """The ASEAN Community pillar it belongs to."""
    established: SourcedDate | None = None
    """When it was set up or first met."""
    country: Link | None = linked("country", relation="national-body-of")
    """The country it belongs to, for national bodies."""
    legal_basis: Fact | None = None
    """The law, decree or agreement that set it up."""
    chair: Fact | None = None
    """Who chairs or leads it (a post, not always a record)."""
    members: tuple[Member, ...] = linked("country", "body", default=(), relation="has-member")
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
    funder: Link | None = linked("country", "body", relation="funded-by")
    """Who funds it."""
    implementers: tuple[Link, ...] = linked("body", default=(), relation="implemented-by")
    """Who implements it, with periods in `text` or `note` where they differ."""
    countries: tuple[ProgrammeCountry, ...] = linked("country", default=(), relation="works-in")
    """The countries it works in, with their status."""
    predecessor: Link | None = linked("programme", relation="follows")
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
    lead: Link | None = linked("body", "country", relation="led-by")
    """The body that leads it."""
    bodies: tuple[Link, ...] = linked("body", default=(), relation="involves")
    """The bodies it involves."""
    items: tuple[Item, ...] = ()
    """Its entries, for a list such as the areas of cooperation."""
    part_of: Link | None = linked("term", relation="part-of")
    """The term or instrument it belongs to."""
    parties: tuple[Party, ...] = linked("country", "body", default=(), relation="has-party")
    """Its parties: each state's treaty actions, domestic steps and entry into force."""
    status_for: Link | None = linked("body", relation="status-tracked-for")
    """A body whose members the parties table lists, party or not (ASEAN for ACTIP)."""
    depositary: Fact | None = None
    """Who keeps its instruments of ratification and accession."""
    in_force: SourcedDate | None = None
    """When the instrument itself entered into force."""
    entry_into_force: EntryRule | None = None
    """How it enters into force for a state that joins later."""


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

    programmes: tuple[CountryProgramme, ...] = linked(
        "programme", default=(), relation="country-facts-of"
    )
    """Programmes' figures, focal points, partners and achievements in this country."""


@shape
class Law(Entity):
    """A national law or regulation: what it defines and sets up, and when it applied."""

    TYPE: ClassVar[RecordType] = "law"

    number: Fact | None = None
    """Its number or citation (`Act 670`, `RA 9208`, `No. 21 of 2007`)."""
    country: Link | None = linked("country", relation="law-of")
    """The state whose law it is."""
    enacted: SourcedDate | None = None
    """When it was made (the note says which act: passed, assented, promulgated, signed)."""
    in_force: tuple[Commencement, ...] = ()
    """When it came into force, by parts where they differ."""
    amends: tuple[Link, ...] = linked("law", default=(), relation="amends")
    """The laws it amends."""
    replaces: Link | None = linked("law", relation="replaces")
    """The law it repeals and replaces."""
    repealed: SourcedDate | None = None
    """When it was repealed, if it was."""
    creates: tuple[Link, ...] = linked("body", default=(), relation="sets-up")
    """The bodies it sets up."""
    defines: tuple[Fact, ...] = ()
    """The offences and terms it defines, with their sections."""
    implements: tuple[Link, ...] = linked("term", default=(), relation="implements")
    """The treaties it gives effect to."""


@shape
class Post(Entity):
    """A post (an ambassador, a commissioner, a chair or co-chair) and who held it when."""

    TYPE: ClassVar[RecordType] = "post"

    titles: tuple[Title, ...] = ()
    """Every title it has had, dated (its name is the latest)."""
    country: Link | None = linked("country", relation="post-of")
    """The state whose post it is."""
    of: Link | None = linked("body", relation="post-of")
    """The body whose post it is."""
    seats: int = checked("count", 1)
    """How many hold it at once (2 for a pair of co-chairs)."""
    established: SourcedDate | None = None
    """When the post was created."""
    holders: tuple[Holder, ...] = ()
    """Who held it, in order."""


@shape
class Assessment(Entity):
    """An outside rating of a state for a year: the publisher's, never this reference's."""

    TYPE: ClassVar[RecordType] = "assessment"

    series: Link = linked("document", default=dataclasses.MISSING, relation="rating-in")
    """The report or index that gives it."""
    country: Link = linked("country", default=dataclasses.MISSING, relation="rates")
    """The state rated."""
    year: str = checked("date")
    """The year of the report."""
    rating: Fact
    """The rating, exactly as the publisher writes it."""
    published: SourcedDate | None = None
    """When the report was released."""


@shape
class Document(Entity):
    """A report, an evaluation, a handbook or a data set."""

    TYPE: ClassVar[RecordType] = "document"

    publisher: Fact | None = None
    """Who publishes it."""
    published: SourcedDate | None = None
    """When it was published or launched."""
    period: str = checked("period", "")
    """The years it covers, when a source says."""
    series: Link | None = linked("document", relation="edition-of")
    """The series it is an edition of."""
    where: Location | None = None
    """Where to find it."""
    about: tuple[Link, ...] = linked(default=())
    """What it evaluates, reports on or covers."""
    findings: tuple[Fact, ...] = ()
    """What it found, in the curators' words."""


@shape
class Case(Entity):
    """A prosecution, an investigation, a crackdown, a sanction or a joint operation."""

    TYPE: ClassVar[RecordType] = "case"

    countries: tuple[Link, ...] = linked("country", default=(), relation="case-in")
    """The states where it took place or that took part."""
    court: Fact | None = None
    """The court that heard it."""
    start_date: SourcedDate | None = None
    """When it began."""
    end_date: SourcedDate | None = None
    """When it ended (a verdict, the end of an operation)."""
    outcome: Fact | None = None
    """How it ended, in the curators' words."""


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
    archived: str = checked("url", "")
    """An archived copy of the page (a web.archive.org snapshot), for when `url` moves or goes:
    named beside the reference, never in its place."""
    date: str = checked("date", "")
    """When it was published, if the document says."""
    accessed: str = checked("date")
    """The day it was read."""
    language: str = ""
    """Its language, when not English."""


RECORD_CLASSES: dict[RecordType, type[Record]] = {
    cls.TYPE: cls for cls in (*Entity.__subclasses__(), Source) if issubclass(cls, Record)
}
"""The class of each record type, in the order declared above."""
