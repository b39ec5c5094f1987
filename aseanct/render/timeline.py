"""The timeline: plain lines, a Rich chart of programme bars, rows, an SVG chart and a gantt."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from aseanct.formats import Format
from aseanct.hierarchy import Moment
from aseanct.lean.tabular import plain_table
from aseanct.model.derive import years
from aseanct.render.gantt import bar_note
from aseanct.render.output import View

if TYPE_CHECKING:
    import datetime

ROW_FIELDS = (
    "id", "type", "acronym", "name", "start_date", "end_date", "start_year", "end_year", "status",
    "as_of",
)  # fmt: skip
"""Keys of timeline records (JSON) and columns (CSV/TSV)."""


def when(moment: Moment) -> str:
    """`2003-2006` for a programme (`?` for an unknown end), the date for an event."""
    if moment.record.type == "programme":
        known = moment.start or moment.end
        return f"{moment.start[:4] or '?'}-{moment.end[:4] or '?'}" if known else "?"
    return f"{moment.start}/{moment.end}" if moment.end else moment.start


def render_text(moments: Sequence[Moment]) -> str:
    """One line per programme or event: when, acronym, name and status."""
    rows = []
    for moment in moments:
        status = bar_note(moment)
        name = f"{moment.record.name} ({status})" if status else moment.record.name
        rows.append([when(moment), moment.record.acronym or "-", name])
    return plain_table(rows)


def record(moment: Moment) -> dict[str, Any]:
    start_year, end_year = years(moment.record)
    return {
        "id": moment.record.id,
        "type": moment.record.type,
        "acronym": moment.record.acronym,
        "name": moment.record.name,
        "start_date": moment.start or None,
        "end_date": moment.end or None,
        "start_year": start_year,
        "end_year": end_year,
        "status": moment.status,
    }


def timeline_view(as_of: datetime.date, *, which: str = "all") -> View[Moment]:
    """`timeline`; `which` names what was asked, for the pictures' titles."""
    from aseanct.render import gantt, timeline_svg

    return View(
        name="timeline",
        all_fields=ROW_FIELDS,
        row=lambda moment: {**record(moment), "as_of": as_of.isoformat()},
        text=render_text,
        rich=lambda moments, width: render_rich(moments, as_of, width),
        drawings={
            Format.svg: lambda moments: timeline_svg.render_svg(moments, as_of, which),
            Format.mermaid: lambda moments: gantt.render_mermaid(moments, as_of, which),
        },
    )


def render_rich(moments: Sequence[Moment], as_of: datetime.date, width: int) -> Any:
    """One bar per programme across the years, a marker for `as_of`, then the events."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    programmes = [m for m in moments if m.record.type == "programme"]
    events = [m for m in moments if m.record.type == "event"]
    parts: list[Any] = []
    if programmes:
        parts.append(_chart(programmes, as_of, width))
    if events:
        if parts:
            parts.append(Text(""))
        table = Table(box=None, show_header=False, pad_edge=False)
        table.add_column(style="cyan", no_wrap=True)
        table.add_column()
        for moment in events:
            acronym = moment.record.acronym
            name = (
                [(acronym, "bold"), ": ", moment.record.name] if acronym else [moment.record.name]
            )
            table.add_row(Text(when(moment)), Text.assemble(*name))
        parts.append(table)
    return Group(*parts)


def _ticks(first: int, last: int, label_width: int, cell: int) -> Any:
    """The years above the bars: the first, the last and every fifth, where they fit."""
    from rich.text import Text

    ticks = [" "] * (label_width + (last - first + 1) * cell)
    for year in range(first, last + 1):
        if year in (first, last) or year % 5 == 0:
            position = label_width + (year - first) * cell
            text = str(year)
            if all(c == " " for c in ticks[max(0, position - 1) : position + len(text) + 1]):
                ticks[position : position + len(text)] = list(text)
    return Text("".join(ticks).rstrip(), style="dim")


def _bar(moment: Moment, first: int, last: int, cell: int) -> Any:
    """A programme's bar across the years, or `dates unknown`."""
    from rich.text import Text

    bar = Text()
    if not (moment.start or moment.end):
        bar.append("dates unknown".ljust((last - first + 1) * cell), style="dim italic")
        return bar
    start = int((moment.start or moment.end)[:4])
    end = int((moment.end or moment.start)[:4])
    style = "green" if moment.status == "ongoing" else "blue"
    for year in range(first, last + 1):
        inside = start <= year <= end
        bar.append(("█" if inside else " ") * cell, style=style if inside else "")
    return bar


def _chart(programmes: list[Moment], as_of: datetime.date, width: int) -> Any:
    from rich.text import Text

    known = [int(y[:4]) for m in programmes for y in (m.start, m.end) if y]
    first = min([*known, as_of.year])
    last = max([*known, as_of.year])
    span = last - first + 1
    label_width = max(len(m.record.acronym or m.record.id) for m in programmes) + 2
    cell = max(1, min(4, (width - label_width - 12) // span))
    today = (
        label_width + (as_of.year - first) * cell + min(cell - 1, (as_of.month - 1) * cell // 12)
    )

    lines = [_ticks(first, last, label_width, cell)]
    for moment in programmes:
        name = (moment.record.acronym or moment.record.id).ljust(label_width)
        line = Text.assemble((name, "bold cyan"), _bar(moment, first, last, cell))
        status = bar_note(moment)
        if status and status != "dates unknown":
            line.append(f"  {status}", style="dim")
        if today < len(line.plain):
            marker = "┃" if line.plain[today] == " " else "▌"
            line = line[:today] + Text(marker, style="bold yellow") + line[today + 1 :]
        lines.append(line)
    today_label = (f" today ({as_of.isoformat()})", "dim")
    lines.append(Text.assemble(" " * label_width, ("┃", "bold yellow"), today_label))
    return Text("\n").join(lines)
