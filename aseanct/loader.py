"""A data directory -> validated plain records; every problem as FILE:LINE."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from aseanct.datadir import is_data_file
from aseanct.errors import DataError, Problem
from aseanct.lean.terms import sanitize
from aseanct.model.records import COLLECTIONS
from aseanct.model.statements import RecordType
from aseanct.yamlread import INVALID, Document, read_file

PlainRecord = dict[str, Any]


def data_files(data_dir: str) -> list[str]:
    """The data files of a directory (*.yaml, *.yml), sorted."""
    names = sorted(os.listdir(data_dir))
    return [os.path.join(data_dir, n) for n in names if is_data_file(n)]


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


def _entries(data: Any, checker: Any) -> Iterator[tuple[tuple[str, int], RecordType, Any]]:
    """(path, record type, entry) of every record a file lists; other shapes are reported."""
    if data is INVALID or data is None:
        return
    if not isinstance(data, dict):
        checker.problem((), "expected a mapping of collections (bodies:, …)")
        return
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
                if entry is not INVALID:  # (else reported where it was read)
                    listed[index] = None  # the checked copy is what is kept
                    yield (collection, index), record_type, entry


def read_data_dir(data_dir: str) -> list[PlainRecord]:
    """Every record of a data directory, validated and normalised; raises DataError."""
    from aseanct import checks
    from aseanct.schema.records import check_record
    from aseanct.schema.values import Checker, path_text

    shown_dir = sanitize(data_dir)
    problems: list[Problem] = []
    records: checks.Located = []
    links: list[Any] = []
    paths: dict[str, str] = {}
    dropped: dict[str, str] = {}
    for file in _files(data_dir, shown_dir):
        label = sanitize(file)
        paths[label] = file
        document, data = read_file(file)
        problems += [
            Problem(label, line, path_text(path), message, where=path)
            for path, line, message in document.problems
        ]
        checker = Checker(label, document.raw.get)
        for path, record_type, entry in _entries(data, checker):
            where = f"{os.path.basename(label)}:{document.line_of(path)}"
            plain = check_record(checker, record_type, entry, path)
            if plain is not INVALID:
                plain["type"] = record_type
                plain["origin"] = where
                records.append((plain, (label, path)))
            elif isinstance(entry, dict) and isinstance(entry.get("id"), str):
                dropped.setdefault(entry["id"], where)
        problems += checker.problems
        links += checker.links
    problems += checks.across(records, links, dropped)
    if problems:
        _locate(problems, paths)
        raise DataError(problems, data_dir=shown_dir)
    return [plain for plain, _place in records]


def _locate(problems: list[Problem], paths: dict[str, str]) -> None:
    """Give each problem found by path its line, reading again only the files that have any."""
    documents: dict[str, Document] = {}
    for problem in problems:
        if problem.line or problem.file not in paths:
            continue
        if problem.file not in documents:
            documents[problem.file] = read_file(paths[problem.file], lines=True)[0]
        problem.line = documents[problem.file].line_of(problem.where)
