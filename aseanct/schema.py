"""The record schema: which fields each record type has, and the checks each value must pass.

Values arrive as plain YAML data (str, int, bool, None, list, dict). Each check returns the
normalised value or reports a problem at its path and returns INVALID. Links to other records
are collected, to be resolved once every file has been read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aseanct.models import COLLECTIONS, PROGRAMME_COUNTRY_STATUSES, RecordType

Path = tuple[str | int, ...]


class _Invalid:
    """Marks a value that failed its check (a problem has been reported)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = _Invalid()

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
CURRENCY = re.compile(r"[A-Z]{3}\Z")


def path_text(path: Path) -> str:
    """`('bodies', 3, 'parent')` -> `bodies[3].parent`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass
class Link:
    """A reference from one record to another, to resolve after all files are read."""

    target: str
    types: tuple[RecordType, ...]
    path: Path
    file: str
    line: int


@dataclass
class Checker:
    """Collects problems and links while one file's records are checked."""

    file: str
    line_of: Callable[[Path], int]
    raw_of: Callable[[Path], str | None]
    problems: list[tuple[str, int, str, str]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    record_sources: list[str] = field(default_factory=list)

    def problem(self, path: Path, message: str) -> Any:
        """Report a problem at `path`; returns INVALID for convenience."""
        self.problems.append((self.file, self.line_of(path), path_text(path), message))
        return INVALID

    def link(self, target: str, types: tuple[RecordType, ...], path: Path) -> None:
        """Remember a reference to resolve later."""
        self.links.append(Link(target, types, path, self.file, self.line_of(path)))


Check = Callable[[Checker, Any, Path], Any]


def _describe(checker: Checker, value: Any, path: Path) -> str:
    raw = checker.raw_of(path)
    if isinstance(value, bool):
        return f"the YAML boolean {raw or value!r} (write it in quotes if it is text)"
    if value is None:
        return "nothing (an empty value)"
    if isinstance(value, (int, float)):
        return f"the number {raw or value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return f"{type(value).__name__}"


def text(checker: Checker, value: Any, path: Path) -> Any:
    """Non-empty text."""
    if not isinstance(value, str):
        return checker.problem(path, f"expected text, got {_describe(checker, value, path)}")
    value = value.strip()
    if not value:
        return checker.problem(path, "must not be empty")
    if not value.isprintable():
        for position, char in enumerate(value):
            if ord(char) < 32 or 127 <= ord(char) <= 159:
                kind = "a line break" if char in "\n\r" else "a control character"
                return checker.problem(
                    path,
                    f"contains {kind} (U+{ord(char):04X}) at character {position + 1}; "
                    "text is one line (a folded `>` block joins its lines, a blank line in it "
                    "does not)",
                )
    return value


def slug(checker: Checker, value: Any, path: Path) -> Any:
    """A record id: lower-case letters and digits in words joined by single hyphens."""
    value = text(checker, value, path)
    if value is INVALID:
        return value
    if not SLUG.match(value):
        return checker.problem(
            path, f"id {value!r} is not a lower-case slug (letters, digits, single hyphens)"
        )
    return value


def partial_date(checker: Checker, value: Any, path: Path) -> Any:
    """A date as precise as known: YYYY, YYYY-MM or YYYY-MM-DD."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    value = text(checker, value, path)
    if value is INVALID:
        return value
    match = DATE.match(value)
    if not match:
        return checker.problem(path, f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    month, day = match.group(2), match.group(3)
    if month and not 1 <= int(month) <= 12:
        return checker.problem(path, f"date {value!r} has no month {month}")
    if day:
        import calendar

        last = calendar.monthrange(int(match.group(1)), int(month))[1]
        if not 1 <= int(day) <= last:
            return checker.problem(path, f"date {value!r} has no day {day}")
    return value


def count(checker: Checker, value: Any, path: Path) -> Any:
    """A whole number, zero or more."""
    if isinstance(value, bool) or not isinstance(value, int):
        return checker.problem(
            path, f"expected a whole number, got {_describe(checker, value, path)}"
        )
    if value < 0:
        return checker.problem(path, f"must not be negative (got {value})")
    return value


def percent(checker: Checker, value: Any, path: Path) -> Any:
    """A whole percentage, 0 to 100."""
    value = count(checker, value, path)
    if value is not INVALID and value > 100:
        return checker.problem(path, f"a percentage cannot be {value}")
    return value


def currency(checker: Checker, value: Any, path: Path) -> Any:
    """An ISO 4217 currency code."""
    value = text(checker, value, path)
    if value is not INVALID and not CURRENCY.match(value):
        return checker.problem(
            path, f"currency {value!r} is not a three-letter ISO code (AUD, USD)"
        )
    return value


def ref_to(*types: RecordType) -> Check:
    """An id of a record of one of `types` (any type if none given)."""
    wanted = types or tuple(COLLECTIONS.values())

    def check(checker: Checker, value: Any, path: Path) -> Any:
        value = slug(checker, value, path)
        if value is not INVALID:
            checker.link(value, wanted, path)
        return value

    return check


def list_of(item: Check, *, unique: bool = False) -> Check:
    """A list whose every entry passes `item`."""

    def check(checker: Checker, value: Any, path: Path) -> Any:
        if not isinstance(value, list):
            return checker.problem(path, f"expected a list, got {_describe(checker, value, path)}")
        out = []
        seen: dict[Any, int] = {}
        for index, entry in enumerate(value):
            if entry is INVALID:
                continue
            result = item(checker, entry, (*path, index))
            if result is INVALID:
                continue
            if unique and isinstance(result, str):
                if result in seen:
                    checker.problem((*path, index), f"{result!r} is listed twice")
                    continue
                seen[result] = index
            out.append(result)
        return out

    return check


def sources_list(checker: Checker, value: Any, path: Path) -> Any:
    """A non-empty list of source ids."""
    result = list_of(ref_to("source"), unique=True)(checker, value, path)
    if result is not INVALID and not result:
        return checker.problem(path, "must cite at least one source")
    return result


@dataclass(frozen=True)
class Field:
    """One field of a mapping: its check, and whether it must be present."""

    check: Check
    required: bool = False


def mapping(fields: dict[str, Field], *, shorthand: str = "", sourced: bool = True) -> Check:
    """A mapping with exactly these fields.

    `shorthand` names the field a plain scalar stands for (`parent: ammtc` means
    `parent: {id: ammtc}`). When `sourced`, a missing `sources` inherits the record's sources.
    """

    def check(checker: Checker, value: Any, path: Path) -> Any:
        if shorthand and not isinstance(value, (dict, list)) and value is not None:
            value = {shorthand: value}
        if not isinstance(value, dict):
            return checker.problem(
                path, f"expected a mapping, got {_describe(checker, value, path)}"
            )
        return check_fields(checker, value, path, fields, sourced=sourced)

    return check


def check_fields(
    checker: Checker, value: dict[str, Any], path: Path, fields: dict[str, Field], *, sourced: bool
) -> Any:
    """Check every field of `value` against `fields`; unknown and missing fields are problems."""
    out: dict[str, Any] = {}
    ok = True
    for key, entry in value.items():
        if entry is INVALID:  # already reported where it was read (a refused tag or alias)
            ok = False
            continue
        spec = fields.get(key)
        if spec is None:
            import difflib

            close = difflib.get_close_matches(key, list(fields), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            checker.problem((*path, key), f"unknown field {key!r}{hint}")
            ok = False
            continue
        result = spec.check(checker, entry, (*path, key))
        if result is INVALID:
            ok = False
        else:
            out[key] = result
    for key, spec in fields.items():
        if spec.required and key not in value:
            checker.problem(path, f"missing required field {key!r}")
            ok = False
    if sourced and "sources" in fields and not out.get("sources"):
        out["sources"] = list(checker.record_sources)
    return out if ok else INVALID


def _sourced(fields: dict[str, Field]) -> dict[str, Field]:
    return {**fields, "note": Field(text), "sources": Field(sources_list)}


def _ref(*types: RecordType, extra: dict[str, Field] | None = None) -> Check:
    fields = _sourced(
        {"id": Field(ref_to(*types), required=True), "relation": Field(text), "text": Field(text)}
    )
    return mapping({**fields, **(extra or {})}, shorthand="id")


SOURCED_DATE = mapping(_sourced({"date": Field(partial_date, required=True)}), shorthand="date")
MONEY = mapping(
    _sourced(
        {
            "amount": Field(count, required=True),
            "currency": Field(currency, required=True),
            "as_written": Field(text, required=True),
        }
    )
)
ALIAS = mapping(_sourced({"name": Field(text, required=True)}), shorthand="name")
FACT = mapping(
    _sourced({"text": Field(text, required=True), "date": Field(partial_date)}), shorthand="text"
)
ITEM = mapping(
    _sourced(
        {
            "name": Field(text, required=True),
            "description": Field(text),
            "ref": Field(ref_to()),
            "lead": Field(_ref("country", "body")),
        }
    ),
    shorthand="name",
)
PHASE = mapping(
    _sourced(
        {
            "name": Field(text, required=True),
            "start": Field(partial_date, required=True),
            "end": Field(partial_date, required=True),
        }
    )
)


def _status(checker: Checker, value: Any, path: Path) -> Any:
    value = text(checker, value, path)
    if value is not INVALID and value not in PROGRAMME_COUNTRY_STATUSES:
        allowed = ", ".join(PROGRAMME_COUNTRY_STATUSES)
        return checker.problem(path, f"status {value!r} is not one of: {allowed}")
    return value


PROGRAMME_COUNTRY = mapping(
    _sourced({"id": Field(ref_to("country"), required=True), "status": Field(_status, True)})
)
FIGURE = mapping(
    _sourced(
        {
            "label": Field(text, required=True),
            "value": Field(count, required=True),
            "women": Field(count),
            "men": Field(count),
            "women_pct": Field(percent),
            "men_pct": Field(percent),
        }
    )
)
ACHIEVEMENT = mapping(
    _sourced(
        {
            "text": Field(text, required=True),
            "partners": Field(list_of(ref_to("body"), unique=True)),
            "figures": Field(list_of(FIGURE)),
            "date": Field(partial_date),
        }
    )
)
FOCAL_POINT = mapping(
    {
        "text": Field(text, required=True),
        "body": Field(ref_to("body")),
        "sources": Field(sources_list),
    }
)

COMMON: dict[str, Field] = {
    "id": Field(slug, required=True),
    "name": Field(text, required=True),
    "kind": Field(text, required=True),
    "acronyms": Field(list_of(text, unique=True)),
    "aliases": Field(list_of(ALIAS)),
    "description": Field(text),
    "note": Field(text),
    "related": Field(list_of(_ref())),
    "facts": Field(list_of(FACT)),
    "sources": Field(sources_list, required=True),
}

FIELDS: dict[RecordType, dict[str, Field]] = {
    "body": {
        **COMMON,
        "parent": Field(_ref("body", "programme")),
        "pillar": Field(_ref("body")),
        "established": Field(SOURCED_DATE),
        "country": Field(_ref("country")),
    },
    "programme": {
        **COMMON,
        "start": Field(SOURCED_DATE),
        "end": Field(SOURCED_DATE),
        "budget": Field(MONEY),
        "funder": Field(_ref("country", "body")),
        "implementers": Field(list_of(_ref("body"))),
        "countries": Field(list_of(PROGRAMME_COUNTRY)),
        "predecessor": Field(_ref("programme")),
        "governance": Field(list_of(_ref("body"))),
        "phases": Field(list_of(PHASE)),
        "pathways": Field(list_of(ITEM)),
        "outcome_areas": Field(list_of(ITEM)),
    },
    "term": {
        **COMMON,
        "start": Field(SOURCED_DATE),
        "end": Field(SOURCED_DATE),
        "lead": Field(_ref("body")),
        "bodies": Field(list_of(_ref("body"))),
        "items": Field(list_of(ITEM)),
        "part_of": Field(_ref("term")),
    },
    "event": {
        **COMMON,
        "date": Field(partial_date, required=True),
        "end_date": Field(partial_date),
        "place": Field(text),
    },
    "country": {
        **COMMON,
        "member_since": Field(SOURCED_DATE),
        "programme": Field(_ref("programme")),
        "figures": Field(list_of(FIGURE)),
        "focal_point": Field(FOCAL_POINT),
        "partners": Field(list_of(_ref("body"))),
        "achievements": Field(list_of(ACHIEVEMENT)),
    },
    "source": {
        "id": Field(slug, required=True),
        "name": Field(text, required=True),
        "kind": Field(text, required=True),
        "publisher": Field(text, required=True),
        "url": Field(text),
        "file": Field(text),
        "via": Field(text),
        "date": Field(partial_date),
        "language": Field(text),
        "description": Field(text),
        "note": Field(text),
    },
}


def check_record(checker: Checker, record_type: RecordType, value: Any, path: Path) -> Any:
    """Check one record; returns its normalised plain form, or INVALID."""
    if not isinstance(value, dict):
        return checker.problem(
            path, f"expected a record (a mapping), got {_describe(checker, value, path)}"
        )
    fields = FIELDS[record_type]
    # Sources first: the record's sources stand for any of its facts that cite none.
    checker.record_sources = []
    rest = dict(value)
    sources: Any = []
    if "sources" in fields:
        if "sources" in rest:
            sources = sources_list(checker, rest.pop("sources"), (*path, "sources"))
            checker.record_sources = [] if sources is INVALID else sources
        else:
            checker.problem(path, "missing required field 'sources' (every record cites a source)")
            sources = INVALID
    out = check_fields(
        checker, rest, path, {k: f for k, f in fields.items() if k != "sources"}, sourced=False
    )
    if out is INVALID or sources is INVALID:
        return INVALID
    if "sources" in fields:
        out["sources"] = sources
    if record_type == "source" and not (out.get("url") or out.get("file")):
        return checker.problem(path, "a source needs a url or a file")
    _check_order(checker, out, path)
    return out


def _check_order(checker: Checker, record: dict[str, Any], path: Path) -> None:
    """start <= end wherever a record or one of its phases has both."""
    pairs: list[tuple[str, str, Path]] = []
    start, end = record.get("start"), record.get("end")
    if isinstance(start, dict) and isinstance(end, dict):
        pairs.append((start["date"], end["date"], (*path, "end")))
    if record.get("date") and record.get("end_date"):
        pairs.append((record["date"], record["end_date"], (*path, "end_date")))
    for index, phase in enumerate(record.get("phases", [])):
        pairs.append((phase["start"], phase["end"], (*path, "phases", index, "end")))
    for first, last, where in pairs:
        if last[: len(first)] < first[: len(last)]:
            checker.problem(where, f"ends ({last}) before it starts ({first})")
    for index, figure in enumerate(record.get("figures", [])):
        _check_figure(checker, figure, (*path, "figures", index))
    for a_index, achievement in enumerate(record.get("achievements", [])):
        for index, figure in enumerate(achievement.get("figures", [])):
            _check_figure(checker, figure, (*path, "achievements", a_index, "figures", index))


def _check_figure(checker: Checker, figure: dict[str, Any], path: Path) -> None:
    """A gender split must add up."""
    women, men = figure.get("women"), figure.get("men")
    if women is not None and men is not None and women + men != figure["value"]:
        checker.problem(path, f"women ({women}) + men ({men}) != value ({figure['value']})")
    w_pct, m_pct = figure.get("women_pct"), figure.get("men_pct")
    if w_pct is not None and m_pct is not None and w_pct + m_pct != 100:
        checker.problem(path, f"women_pct ({w_pct}) + men_pct ({m_pct}) != 100")
