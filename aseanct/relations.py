"""The closed vocabulary of relations between records, each with a forward and a reverse phrase."""

from __future__ import annotations

from typing import NamedTuple


class Relation(NamedTuple):
    """How a link reads from each end: from the record that holds it, and from the one linked."""

    forward: str
    reverse: str


_TABLE = """
# place in a hierarchy (parent links)
subsidiary-of | subsidiary mechanism of | has subsidiary mechanism
working-group-of | working group of | has working group
operational-unit-of | operational unit under | has operational unit
under-framework-of | set up under the framework of | framework for
pillar-of | pillar of | has pillar
in-pillar | in the pillar | pillar of
secretariat-of | secretariat of | has secretariat
sectoral-body-of | sectoral body of | has sectoral body
office-of | office of | has office
senior-officials-meeting-of | senior officials' meeting of | has senior officials' meeting
reports-to | reports to | receives reports from
supports | supports | supported by
governs | governance body of | governed by
national-body-of | national body of | has national body
post-of | post of | has post
# oversight, leadership and membership
monitors | monitors | monitored by
chairs | chairs | chaired by
chaired-by | chaired by | chairs
co-chairs | co-chairs | co-chaired by
co-chaired-by | co-chaired by | co-chairs
leads | leads | led by
led-by | led by | leads
has-member | has member | member of
has-party | party | party to
role-in | role in | has role
held-by | held by | holds
focal-point-of | focal point of | programme focal point in
# programmes
funded-by | funded by | funds
implemented-by | implemented by | implements
follows | follows | followed by
succeeds | succeeds | succeeded by
listed-after | listed after | listed before
works-in | works in | programme in it
country-facts-of | country facts of | has country facts from
key-partner-of | key partner | key partner in
involves | involves | involved in
supports-implementation-of | supports the implementation of | implementation supported by
partners-with | partners with | partners with
works-with | works with | works with
works-in-tandem-with | works in tandem with | works in tandem with
# instruments
set-up-under | set up under | basis for
part-of | part of | includes
adopted-by | adopted by | adopted
endorsed-by | endorsed by | endorsed
adopted-alongside | adopted alongside | adopted alongside
implements | implements | implemented through
meeting-on | meeting on | has meeting
terms-approved-by | terms of reference approved by | approves the terms of reference of
named-after | named after | gives its name to
lists | lists | listed in
# laws, posts, ratings, documents, cases
law-of | law of | law
amends | amends | amended by
replaces | replaces | replaced by
sets-up | sets up | set up by
rates | rates | rated in
rating-in | rating in | gives the rating
published-by | published by | publishes
edition-of | edition of | has edition
evaluates | evaluates | evaluated in
reports-on | reports on | reported on in
covers | covers | covered by
case-in | case in | case
# subject matter
addresses | works against | addressed by
cooperates-on | cooperates on | area of cooperation of
named-alongside | named alongside | named alongside
# events
concerns | concerns | event
prepares | prepared the setting up of | prepared by
led-to | led to | followed from
status-tracked-for | parties listed for the members of | members' status listed in
"""
"""key | forward | reverse, a line each (what each asserts: the table in docs/data.md)."""

RELATIONS: dict[str, Relation] = {
    key: Relation(forward, reverse)
    for row in _TABLE.strip().splitlines()
    if not row.startswith("#")
    for key, forward, reverse in [row.split(" | ")]
}
