"""Typed model of the knowledge base: records, their sourced statements, and the indexed Registry.

Each record shape is declared once, here: a frozen dataclass whose fields carry, in their
metadata, the check a YAML value must pass (`check`), the record types a link may point to
(`to`) and the relation a link field always has (aseanct.relations.FIELD_RELATIONS). The schema
(aseanct.schema), the builder (aseanct.loader), the JSON shapes (aseanct.render.records) and the
link index (Registry.backlinks) are all derived from these declarations by `shape_of`.

No I/O, no YAML, no Rich, no printing.
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import (
    TYPE_CHECKING,
    Any,
    ClassVar,
    Literal,
    NewType,
    TypeVar,
    Union,
    get_args,
    get_origin,
)

from aseanct.lean.terms import loose_key, normalize_term

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

MILESTONES = ("signed", "ratified", "approved", "accepted", "acceded", "deposited", "in_force")
"""The steps of a state's way into an instrument, in the order a parties table shows them."""


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


# --- the model classes' machinery ---------------------------------------------------------------


class Model:
    """The base of every record shape: frozen, keyword-only, compared by identity.

    The shapes are dataclasses (see `model`) for their field declarations, but they share this
    one __init__, __setattr__ and __repr__ instead of the ones dataclasses writes and compiles
    for each class: compiling those for some thirty classes cost every command about 10 ms of
    its start-up, more than building all the records."""

    __slots__ = ()

    def __init__(self, **values: Any) -> None:
        defaults, required, allowed, factories = _INIT.get(type(self)) or _init_spec(type(self))
        if not values.keys() <= allowed:
            unexpected = ", ".join(sorted(values.keys() - allowed))
            raise TypeError(f"{type(self).__name__}() got unexpected arguments: {unexpected}")
        if not required <= values.keys():
            missing = ", ".join(sorted(required - values.keys()))
            raise TypeError(f"{type(self).__name__}() missing keyword arguments: {missing}")
        state = dict(defaults)
        state.update(values)
        for name, factory in factories:
            if name not in values:
                state[name] = factory()
        object.__setattr__(self, "__dict__", state)

    def __setattr__(self, name: str, value: Any) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise dataclasses.FrozenInstanceError(f"cannot delete field {name!r}")

    def __repr__(self) -> str:
        shown = ", ".join(
            f"{f.name}={getattr(self, f.name)!r}"
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
            if f.repr
        )
        return f"{type(self).__name__}({shown})"


_INIT: dict[type, tuple[dict[str, Any], frozenset[str], frozenset[str], tuple[Any, ...]]] = {}
"""Per model class: its plain defaults, required and allowed names, and default factories."""


def _init_spec(
    cls: type,
) -> tuple[dict[str, Any], frozenset[str], frozenset[str], tuple[Any, ...]]:
    fields = dataclasses.fields(cls)
    spec = (
        {f.name: f.default for f in fields if f.default is not dataclasses.MISSING},
        frozenset(
            f.name
            for f in fields
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        ),
        frozenset(f.name for f in fields),
        tuple(
            (f.name, f.default_factory)
            for f in fields
            if f.default_factory is not dataclasses.MISSING
        ),
    )
    _INIT[cls] = spec
    return spec


ModelClass = TypeVar("ModelClass", bound=type)


def model(cls: ModelClass) -> ModelClass:
    """Declare a record shape: its fields as a dataclass reads them (types, defaults,
    metadata), with Model's shared methods (no per-class generated code)."""
    return dataclass(init=False, repr=False, eq=False)(cls)  # type: ignore[return-value]


# --- field declarations ------------------------------------------------------------------------


def checked(check: str, default: Any = dataclasses.MISSING) -> Any:
    """A field whose YAML value passes a named check of aseanct.schema (date, slug, url...)."""
    return field(default=default, metadata={"check": check})


def linked(*to: RecordType, default: Any = None) -> Any:
    """A field that links to records of the types `to` (any type if none given)."""
    return field(default=default, metadata={"to": to})


# --- sourced statements ------------------------------------------------------------------------


@model
class Link(Model):
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


@model
class Member(Link):
    """A member of a body: a state or an organisation, and since when."""

    since: str = checked("date", "")
    """When it joined, if the sources say."""
    role: str = ""
    """How it takes part, when not as a full member: `observer`, `member organisation`."""


@model
class ProgrammeCountry(Link):
    """A country a programme works in, and its place in the programme."""

    status: str = checked("status")
    """One of PROGRAMME_COUNTRY_STATUSES."""


@model
class Milestone(Model):
    """A step of a state's way into an instrument; the date may be unknown."""

    date: str = checked("date", "")
    """When, as precise as the sources give it; empty when they state the step but no date."""
    planned: bool = False
    """True for a date still to come."""
    note: str = ""
    """A caution or a conflicting version."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state this step."""


@model
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


@model
class SourcedDate(Model):
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


@model
class Money(Model):
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


@model
class Alias(Model):
    """Another name a record goes by: a variant, a former name, a seed's misspelling."""

    name: str
    """The other name, exactly as written where it is used."""
    note: str = ""
    """Where it comes from, e.g. `spelling in the seed page`."""
    sources: tuple[RecordId, ...] = ()
    """Where this form is used."""


@model
class Collision(Model):
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


@model
class Fact(Model):
    """One further statement about a record, in the curators' own words."""

    text: str
    """The statement."""
    date: str = checked("date", "")
    """When it happened or held, as a partial date, if the sources say."""
    note: str = ""
    """A caution or a conflicting version."""
    sources: tuple[RecordId, ...] = ()
    """The sources that state it."""


@model
class Item(Model):
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


@model
class Phase(Model):
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


@model
class Figure(Model):
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


@model
class Achievement(Model):
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


@model
class FocalPoint(Model):
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


@model
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


@model
class Record(Model):
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


@model
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


@model
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


@model
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


@model
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


@model
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


@model
class Country(Entity):
    """A country: an ASEAN Member State, a Dialogue Partner, a member of a regional process."""

    TYPE: ClassVar[RecordType] = "country"

    programmes: tuple[CountryProgramme, ...] = linked("programme", default=())
    """Programmes' figures, focal points, partners and achievements in this country."""


@model
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

# --- shapes: what each dataclass declares, read once ----------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldShape:
    """One field of a model class as the schema, the builder and the JSON see it."""

    name: str
    kind: str
    """`text`, `texts`, `int`, `flag`, `id` (a record id), `ids`, `sources`, `model`, `models`."""
    check: str
    """The named check of a scalar (`date`, `slug`, `url`...), or "" for the kind's default."""
    model: type[Any] | None
    """The dataclass of a `model`/`models` field."""
    to: tuple[RecordType, ...] | None
    """For links: the record types they may point to (() for any); None for other fields."""
    relation: str
    """The relation a link field always has ("" when each link names its own)."""
    required: bool
    internal: bool


_SHAPES: dict[type[Any], tuple[FieldShape, ...]] = {}


def shape_of(cls: type[Any]) -> tuple[FieldShape, ...]:
    """The fields of a model dataclass, in declaration order, read from their types and metadata."""
    cached = _SHAPES.get(cls)
    if cached is not None:
        return cached
    from aseanct.relations import FIELD_RELATIONS

    shapes = []
    for spec in dataclasses.fields(cls):
        hint = _evaluated(spec.type, cls)
        many = get_origin(hint) is tuple
        if many:
            hint = get_args(hint)[0]
        if get_origin(hint) in (Union, _UNION_TYPE):
            hint = next(a for a in get_args(hint) if a is not type(None))
        model: type[Any] | None = (
            hint if isinstance(hint, type) and dataclasses.is_dataclass(hint) else None
        )
        metadata = spec.metadata
        to = metadata.get("to")
        if model is not None and issubclass(model, Link) and to is None:
            to = ()
        if spec.name == "sources":
            kind = "sources"
        elif model is not None:
            kind = "models" if many else "model"
        elif hint is RecordId and not many and spec.name == "id":
            kind = "text"
        elif hint is RecordId:
            kind = "ids" if many else "id"
        elif hint is bool:
            kind = "flag"
        elif hint is int:
            kind = "int"
        else:
            kind = "texts" if many else "text"
        required = (
            spec.default is dataclasses.MISSING and spec.default_factory is dataclasses.MISSING
        )
        shapes.append(
            FieldShape(
                name=spec.name,
                kind=kind,
                check=metadata.get("check", ""),
                model=model,
                to=tuple(to) if to is not None else None,
                relation=metadata.get("relation", "") or FIELD_RELATIONS.get(spec.name, ""),
                required=required,
                internal=bool(metadata.get("internal")),
            )
        )
    result = tuple(shapes)
    _SHAPES[cls] = result
    return result


_UNION_TYPE = type(int | None)
_HINTS: dict[tuple[str, str], Any] = {}


def _evaluated(annotation: Any, cls: type[Any]) -> Any:
    """A field's annotation as a type. This module's annotations are strings (postponed
    evaluation); each distinct one is evaluated once in the class's module, as
    typing.get_type_hints would evaluate it, instead of once per class that inherits it."""
    if not isinstance(annotation, str):
        return annotation
    key = (cls.__module__, annotation)
    hint = _HINTS.get(key)
    if hint is None:
        import sys

        hint = _HINTS[key] = eval(annotation, vars(sys.modules[cls.__module__]))
    return hint


def build(cls: type[Any], plain: Mapping[str, Any]) -> Any:
    """A model object from its validated plain form (as aseanct.schema leaves it)."""
    plan = _PLANS.get(cls) or _plan(cls)
    values: dict[str, Any] = {}
    for name, value in plain.items():
        step = plan.get(name)
        if step is None:  # not a field (the plain form's `type`)
            continue
        many, inner = step
        if inner is not None:
            value = tuple(build(inner, v) for v in value) if many else build(inner, value)
        elif type(value) is list:
            value = tuple(value)
        values[name] = value
    return cls(**values)


_PLANS: dict[type[Any], dict[str, tuple[bool, type[Any] | None]]] = {}
"""Per model class: field name -> (a tuple of models?, the model class of a model field)."""


def _plan(cls: type[Any]) -> dict[str, tuple[bool, type[Any] | None]]:
    plan = _PLANS[cls] = {
        shape.name: (
            shape.kind == "models",
            shape.model if shape.kind in ("model", "models") else None,
        )
        for shape in shape_of(cls)
    }
    return plan


# --- links -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class Edge:
    """One link a record makes: where it is written, to what, with which relation."""

    field: str
    """The top-level field that holds it (`related`, `parent`, `parties`...)."""
    target: RecordId
    relation: str
    link: Any
    """The Link (or a subclass), or the object holding a bare id (an Achievement, an Item)."""


def edges(record: Record) -> Iterator[Edge]:
    """Every link a record makes, at any depth, except to its sources."""
    for shape in shape_of(type(record)):
        value = getattr(record, shape.name)
        if value is None or value == ():
            continue
        yield from _edges_in(shape, value, shape.name)


def _edges_in(shape: FieldShape, value: Any, top: str) -> Iterator[Edge]:
    if shape.kind == "id":
        yield Edge(top, value, shape.relation, None)
    elif shape.kind == "ids":
        for target in value:
            yield Edge(top, target, shape.relation, None)
    elif shape.kind in ("model", "models"):
        for item in value if shape.kind == "models" else (value,):
            if isinstance(item, Link):
                yield Edge(top, item.id, item.relation or shape.relation, item)
            for inner in shape_of(type(item)):
                if inner.name == "id" and isinstance(item, Link):
                    continue
                sub = getattr(item, inner.name)
                if sub is None or sub == ():
                    continue
                for edge in _edges_in(inner, sub, top):
                    yield (
                        edge
                        if edge.link is not None
                        else Edge(top, edge.target, edge.relation, item)
                    )


# --- names and lookup ------------------------------------------------------------------------


def aliases_of(record: Record) -> tuple[Alias, ...]:
    """A record's other names (sources have none)."""
    return record.aliases if isinstance(record, Entity) else ()


def record_keys(record: Record) -> list[tuple[str, str, str]]:
    """Every lookup key of a record: (normalised key, how it matched, the form shown)."""
    keys = [(normalize_term(a), "acronym", a) for a in record.acronyms]
    keys.append((normalize_term(record.id), "id", record.id))
    keys += [(normalize_term(a.name), "alias", a.name) for a in aliases_of(record)]
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
class Backlink:
    """A link seen from the record it points to."""

    record: Record
    """The record that makes the link."""
    field: str
    """The field of that record that holds it."""
    relation: str
    """The relation key, read in reverse from this end."""
    link: Any
    """The Link object (or the object holding a bare id)."""


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
    events_of: Mapping[RecordId, tuple[Event, ...]]
    """Id -> events related to it, in date order."""
    linkers: Mapping[RecordId, tuple[RecordId, ...]] | None = None
    """Id -> the records that link to it, in file order (the compiled cache keeps them), so a
    command asking for one record's backlinks walks only those records' links; None: walk
    every record's links when backlinks are first asked for."""
    _backlinks: dict[RecordId, tuple[Backlink, ...]] = field(default_factory=dict)
    _all: list[bool] = field(default_factory=list)

    @property
    def backlinks(self) -> Mapping[RecordId, tuple[Backlink, ...]]:
        """Id -> every link made to it, in file order (built as asked for: walking every link
        of every record costs a command such as `tree`, which needs none, or `show`, which
        needs one record's, a noticeable part of its start-up)."""
        return _Backlinks(self)

    def backlinks_of(self, record_id: RecordId) -> tuple[Backlink, ...]:
        """The links made to one record, in file order."""
        found = self._backlinks.get(record_id)
        if found is not None or self._all:
            return found or ()
        if self.linkers is None:
            self._walk_all()
            return self._backlinks.get(record_id, ())
        links = []
        for source in self.linkers.get(record_id, ()):
            record = self.by_id[source]
            links += [
                Backlink(record, edge.field, edge.relation, edge.link)
                for edge in edges(record)
                if edge.target == record_id
            ]
        self._backlinks[record_id] = tuple(links)
        return self._backlinks[record_id]

    def _walk_all(self) -> None:
        found: dict[RecordId, list[Backlink]] = {}
        for record in self.records:
            for edge in edges(record):
                found.setdefault(edge.target, []).append(
                    Backlink(record, edge.field, edge.relation, edge.link)
                )
        self._backlinks.clear()
        self._backlinks.update({k: tuple(v) for k, v in found.items()})
        self._all.append(True)

    def linkers_map(self) -> dict[RecordId, list[RecordId]]:
        """Id -> the records that link to it, in file order: what the cache keeps."""
        if not self._all:
            self._walk_all()
        return {
            target: list(dict.fromkeys(b.record.id for b in links))
            for target, links in self._backlinks.items()
        }

    @classmethod
    def build(
        cls,
        records: Iterable[Record],
        linkers: Mapping[RecordId, tuple[RecordId, ...]] | None = None,
    ) -> Registry:
        """Index `records` (already validated: unique ids, resolvable links); `linkers`, when
        the cache has them, spare walking every link for one record's backlinks."""
        records = tuple(records)
        by_id = {r.id: r for r in records}
        by_key: dict[str, list[Match]] = {}
        children: dict[RecordId, list[Record]] = {}
        successors: dict[RecordId, list[Programme]] = {}
        events_of: dict[RecordId, list[Event]] = {}
        for record in records:
            seen: set[str] = set()
            for key, matched, form in record_keys(record):
                if key and key not in seen:
                    seen.add(key)
                    by_key.setdefault(key, []).append(Match(record, matched, form))
            parent = tree_parent(record)
            if parent is not None:
                children.setdefault(parent, []).append(record)
            if isinstance(record, Programme) and record.predecessor:
                successors.setdefault(record.predecessor.id, []).append(record)
            if isinstance(record, Event):
                for link in record.related:
                    events_of.setdefault(link.id, []).append(record)
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
            linkers=linkers,
            events_of={k: tuple(v) for k, v in events_of.items()},
        )

    def lookup(self, term: str) -> tuple[Match, ...]:
        """Every record `term` names, best match first (empty if none); a term no key names
        exactly is tried loosely (without hyphens, punctuation or a leading "the")."""
        found = self.by_key.get(normalize_term(term))
        if found is not None:
            return found
        key = loose_key(term)
        return self.by_key.get(key) or loose_index(self).get(key, ())

    def of_type(self, record_type: RecordType) -> list[Record]:
        """The records of one type, in file order."""
        return [r for r in self.records if record_type == r.TYPE]


class _Backlinks(Mapping[RecordId, tuple[Backlink, ...]]):
    """A registry's backlinks as a mapping, each record's built when it is asked for."""

    __slots__ = ("_registry",)

    def __init__(self, registry: Registry) -> None:
        self._registry = registry

    def __getitem__(self, record_id: RecordId) -> tuple[Backlink, ...]:
        found = self._registry.backlinks_of(record_id)
        if not found:
            raise KeyError(record_id)
        return found

    def get(self, record_id: RecordId, default: Any = None) -> Any:
        return self._registry.backlinks_of(record_id) or default

    def __iter__(self) -> Iterator[RecordId]:
        registry = self._registry
        if not registry._all:
            registry._walk_all()
        return iter(registry._backlinks)

    def __len__(self) -> int:
        return sum(1 for _ in self)


@functools.lru_cache(maxsize=8)
def loose_index(registry: Registry) -> Mapping[str, tuple[Match, ...]]:
    """The matches keyed loosely (loose_key: no hyphens, punctuation or leading "the"), for
    the keys the exact index lacks, best first; one per record. Built on first need: most
    lookups are exact."""
    loose: dict[str, list[Match]] = {}
    for matches in registry.by_key.values():
        for match in matches:
            key = loose_key(match.form)
            if key and key not in registry.by_key:
                found = loose.setdefault(key, [])
                if all(m.record is not match.record for m in found):
                    found.append(match)
    return {
        key: tuple(sorted(found, key=lambda m: MATCH_ORDER[m.matched]))
        for key, found in loose.items()
    }


def span(record: Record) -> tuple[str, str]:
    """A record's (start, end) as partial dates, "" when unknown or not applicable: a body's
    establishment, a programme's or term's run, an event's dates."""
    if isinstance(record, Body):
        return (record.established.date if record.established else "", "")
    if isinstance(record, Programme | Term):
        return (
            record.start_date.date if record.start_date else "",
            record.end_date.date if record.end_date else "",
        )
    if isinstance(record, Event):
        return (record.date, record.last_day)
    return ("", "")


def tree_parent(record: Record) -> RecordId | None:
    """Where a record hangs in the hierarchy: a body under its parent, else its pillar, else
    its country; nothing else hangs under anything."""
    if isinstance(record, Body):
        for link in (record.parent, record.pillar, record.country):
            if link is not None:
                return link.id
    return None


def tree_relation(record: Record) -> str:
    """The relation of a record to its tree_parent ("" for a root)."""
    if isinstance(record, Body):
        for link in (record.parent, record.pillar, record.country):
            if link is not None:
                return link.relation
    return ""
