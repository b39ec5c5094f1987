"""The checks of one YAML value: each returns it normalised, or reports a problem and INVALID."""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import Any

from aseanct.errors import Problem
from aseanct.model.programmes import PROGRAMME_COUNTRY_STATUSES
from aseanct.model.records import COLLECTIONS
from aseanct.model.statements import TREATY_ACTIONS, RecordType
from aseanct.relations import RELATIONS
from aseanct.yamlread import INVALID

Path = tuple[str | int, ...]


SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
CURRENCY = re.compile(r"[A-Z]{3}\Z")
URL = re.compile(r"https?://[^\s/$.?#][^\s]*\Z")
LANG = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*\Z")

MIRRORS = (
    "paperai.life",
    "komodo-airport.com",
    "pdfslide.us",
    "pdfslide.net",
    "fdocuments.in",
    "fdocuments.net",
    "docest.com",
    "vdocuments.site",
    "ebrary.net",
    "docplayer.net",
    "scribd.com",
    "wikiwand.com",
    "angeluslowcost",
    "juicebox.com.au",
    "txtdot",
    "theinfolist.com",
    "friendlywiki.com",
    "web.archive.org",
    "archive.ph",
)
"""Mirrors, proxies, archives and document-sharing sites: a copy read there goes in a source's
`via`; its `url` is the original publisher's address."""

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
"""Characters that reorder text on screen: refused in data (they can disguise what is shown)."""


def path_text(path: Path) -> str:
    """`('bodies', 3, 'parent')` -> `bodies[3].parent`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass
class LinkRef:
    """A reference from one record to another, to resolve after all files are read."""

    target: str
    types: tuple[RecordType, ...]
    path: Path
    file: str


@dataclass
class Checker:
    """Collects problems and links while one file's records are checked."""

    file: str
    raw_of: Callable[[Path], str | None]
    problems: list[Problem] = field(default_factory=list)
    links: list[LinkRef] = field(default_factory=list)

    def problem(self, path: Path, message: str) -> Any:
        """Report a problem at `path` (its line is looked up later); returns INVALID."""
        self.problems.append(Problem(self.file, 0, path_text(path), message, where=path))
        return INVALID


Check = Callable[[Checker, Any, Path], Any]


def describe(checker: Checker, value: Any, path: Path) -> str:
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
    """Non-empty text on one line, with no control characters and no bidi overrides."""
    if not isinstance(value, str):
        return checker.problem(path, f"expected text, got {describe(checker, value, path)}")
    value = value.strip()
    if not value:
        return checker.problem(path, "must not be empty")
    if not value.isprintable() or not BIDI_CONTROLS.isdisjoint(value):
        for position, char in enumerate(value):
            if char in BIDI_CONTROLS:
                return checker.problem(
                    path,
                    f"contains a bidirectional control character (U+{ord(char):04X}) at "
                    f"character {position + 1}; it can disguise the text shown",
                )
            if ord(char) < 32 or 127 <= ord(char) <= 159:
                kind = "a line break" if char in "\n\r" else "a control character"
                return checker.problem(
                    path,
                    f"contains {kind} (U+{ord(char):04X}) at character {position + 1}; "
                    "text is one line (a folded `>` block joins its lines, a blank line in it "
                    "does not)",
                )
    named = path[-1:] == ("name",) or path[-2:-1] in (("acronyms",), ("aliases",))
    if named and value[0] in FORMULA_STARTS:
        return checker.problem(
            path,
            f"starts with {value[0]!r}, which a spreadsheet opening `list -f csv` would run as "
            "a formula; names cannot start with = + - @",
        )
    return value


FORMULA_STARTS = frozenset("=+-@")
"""What makes a spreadsheet read a cell as a formula (tabs and line breaks never reach here)."""


def slug(checker: Checker, value: Any, path: Path) -> Any:
    """A record id: lower-case letters and digits in words joined by single hyphens."""
    value = text(checker, value, path)
    if value is INVALID:
        return value
    if not SLUG.match(value):
        return checker.problem(
            path, f"id {value!r} is not a lower-case slug (letters, digits, single hyphens)"
        )
    return sys.intern(value)  # one copy of an id however often it is cited


def partial_date(checker: Checker, value: Any, path: Path) -> Any:
    """A date as precise as known: YYYY, YYYY-MM or YYYY-MM-DD."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    value = text(checker, value, path)
    if value is INVALID:
        return value
    problem = date_problem(value)
    return checker.problem(path, problem) if problem else value


def date_problem(value: str) -> str:
    """Why `value` is not a partial date ("" if it is one)."""
    match = DATE.match(value)
    if not match:
        return f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD"
    month, day = match.group(2), match.group(3)
    if month and not 1 <= int(month) <= 12:
        return f"date {value!r} has no month {month}"
    if day:
        import calendar

        last = calendar.monthrange(int(match.group(1)), int(month))[1]
        if not 1 <= int(day) <= last:
            return f"date {value!r} has no day {day}"
    return ""


def period(checker: Checker, value: Any, path: Path) -> Any:
    """A partial date, or two joined by a slash (ISO 8601 interval): `2022`, `2018/2028`."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    value = text(checker, value, path)
    if value is INVALID:
        return value
    parts = value.split("/")
    if len(parts) > 2:
        return checker.problem(path, f"period {value!r} is not DATE or DATE/DATE")
    for part in parts:
        problem = date_problem(part)
        if problem:
            return checker.problem(path, f"period {value!r}: {problem}")
    if len(parts) == 2 and parts[1][: len(parts[0])] < parts[0][: len(parts[1])]:
        return checker.problem(path, f"period {value!r} ends before it starts")
    return value


def count(checker: Checker, value: Any, path: Path) -> Any:
    """A whole number, zero or more (at most 18 digits: a bigger number is a typo)."""
    if isinstance(value, bool) or not isinstance(value, int):
        return checker.problem(
            path, f"expected a whole number, got {describe(checker, value, path)}"
        )
    if value < 0:
        return checker.problem(path, f"must not be negative (got {value})")
    if value >= 10**18:
        return checker.problem(path, "is too large (more than 18 digits)")
    return value


def percent(checker: Checker, value: Any, path: Path) -> Any:
    """A whole percentage, 0 to 100."""
    value = count(checker, value, path)
    if value is not INVALID and value > 100:
        return checker.problem(path, f"a percentage cannot be {value}")
    return value


def one_of(allowed: Collection[str], message: str) -> Check:
    """Text that is one of `allowed`; else `message` with its {value}, {allowed} and {hint}."""

    def check(checker: Checker, value: Any, path: Path) -> Any:
        value = text(checker, value, path)
        if value is not INVALID and value not in allowed:
            close = difflib.get_close_matches(value, list(allowed), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            found = message.format(value=repr(value), allowed=", ".join(allowed), hint=hint)
            return checker.problem(path, found)
        return value

    return check


def flag(checker: Checker, value: Any, path: Path) -> Any:
    if not isinstance(value, bool):
        return checker.problem(
            path, f"expected true or false, got {describe(checker, value, path)}"
        )
    return value


def matching(pattern: re.Pattern[str], message: str) -> Check:
    """Text that `pattern` matches; else `message`, the value put in its {!r}."""

    def check(checker: Checker, value: Any, path: Path) -> Any:
        value = text(checker, value, path)
        if value is not INVALID and not pattern.match(value):
            return checker.problem(path, message.format(value))
        return value

    return check


SCALARS: dict[str, Check] = {
    "text": text,
    "slug": slug,
    "date": partial_date,
    "period": period,
    "count": count,
    "percent": percent,
    "currency": matching(CURRENCY, "currency {!r} is not a three-letter ISO code (AUD, USD)"),
    "url": matching(URL, "{!r} is not an http(s) address"),
    "relation": one_of(
        RELATIONS, "unknown relation {value}{hint}; the vocabulary is in aseanct/relations.py"
    ),
    "status": one_of(PROGRAMME_COUNTRY_STATUSES, "status {value} is not one of: {allowed}{hint}"),
    "action": one_of(TREATY_ACTIONS, "treaty action {value} is not one of: {allowed}{hint}"),
    "lang": matching(LANG, "language {!r} is not an ISO 639 code (ms, th, vi)"),
}


def ref_to(*types: RecordType) -> Check:
    """An id of a record of one of `types` (any type if none given)."""
    wanted = types or tuple(COLLECTIONS.values())

    def check(checker: Checker, value: Any, path: Path) -> Any:
        value = slug(checker, value, path)
        if value is not INVALID:
            checker.links.append(LinkRef(value, wanted, path, checker.file))
        return value

    return check


def list_of(item: Check, *, unique: bool = False) -> Check:
    """A list whose every entry passes `item`."""

    def check(checker: Checker, value: Any, path: Path) -> Any:
        if not isinstance(value, list):
            return checker.problem(path, f"expected a list, got {describe(checker, value, path)}")
        out = []
        seen: dict[Any, int] = {}
        for index, entry in enumerate(value):
            if entry is INVALID:
                continue
            result = item(checker, entry, (*path, index))
            if result is INVALID:
                continue
            key = (
                result
                if isinstance(result, str)
                else (result.get("id") if unique and isinstance(result, dict) else None)
            )
            if unique and key is not None:
                if key in seen:
                    checker.problem((*path, index), f"{key!r} is listed twice")
                    continue
                seen[key] = index
            out.append(result)
        return out

    return check


def sources_list(checker: Checker, value: Any, path: Path) -> Any:
    """A non-empty list of source ids."""
    result = list_of(ref_to("source"), unique=True)(checker, value, path)
    if result is not INVALID and not result:
        return checker.problem(path, "must cite at least one source")
    return result
