"""YAML -> plain data, safely and in one pass over libyaml's events (never PyYAML's objects)."""

from __future__ import annotations

import os
import stat
import sys
from typing import Any

import yaml
from yaml import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    ScalarNode,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from aseanct.datadir import MAX_DATA_FILE

Path = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_ALLOWED_TAGS = _SCALAR_TAGS | {f"{_TAG}map", f"{_TAG}seq", "!"}
MAX_DEPTH = 32
"""Deeper nesting is refused before it can exhaust memory."""
MAX_NUMBER_DIGITS = 40
"""A number written with more digits than this is refused."""


class Invalid:
    """Marks a value that was refused (its problem has been reported)."""

    def __repr__(self) -> str:
        return "INVALID"


INVALID: Any = Invalid()


class Document:
    """One YAML file read into plain data, with what its problems need to be located."""

    def __init__(self, lines: bool = False) -> None:
        self.track = lines
        self.lines: dict[Path, int] = {}
        """path -> line: every value's with `lines`, else only each record's."""
        self.raw: dict[Path, str] = {}
        """path -> the text a non-string scalar was written as (`yes`, `1997`)."""
        self.problems: list[tuple[Path, int, str]] = []

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 0)

    def problem(self, path: Path, line: int, message: str) -> Any:
        self.problems.append((path, line, message))
        return INVALID

    def read(self, text: str) -> Any:
        """The plain data of a YAML text (None for an empty one)."""
        try:
            parser = yaml._yaml.CParser(text)
            get = parser.get_event
        except AttributeError:  # no libyaml: the pure-Python parser, event by event
            get = iter(yaml.parse(text, Loader=yaml.SafeLoader)).__next__
        try:
            while True:
                event = get()
                if type(event) is DocumentStartEvent:
                    return self._value(get, get(), (), 0)
                if type(event) is StreamEndEvent:
                    return None
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            message = (
                f"malformed YAML: {_one_line(error.problem or error.context or 'cannot parse')}"
            )
            if error.context and error.problem and error.context_mark is not None:
                message += f" ({_one_line(error.context)} at line {error.context_mark.line + 1})"
            return self.problem((), mark.line + 1 if mark else 0, message)
        except yaml.YAMLError as error:
            return self.problem((), 0, f"malformed YAML: {_one_line(str(error))}")

    def _value(self, get: Any, event: Any, path: Path, depth: int) -> Any:
        kind = type(event)
        if self.track or len(path) == 2:
            self.lines[path] = event.start_mark.line + 1
        if kind is ScalarEvent:
            return self._scalar(event, path)
        line = event.start_mark.line + 1
        if kind is AliasEvent:
            return self.problem(path, line, "YAML aliases (*name) are not supported")
        if depth >= MAX_DEPTH:
            _skip(get, event)
            return self.problem(path, line, f"nested more than {MAX_DEPTH} levels deep")
        if event.tag is not None and event.tag not in _ALLOWED_TAGS:
            _skip(get, event)
            return self.problem(path, line, f"YAML tag {_short(event.tag)!r} is not allowed")
        if kind is SequenceStartEvent:
            items: list[Any] = []
            inner = get()
            while type(inner) is not SequenceEndEvent:
                items.append(self._value(get, inner, (*path, len(items)), depth + 1))
                inner = get()
            return items
        return self._mapping(get, path, depth)

    def _mapping(self, get: Any, path: Path, depth: int) -> Any:
        out: dict[str, Any] = {}
        first: dict[str, int] = {}
        key = get()
        while type(key) is not MappingEndEvent:
            value = get()
            name = key.value if type(key) is ScalarEvent else None
            line = key.start_mark.line + 1
            if name is None or key.tag not in (None, "!", f"{_TAG}str"):
                _skip(get, value)
                self.problem(path, line, "keys must be plain names")
            elif name == "<<" and key.style is None:
                _skip(get, value)
                self.problem(path, line, "YAML merge keys (<<) are not supported")
            elif name in first:
                _skip(get, value)
                self.problem(
                    (*path, name), line, f"duplicate key {name!r} (first at line {first[name]})"
                )
            else:
                name = sys.intern(name)  # one copy of each key, not one per record
                first[name] = line
                field = (*path, name)
                out[name] = self._value(get, value, field, depth + 1)
                if self.track:  # a field's line is its key's
                    self.lines[field] = line
            key = get()
        return out

    def _scalar(self, event: Any, path: Path) -> Any:
        value = event.value
        tag = event.tag
        if tag is None and event.implicit[0]:
            if value[:1].isalpha() and value.lower() not in _WORDS:
                return value  # a plain word: text (the resolver would say so, slower)
            tag = _RESOLVER.resolve(ScalarNode, value, event.implicit)
        elif tag in (None, "!"):
            return value
        if tag in (f"{_TAG}str", f"{_TAG}timestamp"):
            return value  # dates stay text: the schema checks them
        line = event.start_mark.line + 1
        if tag not in _SCALAR_TAGS:
            return self.problem(path, line, f"YAML tag {_short(tag)!r} is not allowed")
        self.raw[path] = value
        if tag in (f"{_TAG}int", f"{_TAG}float") and len(value) > MAX_NUMBER_DIGITS:
            return self.problem(path, line, f"a number of more than {MAX_NUMBER_DIGITS} digits")
        try:
            return yaml.constructor.SafeConstructor().construct_object(
                ScalarNode(tag, value, event.start_mark, event.end_mark)
            )
        except (ValueError, ArithmeticError) as error:
            return self.problem(path, line, f"cannot read the value {value[:40]!r}: {error}")


_WORDS = frozenset(["y", "n", "yes", "no", "true", "false", "on", "off", "null", "nan", "inf"])
"""Plain words YAML 1.1 reads as something other than text."""
_RESOLVER: Any = yaml.resolver.Resolver()


def _skip(get: Any, event: Any) -> None:
    depth = int(type(event) in (SequenceStartEvent, MappingStartEvent))
    while depth:
        kind = type(get())
        if kind in (SequenceStartEvent, MappingStartEvent):
            depth += 1
        elif kind in (SequenceEndEvent, MappingEndEvent):
            depth -= 1


def _short(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _read_bytes(file: str) -> bytes:
    """The bytes of a regular file of bounded size; OSError, or ValueError saying why not."""
    fd = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ValueError("a directory, not a file")
        if not stat.S_ISREG(info.st_mode):
            raise ValueError("not a regular file (a FIFO, device or socket is never read)")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(MAX_DATA_FILE + 1)
    finally:
        os.close(fd)
    if len(data) > MAX_DATA_FILE:
        raise ValueError(f"larger than {MAX_DATA_FILE // (1024 * 1024)} MiB")
    return data


def read_file(file: str, *, lines: bool = False) -> tuple[Document, Any]:
    """One data file read into plain data; what went wrong is on the document."""
    import gc

    document = Document(lines)
    if os.path.islink(file) and not os.path.exists(file):
        return document, document.problem((), 0, "a symbolic link to nothing (its target is gone)")
    try:
        raw = _read_bytes(file)
    except OSError as error:
        return document, document.problem((), 0, f"cannot read: {error.strerror or error}")
    except ValueError as error:
        return document, document.problem((), 0, str(error))
    text = decoded(raw, document)
    if text is INVALID:
        return document, INVALID
    gc_was_enabled = gc.isenabled()
    gc.disable()  # nothing here makes cycles; the collector only slows the reading down
    try:
        return document, document.read(text)
    finally:
        if gc_was_enabled:
            gc.enable()


def decoded(raw: bytes, document: Document) -> Any:
    """The UTF-8 text of a data file, or INVALID after saying what else it is."""
    nul = raw.find(b"\x00")
    head = raw[:64]
    zeros = head.count(0) / max(len(head), 1)
    if raw.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")) or zeros >= 0.7:
        return document.problem((), 1, "it looks like UTF-32: save it as UTF-8")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or zeros >= 0.25:
        line = raw[: max(nul, 0)].count(b"\n") + 1
        message = "contains a NUL byte; it looks like UTF-16: save it as UTF-8"
        return document.problem((), line, message)
    if nul >= 0:  # valid UTF-8 perhaps, but never text
        return document.problem((), raw[:nul].count(b"\n") + 1, "contains a NUL byte")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return document.problem((), line, f"not valid UTF-8 (byte {raw[error.start]:#04x})")
