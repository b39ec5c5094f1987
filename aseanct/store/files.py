"""Where the store lives, how it is named, and which files aseanct may remove (stdlib only)."""

import os
import stat
import sys

from aseanct.datadir import data_stats
from aseanct.version import SCHEMA_VERSION, __version__

CACHE_DIR_VARIABLE = "ASEANCT_CACHE_DIR"
NO_CACHE_VARIABLE = "ASEANCT_NO_CACHE"
"""Any value but empty or 0 turns the store off, as --no-cache does."""

STORE_FORMAT = 1
"""Bump when the tables change: every store of an older format is rebuilt."""
APPLICATION_ID = 0x41534354  # "ASCT": in every store's SQLite header, at byte 68
STALE_BUILD_NS = 3600 * 1_000_000_000
"""A build older than this is a leftover, whatever its process."""

OURS = r"(store-[0-9a-f]{12}-[0-9a-f]{8}-[0-9a-f]{16}|\.building-(\d+)-[0-9a-f]{8})\.sqlite\Z"
"""The names of aseanct's own files (a string: only pruning imports `re`)."""


def cache_root(warnings: "list[str]") -> "str | None":
    """aseanct's own cache directory, or None; relative paths are ignored, as XDG asks."""
    explicit = os.environ.get(CACHE_DIR_VARIABLE)
    if explicit and os.path.isabs(explicit):
        return os.path.join(explicit, "aseanct")
    if explicit:
        warnings.append(
            f"warning: ignoring {CACHE_DIR_VARIABLE}: not an absolute path; "
            "using the default cache directory"
        )
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        home = os.environ.get("HOME") or os.path.expanduser("~")
        if not home or home == "~" or not os.path.isabs(home) or not os.path.isdir(home):
            return None  # a home that does not exist is not aseanct's to create
        base = os.path.join(home, ".cache")
    return os.path.join(base, "aseanct")


def digest(text: str) -> str:
    """64 bits of `text` (its CRC-32 and Adler-32): stable across runs, cheaper than hashlib."""
    import zlib

    data = text.encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


_CODE = (
    "store/write.py",
    "store/__init__.py",
    "yamlread.py",
    "loader.py",
    "schema/values.py",
    "schema/records.py",
    "checks.py",
    "model/__init__.py",
    "model/statements.py",
    "model/programmes.py",
    "model/records.py",
    "model/shapes.py",
    "model/derive.py",
    "treaties.py",
    "lean/terms.py",
    "lean/resolver.py",
)
_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _code_stamp() -> str:
    """The modules that decide what a store holds: an edit to one in a checkout (where the
    version does not move) names a new store."""
    try:
        return ",".join(str(os.stat(os.path.join(_PACKAGE, n)).st_mtime_ns) for n in _CODE)
    except OSError:
        return "-"


def locate(directory: str, warnings: "list[str]") -> "str | None":
    """The store's path, named after the data files' stats; None when either cannot be had."""
    root = cache_root(warnings)
    if root is None:
        return None
    try:
        stats = data_stats(directory)
    except (OSError, ValueError):  # ValueError: a path with a NUL character
        return None
    program = (
        f"{__version__}|{SCHEMA_VERSION}|{STORE_FORMAT}|{sys.version_info[:2]}|{_code_stamp()}"
    )
    parts = (digest(os.path.abspath(directory))[:12], digest(program)[:8], digest(repr(stats)))
    return os.path.join(root, f"store-{'-'.join(parts)}.sqlite")


def unsafe(path: str) -> str:
    """Why `path` cannot be the store's directory ("" if it can)."""
    try:
        info = os.stat(path)
    except OSError:
        return "missing"
    if not stat.S_ISDIR(info.st_mode):
        return "not a directory"
    getuid = getattr(os, "getuid", None)
    if getuid is not None and info.st_uid != getuid():
        return "owned by another user"
    if info.st_mode & 0o022:
        return "writable by others"
    return ""


def ours(path: str) -> bool:
    """Is `path` a regular file of this user that starts with a store's header (ours to remove)?"""
    try:
        info = os.lstat(path)
        if not stat.S_ISREG(info.st_mode):
            return False
        getuid = getattr(os, "getuid", None)
        if getuid is not None and info.st_uid != getuid():
            return False
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
        try:
            head = os.read(fd, 72)
        finally:
            os.close(fd)
    except OSError:
        return False
    if info.st_size == 0:  # a build that had not yet written its first page
        return True
    return (
        head[:16] == b"SQLite format 3\x00" and int.from_bytes(head[68:72], "big") == APPLICATION_ID
    )


def prune(root: str, current: str) -> None:
    """Remove aseanct's own files of no more use: other stores of the same data directory,
    and builds left by processes that are gone."""
    import re
    import time

    same_data = current.split("-")[1]
    now = time.time_ns()
    try:
        names = os.listdir(root)
    except OSError:
        return
    for name in names:
        match = re.match(OURS, name)
        path = os.path.join(root, name)
        if match is None or name == current or not ours(path):
            continue
        pid = match.group(2)  # a build's; a store's name has none
        stale = _abandoned(int(pid), path, now) if pid else name.split("-")[1] == same_data
        if stale:
            _remove(path)


def _abandoned(pid: int, path: str, now: int) -> bool:
    """Is the build at `path` old, or by a process that is gone?"""
    try:
        if now - os.lstat(path).st_mtime_ns > STALE_BUILD_NS:
            return True
        if pid != os.getpid():
            os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        pass
    return False


def _remove(path: str) -> None:
    for suffix in ("", "-journal", "-wal", "-shm"):
        try:  # noqa: SIM105 (contextlib is not otherwise on the start-up path)
            os.unlink(path + suffix)
        except OSError:  # noqa: PERF203
            pass
