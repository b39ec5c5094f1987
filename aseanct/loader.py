"""YAML -> validated plain records -> models: reads a data directory safely, reports FILE:LINE.

YAML is composed into nodes by libyaml (never constructed into Python objects by PyYAML), then
walked here: only the standard tags are accepted, duplicate keys, aliases and merge keys are
refused, nesting, number length and file size are bounded, and every value keeps its line for
error messages. Records are checked against aseanct.schema, then across files by
aseanct.checks. Only regular files are read. Nothing here prints, and nothing here knows the
store (aseanct.store owns it).
"""

from __future__ import annotations

import os
import stat
from typing import TYPE_CHECKING, Any

from aseanct.datadir import MAX_DATA_FILE, is_data_file
from aseanct.errors import DataError, Problem
from aseanct.model import COLLECTIONS, RECORD_CLASSES, Record, RecordType, build

if TYPE_CHECKING:
    from aseanct.schema import LinkRef, Path

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_ALLOWED_TAGS = _SCALAR_TAGS | {f"{_TAG}map", f"{_TAG}seq"}

MAX_FILE_BYTES = MAX_DATA_FILE
"""A data file larger than this is refused: the curated data is a few hundred kilobytes."""
MAX_DEPTH = 32
"""Records nest a few levels deep; deeper nesting is refused before it can exhaust the stack."""
MAX_NUMBER_DIGITS = 40
"""A number written with more digits than this is refused (no count here needs more)."""

PlainRecord = dict[str, Any]


def data_files(data_dir: str) -> list[str]:
    """The data files of a directory, sorted: every *.yaml and *.yml; other files are ignored."""
    names = sorted(os.listdir(data_dir))
    return [os.path.join(data_dir, n) for n in names if is_data_file(n)]


def shown_path(path: str) -> str:
    """A path for a message: control characters, bidi overrides and undecodable bytes escaped."""
    from aseanct.lean.terms import sanitize

    return sanitize(path)


class _Document:
    """One YAML file turned into plain data, with the line of every value."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[Path, int] = {}
        self.raw: dict[Path, str] = {}
        self.problems: list[Problem] = []
        self._seen: set[int] = set()
        self._constructor: Any = None
        self.text = ""

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

    def convert(self, node: Any, path: Path, depth: int = 0) -> Any:
        """Plain data from a composed node, refusing what aseanct's data must not contain."""
        import yaml

        from aseanct.schema import INVALID

        line = node.start_mark.line + 1
        self.lines[path] = line
        if depth > MAX_DEPTH:
            self.problem(path, line, f"nested more than {MAX_DEPTH} levels deep")
            return INVALID
        if id(node) in self._seen:
            self.problem(path, self._alias_line(line), "YAML aliases (*name) are not supported")
            return INVALID
        self._seen.add(id(node))
        if node.tag not in _ALLOWED_TAGS:
            self.problem(path, line, f"YAML tag {_short_tag(node.tag)!r} is not allowed")
            return INVALID
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, depth)
        if isinstance(node, yaml.SequenceNode):
            return [
                self.convert(child, (*path, i), depth + 1) for i, child in enumerate(node.value)
            ]
        self.raw[path] = node.value
        return self._scalar(node, path, line)

    def _alias_line(self, anchor_line: int) -> int:
        """The line of the first alias after the anchor's line: a composed alias is the
        anchor's own node, so its position is found again among the parser's events."""
        import yaml

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            for event in yaml.parse(self.text, Loader=loader):
                mark = event.start_mark if isinstance(event, yaml.AliasEvent) else None
                if mark is not None and mark.line + 1 >= anchor_line:
                    return int(mark.line) + 1
        except yaml.YAMLError:
            pass
        return anchor_line

    def _mapping(self, node: Any, path: Path, depth: int) -> dict[str, Any]:
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
            out[key] = self.convert(value_node, child, depth + 1)
            # A value's own line is where it starts; a field is found by its key's line.
            self.lines[child] = line
        return out

    def _scalar(self, node: Any, path: Path, line: int) -> Any:
        from aseanct.schema import INVALID

        if node.tag in (f"{_TAG}str", f"{_TAG}timestamp"):
            # Dates stay text: the schema checks them, and JSON can carry them as written.
            return node.value
        if node.tag in (f"{_TAG}int", f"{_TAG}float") and len(node.value) > MAX_NUMBER_DIGITS:
            self.problem(path, line, f"a number of more than {MAX_NUMBER_DIGITS} digits")
            return INVALID
        if self._constructor is None:
            import yaml

            self._constructor = yaml.constructor.SafeConstructor()
        try:
            return self._constructor.construct_object(node)
        except (ValueError, ArithmeticError) as error:
            self.problem(path, line, f"cannot read the value {node.value[:40]!r}: {error}")
            return INVALID


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _read_regular_file(file: str) -> bytes:
    """The bytes of a regular file of bounded size; OSError (or ValueError with a reason)
    for anything else: a FIFO, a device, a socket, a file too large."""
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file (a FIFO, device or socket is never read)")
        if info.st_size > MAX_FILE_BYTES:
            raise ValueError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_FILE_BYTES:
        raise ValueError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    return data


def read_file(file: str, label: str) -> tuple[_Document, Any]:
    """Parse one data file into plain data; problems are kept on the document."""
    import gc

    import yaml

    document = _Document(label)
    try:
        raw = _read_regular_file(file)
    except OSError as error:
        document.problem((), 0, f"cannot read: {error.strerror or error}")
        return document, None
    except ValueError as error:
        document.problem((), 0, str(error))
        return document, None
    nul = raw.find(b"\x00")
    if nul >= 0:  # valid UTF-8 perhaps, but never text: UTF-16 without a BOM, or binary
        line = raw[:nul].count(b"\n") + 1
        head = raw[:64]
        looks = "it looks like UTF-16: save it as UTF-8" if head.count(0) * 4 >= len(head) else ""
        document.problem((), line, f"contains a NUL byte{'; ' + looks if looks else ''}")
        return document, None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        hint = "; it looks like UTF-16: save it as UTF-8" if b"\x00" in raw[:64] else ""
        document.problem((), line, f"not valid UTF-8 (byte {raw[error.start]:#04x}){hint}")
        return document, None
    document.text = text
    # The cyclic GC makes libyaml's composition grow worse than linearly; nothing here cycles.
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else 0
        message = f"malformed YAML: {_one_line(error.problem or error.context or 'cannot parse')}"
        if error.context and error.problem and error.context_mark is not None:
            message += f" ({_one_line(error.context)} at line {error.context_mark.line + 1})"
        document.problem((), line, message)
        return document, None
    except yaml.YAMLError as error:
        document.problem((), 0, f"malformed YAML: {_one_line(str(error))}")
        return document, None
    except RecursionError:
        document.problem((), 0, f"malformed YAML: nested more than {MAX_DEPTH} levels deep")
        return document, None
    finally:
        if gc_was_enabled:
            gc.enable()
    if node is None:
        return document, {}
    return document, document.convert(node, ())


def _one_line(text: str) -> str:
    return " ".join(text.split())


def read_data_dir(data_dir: str) -> list[PlainRecord]:
    """Every record of a data directory, validated and normalised; raises DataError."""
    from aseanct import checks
    from aseanct.schema import INVALID, Checker, check_record

    shown_dir = shown_path(data_dir)
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
    except ValueError:  # a NUL character: no file system has such a path
        message = "not a path: it holds a NUL character"
        raise DataError([Problem(shown_dir, 0, "", message)], data_dir=shown_dir) from None
    if not files:
        problem = Problem(shown_dir, 0, "", "no data files (*.yaml) in this directory")
        raise DataError([problem], data_dir=shown_dir)
    problems: list[Problem] = []
    records: list[PlainRecord] = []
    links: list[LinkRef] = []
    for file in files:
        label = shown_path(file)
        document, data = read_file(file, label)
        problems += document.problems
        if data is None or data is INVALID:
            continue
        if not isinstance(data, dict):
            problems.append(Problem(label, 1, "", "expected a mapping of collections (bodies:, …)"))
            continue
        checker = Checker(label, document.line_of, document.raw_of)
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
                    plain["origin"] = f"{os.path.basename(label)}:{document.line_of(path)}"
                    records.append(plain)
                    checks.locate(plain, label, path, document.line_of)
        problems += [Problem(*p) for p in checker.problems]
        links += checker.links
    problems += checks.across(records, links)
    if problems:
        raise DataError(problems, data_dir=shown_dir)
    checks.forget_locations(records)
    return records


# --- plain data -> models -------------------------------------------------------------------


def build_record(plain: PlainRecord) -> Record:
    """A model from one validated plain record."""
    record_type: RecordType = plain["type"]
    return build(RECORD_CLASSES[record_type], plain)  # type: ignore[no-any-return]


def names_of(plain: list[PlainRecord]) -> dict[str, tuple[str | None, str, str]]:
    """Who each record is, for the links made to it: (primary acronym, name, type)."""
    return {
        p["id"]: ((p.get("acronyms") or [None])[0], p["name"], p["type"]) for p in plain
    }
