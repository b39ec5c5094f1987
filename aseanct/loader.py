"""A data directory -> validated plain records; every problem as FILE:LINE.

Problems are found by path; their lines are looked up afterwards, reading again only the
files that have any."""

from __future__ import annotations

import os
from typing import Any

from aseanct.datadir import is_data_file
from aseanct.errors import DataError, Problem
from aseanct.model import COLLECTIONS, RECORD_CLASSES, Record, RecordType, build
from aseanct.yamlread import INVALID, Document, read_file

PlainRecord = dict[str, Any]


def data_files(data_dir: str) -> list[str]:
    """The data files of a directory, sorted: every *.yaml and *.yml; other files are ignored."""
    names = sorted(os.listdir(data_dir))
    return [os.path.join(data_dir, n) for n in names if is_data_file(n)]


def shown_path(path: str) -> str:
    """A path for a message: control characters, bidi overrides and undecodable bytes escaped."""
    from aseanct.lean.terms import sanitize

    return sanitize(path)


def _files(data_dir: str, shown_dir: str) -> list[str]:
    """The data files, or a DataError saying why there are none."""
    try:
        files = data_files(data_dir)
    except FileNotFoundError:
        reason = "no such directory"
    except NotADirectoryError:
        reason = "not a directory"
    except OSError as error:
        reason = f"cannot read the directory: {error.strerror or error}"
    except ValueError:  # a NUL character: no file system has such a path
        reason = "not a path: it holds a NUL character"
    else:
        if files:
            return files
        reason = "no data files (*.yaml) in this directory"
    raise DataError([Problem(shown_dir, 0, "", reason)], data_dir=shown_dir) from None


def _records(
    label: str,
    document: Document,
    data: Any,
    problems: list[Problem],
    dropped: dict[str, str],
) -> tuple[list[PlainRecord], list[Any]]:
    """The checked records of one file, and the links they make (problems appended); the id
    of each record left out for a problem of its own goes in `dropped`, with where it is."""
    from aseanct import checks
    from aseanct.schema.records import check_record
    from aseanct.schema.values import Checker

    if data is INVALID or data is None:
        return [], []
    checker = Checker(label, document.raw_of)
    if not isinstance(data, dict):
        checker.problem((), "expected a mapping of collections (bodies:, …)")
        problems += checker.problems
        return [], []
    records = []
    for collection, entries in data.items():
        record_type = COLLECTIONS.get(collection)
        if record_type is None:
            known = ", ".join(COLLECTIONS)
            checker.problem((collection,), f"unknown collection {collection!r} (known: {known})")
        elif entries is not None and entries is not INVALID and not isinstance(entries, list):
            checker.problem((collection,), "expected a list of records")
        else:
            listed: list[Any] = entries or []
            for index, entry in enumerate(listed):
                if entry is INVALID:  # reported where it was read
                    continue
                path = (collection, index)
                listed[index] = None  # the checked copy is what is kept
                where = f"{os.path.basename(label)}:{document.line_of(path)}"
                plain = check_record(checker, record_type, entry, path)
                if plain is not INVALID:
                    plain["type"] = record_type
                    plain["origin"] = where
                    records.append(plain)
                    checks.locate(plain, label, path)
                elif isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    dropped.setdefault(entry["id"], where)
    problems += checker.problems
    return records, checker.links


def read_data_dir(data_dir: str) -> list[PlainRecord]:
    """Every record of a data directory, validated and normalised; raises DataError."""
    from aseanct import checks
    from aseanct.schema.values import path_text

    shown_dir = shown_path(data_dir)
    problems: list[Problem] = []
    records: list[PlainRecord] = []
    links: list[Any] = []
    paths: dict[str, str] = {}
    dropped: dict[str, str] = {}
    for file in _files(data_dir, shown_dir):
        label = shown_path(file)
        paths[label] = file
        document, data = read_file(file)
        problems += [
            Problem(label, line, path_text(path), message, where=path)
            for path, line, message in document.problems
        ]
        found, made = _records(label, document, data, problems, dropped)
        records += found
        links += made
    problems += checks.across(records, links, dropped=dropped)
    if problems:
        _locate(problems, paths)
        raise DataError(problems, data_dir=shown_dir)
    checks.forget_locations(records)
    return records


def _locate(problems: list[Problem], paths: dict[str, str]) -> None:
    """Give each problem found by path the line of that path, reading again (with every
    line kept) only the files that have such problems."""
    documents: dict[str, Document] = {}
    for problem in problems:
        if problem.line or problem.file not in paths:
            continue
        if problem.file not in documents:
            documents[problem.file] = read_file(paths[problem.file], lines=True)[0]
        problem.line = documents[problem.file].line_of(problem.where)


def build_record(plain: PlainRecord) -> Record:
    """A model from one validated plain record."""
    record_type: RecordType = plain["type"]
    return build(RECORD_CLASSES[record_type], plain)  # type: ignore[no-any-return]


def names_of(plain: list[PlainRecord]) -> dict[str, tuple[str | None, str, str]]:
    """Who each record is, for the links made to it: (primary acronym, name, type)."""
    return {p["id"]: ((p.get("acronyms") or [None])[0], p["name"], p["type"]) for p in plain}
