"""Where the data and the cache live, and the compiled cache itself (stdlib only).

The data directory in use is `--data-dir`, else $ASEANCT_DATA_DIR, else the packaged copy.

YAML stays the source of truth. The cache is a directory named after the data directory, the
package, schema, cache-format and Python versions, the modules that compile it, and a fingerprint of
every data file (name, size, mtime, inode): any change to a data file names a new directory, so
a stale copy is never read. Each
directory is written under a temporary name and renamed into place, so concurrent first runs
never see a half-written cache. When no cache can be written, aseanct works from memory.

Layout of one cache directory:
    records       marshal: the validated plain records (for the full Registry)
    keys          marshal: [(normalised key, form shown)] for suggestions and completion
    acronyms      marshal: {acronym exactly as written: entries}, for glossary and annotate
    i00 .. i63    marshal: {normalised key: entries}, the keys whose hash falls in that shard
"""

# No `from __future__ import annotations`: the lean path imports this module, and every
# module it imports costs every call. Annotations naming type-checking-only types are quoted.

import marshal
import os
import sys

from aseanct import SCHEMA_VERSION, __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

DATA_DIR_VARIABLE = "ASEANCT_DATA_DIR"
CACHE_DIR_VARIABLE = "ASEANCT_CACHE_DIR"
NO_CACHE_VARIABLE = "ASEANCT_NO_CACHE"

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def packaged_data_dir() -> str:
    """The curated data shipped with aseanct.

    A wheel carries it inside the package (aseanct/data); an editable install or a checkout
    uses the repository's top-level data/ directly.
    """
    inside = os.path.join(_PACKAGE_DIR, "data")
    if os.path.isdir(inside):
        return inside
    return os.path.join(os.path.dirname(_PACKAGE_DIR), "data")


def data_dir(option: str | None = None) -> str:
    """The data directory in use: `--data-dir`, else $ASEANCT_DATA_DIR, else the packaged copy."""
    if option:
        return option
    return os.environ.get(DATA_DIR_VARIABLE) or packaged_data_dir()


def cache_root() -> str | None:
    """The user cache directory for aseanct, or None when none can be named."""
    explicit = os.environ.get(CACHE_DIR_VARIABLE)
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        home = os.environ.get("HOME") or os.path.expanduser("~")
        if not home or home == "~" or not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "aseanct")


def cache_disabled(option: bool = False) -> bool:
    """True when `--no-cache` or $ASEANCT_NO_CACHE (any value but empty or 0) says so."""
    return option or os.environ.get(NO_CACHE_VARIABLE, "") not in ("", "0")


CACHE_FORMAT = 2
"""Bump when the layout of the cache (parts, shards, index entries) changes."""

DATA_SUFFIXES = (".yaml", ".yml")
RACY_NS = 2_000_000_000


def is_data_file(name: str) -> bool:
    """True for the names of data files: every *.yaml and *.yml but hidden ones."""
    return name.endswith(DATA_SUFFIXES) and not name.startswith(".")


def fingerprint(data_dir: str, *, checksums: bool = False) -> str:
    """Names, sizes, mtimes and inodes of the data files; raises OSError if unreadable.

    A file changed in the last RACY_NS may be changed again within the same clock tick without
    its mtime or size moving, so its content checksum is added too (git's "racy clean" rule).
    With `checksums`, every file's is: a snapshot that any edit changes, whatever the clock.
    """
    import time

    now = time.time_ns()
    parts = []
    with os.scandir(data_dir) as entries:
        for entry in sorted(entries, key=lambda e: e.name):
            if is_data_file(entry.name):
                st = entry.stat()
                part = f"{entry.name}\0{st.st_size}\0{st.st_mtime_ns}\0{st.st_ino}"
                if checksums or now - st.st_mtime_ns < RACY_NS:
                    import zlib

                    with open(entry.path, "rb") as handle:
                        part += f"\0{zlib.crc32(handle.read()):08x}"
                parts.append(part)
    return "\n".join(parts)


def _digest(text: str) -> str:
    """64-bit FNV-1a of `text`: stable across runs, and cheaper than loading zlib each call."""
    value = 0xCBF29CE484222325
    for byte in text.encode("utf-8", "surrogateescape"):
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{value:016x}"


_CODE = ("cache.py", "index.py", "loader.py", "models.py", "queries.py", "schema.py")
"""The modules that decide what the cache holds: an edit to one (in a checkout or an editable
install, where the version does not move) names a new cache, like an edit to a data file."""


def _code_stamp() -> str:
    try:
        return ",".join(str(os.stat(os.path.join(_PACKAGE_DIR, n)).st_mtime_ns) for n in _CODE)
    except OSError:  # a module missing from an unusual install: the version still counts
        return "-"


def _prefix(data_dir: str) -> str:
    version = (
        f"{__version__}|{SCHEMA_VERSION}|{CACHE_FORMAT}|{sys.version_info[:2]}|{marshal.version}"
    )
    return _digest(f"{version}|{os.path.abspath(data_dir)}|{_code_stamp()}")


def location(data_dir: str) -> str | None:
    """The cache directory for the current state of `data_dir`, or None if none can be named."""
    root = cache_root()
    if root is None:
        return None
    try:
        stamp = fingerprint(data_dir)
    except OSError:
        return None
    return os.path.join(root, f"{_prefix(data_dir)}-{_digest(stamp)}")


SHARD_COUNT = 64
SHARDS = [f"{n:02d}" for n in range(SHARD_COUNT)]
"""Every shard is written, even empty, so a missing shard file means a damaged cache."""

_PARTS: "dict[str, type[list[Any]] | type[dict[Any, Any]]]" = {
    "records": list,
    "keys": list,
    "acronyms": dict,
}


class CacheDamaged(Exception):
    """A cache directory exists but a part is missing or unreadable (removed, truncated...)."""


def shard_of(key: str) -> str:
    """The shard a key's entries live in: FNV-1a of the key, modulo SHARD_COUNT.

    A hash, not the first letter: ids often share a prefix (10,000 `syn-…` ids would all
    land in one shard), and the shard a lookup reads must stay small as the data grows.
    """
    value = 0x811C9DC5
    for byte in key.encode("utf-8", "surrogateescape"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return SHARDS[value % SHARD_COUNT]


def read(directory: str, name: str) -> "Any":
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


def read_records(directory: str) -> "list[dict[str, Any]] | None":
    """The plain records of the cache at `directory` (a location()), or None if unusable."""
    if not os.path.isdir(directory):
        return None
    try:
        records: list[dict[str, Any]] = read(directory, "records")
    except CacheDamaged:
        discard(directory)
        return None
    return records


def write(
    directory: str,
    records: "list[dict[str, Any]]",
    index: "dict[str, Any]",
    keys: "list[tuple[str, str]]",
    acronyms: "dict[str, Any]",
) -> str | None:
    """Write a cache directory (a location()) atomically; returns it, or None if it cannot."""
    root = os.path.dirname(directory)
    shards: dict[str, dict[str, Any]] = {}
    for key, entries in index.items():
        shards.setdefault(shard_of(key), {})[key] = entries
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


def _write_file(path: str, value: "Any") -> None:
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
