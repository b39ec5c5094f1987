"""The timeline as an SVG chart drawn by hand: bars and diamonds on a year axis, 1280 wide."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from aseanct.hierarchy import Moment
from aseanct.model.dates import earliest_day, latest_day
from aseanct.render.gantt import Chart, bar_note, chart, describe, years_label
from aseanct.render.markup import xml_text

if TYPE_CHECKING:
    import datetime


WIDTH = 1280
"""The width of a 16:9 slide at 1280x720; the height grows with the rows."""
MARGIN = 24
LABELS = 190
"""Width of the left column: a programme's acronym and years, an event's date."""
PLOT_LEFT = MARGIN + LABELS
PLOT_RIGHT = WIDTH - MARGIN
TOP = 92
"""Where the grid starts, below the title, the subtitle and the year labels."""
PROGRAMME_ROW = 40
EVENT_ROW = 24
SECTION_ROW = 30
BAR = 20
FONT = "Helvetica, Arial, sans-serif"
CHAR_WIDTH = 0.58
"""Average width of a character in ems: wide enough for DejaVu Sans, so labels stay inside."""

ENDED = "#3b6db3"
ONGOING = "#2f9e44"
UNKNOWN = "#868e96"
AS_OF = "#c2410c"  # 5.2:1 on white: the "as of" label is small text
EVENT = "#7048e8"
INK = "#212529"
MUTED = "#5c636a"
GRID = "#e9ecef"
GRID_MAJOR = "#ced4da"
STRIPE = "#f8f9fa"


def render_svg(
    moments: Sequence[Moment], as_of: datetime.date, which: str = "all", *, ids: str = "chart"
) -> str:
    """A bar per programme on a year axis, a diamond per event; `ids` prefixes the ids of
    the accessible title and description, as a page that shows two charts needs."""
    shown = chart(moments, as_of, which)
    scale = Scale(shown.first_year, shown.last_year)
    rows: list[str] = []
    stripes: list[str] = []
    y = TOP
    sections = (
        ("Programmes", shown.programmes, PROGRAMME_ROW, _programme_row),
        ("Events", shown.events, EVENT_ROW, _event_row),
    )
    for title, group, height, draw in sections:
        if shown.programmes and shown.events:
            rows.append(_text(MARGIN, y + 20, title, size=15, weight="bold"))
            y += SECTION_ROW
        for index, moment in enumerate(group):
            if index % 2 == 0:
                stripes.append(_rect(MARGIN, y, WIDTH - 2 * MARGIN, height, STRIPE))
            rows.append(draw(moment, y, scale, as_of))
            y += height
    if not moments:
        rows.append(_text(PLOT_LEFT + 8, y + 24, "Nothing to show.", size=14, fill=MUTED))
        y += PROGRAMME_ROW
    grid = _grid(scale, TOP, y, labels_below=y - TOP > 12 * PROGRAMME_ROW)
    parts = [*stripes, grid, *rows]
    if shown.programmes:
        parts.append(_as_of_line(scale, as_of, TOP, y))
    legend = _legend(shown, y + 44)
    parts += [legend] if legend else []
    height = y + 44 + (24 if legend else 0)
    header = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{ids}-title {ids}-desc" '
        f'font-family="{FONT}">',
        f'<title id="{ids}-title">{xml_text(shown.title)}</title>',
        f'<desc id="{ids}-desc">{xml_text(_description(shown))}</desc>',
        f'<rect width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        _text(MARGIN, 36, shown.title, size=24, weight="bold"),
        _text(MARGIN, 60, shown.subtitle, size=14, fill=MUTED),
    ]
    return "\n".join([*header, *parts, "</svg>"]) + "\n"


@dataclass(frozen=True, slots=True)
class Scale:
    """Years to x: 1 January of `first` at the plot's left, 31 December of `last` at its right."""

    first: int
    last: int

    @property
    def per_year(self) -> float:
        return (PLOT_RIGHT - PLOT_LEFT) / (self.last - self.first + 1)

    def year(self, year: int) -> float:
        return PLOT_LEFT + (year - self.first) * self.per_year

    def day(self, day: datetime.date) -> float:
        start = day.replace(month=1, day=1)
        length = 366 if calendar.isleap(day.year) else 365
        return self.year(day.year) + (day - start).days / length * self.per_year

    def after(self, day: datetime.date) -> float:
        """x of the end of `day` (a run that ends on a day includes it)."""
        import datetime

        return self.day(day + datetime.timedelta(days=1))

    def step(self) -> int:
        """Years between labelled gridlines: the least round number with room for a label."""
        return next((s for s in (1, 2, 5, 10, 20, 25, 50, 100) if s * self.per_year >= 44), 100)


def _grid(scale: Scale, top: int, bottom: int, *, labels_below: bool) -> str:
    step = scale.step()
    out = []
    for year in range(scale.first, scale.last + 2):
        x = scale.year(year)
        major = year % step == 0
        if major or scale.per_year >= 6:
            color = GRID_MAJOR if major else GRID
            out.append(_line(x, top, x, bottom, color))
        if major and year <= scale.last:
            out.append(_text(x, top - 8, str(year), size=12, fill=MUTED, anchor="middle"))
            if labels_below:
                out.append(_text(x, bottom + 18, str(year), size=12, fill=MUTED, anchor="middle"))
    return _group("grid", out)


def _programme_row(moment: Moment, y: int, scale: Scale, as_of: datetime.date) -> str:
    record = moment.record
    name = _fit(record.acronym or record.name, LABELS - 16, 15, bold=True)
    out = [
        _text(MARGIN + 8, y + 17, name, size=15, weight="bold"),
        _text(MARGIN + 8, y + 33, years_label(moment), size=12, fill=MUTED),
    ]
    top = y + (PROGRAMME_ROW - BAR) // 2
    if not moment.start and not moment.end:
        words = f"{record.name}: dates unknown"
        out.append(_text(PLOT_LEFT + 8, top + 15, words, size=13, fill=MUTED, italic=True))
    else:
        left, right, solid_right = _bar_span(moment, scale, as_of)
        color = {"ended": ENDED, "ongoing": ONGOING, "upcoming": ONGOING}.get(
            moment.status, UNKNOWN
        )
        if solid_right > left:
            out.append(_rect(left, top, solid_right - left, BAR, color))
        if right > solid_right:
            out.append(_rect(solid_right, top, right - solid_right, BAR, color, planned=True))
        note = bar_note(moment)
        label = f"{record.name} ({note})" if note else record.name
        out.append(_beside(label, left, right, top + 15, size=13))
    return _group(f"programme {moment.status.replace(' ', '-')}", out, describe(moment))


def _bar_span(moment: Moment, scale: Scale, as_of: datetime.date) -> tuple[float, float, float]:
    """Where a programme's bar starts and ends, and where its solid part (run by `as_of`) ends."""
    if moment.start and moment.end:
        left, right = scale.day(earliest_day(moment.start)), scale.after(latest_day(moment.end))
    elif moment.start:  # end unknown: drawn up to as_of, no further
        left = scale.day(earliest_day(moment.start))
        right = max(left + 2, scale.after(as_of))
    else:  # start unknown: only its last year is drawn
        right = scale.after(latest_day(moment.end))
        left = scale.day(earliest_day(moment.end[:4]))
    now = scale.after(as_of)
    solid = right if moment.status in ("ended", "end unknown") else min(right, max(left, now))
    if moment.status == "upcoming":
        solid = left
    return left, right, solid


def _event_row(moment: Moment, y: int, scale: Scale, _as_of: datetime.date) -> str:
    x = scale.day(earliest_day(moment.start))
    if len(moment.start) < 10:  # a year or a month: the middle of the time it names
        x = (x + scale.after(latest_day(moment.start))) / 2
    out = [
        _text(MARGIN + 8, y + 16, moment.start, size=12, fill=MUTED),
        _diamond(x, y + EVENT_ROW / 2, 6),
        _beside(moment.record.heading, x - 6, x + 6, y + 16, size=13),
    ]
    return _group("event", out, describe(moment))


def _as_of_line(scale: Scale, as_of: datetime.date, top: int, bottom: int) -> str:
    x = scale.day(as_of)
    label = f"as of {as_of.isoformat()}"
    anchor, tx = ("end", x - 4) if x + 4 + _width(label, 12) > PLOT_RIGHT else ("start", x + 4)
    line = (
        f'<line x1="{_n(x)}" y1="{top - 4}" x2="{_n(x)}" y2="{bottom + 4}" '
        f'stroke="{AS_OF}" stroke-width="2"/>'
    )
    words = _text(tx, bottom + 32, label, size=12, fill=AS_OF, weight="bold", anchor=anchor)
    return _group("as-of", [line, words])


def _legend(shown: Chart, y: int) -> str:
    ongoing = _rect(0, -10, 12, 12, ONGOING) + _rect(12, -10, 12, 12, ONGOING, planned=True)
    legend = {
        "ended": (_rect(0, -10, 24, 12, ENDED), "ended"),
        "ongoing": (ongoing, "ongoing (light: still to run, as planned)"),
        "upcoming": (_rect(0, -10, 24, 12, ONGOING, planned=True), "upcoming"),
        "end unknown": (_rect(0, -10, 24, 12, UNKNOWN), "end unknown: drawn to the as-of date"),
        "event": (_diamond(12, -4, 6), "event"),
    }
    statuses = {m.status for m in (*shown.programmes, *shown.events)}
    keys = [key for status, key in legend.items() if status in statuses]
    if not keys:
        return ""
    out = []
    x = float(MARGIN)
    for swatch, words in keys:
        out.append(f'<g transform="translate({_n(x)},{y})">{swatch}</g>')
        out.append(_text(x + 30, y, words, size=12, fill=MUTED))
        x += 30 + len(words) * 12 * 0.5 + 28  # a closer guess than _width: only a gap is at stake
    return _group("legend", out)


def _description(shown: Chart) -> str:
    lines = [f"{shown.title}: {shown.subtitle}."]
    lines += [describe(m) + "." for m in (*shown.programmes, *shown.events)]
    return "\n".join(lines)


def _beside(label: str, left: float, right: float, baseline: float, *, size: int) -> str:
    """A bar's or a point's label: after it if it fits, else before, else cut where more room is."""
    width = _width(label, size)
    room_after = PLOT_RIGHT - (right + 6)
    room_before = (left - 6) - PLOT_LEFT
    if width <= room_after or (width > room_before and room_after >= room_before):
        return _text(right + 6, baseline, _fit(label, room_after, size), size=size)
    return _text(left - 6, baseline, _fit(label, room_before, size), size=size, anchor="end")


def _fit(text: str, room: float, size: int, *, bold: bool = False) -> str:
    """`text`, cut with an ellipsis to about `room` pixels (the tooltip keeps it whole)."""
    per_char = size * (CHAR_WIDTH + (0.04 if bold else 0))
    if len(text) * per_char <= room:
        return text
    keep = max(1, int(room / per_char) - 1)
    return text[:keep].rstrip() + "…"


def _width(text: str, size: int) -> float:
    return len(text) * size * CHAR_WIDTH


def _group(css_class: str, parts: list[str], title: str = "") -> str:
    tooltip = [f"<title>{xml_text(title)}</title>"] if title else []
    return "\n".join([f'<g class="{css_class}">', *tooltip, *parts, "</g>"])


def _n(value: float) -> str:
    """A coordinate with at most one decimal, the same on every platform."""
    text = f"{value:.1f}"
    text = text[:-2] if text.endswith(".0") else text
    return "0" if text == "-0" else text


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: int,
    fill: str = INK,
    weight: str = "",
    anchor: str = "",
    italic: bool = False,
) -> str:
    extra = f' font-weight="{weight}"' if weight else ""
    extra += f' text-anchor="{anchor}"' if anchor else ""
    extra += ' font-style="italic"' if italic else ""
    return (
        f'<text x="{_n(x)}" y="{_n(y)}" font-size="{size}" fill="{fill}"{extra}>'
        f"{xml_text(text)}</text>"
    )


def _rect(
    x: float, y: float, width: float, height: float, color: str, *, planned: bool = False
) -> str:
    light = f' fill-opacity="0.25" stroke="{color}" stroke-dasharray="4 3"' if planned else ""
    return (
        f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}" '
        f'fill="{color}"{light}/>'
    )


def _line(x1: float, y1: float, x2: float, y2: float, color: str) -> str:
    return f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" stroke="{color}"/>'


def _diamond(x: float, y: float, r: float) -> str:
    points = f"{_n(x)},{_n(y - r)} {_n(x + r)},{_n(y)} {_n(x)},{_n(y + r)} {_n(x - r)},{_n(y)}"
    return f'<polygon points="{points}" fill="{EVENT}"/>'
