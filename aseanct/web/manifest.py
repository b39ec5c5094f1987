"""What a site build may replace and remove: the files an earlier build wrote, as its manifest
(MANIFEST: path and SHA-256 of each) records them, that still hold what was written. Every
other file stays and is reported; hidden files and `.git` are never touched, even with --force.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
from dataclasses import dataclass, field

from aseanct.errors import UsageError

MANIFEST = ".aseanct-site.json"
LEFTOVER = re.compile(r"\.aseanct-\d+-(new|old)\Z")
"""The working folders a build keeps inside DIR; one left by a killed build is not content."""
_DIGEST = re.compile(r"[0-9a-f]{64}\Z")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read(directory: str) -> dict[str, str] | None:
    """The manifest of an earlier build in `directory` (path -> digest), or None when there
    is none or it is not one aseanct wrote (not JSON, not the right shape, a path that
    climbs out of the directory)."""
    try:
        with open(os.path.join(directory, MANIFEST), encoding="utf-8") as handle:
            found = json.load(handle)
    except (OSError, ValueError):
        return None
    files = found.get("files") if isinstance(found, dict) else None
    if not isinstance(files, dict):
        return None
    for path, value in files.items():
        parts = path.split("/")
        if (
            not isinstance(value, str)
            or not _DIGEST.match(value)
            or ".." in parts
            or not all(parts)
        ):
            return None
    return files


def text(files: dict[str, str], version: str) -> str:
    """The manifest of a build, in a fixed order."""
    return json.dumps({"aseanct": version, "files": dict(sorted(files.items()))}, indent=1) + "\n"


def own(directory: str, earlier: dict[str, str]) -> set[str]:
    """The files of the earlier manifest that still hold what the build wrote."""
    found = set()
    for path, value in earlier.items():
        with contextlib.suppress(OSError), open(os.path.join(directory, path), "rb") as handle:
            if digest(handle.read()) == value:
                found.add(path)
    return found


@dataclass
class Plan:
    """What a rebuild does in DIR: the files it may replace or remove, and the others."""

    ours: set[str] = field(default_factory=set)
    others: list[str] = field(default_factory=list)
    """The files aseanct did not write (or that changed since), relative, sorted."""


def plan(directory: str, force: bool) -> Plan:
    """Check that a site may be written into `directory`; refuse a folder with files but no
    manifest unless `force`."""
    if os.path.exists(directory) and not os.path.isdir(directory):
        raise UsageError(f"{directory!r} is a file; give a directory for the site")
    if not os.path.isdir(directory):
        return Plan()
    earlier = read(directory)
    found = Plan(own(directory, earlier) if earlier is not None else set())
    for root, folders, names in os.walk(directory):
        folders[:] = sorted(f for f in folders if not LEFTOVER.match(f) and f != ".git")
        links = [f for f in folders if os.path.islink(os.path.join(root, f))]
        for name in sorted([*names, *links]):  # a link to a folder is someone's, whole
            path = os.path.relpath(os.path.join(root, name), directory).replace(os.sep, "/")
            if path != MANIFEST and path not in found.ours:
                found.others.append(path)
    if earlier is None and found.others and not force:
        raise UsageError(
            f"{directory!r} is not empty and holds no site aseanct wrote",
            hint="give a new or empty directory, or add --force to write the site among its "
            "files (nothing of theirs is removed)",
        )
    return found


def stale(found: Plan, paths: list[str]) -> list[str]:
    """The files of the earlier build that this one no longer writes (a removed record's)."""
    kept = set(paths)
    hidden = re.compile(r"(\A|/)\.")
    return sorted(path for path in found.ours if path not in kept and not hidden.search(path))
