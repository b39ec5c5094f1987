"""The checks of whole records: each field by its declared shape, then across fields."""

from __future__ import annotations

import difflib
from typing import Any

from aseanct.model.records import RECORD_CLASSES, Source
from aseanct.model.shapes import FieldShape, shape_of
from aseanct.model.statements import Link, Party, RecordType
from aseanct.schema.values import (
    MIRRORS,
    SCALARS,
    Check,
    Checker,
    Path,
    describe,
    flag,
    list_of,
    ref_to,
    sources_list,
)
from aseanct.yamlread import INVALID


def field_check(shape: FieldShape) -> Check:
    if shape.kind == "sources":
        return sources_list
    if shape.kind == "flag":
        return flag
    if shape.kind in ("int", "text"):
        return SCALARS[shape.check or ("count" if shape.kind == "int" else "text")]
    if shape.kind == "texts":
        return list_of(SCALARS[shape.check or "text"], unique=True)
    if shape.kind == "id":
        return ref_to(*(shape.to or ()))
    if shape.kind == "ids":
        return list_of(ref_to(*(shape.to or ())), unique=True)
    assert shape.model is not None
    single = model_check(shape.model, shape.to, shape.relation)
    # A state is a party once, a country has one status in a programme; `related` may link one
    # record twice with different relations.
    return single if shape.kind == "model" else list_of(single, unique=bool(shape.relation))


def model_check(
    cls: type[Any], to: tuple[RecordType, ...] | None = None, fixed_relation: str = ""
) -> Check:
    """A mapping with exactly the fields of the dataclass `cls`; a link's relation is filled in."""
    shapes = [s for s in shape_of(cls) if not s.internal]
    checks = {s.name: field_check(s) for s in shapes}
    is_link = issubclass(cls, Link)
    if is_link:
        checks["id"] = ref_to(*(to or ()))
    sourced = getattr(cls, "SOURCED", True)

    def check(checker: Checker, value: Any, path: Path) -> Any:
        if not isinstance(value, dict):
            return checker.problem(
                path, f"expected a mapping, got {describe(checker, value, path)}"
            )
        out = check_fields(checker, value, path, checks, shapes)
        if out is INVALID:
            return out
        if is_link:
            given = out.get("relation")
            if fixed_relation and given and given != fixed_relation:
                return checker.problem(
                    (*path, "relation"),
                    f"this field's links have the relation {fixed_relation!r}, not {given!r}",
                )
            if fixed_relation:
                out["relation"] = fixed_relation
            elif not given:
                return checker.problem(path, "missing required field 'relation'")
        if sourced and "sources" in checks and not out.get("sources"):
            return checker.problem(path, "missing its sources: every statement cites its own")
        steps = ("actions", "domestic", "in_force", "not_party", "note")
        if cls is Party and not any(out.get(m) for m in steps):
            return checker.problem(path, f"a party needs at least one of: {', '.join(steps)}")
        return out

    return check


def check_fields(
    checker: Checker,
    value: dict[str, Any],
    path: Path,
    checks: dict[str, Check],
    shapes: list[FieldShape],
) -> Any:
    """Check every field of `value`; unknown and missing fields are problems."""
    out: dict[str, Any] = {}
    ok = True
    for key, entry in value.items():
        if entry is INVALID:  # already reported where it was read (a refused tag or alias)
            ok = False
            continue
        check = checks.get(key)
        if check is None:
            close = difflib.get_close_matches(key, list(checks), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            checker.problem((*path, key), f"unknown field {key!r}{hint}")
            ok = False
            continue
        result = check(checker, entry, (*path, key))
        if result is INVALID:
            ok = False
        else:
            out[key] = result
    for shape in shapes:
        if shape.required and shape.name not in value:
            note = " (every record cites a source)" if shape.kind == "sources" else ""
            checker.problem(path, f"missing required field {shape.name!r}{note}")
            ok = False
    return out if ok else INVALID


RECORD_CHECKS: dict[RecordType, Check] = {
    record_type: model_check(cls) for record_type, cls in RECORD_CLASSES.items()
}


def record_fields(record_type: RecordType) -> list[str]:
    """The YAML fields of a record type, in declaration order (for messages and docs)."""
    return [s.name for s in shape_of(RECORD_CLASSES[record_type]) if not s.internal]


def check_record(checker: Checker, record_type: RecordType, value: Any, path: Path) -> Any:
    """Check one record; returns its normalised plain form, or INVALID."""
    if not isinstance(value, dict):
        return checker.problem(
            path, f"expected a record (a mapping), got {describe(checker, value, path)}"
        )
    out = RECORD_CHECKS[record_type](checker, value, path)
    if out is INVALID:
        return out
    if RECORD_CLASSES[record_type] is Source:
        if not (out.get("url") or out.get("file") or out.get("via")):
            return checker.problem(
                path, "a source needs a url (the publisher's page), a file, or the via it was read"
            )
        mirror = _mirror_of(out.get("url", ""))
        if mirror:  # reported, but the source stays known: its citations still resolve
            checker.problem(
                (*path, "url"),
                f"{mirror} holds copies: give the original publisher's address as url and "
                "the copy you read as via",
            )
    _check_order(checker, out, path)
    _check_collisions(checker, out, path)
    return out


def _check_collisions(checker: Checker, record: dict[str, Any], path: Path) -> None:
    acronyms = record.get("acronyms", [])
    for index, collision in enumerate(record.get("collisions", [])):
        if collision["acronym"] not in acronyms:
            known = ", ".join(acronyms) or "none"
            checker.problem(
                (*path, "collisions", index, "acronym"),
                f"{collision['acronym']!r} is not one of the record's acronyms ({known})",
            )


def _mirror_of(address: str) -> str:
    host = address.split("://", 1)[-1].split("/", 1)[0].lower()
    return next((m for m in MIRRORS if m in host), "")


def _check_order(checker: Checker, record: dict[str, Any], path: Path) -> None:
    pairs: list[tuple[str, str, Path]] = []
    start, end = record.get("start_date"), record.get("end_date")
    if isinstance(start, dict) and isinstance(end, dict):
        pairs.append((start["date"], end["date"], (*path, "end_date")))
    if isinstance(record.get("date"), str) and isinstance(record.get("last_day"), str):
        pairs.append((record["date"], record["last_day"], (*path, "last_day")))
    for index, phase in enumerate(record.get("phases", [])):
        pairs.append((phase["start_date"], phase["end_date"], (*path, "phases", index, "end_date")))
    for first, last, where in pairs:
        if last[: len(first)] < first[: len(last)]:
            checker.problem(where, f"ends ({last}) before it starts ({first})")
    for where, figure in _figures(record, path):
        _check_figure(checker, figure, where)


def _figures(record: dict[str, Any], path: Path) -> list[tuple[Path, dict[str, Any]]]:
    found = []
    for b_index, block in enumerate(record.get("programmes", [])):
        base = (*path, "programmes", b_index)
        found += [((*base, "figures", i), f) for i, f in enumerate(block.get("figures", []))]
        for a_index, achievement in enumerate(block.get("achievements", [])):
            found += [
                ((*base, "achievements", a_index, "figures", i), f)
                for i, f in enumerate(achievement.get("figures", []))
            ]
    return found


def _check_figure(checker: Checker, figure: dict[str, Any], path: Path) -> None:
    women, men = figure.get("women"), figure.get("men")
    if women is not None and men is not None and women + men != figure["value"]:
        checker.problem(path, f"women ({women}) + men ({men}) != value ({figure['value']})")
    w_pct, m_pct = figure.get("women_pct"), figure.get("men_pct")
    if w_pct is not None and m_pct is not None and w_pct + m_pct != 100:
        checker.problem(path, f"women_pct ({w_pct}) + men_pct ({m_pct}) != 100")
