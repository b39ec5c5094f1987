"""The timeline as a Gantt chart: what a picture of it shows, and that in Mermaid's language."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aseanct.hierarchy import Moment
from aseanct.model.dates import earliest_day, latest_day

if TYPE_CHECKING:
    import datetime


@dataclass(frozen=True, slots=True)
class Chart:
    """A timeline ready to draw: its rows, the years its axis covers, and the words around it."""

    programmes: tuple[Moment, ...]
    events: tuple[Moment, ...]
    as_of: datetime.date
    first_year: int
    last_year: int
    title: str
    subtitle: str


def chart(moments: Sequence[Moment], as_of: datetime.date, which: str) -> Chart:
    """The rows of the picture: programmes, then events. The axis covers every known date,
    and `as_of` when programmes are shown (their status is judged on that day)."""
    programmes = tuple(m for m in moments if m.record.type == "programme")
    events = tuple(m for m in moments if m.record.type == "event")
    known = [int(d[:4]) for m in moments for d in (m.start, m.end) if d]
    span_years = (min(known), max(known)) if known else (as_of.year, as_of.year)
    first, last = span_years
    if programmes or not known:
        first, last = min(first, as_of.year), max(last, as_of.year)
    noun = {"programmes": "Programmes", "events": "Events"}.get(which, "Programmes and events")
    title = f"{noun}, {span_years[0]}–{span_years[1]}" if known else noun
    counts = [_count(len(programmes), "programme"), _count(len(events), "event")]
    shown = " and ".join(c for c in counts if c) or "nothing to show"
    subtitle = f"{shown} · status as of {as_of.isoformat()}" if programmes else shown
    return Chart(programmes, events, as_of, first, last, title, subtitle)


def _count(number: int, noun: str) -> str:
    return "" if not number else f"{number} {noun}" + ("" if number == 1 else "s")


def years_label(moment: Moment) -> str:
    """`2003–2006`, `2019–?` or `dates unknown`: a programme's run in years."""
    if not moment.start and not moment.end:
        return "dates unknown"
    return f"{moment.start[:4] or '?'}–{moment.end[:4] or '?'}"


def bar_note(moment: Moment) -> str:
    """What a bar's label adds to the name: its status unless it simply ended."""
    return "" if moment.status in ("ended", "event") else moment.status


def describe(moment: Moment) -> str:
    """One sentence for screen readers and tooltips."""
    if moment.record.type == "event":
        when = f"{moment.start} to {moment.end}" if moment.end else moment.start
        return f"{moment.record.heading}, {when}"
    if moment.status == "dates unknown":
        return f"{moment.record.heading}, dates unknown"
    return f"{moment.record.heading}, {years_label(moment)}, {moment.status}"


MERMAID_KEYWORDS = (
    "gantt", "title", "section", "click", "href", "call", "dateformat", "axisformat",
    "tickinterval", "includes", "excludes", "todaymarker", "weekday", "weekend", "topaxis",
    "inclusiveenddates", "accdescription", "acctitle", "accdescr", "displaymode",
)  # fmt: skip
"""Words Mermaid's gantt lexer takes as a statement when a line starts with them."""


def render_mermaid(moments: Sequence[Moment], as_of: datetime.date, which: str = "all") -> str:
    """A Mermaid gantt chart: a task per dated programme, a milestone per event."""
    shown = chart(moments, as_of, which)
    lines = [
        "gantt",
        f"    title {_mermaid_text(shown.title)}",
        "    dateFormat YYYY-MM-DD",
        "    axisFormat %Y",
        "    inclusiveEndDates",
    ]
    if shown.programmes:
        lines += [
            "    todayMarker off",
            f"    %% status as of {as_of.isoformat()}: done = ended, active = ongoing",
            "    section Programmes",
        ]
    for moment in shown.programmes:
        lines.append(_mermaid_programme(moment, as_of))
    if shown.events:
        lines.append("    section Events")
    for moment in shown.events:
        name, day = moment.record.heading, earliest_day(moment.start).isoformat()
        span = f"{day}, 0d"
        if len(moment.start) < 10:
            # Mermaid draws a milestone in the middle of its start and end.
            name += f" ({moment.start})"
            span = f"{day}, {latest_day(moment.start).isoformat()}"
        lines.append(f"    {_mermaid_text(name)} :milestone, {_mermaid_id('e', moment)}, {span}")
    return "\n".join(lines) + "\n"


def _mermaid_programme(moment: Moment, as_of: datetime.date) -> str:
    name = moment.record.heading
    task = _mermaid_id("p", moment)
    if not moment.start and not moment.end:
        return f"    %% {_mermaid_text(name)}: dates unknown, not drawn (its place is here)"
    if not moment.start:
        end = latest_day(moment.end).isoformat()
        return f"    {_mermaid_text(name + ' (start unknown)')} :milestone, {task}, {end}, 0d"
    start = earliest_day(moment.start).isoformat()
    if not moment.end:
        end = max(as_of, earliest_day(moment.start)).isoformat()
        return f"    {_mermaid_text(name + ' (end unknown)')} :{task}, {start}, {end}"
    end = latest_day(moment.end).isoformat()
    tag = {"ended": "done, ", "ongoing": "active, "}.get(moment.status, "")
    return f"    {_mermaid_text(name)} :{tag}{task}, {start}, {end}"


def _mermaid_id(prefix: str, moment: Moment) -> str:
    return f"{prefix}_{moment.record.id.replace('-', '_')}"  # ids are slugs


def _mermaid_text(text: str) -> str:
    """A task name or title Mermaid's gantt parser reads as written (no `:`, `#`, `%%`, `;`,
    line break or leading keyword: each would end the name or start a statement)."""
    import re

    text = "".join(c if c.isprintable() else " " for c in text)
    text = re.sub(r"\s*:\s*", " - ", text)
    text = text.replace(";", ",").replace("#", "No.").replace("%", " percent")
    text = " ".join(text.split())
    lowered = text.lower()
    if lowered.startswith(MERMAID_KEYWORDS) or re.match(r"\d{4}-\d\d-\d\d", text):
        text = f'"{text}"'
    return text
