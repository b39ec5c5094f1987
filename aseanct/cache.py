"""The compiled cache: validated data and its lookup index, per data directory (stdlib only).

YAML stays the source of truth. The cache is a directory named after the data directory, the
package, schema and Python versions, and a fingerprint of every data file (name, size, mtime,
inode): any change to a data file names a new directory, so a stale copy is never read. Each
directory is written under a temporary name and renamed into place, so concurrent first runs
never see a half-written cache. When no cache can be written, aseanct works from memory.

Layout of one cache directory:
    records       marshal: the validated plain records (for the full Registry)
    keys          marshal: [(normalised key, form shown)] for suggestions and completion
    acronyms      marshal: {acronym exactly as written: entries}, for glossary and annotate
    i<c>          marshal: {normalised key: entries} for keys starting with <c> (one shard each)
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib

from aseanct import __version__, paths

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SCHEMA_VERSION = 1
"""Bump when the plain record layout or the index entries change."""

_SUFFIXES = (".yaml", ".yml")
RACY_NS = 2_000_000_000


def fingerprint(data_dir: str) -> str:
    """Names, sizes, mtimes and inodes of the data files; raises OSError if unreadable.

    A file changed in the last RACY_NS may be changed again within the same clock tick without
    its mtime or size moving, so its content checksum is added too (git's "racy clean" rule).
    """
    import time

    now = time.time_ns()
    parts = []
    with os.scandir(data_dir) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if entry.name.endswith(_SUFFIXES) and not entry.name.startswith("."):
                st = entry.stat()
                part = f"{entry.name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}"
                if now - st.st_mtime_ns < RACY_NS:
                    with open(entry.path, "rb") as handle:
                        part += f"\0{zlib.crc32(handle.read()):08x}"
                parts.append(part)
    return "\n".join(parts)


def _crc(text: str) -> str:
    data = text.encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def _prefix(data_dir: str) -> str:
    version = f"{__version__}|{SCHEMA_VERSION}|{sys.version_info[:2]}|{marshal.version}"
    return _crc(f"{version}|{os.path.abspath(data_dir)}")


def location(data_dir: str) -> str | None:
    """The cache directory for the current state of `data_dir`, or None if none can be named."""
    root = paths.cache_root()
    if root is None:
        return None
    try:
        stamp = fingerprint(data_dir)
    except OSError:
        return None
    return os.path.join(root, f"{_prefix(data_dir)}-{_crc(stamp)}")


SHARDS = "0123456789abcdefghijklmnopqrstuvwxyz_"
"""Every shard is written, even empty, so a missing shard file means a damaged cache."""

_PARTS: dict[str, type[list[Any]] | type[dict[Any, Any]]] = {
    "records": list,
    "keys": list,
    "acronyms": dict,
}


class CacheDamaged(Exception):
    """A cache directory exists but a part is missing or unreadable (removed, truncated...)."""


def shard_of(key: str) -> str:
    """The shard file a key's entries live in."""
    first = key[:1]
    return first if first in SHARDS else "_"


def read(directory: str, name: str) -> Any:
    """One part of a cache directory; raises CacheDamaged if it is missing or unreadable."""
    try:
        with open(os.path.join(directory, name), "rb") as handle:
            # Whole-file read then loads: several times faster than marshal.load(handle).
            value = marshal.loads(handle.read())
    except (OSError, ValueError, EOFError, TypeError) as error:
        raise CacheDamaged(name) from error
    if not isinstance(value, _PARTS.get(name, dict)):  # shards (i<c>) are dicts
        raise CacheDamaged(name)
    return value


def discard(directory: str) -> None:
    """Remove a damaged cache directory so the next run writes a good one (best effort)."""
    _remove(directory)


def read_records(data_dir: str) -> list[dict[str, Any]] | None:
    """The cached plain records of `data_dir`, or None when there is no usable cache."""
    directory = location(data_dir)
    if directory is None or not os.path.isdir(directory):
        return None
    try:
        records: list[dict[str, Any]] = read(directory, "records")
    except CacheDamaged:
        discard(directory)
        return None
    return records


def write(
    data_dir: str,
    records: list[dict[str, Any]],
    index: dict[str, Any],
    acronyms: dict[str, Any],
) -> str | None:
    """Write the cache of `data_dir` atomically; returns its directory, or None if it cannot."""
    directory = location(data_dir)
    if directory is None:
        return None
    root = os.path.dirname(directory)
    shards: dict[str, dict[str, Any]] = {}
    for key, entries in index.items():
        shards.setdefault(shard_of(key), {})[key] = entries
    keys = [(key, entries[0][8]) for key, entries in index.items()]
    temporary = ""
    try:
        os.makedirs(root, exist_ok=True)
        temporary = os.path.join(root, f".tmp-{os.getpid()}-{os.urandom(4).hex()}")
        os.mkdir(temporary)
        for name, value in (("records", records), ("keys", keys), ("acronyms", acronyms)):
            _write_file(os.path.join(temporary, name), value)
        for shard in SHARDS:
            _write_file(os.path.join(temporary, f"i{shard}"), shards.get(shard, {}))
        try:
            os.rename(temporary, directory)
        except OSError:
            # Another process renamed its identical copy into place first: keep theirs.
            _remove(temporary)
            return directory if os.path.isdir(directory) else None
        _prune(root, os.path.basename(directory))
        return directory
    except (OSError, ValueError):
        if temporary:
            _remove(temporary)
        return None


def _write_file(path: str, value: Any) -> None:
    with open(path, "wb") as handle:
        handle.write(marshal.dumps(value))


def _remove(directory: str) -> None:
    import shutil

    shutil.rmtree(directory, ignore_errors=True)


def _prune(root: str, current: str) -> None:
    """Remove older caches of the same data directory (best effort)."""
    prefix = current.split("-")[0] + "-"
    try:
        names = os.listdir(root)
    except OSError:
        return
    for name in names:
        if name.startswith(prefix) and name != current:
            _remove(os.path.join(root, name))
