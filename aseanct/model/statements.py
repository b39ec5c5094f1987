"""The sourced statements records are made of, each citing its own sources."""

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar, Literal, NewType, TypeVar

RecordId = NewType("RecordId", str)
"""A record's stable id: a lower-case slug such as `somtc` or `asean-act`."""

RecordType = Literal[
    "body",
    "programme",
    "term",
    "event",
    "country",
    "law",
    "post",
    "assessment",
    "document",
    "case",
    "source",
]

TREATY_ACTIONS = (
    "signature",
    "ratification",
    "acceptance",
    "approval",
    "accession",
    "succession",
    "deposit",
)
"""The depositaries' treaty actions, and `deposit`: an instrument of a kind not stated."""

if TYPE_CHECKING:
    from typing_extensions import dataclass_transform

    T = TypeVar("T")

    @dataclass_transform(frozen_default=True, kw_only_default=True, eq_default=False)
    def shape(cls: type[T]) -> type[T]:
        """The decorator below, told to the type checker (Python 3.10 lacks dataclass_transform)."""
else:
    # Compared by identity, and frozen for the type checker only: a generated __setattr__ and
    # __delattr__ per shape were a fifth of what `show` adds to a bare Typer app's start-up.
    shape = dataclass(slots=True, kw_only=True, eq=False)


def checked(check: str, default: Any = dataclasses.MISSING) -> Any:
    """A field whose YAML value passes a named check of aseanct.schema.values.SCALARS."""
    return field(default=default, metadata={"check": check})


def linked(*to: RecordType, default: Any = None, relation: str = "") -> Any:
    """A field that links to records of the types `to` (any if none); with `relation`, every
    link of it has that one and YAML may leave it out."""
    return field(default=default, metadata={"to": to, "relation": relation})


@shape
class Sourced:
    """What every statement but a link ends with (shape_of puts these fields last)."""

    note: str = ""
    """A caution or a conflicting version, in the curators' words."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state it."""


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
class Milestone(Sourced):
    """A dated step whose date may be unknown: a state's entry into force."""

    date: str = checked("date", "")
    """When, as precise as the sources give it; empty when they state the step but no date."""
    planned: bool = False
    """True for a date still to come."""


@shape
class Action(Sourced):
    """A treaty action as the depositary records and dates it."""

    action: str = checked("action")
    """One of TREATY_ACTIONS: signature, ratification, acceptance, approval, accession,
    succession, or deposit (an instrument deposited, the source not saying of which kind)."""
    date: str = checked("date", "")
    """When, as precise as the sources give it; empty when they state the action but no date."""
    inferred: bool = False
    """True when no source names the action and it is inferred (the note says how)."""
    note: str = ""
    """A caution, a conflicting version or the reasoning of an inference."""


@shape
class DomesticStep(Sourced):
    """A step inside a state on its way to a treaty action: a vote, a decree, a gazette."""

    step: str
    """What was done, in the curators' words."""
    date: str = checked("date", "")
    """When, as precise as the sources give it."""


@shape
class AsOf(Sourced):
    """A status a source states as holding on a day (a state not yet a party)."""

    as_of: str = checked("date")
    """The day (or month, or year) the source states it for."""


@shape
class Party(Link):
    """A state's (or organisation's) treaty actions, domestic steps and entry into force."""

    SOURCED: ClassVar[bool] = False  # each action and step carries its own sources

    actions: tuple[Action, ...] = ()
    """The treaty actions the depositary records, in date order."""
    domestic: tuple[DomesticStep, ...] = ()
    """Steps inside the state (votes, laws, decrees), never treaty actions."""
    in_force: Milestone | None = None
    """Entry into force for this state, where a source gives it."""
    not_party: AsOf | None = None
    """A source's statement that the state was not a party on a day."""


@shape
class EntryRule(Sourced):
    """How an instrument enters into force for a state that joins after it is in force."""

    days: int | None = checked("count", None)
    """Days after the deposit (or registration) of the state's instrument."""
    months: int | None = checked("count", None)
    """Months after it (ILO conventions: twelve months after registration)."""
    after: str = "deposit"
    """What the count starts from: `deposit` or `registration`."""
    article: str = ""
    """The article of the instrument that fixes the rule, where a source gives it."""
    text: str = ""
    """The rule's words, quoted from a source."""


@shape
class SourcedDate(Sourced):
    """A partial date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) with its sources."""

    date: str = checked("date")
    """The date, only as precise as the sources give it."""
    planned: bool = False
    """True for a date still to come (an end in the future)."""


@shape
class Alias(Sourced):
    """Another name a record goes by: a variant, a former name, a misspelling, a translation."""

    name: str
    """The other name, exactly as written where it is used."""
    lang: str = checked("lang", "")
    """Its language as an ISO 639-1 code (`ms`, `th`, `vi`), when not English."""
    note: str = ""
    """Where it comes from, e.g. `spelling in the seed page`."""


@shape
class Collision(Sourced):
    """A well-known meaning of a record's acronym outside this field (`annotate` leaves it be)."""

    acronym: str
    """The acronym, as the record writes it (one of its `acronyms`)."""
    meaning: str
    """What it stands for elsewhere, e.g. `Australian Capital Territory`."""
    note: str = ""
    """Where the other meaning is common, or a caution."""


@shape
class Fact(Sourced):
    """One further statement about a record, in the curators' own words."""

    text: str
    """The statement."""
    date: str = checked("date", "")
    """When it happened or held, as a partial date, if the sources say."""


@shape
class Commencement(Sourced):
    """When a law, or some of its parts, came into force."""

    date: str = checked("date")
    """The day, as precise as the sources give it."""
    part: str = ""
    """The parts or sections that came into force then (all of it when empty)."""


@shape
class Title(Sourced):
    """A title a post has had, and when."""

    name: str
    """The title."""
    start_date: SourcedDate | None = None
    """When it was first used, if the sources say."""
    end_date: SourcedDate | None = None
    """When it gave way to the next, if the sources say."""


@shape
class Holder(Sourced):
    """Who held a post: a person by name, or a state or body for a seat states hold."""

    name: str = ""
    """The person's name, as official sources spell it."""
    ref: RecordId | None = linked("country", "body", relation="held-by")
    """The state or body that holds the seat, when it is not a person."""
    start_date: SourcedDate | None = None
    """When the term began, if a source says."""
    end_date: SourcedDate | None = None
    """When it ended, if a source says; none while in office."""
    seen: tuple[SourcedDate, ...] = ()
    """Days on which a source shows the holder in the post (neither a start nor an end)."""
    announced: SourcedDate | None = None
    """When the appointment was announced, where the start is not known."""


@shape
class Location(Sourced):
    """Where a document or data set can be found."""

    url: str = checked("url")
    """Its address."""
