"""The parts of a programme's record and of a country's programme block."""

from typing import ClassVar

from aseanct.model.statements import Link, RecordId, Sourced, checked, linked, shape

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


@shape
class ProgrammeCountry(Link):
    """A country a programme works in, and its place in the programme."""

    status: str = checked("status")
    """One of PROGRAMME_COUNTRY_STATUSES."""


@shape
class Money(Sourced):
    """An amount of money as a source states it."""

    amount: int = checked("count")
    """The amount in whole units of `currency`."""
    currency: str = checked("currency")
    """ISO 4217 code: `AUD`, `USD`."""
    as_written: str
    """The figure exactly as the source writes it, e.g. `$A80 million`."""
    period: str = checked("period", "")
    """The period it covers or the date of the document stating it; empty: undated."""


@shape
class Item(Sourced):
    """A named entry of a list: a pathway, an outcome area, an area of cooperation."""

    name: str
    """The entry's name."""
    description: str = ""
    """What it covers, in the curators' own words."""
    ref: RecordId | None = linked(relation="lists")
    """A record this entry is about, if there is one."""
    lead: Link | None = linked("country", "body", relation="led-by")
    """The country or body that leads on it, if the sources say."""


@shape
class Phase(Sourced):
    """A phase of a programme."""

    name: str
    """The phase's name, e.g. `Phase 1`."""
    start_date: str = checked("date")
    """First year (or finer partial date)."""
    end_date: str = checked("date")
    """Last year (or finer partial date)."""
    planned: bool = False
    """True when the phase ends in the future."""


@shape
class Figure(Sourced):
    """A counted figure, with its gender split where the source gives one."""

    measure: str
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


@shape
class Achievement(Sourced):
    """Something a programme's partners did, with its numbers."""

    text: str
    """What was done, in the curators' own words."""
    partners: tuple[RecordId, ...] = linked("body", default=(), relation="involves")
    """The bodies involved."""
    figures: tuple[Figure, ...] = ()
    """Its numbers."""
    date: str = checked("date", "")
    """When, if the source says."""


@shape
class FocalPoint(Sourced):
    """A programme's focal point in a country."""

    text: str
    """The position, as the source names it."""
    body: RecordId | None = linked("body", relation="focal-point-of")
    """The body the position belongs to."""


@shape
class CountryProgramme(Link):
    """A programme's work in one country: figures, focal point, partners, achievements."""

    SOURCED: ClassVar[bool] = False  # each entry carries its own sources

    figures: tuple[Figure, ...] = ()
    """Counted figures."""
    focal_point: FocalPoint | None = None
    """The programme's focal point in the country."""
    partners: tuple[Link, ...] = linked("body", default=(), relation="key-partner-of")
    """The programme's key partners in the country."""
    achievements: tuple[Achievement, ...] = ()
    """What was achieved with partners."""
