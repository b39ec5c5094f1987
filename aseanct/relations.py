"""The closed vocabulary of relations between records, each with a forward and a reverse phrase.

A link on A with relation R to B reads "A R B": A's sheet shows the forward phrase
("monitors: ACTIP"), B's the reverse ("monitored by: SOMTC WG on TIP")."""

from __future__ import annotations

from typing import NamedTuple


class Relation(NamedTuple):
    """How a link reads from each end."""

    forward: str
    """From the record that holds the link: `monitors`."""
    reverse: str
    """From the record linked to: `monitored by`."""
    meaning: str
    """What it asserts, for the README."""


_TABLE = """
# place in a hierarchy (parent links)
subsidiary-of | subsidiary mechanism of | has subsidiary mechanism | a mechanism set up under a body
working-group-of | working group of | has working group | a working group
operational-unit-of | operational unit under | has operational unit | an operational unit of a body
under-framework-of | set up under the framework of | framework for |
    set up within another body's framework
pillar-of | pillar of | has pillar | a pillar of the ASEAN Community of an organisation
in-pillar | in the pillar | pillar of | a body's ASEAN Community pillar
secretariat-of | secretariat of | has secretariat | a secretariat
sectoral-body-of | sectoral body of | has sectoral body | a sectoral body of an organisation
office-of | office of | has office | an office or support unit of a body
senior-officials-meeting-of | senior officials' meeting of | has senior officials' meeting |
    the senior officials' meeting that prepares a ministers' meeting
reports-to | reports to | receives reports from | a reporting line
supports | supports | supported by | supports the work of
governs | governance body of | governed by | a programme's governance body
national-body-of | national body of | has national body | a body of one country
post-of | post of | has post | a position held in a government
# oversight, leadership and membership
monitors | monitors | monitored by | monitors or reviews implementation
chairs | chairs | chaired by | chairs a body
chaired-by | chaired by | chairs | is chaired by
co-chairs | co-chairs | co-chaired by | one of the co-chairs of a body
co-chaired-by | co-chaired by | co-chairs | has among its co-chairs
leads | leads | led by | leads a plan or an area of work
led-by | led by | leads | is led by
has-member | has member | member of | a body's member (state or organisation)
has-party | party | party to | a state party to an instrument
role-in | role in | has role | a role within a body
held-by | held by | holds | a role held by a state or body
focal-point-of | focal point of | programme focal point in | a programme's focal point in a country
# programmes
funded-by | funded by | funds | who pays for it
implemented-by | implemented by | implements | who delivers it
follows | follows | followed by | a programme's or plan's predecessor
succeeds | succeeds | succeeded by | replaces an earlier instrument or plan
listed-after | listed after | listed before |
    comes after it in a source's ordered list, with no succession claimed
works-in | works in | programme in it | a programme's country
country-facts-of | country facts of | has country facts from | a country's figures for a programme
key-partner-of | key partner | key partner in | a programme's key partner in a country
involves | involves | involved in | takes part in a plan or an achievement
supports-implementation-of | supports the implementation of | implementation supported by |
    helps states carry out an instrument
partners-with | partners with | partners with | a partnership
works-with | works with | works with | a working relationship
works-in-tandem-with | works in tandem with | works in tandem with | meant to operate alongside
# instruments
set-up-under | set up under | basis for | set up under an instrument
part-of | part of | includes | a part of a larger instrument or list
adopted-by | adopted by | adopted | the body that adopted an instrument
endorsed-by | endorsed by | endorsed | the body that endorsed an instrument
adopted-alongside | adopted alongside | adopted alongside | adopted together with
implements | implements | implemented through | carries out an instrument
meeting-on | meeting on | has meeting | the meeting of a treaty's authorities
terms-approved-by | terms of reference approved by | approves the terms of reference of |
    whose approval brings its terms of reference into effect
named-after | named after | gives its name to | named after an instrument
lists | lists | listed in | an entry of a list that is about another record
# laws, posts, ratings, documents, cases
law-of | law of | law | a state's law
amends | amends | amended by | a law that amends another
replaces | replaces | replaced by | a law that repeals and replaces another
sets-up | sets up | set up by | a law that creates a body
rates | rates | rated in | an outside rating of a state
rating-in | rating in | gives the rating | the report or index a rating is from
published-by | published by | publishes | who publishes a document
edition-of | edition of | has edition | an edition of a report or index
evaluates | evaluates | evaluated in | an evaluation or review of a programme
reports-on | reports on | reported on in | a report on an instrument or body
covers | covers | covered by | a report or data set that covers it
case-in | case in | case | where a case took place, or who took part
# subject matter
addresses | works against | addressed by | a crime or problem it tackles
cooperates-on | cooperates on | area of cooperation of | an area of cooperation
named-alongside | named alongside | named alongside | listed together in a source
# events
concerns | concerns | event | an event concerning a record
prepares | prepared the setting up of | prepared by | an event before a body was set up
led-to | led to | followed from | an event that led to another
status-tracked-for | parties listed for the members of | members' status listed in |
    whose members an instrument's table of parties lists
"""
"""key | forward | reverse | meaning, a line each (an indented line goes on the one before)."""

RELATIONS: dict[str, Relation] = {
    key: Relation(forward, reverse, meaning)
    for row in _TABLE.replace("\n    ", " ").strip().splitlines()
    if not row.startswith("#")
    for key, forward, reverse, meaning in [row.split(" | ")]
}
"""Every relation a link may have, by key."""

FIELD_RELATIONS: dict[str, str] = {
    "pillar": "in-pillar",
    "country": "national-body-of",
    "funder": "funded-by",
    "implementers": "implemented-by",
    "predecessor": "follows",
    "countries": "works-in",
    "lead": "led-by",
    "bodies": "involves",
    "part_of": "part-of",
    "members": "has-member",
    "parties": "has-party",
    "programmes": "country-facts-of",
    "partners": "key-partner-of",
    "status_for": "status-tracked-for",
    "focal_point": "focal-point-of",
}
"""Fields whose links always have one relation: YAML may leave it out."""


def forward(key: str) -> str:
    """The phrase a link reads with from the record that holds it."""
    return RELATIONS[key].forward


def reverse(key: str) -> str:
    """The phrase a link reads with from the record it points to."""
    return RELATIONS[key].reverse
