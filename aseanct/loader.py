"""YAML -> validated models: reads a data directory safely and reports every problem as FILE:LINE.

YAML is composed into nodes by libyaml (never constructed into Python objects by PyYAML), then
walked here: only the standard tags are accepted, duplicate keys and aliases are refused, and
every value keeps its line for error messages. Records are checked against aseanct.schema, then
links, ids and cycles are checked across files. Nothing here prints.
"""

from __future__ import annotations

import os
from typing import Any

from aseanct import cache
from aseanct.errors import DataError, Problem
from aseanct.models import (
    COLLECTIONS,
    RECORD_CLASSES,
    Achievement,
    Alias,
    Fact,
    Figure,
    FocalPoint,
    Item,
    Money,
    Phase,
    ProgrammeCountry,
    Record,
    RecordId,
    RecordType,
    Ref,
    Registry,
    SourcedDate,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aseanct.schema import Link, Path

# aseanct.schema (the field checks) is imported by the functions that read YAML: a run that
# finds a fresh cache never needs it.


_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_ALLOWED_TAGS = _SCALAR_TAGS | {f"{_TAG}map", f"{_TAG}seq"}

PlainRecord = dict[str, Any]


def data_files(data_dir: str) -> list[str]:
    """The data files of a directory, sorted: every *.yaml and *.yml; other files are ignored."""
    names = sorted(os.listdir(data_dir))
    return [os.path.join(data_dir, n) for n in names if cache.is_data_file(n)]


class _Document:
    """One YAML file turned into plain data, with the line of every value."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path, int] = {}
        self.raw: dict[Path, str] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self._constructor: Any = None

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 0)

    def raw_of(self, path: Path) -> str | None:
        """The text a scalar was written as."""
        return self.raw.get(path)

    def problem(self, path: Path, line: int, message: str) -> None:
        from aseanct.schema import path_text

        self.problems.append(Problem(self.file, line, path_text(path), message))

    def convert(self, node: Any, path: Path) -> Any:
        """Plain data from a composed node, refusing what aseanct's data must not contain."""
        import yaml

        from aseanct.schema import INVALID

        line = node.start_mark.line + 1
        self.lines[path] = line
        if id(node) in self._seen:
            self.problem(path, line, "YAML anchors and aliases (&name, *name) are not supported")
            return INVALID
        self._seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            self.problem(path, line, f"YAML tag {_short_tag(node.tag)!r} is not allowed")
            return INVALID
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(child, (*path, i)) for i, child in enumerate(node.value)]
        self.raw[path] = node.value
        return self._scalar(node)

    def _mapping(self, node: Any, path: Path) -> dict[str, Any]:
        import yaml

        out: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == f"{_TAG}merge":
                self.problem(path, line, "YAML merge keys (<<) are not supported")
                continue
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != f"{_TAG}str":
                self.problem(path, line, f"keys must be plain names, not {key_node.tag!r}")
                continue
            key = key_node.value
            if key in first_line:
                self.problem(
                    (*path, key), line, f"duplicate key {key!r} (first at line {first_line[key]})"
                )
                continue
            first_line[key] = line
            child: Path = (*path, key)
            self.lines[child] = line
            out[key] = self.convert(value_node, child)
            # A value's own line is where it starts; a field is found by its key's line.
            self.lines[child] = line
        return out

    def _scalar(self, node: Any) -> Any:
        if node.tag in (f"{_TAG}str", f"{_TAG}timestamp"):
            # Dates stay text: the schema checks them, and JSON can carry them as written.
            return node.value
        if self._constructor is None:
            import yaml

            self._constructor = yaml.constructor.SafeConstructor()
        return self._constructor.construct_object(node)


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _compose(file: str, text: str) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.compose(text, Loader=loader)


def read_file(file: str, label: str) -> tuple[_Document, Any]:
    """Parse one data file into plain data; problems are kept on the document."""
    import gc

    import yaml

    document = _Document(label)
    try:
        with open(file, "rb") as handle:
            raw = handle.read()
    except OSError as error:
        document.problem((), 0, f"cannot read: {error.strerror or error}")
        return document, None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        document.problem((), line, f"not valid UTF-8 (byte {raw[error.start]:#04x})")
        return document, None
    # The cyclic GC makes libyaml's composition grow worse than linearly; nothing here cycles.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        node = _compose(file, text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        message = f"malformed YAML: {error.problem or error.context or 'cannot parse'}"
        if error.context and error.problem and error.context_mark is not None:
            message += f" ({error.context} at line {error.context_mark.line + 1})"
        document.problem((), line, message)
        return document, None
    except yaml.YAMLError as error:
        document.problem((), 0, f"malformed YAML: {error}")
        return document, None
    finally:
        if gc_was_enabled:
            gc.enable()
    if node is None:
        return document, {}
    return document, document.convert(node, ())


def read_data_dir(data_dir: str) -> list[PlainRecord]:
    """Every record of a data directory, validated and normalised; raises DataError."""
    from aseanct.schema import INVALID, Checker, check_record

    shown_dir = data_dir
    try:
        files = data_files(data_dir)
    except FileNotFoundError:
        raise DataError(
            [Problem(shown_dir, 0, "", "no such directory")], data_dir=shown_dir
        ) from None
    except NotADirectoryError:
        raise DataError(
            [Problem(shown_dir, 0, "", "not a directory")], data_dir=shown_dir
        ) from None
    except OSError as error:
        message = f"cannot read the directory: {error.strerror or error}"
        raise DataError([Problem(shown_dir, 0, "", message)], data_dir=shown_dir) from None
    if not files:
        problem = Problem(shown_dir, 0, "", "no data files (*.yaml) in this directory")
        raise DataError([problem], data_dir=shown_dir)
    problems: list[Problem] = []
    records: list[PlainRecord] = []
    links: list[Link] = []
    for file in files:
        document, data = read_file(file, file)
        problems += document.problems
        if data is None or data is INVALID:
            continue
        if not isinstance(data, dict):
            problems.append(Problem(file, 1, "", "expected a mapping of collections (bodies:, …)"))
            continue
        checker = Checker(file, document.line_of, document.raw_of)
        for collection, entries in data.items():
            record_type = COLLECTIONS.get(collection)
            if record_type is None:
                known = ", ".join(COLLECTIONS)
                checker.problem(
                    (collection,), f"unknown collection {collection!r} (known: {known})"
                )
                continue
            if entries is None or entries is INVALID:
                continue
            if not isinstance(entries, list):
                checker.problem((collection,), "expected a list of records")
                continue
            for index, entry in enumerate(entries):
                if entry is INVALID:
                    continue
                path = (collection, index)
                plain = check_record(checker, record_type, entry, path)
                if plain is not INVALID:
                    plain["type"] = record_type
                    plain["origin"] = f"{os.path.basename(file)}:{document.line_of(path)}"
                    plain["_file"] = file
                    plain["_line"] = document.line_of(path)
                    records.append(plain)
        problems += [Problem(*p) for p in checker.problems]
        links += checker.links
    problems += _check_across(records, links)
    if problems:
        raise DataError(problems, data_dir=shown_dir)
    for plain in records:
        del plain["_file"], plain["_line"]
    return records


def _check_across(records: list[PlainRecord], links: list[Link]) -> list[Problem]:
    """Unique ids, resolvable links of the right type, no id shadowing an acronym, no cycles."""
    from aseanct.schema import path_text

    problems: list[Problem] = []
    by_id: dict[str, PlainRecord] = {}
    for plain in records:
        first = by_id.get(plain["id"])
        if first is not None:
            where = f"{os.path.basename(first['_file'])}:{first['_line']}"
            problems.append(
                Problem(
                    plain["_file"],
                    plain["_line"],
                    "id",
                    f"duplicate id {plain['id']!r} (first at {where})",
                )
            )
        else:
            by_id[plain["id"]] = plain
    for link in links:
        target = by_id.get(link.target)
        where = path_text(link.path)
        line = link.line
        if target is None:
            problems.append(Problem(link.file, line, where, f"unknown id {link.target!r}"))
        elif target["type"] not in link.types:
            wanted = " or ".join(link.types)
            problems.append(
                Problem(
                    link.file,
                    line,
                    where,
                    f"{link.target!r} is a {target['type']}, expected a {wanted}",
                )
            )
    problems += _check_keys(records, by_id)
    problems += _check_cycles(records, by_id)
    return problems


def _check_keys(records: list[PlainRecord], by_id: dict[str, PlainRecord]) -> list[Problem]:
    """An id must name only its own record: it may not be another record's acronym or alias."""
    from aseanct.terms import normalize_term

    problems = []
    for plain in records:
        names = [*plain.get("acronyms", []), *(a["name"] for a in plain.get("aliases", []))]
        for name in names:
            other = by_id.get(normalize_term(name))
            if other is not None and other["id"] != plain["id"]:
                problems.append(
                    Problem(
                        plain["_file"],
                        plain["_line"],
                        "acronyms/aliases",
                        f"{name!r} is also the id of {other['id']!r}: ids must be unambiguous",
                    )
                )
    return problems


def _check_cycles(records: list[PlainRecord], by_id: dict[str, PlainRecord]) -> list[Problem]:
    """No record may be its own ancestor through parent, predecessor or part_of."""
    problems = []
    for field in ("parent", "predecessor", "part_of"):
        reported: set[str] = set()
        for plain in records:
            chain = [plain["id"]]
            current = plain
            while isinstance(current.get(field), dict):
                next_id = current[field]["id"]
                if next_id == plain["id"]:
                    if not reported & set(chain):
                        cycle = " -> ".join([*chain, next_id])
                        problems.append(
                            Problem(plain["_file"], plain["_line"], field, f"cycle: {cycle}")
                        )
                    reported.update(chain)
                    break
                if next_id in chain or next_id not in by_id:
                    break
                chain.append(next_id)
                current = by_id[next_id]
    return problems


# --- plain data -> models -------------------------------------------------------------------


def _ids(values: list[str] | None) -> tuple[RecordId, ...]:
    return tuple(RecordId(v) for v in values or ())


def _ref(d: dict[str, Any] | None) -> Ref | None:
    if d is None:
        return None
    return Ref(
        id=RecordId(d["id"]),
        relation=d.get("relation", ""),
        text=d.get("text", ""),
        note=d.get("note", ""),
        sources=_ids(d.get("sources")),
    )


def _refs(values: list[dict[str, Any]] | None) -> tuple[Ref, ...]:
    return tuple(r for r in map(_ref, values or ()) if r is not None)


def _date(d: dict[str, Any] | None) -> SourcedDate | None:
    if d is None:
        return None
    return SourcedDate(date=d["date"], note=d.get("note", ""), sources=_ids(d.get("sources")))


def _figure(d: dict[str, Any]) -> Figure:
    return Figure(
        label=d["label"],
        value=d["value"],
        women=d.get("women"),
        men=d.get("men"),
        women_pct=d.get("women_pct"),
        men_pct=d.get("men_pct"),
        note=d.get("note", ""),
        sources=_ids(d.get("sources")),
    )


def _item(d: dict[str, Any]) -> Item:
    return Item(
        name=d["name"],
        description=d.get("description", ""),
        ref=RecordId(d["ref"]) if d.get("ref") else None,
        lead=_ref(d.get("lead")),
        note=d.get("note", ""),
        sources=_ids(d.get("sources")),
    )


def build_record(d: PlainRecord) -> Record:
    """A model from one validated plain record."""
    record_type: RecordType = d["type"]
    common: dict[str, Any] = {
        "id": RecordId(d["id"]),
        "name": d["name"],
        "kind": d["kind"],
        "acronyms": tuple(d.get("acronyms", ())),
        "aliases": tuple(
            Alias(name=a["name"], note=a.get("note", ""), sources=_ids(a.get("sources")))
            for a in d.get("aliases", ())
        ),
        "description": d.get("description", ""),
        "note": d.get("note", ""),
        "related": _refs(d.get("related")),
        "facts": tuple(
            Fact(
                text=f["text"],
                date=f.get("date", ""),
                note=f.get("note", ""),
                sources=_ids(f.get("sources")),
            )
            for f in d.get("facts", ())
        ),
        "sources": _ids(d.get("sources")),
        "origin": d.get("origin", ""),
    }
    extra: dict[str, Any]
    if record_type == "body":
        extra = {
            "parent": _ref(d.get("parent")),
            "pillar": _ref(d.get("pillar")),
            "established": _date(d.get("established")),
            "country": _ref(d.get("country")),
        }
    elif record_type == "programme":
        budget = d.get("budget")
        extra = {
            "start": _date(d.get("start")),
            "end": _date(d.get("end")),
            "budget": None
            if budget is None
            else Money(
                amount=budget["amount"],
                currency=budget["currency"],
                as_written=budget["as_written"],
                note=budget.get("note", ""),
                sources=_ids(budget.get("sources")),
            ),
            "funder": _ref(d.get("funder")),
            "implementers": _refs(d.get("implementers")),
            "countries": tuple(
                ProgrammeCountry(
                    id=RecordId(c["id"]),
                    status=c["status"],
                    note=c.get("note", ""),
                    sources=_ids(c.get("sources")),
                )
                for c in d.get("countries", ())
            ),
            "predecessor": _ref(d.get("predecessor")),
            "governance": _refs(d.get("governance")),
            "phases": tuple(
                Phase(
                    name=p["name"],
                    start=p["start"],
                    end=p["end"],
                    note=p.get("note", ""),
                    sources=_ids(p.get("sources")),
                )
                for p in d.get("phases", ())
            ),
            "pathways": tuple(_item(i) for i in d.get("pathways", ())),
            "outcome_areas": tuple(_item(i) for i in d.get("outcome_areas", ())),
        }
    elif record_type == "term":
        extra = {
            "start": _date(d.get("start")),
            "end": _date(d.get("end")),
            "lead": _ref(d.get("lead")),
            "bodies": _refs(d.get("bodies")),
            "items": tuple(_item(i) for i in d.get("items", ())),
            "part_of": _ref(d.get("part_of")),
        }
    elif record_type == "event":
        extra = {"date": d["date"], "end_date": d.get("end_date", ""), "place": d.get("place", "")}
    elif record_type == "country":
        focal = d.get("focal_point")
        extra = {
            "member_since": _date(d.get("member_since")),
            "programme": _ref(d.get("programme")),
            "figures": tuple(_figure(f) for f in d.get("figures", ())),
            "focal_point": None
            if focal is None
            else FocalPoint(
                text=focal["text"],
                body=RecordId(focal["body"]) if focal.get("body") else None,
                sources=_ids(focal.get("sources")),
            ),
            "partners": _refs(d.get("partners")),
            "achievements": tuple(
                Achievement(
                    text=a["text"],
                    partners=_ids(a.get("partners")),
                    figures=tuple(_figure(f) for f in a.get("figures", ())),
                    date=a.get("date", ""),
                    note=a.get("note", ""),
                    sources=_ids(a.get("sources")),
                )
                for a in d.get("achievements", ())
            ),
        }
    else:
        extra = {k: d.get(k, "") for k in ("publisher", "url", "file", "via", "date", "language")}
    return RECORD_CLASSES[record_type](**common, **extra)


def build_registry(plain: list[PlainRecord]) -> Registry:
    """The Registry of validated plain records."""
    return Registry.build(build_record(d) for d in plain)


def load(data_dir: str | None = None, *, use_cache: bool = True) -> Registry:
    """The Registry of a data directory (the packaged data by default); raises DataError.

    With `use_cache`, a compiled copy in the user cache directory is used when it is fresh and
    written when it is not (see aseanct.cache); YAML is parsed only when a data file changed.
    """
    directory = cache.data_dir(data_dir)
    use_cache = use_cache and not cache.cache_disabled()
    location = cache.location(directory) if use_cache else None
    if location is None:
        return build_registry(read_data_dir(directory))
    plain = cache.read_records(location)
    if plain is not None:
        return build_registry(plain)
    # A snapshot of the files (with checksums) before the cache is named and they are parsed,
    # and another after: if one changed in between, what was parsed may not be what the name
    # describes, so no cache is written from it (the next run parses again).
    before = _snapshot(directory)
    location = cache.location(directory)
    plain = read_data_dir(directory)
    registry = build_registry(plain)
    if before is not None and location is not None and _snapshot(directory) == before:
        from aseanct.index import compile_acronyms, compile_index, compile_keys

        index = compile_index(registry)
        cache.write(location, plain, index, compile_keys(index), compile_acronyms(registry))
    return registry


def _snapshot(directory: str) -> str | None:
    try:
        return cache.fingerprint(directory, checksums=True)
    except OSError:
        return None
