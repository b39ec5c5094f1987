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


RELATIONS: dict[str, Relation] = {
    # --- place in a hierarchy (parent links) ---------------------------------------------------
    "subsidiary-of": Relation(
        "subsidiary mechanism of", "has subsidiary mechanism", "a mechanism set up under a body"
    ),
    "working-group-of": Relation("working group of", "has working group", "a working group"),
    "operational-unit-of": Relation(
        "operational unit under", "has operational unit", "an operational unit of a body"
    ),
    "under-framework-of": Relation(
        "set up under the framework of",
        "framework for",
        "set up within another body's framework",
    ),
    "pillar-of": Relation(
        "pillar of", "has pillar", "a pillar of the ASEAN Community of an organisation"
    ),
    "in-pillar": Relation("in the pillar", "pillar of", "a body's ASEAN Community pillar"),
    "secretariat-of": Relation("secretariat of", "has secretariat", "a secretariat"),
    "sectoral-body-of": Relation(
        "sectoral body of", "has sectoral body", "a sectoral body of an organisation"
    ),
    "office-of": Relation("office of", "has office", "an office or support unit of a body"),
    "senior-officials-meeting-of": Relation(
        "senior officials' meeting of",
        "has senior officials' meeting",
        "the senior officials' meeting that prepares a ministers' meeting",
    ),
    "reports-to": Relation("reports to", "receives reports from", "a reporting line"),
    "supports": Relation("supports", "supported by", "supports the work of"),
    "governs": Relation("governance body of", "governed by", "a programme's governance body"),
    "national-body-of": Relation("national body of", "has national body", "a body of one country"),
    "post-of": Relation("post of", "has post", "a position held in a government"),
    # --- oversight, leadership and membership -----------------------------------------------
    "monitors": Relation("monitors", "monitored by", "monitors or reviews implementation"),
    "chairs": Relation("chairs", "chaired by", "chairs a body"),
    "chaired-by": Relation("chaired by", "chairs", "is chaired by"),
    "co-chairs": Relation("co-chairs", "co-chaired by", "one of the co-chairs of a body"),
    "co-chaired-by": Relation("co-chaired by", "co-chairs", "has among its co-chairs"),
    "leads": Relation("leads", "led by", "leads a plan or an area of work"),
    "led-by": Relation("led by", "leads", "is led by"),
    "has-member": Relation("has member", "member of", "a body's member (state or organisation)"),
    "has-party": Relation("party", "party to", "a state party to an instrument"),
    "role-in": Relation("role in", "has role", "a role within a body"),
    "held-by": Relation("held by", "holds", "a role held by a state or body"),
    "focal-point-of": Relation(
        "focal point of", "programme focal point in", "a programme's focal point in a country"
    ),
    # --- programmes -------------------------------------------------------------------------
    "funded-by": Relation("funded by", "funds", "who pays for it"),
    "implemented-by": Relation("implemented by", "implements", "who delivers it"),
    "follows": Relation("follows", "followed by", "a programme's or plan's predecessor"),
    "succeeds": Relation("succeeds", "succeeded by", "replaces an earlier instrument or plan"),
    "listed-after": Relation(
        "listed after",
        "listed before",
        "comes after it in a source's ordered list, with no succession claimed",
    ),
    "works-in": Relation("works in", "programme in it", "a programme's country"),
    "country-facts-of": Relation(
        "country facts of", "has country facts from", "a country's figures for a programme"
    ),
    "key-partner-of": Relation(
        "key partner", "key partner in", "a programme's key partner in a country"
    ),
    "involves": Relation("involves", "involved in", "takes part in a plan or an achievement"),
    "supports-implementation-of": Relation(
        "supports the implementation of",
        "implementation supported by",
        "helps states carry out an instrument",
    ),
    "partners-with": Relation("partners with", "partners with", "a partnership"),
    "works-with": Relation("works with", "works with", "a working relationship"),
    "works-in-tandem-with": Relation(
        "works in tandem with", "works in tandem with", "meant to operate alongside"
    ),
    # --- instruments ------------------------------------------------------------------------
    "set-up-under": Relation("set up under", "basis for", "set up under an instrument"),
    "part-of": Relation("part of", "includes", "a part of a larger instrument or list"),
    "adopted-by": Relation("adopted by", "adopted", "the body that adopted an instrument"),
    "endorsed-by": Relation("endorsed by", "endorsed", "the body that endorsed an instrument"),
    "adopted-alongside": Relation(
        "adopted alongside", "adopted alongside", "adopted together with"
    ),
    "implements": Relation("implements", "implemented through", "carries out an instrument"),
    "meeting-on": Relation("meeting on", "has meeting", "the meeting of a treaty's authorities"),
    "terms-approved-by": Relation(
        "terms of reference approved by",
        "approves the terms of reference of",
        "whose approval brings its terms of reference into effect",
    ),
    "named-after": Relation("named after", "gives its name to", "named after an instrument"),
    "lists": Relation("lists", "listed in", "an entry of a list that is about another record"),
    # --- laws, posts, ratings, documents, cases -----------------------------------------
    "law-of": Relation("law of", "law", "a state's law"),
    "amends": Relation("amends", "amended by", "a law that amends another"),
    "replaces": Relation("replaces", "replaced by", "a law that repeals and replaces another"),
    "sets-up": Relation("sets up", "set up by", "a law that creates a body"),
    "rates": Relation("rates", "rated in", "an outside rating of a state"),
    "rating-in": Relation("rating in", "gives the rating", "the report or index a rating is from"),
    "published-by": Relation("published by", "publishes", "who publishes a document"),
    "edition-of": Relation("edition of", "has edition", "an edition of a report or index"),
    "evaluates": Relation("evaluates", "evaluated in", "an evaluation or review of a programme"),
    "reports-on": Relation("reports on", "reported on in", "a report on an instrument or body"),
    "covers": Relation("covers", "covered by", "a report or data set that covers it"),
    "case-in": Relation("case in", "case", "where a case took place, or who took part"),
    # --- subject matter ---------------------------------------------------------------------
    "addresses": Relation("works against", "addressed by", "a crime or problem it tackles"),
    "cooperates-on": Relation("cooperates on", "area of cooperation of", "an area of cooperation"),
    "named-alongside": Relation(
        "named alongside", "named alongside", "listed together in a source"
    ),
    # --- events -----------------------------------------------------------------------------
    "concerns": Relation("concerns", "event", "an event concerning a record"),
    "prepares": Relation(
        "prepared the setting up of", "prepared by", "an event before a body was set up"
    ),
    "led-to": Relation("led to", "followed from", "an event that led to another"),
    "status-tracked-for": Relation(
        "parties listed for the members of",
        "members' status listed in",
        "whose members an instrument's table of parties lists",
    ),
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
