"""Partial dates (`YYYY`, `YYYY-MM`, `YYYY-MM-DD`): the days they can mean, and their years."""

from __future__ import annotations

import datetime


def year_or_none(date: str) -> int | None:
    """The year of a partial date, or None when it is empty."""
    return int(date[:4]) if date else None


def earliest_day(date: str) -> datetime.date:
    """The first day a partial date can mean; ValueError if it is not a date."""
    year, month, day = [*(int(p) for p in date.split("-")), 1, 1][:3]
    return datetime.date(year, month, day)


def latest_day(date: str) -> datetime.date:
    """The last day a partial date can mean; ValueError if it is not a date."""
    import calendar

    parts = [int(p) for p in date.split("-")]
    if len(parts) == 1:
        return datetime.date(parts[0], 12, 31)
    if len(parts) == 2:
        return datetime.date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return datetime.date(parts[0], parts[1], parts[2])
