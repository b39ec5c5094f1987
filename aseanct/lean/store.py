"""The data directory in use and its compiled cache: the one owner of freshness, compile and write.

The data directory is `--data-dir`, else $ASEANCT_DATA_DIR, else the packaged copy. YAML stays
the source of truth; the first run after an install or an edit parses it (aseanct.loader),
compiles what lookups need (aseanct.compiled) and writes a cache directory under the user cache
directory. Later runs read one small part of it. A Store is made once per command and asked once
whether caching is on; it hands out a lazy Registry and a lazy term index.

A cache directory is named after the data directory, the package, schema, cache-format and Python
versions, the modules that compile it, and every data file's name, size, mtime, ctime and inode:
any edit names a new directory. A cache proves itself before it is used: its root must belong to
the user and be writable by no one else (as ssh asks of its keys), no symlink is followed inside
it, every part carries its length and checksum, and every value read is checked for shape before
use. Anything wrong is discarded and rebuilt from YAML. A data file changed within RACY_NS of the
cache's writing is compared by checksum too (git's "racy clean" rule). Parts are written under a
temporary name and renamed into place, so concurrent first runs are safe; leftovers of killed
writes and caches of other versions of the same data directory are removed on the next write.

Layout of one cache directory (every file: b"ACT1", 4-byte length, 4-byte CRC-32, marshal data):
    stamp         {"data_dir", "files": [(name, size, mtime, ctime, inode, crc32)]}
    records       the validated plain records (for the full Registry)
    keys          [(normalised key, form shown)] for suggestions and completion
    acronyms      {"entries": {acronym exactly as written: entries}, "long_forms": {acronym:
                  [names and aliases]}, "collisions": {acronym: [meanings outside this field]}},
                  for glossary and annotate
    words         [[search words of a record]], to tell whether `aseanct search` finds a term
    i00 .. i63    {normalised key: entries}, the keys whose hash falls in that shard

Stdlib only: this is the lean path's module (see aseanct/lean/__init__.py).
"""

# No `from __future__ import annotations`: every module the lean path imports costs every call.
# Annotations naming type-checking-only types are quoted.

import marshal
import os
import sys

from aseanct import SCHEMA_VERSION, __version__
from aseanct.lean.terms import sanitize

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from aseanct.lean.index import TermIndex
    from aseanct.models import Registry

DATA_DIR_VARIABLE = "ASEANCT_DATA_DIR"
CACHE_DIR_VARIABLE = "ASEANCT_CACHE_DIR"
NO_CACHE_VARIABLE = "ASEANCT_NO_CACHE"

_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

CACHE_FORMAT = 7
"""Bump when the layout of the cache (parts, shards, index entries, framing) changes."""

DATA_SUFFIXES = (".yaml", ".yml")
MAX_DATA_FILE = 32 * 1024 * 1024
"""A data file larger than this is refused (aseanct.loader reports it): the curated data is a
few hundred kilobytes, and the store never reads more than this of a file to checksum it."""
RACY_NS = 2_000_000_000
MAGIC = b"ACT1"
JSON_PARTS = frozenset({"records", "linkers", "keys", "words"})
"""Parts kept as JSON, not marshal: the records, the largest part, which only the Typer path
reads, and the parts of many small strings a miss reads (keys for did-you-mean, words for
the search hint). JSON carries no counts to allocate from, so it needs no walk before it is
read (the walk `bounded` does for marshal cost more than the reading itself)."""
MAX_PART = 512 * 1024 * 1024
"""No part of a cache may be larger: a bigger file is damage, not data."""
STALE_TEMPORARY_NS = 3600 * 1_000_000_000
"""A temporary directory this old is a leftover of a killed write, whoever made it."""

SHARD_COUNT = 64
SHARDS = [f"{n:02d}" for n in range(SHARD_COUNT)]
"""Every shard is written, even empty, so a missing shard file means a damaged cache."""

ENTRY_ARITY = 9
"""Fields of an index entry: see aseanct.lean.index (E_*)."""


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


def data_dir_origin(option: str | None = None) -> str:
    """Where the data directory in use was named: `option`, `environment` or `packaged`."""
    if option:
        return "option"
    return "environment" if os.environ.get(DATA_DIR_VARIABLE) else "packaged"


def cache_disabled(option: bool = False) -> bool:
    """True when `--no-cache` or $ASEANCT_NO_CACHE (any value but empty or 0) says so."""
    return option or os.environ.get(NO_CACHE_VARIABLE, "") not in ("", "0")


def cache_root(warnings: "list[str] | None" = None) -> str | None:
    """The user cache directory for aseanct, or None when none can be named.

    Relative paths in $ASEANCT_CACHE_DIR and $XDG_CACHE_HOME are ignored, as the XDG base
    directory specification asks (with a warning for aseanct's own variable)."""
    explicit = os.environ.get(CACHE_DIR_VARIABLE)
    if explicit:
        if os.path.isabs(explicit):
            return explicit
        if warnings is not None:
            warnings.append(
                f"warning: ignoring {CACHE_DIR_VARIABLE}: not an absolute path; "
                "using the default cache directory"
            )
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        home = os.environ.get("HOME") or os.path.expanduser("~")
        if not home or home == "~" or not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "aseanct")


def is_data_file(name: str) -> bool:
    """True for the names of data files: every *.yaml and *.yml but hidden ones."""
    return name.endswith(DATA_SUFFIXES) and not name.startswith(".")


def data_stats(directory: str) -> "list[tuple[str, int, int, int, int]]":
    """(name, size, mtime, ctime, inode) of each data file, by name; raises OSError."""
    stats = []
    with os.scandir(directory) as entries:
        for entry in entries:
            if is_data_file(entry.name):
                st = entry.stat()
                stats.append((entry.name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    stats.sort()
    return stats


def _crc_of_file(path: str) -> int:
    """The CRC-32 of a data file; OSError for anything but a regular file of a sane size (a
    FIFO would block, /dev/zero never end: the loader reports them as data errors)."""
    import binascii
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_DATA_FILE:
            raise OSError(f"{path}: not a regular file of at most {MAX_DATA_FILE} bytes")
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return binascii.crc32(handle.read(MAX_DATA_FILE + 1))
    finally:
        os.close(fd)


def snapshot(directory: str) -> "list[tuple[str, int, int, int, int, int]] | None":
    """Every data file's stat and checksum: a picture that any edit changes, whatever the
    clock; None when the directory cannot be read or holds a file that is not regular."""
    try:
        return [
            (*stat, _crc_of_file(os.path.join(directory, stat[0])))
            for stat in data_stats(directory)
        ]
    except OSError:
        return None


def _digest(text: str) -> str:
    """64-bit FNV-1a of `text`: stable across runs, and cheaper than importing hashlib."""
    value = 0xCBF29CE484222325
    for byte in text.encode("utf-8", "surrogateescape"):
        value = ((value ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return f"{value:016x}"


_CODE = (
    "lean/store.py",
    "lean/index.py",
    "compiled.py",
    "loader.py",
    "models.py",
    "queries.py",
    "relations.py",
    "schema.py",
)
"""The modules that decide what the cache holds: an edit to one (in a checkout or an editable
install, where the version does not move) names a new cache, like an edit to a data file."""


def _code_stamp() -> str:
    try:
        return ",".join(str(os.stat(os.path.join(_PACKAGE_DIR, n)).st_mtime_ns) for n in _CODE)
    except OSError:  # a module missing from an unusual install: the version still counts
        return "-"


SHARD_KEY_BYTES = 256
"""Only a key's first bytes choose its shard: hashing a megabyte-long term byte by byte
would take a tenth of a second, and keys that share 256 bytes are as rare as can be."""


def shard_of(key: str) -> str:
    """The shard a key's entries live in: FNV-1a of the key's first SHARD_KEY_BYTES bytes,
    modulo SHARD_COUNT.

    A hash, not the first letter: ids often share a prefix (10,000 `syn-…` ids would all
    land in one shard), and the shard a lookup reads must stay small as the data grows.
    """
    value = 0x811C9DC5
    for byte in key[:SHARD_KEY_BYTES].encode("utf-8", "surrogateescape")[:SHARD_KEY_BYTES]:
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return SHARDS[value % SHARD_COUNT]


class CacheDamaged(Exception):
    """A part of a cache is missing, unreadable, of the wrong shape or not what was written."""


# --- shapes of the parts: checked before anything read is used ----------------------------------


def _is_entry(value: "Any") -> bool:
    return type(value) is tuple and len(value) == ENTRY_ARITY and all(type(v) is str for v in value)


def _entry_table(value: "Any") -> bool:
    return type(value) is dict and all(
        type(k) is str and type(v) is list and all(map(_is_entry, v)) for k, v in value.items()
    )


def _form_table(value: "Any") -> bool:
    return type(value) is dict and all(type(v) is str for v in value.values())


def _key_part(value: "Any") -> bool:
    return (
        type(value) is dict
        and value.keys() == {"forms", "loose"}
        and _form_table(value["forms"])
        and _form_table(value["loose"])
    )


def _text_table(value: "Any") -> bool:
    return type(value) is dict and all(
        type(k) is str and type(v) is list and all(type(t) is str for t in v)
        for k, v in value.items()
    )


def _acronym_part(value: "Any") -> bool:
    return (
        type(value) is dict
        and value.keys() == {"entries", "long_forms", "collisions"}
        and _entry_table(value["entries"])
        and _text_table(value["long_forms"])
        and _text_table(value["collisions"])
    )


def _word_index(value: "Any") -> bool:
    return type(value) is dict and all(
        type(v) is list and all(type(n) is int for n in v) for v in value.values()
    )


def _linker_table(value: "Any") -> bool:
    return type(value) is dict and all(
        type(k) is str and type(v) is list and all(type(i) is str for i in v)
        for k, v in value.items()
    )


def _record_list(value: "Any") -> bool:
    return type(value) is list and all(
        type(r) is dict and type(r.get("id")) is str and type(r.get("type")) is str for r in value
    )


def _stamp(value: "Any") -> bool:
    return (
        type(value) is dict
        and type(value.get("data_dir")) is str
        and type(value.get("files")) is list
        and all(
            type(f) is tuple
            and len(f) == 6
            and type(f[0]) is str
            and all(type(n) is int for n in f[1:])
            for f in value["files"]
        )
    )


# Marshal type codes (CPython's Python/marshal.c), for bounded(): what each is followed by.
_FIXED = {ord("N"): 0, ord("F"): 0, ord("T"): 0, ord("i"): 4, ord("g"): 8, ord("r"): 4}
_SHORT_TEXT = frozenset(b"zZ")  # a 1-byte length, then the characters
_TEXT = frozenset(b"aAuts")  # a 4-byte length, then the bytes
_COUNTED = frozenset(b"([<>")  # a 4-byte count of items: tuple, list, set, frozenset
_SMALL_TUPLE = ord(")")  # a 1-byte count of items
_DICT = ord("{")  # pairs up to a NULL ("0")
_NULL = ord("0")
_LONG = ord("l")  # a 4-byte count of 2-byte digits


def bounded(data: bytes) -> bool:
    """Is `data` one marshalled value of the kinds a cache holds, every count of which fits
    in the bytes that follow it? marshal allocates a container before reading its items, so
    a tuple claiming 2**31 items would take 16 GiB before failing: this walk (no allocation)
    refuses it first."""
    end = len(data)
    at = 0
    left: list[int] = []  # items still to come in each open container (-1: a dict)
    while True:
        if at >= end:
            return False
        code = data[at] & 0x7F  # the high bit only marks a value later referenced
        at += 1
        if code in _FIXED:
            at += _FIXED[code]
        elif code in _SHORT_TEXT:
            if at >= end:
                return False
            at += 1 + data[at]
        elif code in _TEXT or code == _LONG:
            count = int.from_bytes(data[at : at + 4], "little", signed=True)
            at += 4
            if code == _LONG:
                count = abs(count) * 2
            if count < 0 or count > end - at:
                return False
            at += count
        elif code in _COUNTED or code == _SMALL_TUPLE:
            width = 1 if code == _SMALL_TUPLE else 4
            count = int.from_bytes(data[at : at + width], "little", signed=True)
            at += width
            if count < 0 or count > end - at:
                return False
            if count:
                left.append(count)
                continue
        elif code == _DICT:
            left.append(-1)
            continue
        elif code == _NULL:
            if not left or left[-1] != -1:
                return False
            left.pop()
        else:
            return False  # code objects and the like: never in a cache
        if at > end:
            return False
        # A value is complete: count it off the containers it completes.
        while left and left[-1] > 0:
            left[-1] -= 1
            if left[-1]:
                break
            left.pop()
        if not left:
            return at == end


def _shape_ok(name: str, value: "Any") -> bool:
    if name.startswith("i"):
        return _entry_table(value)
    check = {
        "records": _record_list,
        "linkers": _linker_table,
        "keys": _key_part,
        "acronyms": _acronym_part,
        "words": _word_index,
        "stamp": _stamp,
    }
    return check[name](value)


# --- reading and writing parts -----------------------------------------------------------------

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)


def read_part(directory: str, name: str) -> "Any":
    """One part of a cache directory, proven: a regular file (no symlink, FIFO or device) of a
    sane size, with our framing, length and checksum, holding a value of the right shape.
    Raises CacheDamaged otherwise."""
    import binascii

    try:
        fd = os.open(os.path.join(directory, name), _OPEN_FLAGS)
    except OSError as error:
        raise CacheDamaged(name) from error
    try:
        import stat

        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or not 12 <= info.st_size <= MAX_PART:
            raise CacheDamaged(name)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            data = handle.read(info.st_size + 1)
    except OSError as error:
        raise CacheDamaged(name) from error
    finally:
        os.close(fd)
    if len(data) != info.st_size or data[:4] != MAGIC:
        raise CacheDamaged(name)
    length = int.from_bytes(data[4:8], "little")
    if length != len(data) - 12 or binascii.crc32(data[12:]) != int.from_bytes(
        data[8:12], "little"
    ):
        raise CacheDamaged(name)
    try:
        if name in JSON_PARTS:
            import json

            value = json.loads(data[12:])
        else:
            if not bounded(data[12:]):
                raise CacheDamaged(name)
            value = marshal.loads(data[12:])
    except (ValueError, EOFError, TypeError, MemoryError, RecursionError) as error:
        raise CacheDamaged(name) from error
    if not _shape_ok(name, value):
        raise CacheDamaged(name)
    return value


def _write_part(path: str, value: "Any") -> None:
    import binascii

    if os.path.basename(path) in JSON_PARTS:
        import json

        payload = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    else:
        payload = marshal.dumps(value)
    header = (
        MAGIC + len(payload).to_bytes(4, "little") + binascii.crc32(payload).to_bytes(4, "little")
    )
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(header + payload)


def _touch(path: str) -> bool:
    """Set a path's times to now, best effort; False when that cannot be done."""
    try:
        os.utime(path)
    except OSError:
        return False
    return True


def _remove(path: str) -> None:
    import shutil

    try:
        if os.path.islink(path) or not os.path.isdir(path):
            os.unlink(path)
        else:
            shutil.rmtree(path, ignore_errors=True)
    except OSError:
        pass


def _owned_private_directory(path: str, *, follow: bool) -> str:
    """Why `path` cannot hold a cache ("" if it can): it must be a directory of this user that
    no one else can write to; with follow=False it must not itself be a symlink."""
    import stat

    try:
        info = os.stat(path) if follow else os.lstat(path)
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


class Store:
    """The data directory of one command and its cache: a lazy Registry and term index.

    Asked once whether caching is on. `registry()` and `index()` read a proven cache when
    there is one; otherwise they parse the YAML (raising DataError for invalid data), compile,
    and write a new cache when they can, keeping what they compiled in memory.
    """

    def __init__(self, data_dir_option: str | None = None, *, use_cache: bool = True) -> None:
        self.directory = data_dir(data_dir_option)
        self.origin = data_dir_origin(data_dir_option)
        self.caching = use_cache and not cache_disabled()
        self.warnings: list[str] = []
        """Messages for stderr (an unsafe or relative cache directory), each said once."""
        self.state = "disabled" if not self.caching else "not checked"
        """What became of the cache, as `info` says it: "in use" (read, proven), "written"
        (compiled now), "rebuilt: WHY" (one was refused and replaced), "not writable",
        "refused: ROOT is WHY", "not written: WHY", "unavailable" or "disabled"."""
        self._discarded = ""
        """Why a cache found for this data was refused, if one was."""
        self._location: str | None = None
        self._located = False
        self._fresh: bool | None = None
        self._memory: dict[str, Any] | None = None
        self._registry: Registry | None = None
        self._index: TermIndex | None = None

    # --- where --------------------------------------------------------------------------------

    def location(self) -> str | None:
        """The cache directory for the current state of the data, or None when there is none
        (caching off, no cache root, an unsafe root, unreadable data)."""
        if self._located:
            return self._location
        self._located = True
        if not self.caching:
            return None
        root = cache_root(self.warnings)
        if root is None:
            self.state = "unavailable"
            return None
        try:
            stats = data_stats(self.directory)
        except (OSError, ValueError):  # ValueError: a path with a NUL character
            self.state = "unavailable"
            return None
        python = f"{sys.version_info[:2]}|{marshal.version}"
        version = f"{__version__}|{SCHEMA_VERSION}|{CACHE_FORMAT}|{python}"
        name = "-".join(
            (
                _digest(os.path.abspath(self.directory))[:12],
                _digest(f"{version}|{_code_stamp()}")[:8],
                _digest(repr(stats)),
            )
        )
        self._stats = stats
        self._location = os.path.join(root, name)
        return self._location

    def _root_ok(self, root: str, *, create: bool) -> bool:
        """Is the cache root safe to use (creating it, private, when asked)?"""
        problem = _owned_private_directory(root, follow=True)
        if problem == "missing" and create:
            try:
                os.makedirs(root, mode=0o700, exist_ok=True)
            except OSError:
                self.state = "not writable"
                return False
            problem = _owned_private_directory(root, follow=True)
        if problem == "missing":
            return False
        if problem:
            self.state = f"refused: {root} is {problem}"
            message = f"warning: not using the cache in {sanitize(root)}: it is {problem}"
            if message not in self.warnings:
                self.warnings.append(message)
            return False
        return True

    def fresh(self) -> bool:
        """True when a proven cache for the current data exists (checked once)."""
        if self._fresh is not None:
            return self._fresh
        self._fresh = False
        location = self.location()
        if location is None:
            return False
        if not self._root_ok(os.path.dirname(location), create=False):
            return False
        problem = _owned_private_directory(location, follow=False)
        if problem == "missing":
            return False
        if problem:
            symlink = os.path.islink(location)
            _remove(location)  # a symlink, or not ours: never read, rebuilt below
            self._discarded = "it was a symlink" if symlink else f"it was {problem}"
            return False
        if not self._unchanged_since_written(location):
            _remove(location)
            self._discarded = "a data file changed since it was written"
            return False
        self._fresh = True
        self.state = "in use"
        return True

    def _unchanged_since_written(self, location: str) -> bool:
        """A data file changed within RACY_NS of the cache's writing may have changed again in
        the same clock tick without its stat moving: compare its checksum with the stamp's.

        Once the checksums agree and the clock is past the racy window, the cache directory's
        time is moved to now: any later edit moves the file's ctime (and so the cache's name),
        so later runs need not read the files again (as git rewrites a racily clean index)."""
        try:
            written = os.lstat(location).st_mtime_ns
        except OSError:
            return False
        racy = [s for s in self._stats if max(s[2], s[3]) >= written - RACY_NS]
        if not racy:
            return True
        try:
            stamp = read_part(location, "stamp")
            recorded = {f[0]: f[5] for f in stamp["files"]}
            same = all(
                recorded.get(s[0]) == _crc_of_file(os.path.join(self.directory, s[0])) for s in racy
            )
        except (CacheDamaged, OSError):
            return False
        if same:
            import time

            if time.time_ns() - max(max(s[2], s[3]) for s in racy) > RACY_NS:
                _touch(location)
        return same

    # --- what ---------------------------------------------------------------------------------

    def part(self, name: str) -> "Any":
        """A compiled part (`keys`, `acronyms`, a shard `iNN`, `records`): from a proven cache,
        else compiled now. A damaged part discards the cache and compiles from YAML."""
        if self._memory is not None:
            return self._memory[name]
        if self.fresh():
            location = self.location()
            assert location is not None
            try:
                return read_part(location, name)
            except CacheDamaged:
                _remove(location)
                self._discarded = f"its part {name!r} was damaged"
                self._fresh = False
        return self.compile()[1][name]

    def registry(self) -> "Registry":
        """Every record of the data directory, indexed; raises DataError for invalid data."""
        if self._registry is not None:
            return self._registry
        if self._memory is None and self.fresh():
            from aseanct.loader import build_registry

            records = self.part("records")
            linkers = self.part("linkers") if self._registry is None else None
            # A damaged part was compiled afresh, and the registry with it.
            registry = self._registry or build_registry(records, linkers)
        else:
            registry = self.compile()[0]
        self._registry = registry
        return registry

    def index(self) -> "TermIndex":
        """The term index behind expand, glossary, annotate and completion."""
        if self._index is None:
            from aseanct.lean.index import TermIndex

            self._index = TermIndex(self)
        return self._index

    def compile(self) -> "tuple[Registry, dict[str, Any]]":
        """Parse the YAML (raises DataError), compile the parts and write a cache if possible.

        A snapshot of the files (with checksums) is taken before they are parsed, and another
        after: if one changed in between, what was parsed may not be what the cache's name
        describes, so nothing is written (the next run parses again)."""
        from aseanct import compiled, loader

        before = snapshot(self.directory) if self.location() is not None else None
        plain = loader.read_data_dir(self.directory)
        registry = loader.build_registry(plain)
        parts = compiled.parts(registry, plain)
        self._registry = registry
        self._memory = parts
        location = self.location()
        if location is None or before is None:
            return registry, parts
        if snapshot(self.directory) != before or [b[:5] for b in before] != self._stats:
            self.state = "not written: the data changed while it was read"
            return registry, parts
        stamp = {"data_dir": os.path.abspath(self.directory), "files": before}
        if self._write(location, {**parts, "stamp": stamp}):
            self.state = f"rebuilt: {self._discarded}" if self._discarded else "written"
        elif not self.state.startswith("refused"):
            self.state = "not writable"
        return registry, parts

    def _write(self, location: str, parts: "dict[str, Any]") -> bool:
        root = os.path.dirname(location)
        if not self._root_ok(root, create=True):
            return False
        temporary = os.path.join(root, f".tmp-{os.getpid()}-{os.urandom(4).hex()}")
        try:
            os.mkdir(temporary, 0o700)
            for name, value in parts.items():
                _write_part(os.path.join(temporary, name), value)
        except (OSError, ValueError):
            _remove(temporary)
            return False
        try:
            os.rename(temporary, location)
        except OSError:
            # Another process renamed its identical copy into place first: keep theirs.
            _remove(temporary)
            return os.path.isdir(location)
        _prune(root, os.path.basename(location))
        return True

    def describe(self) -> "dict[str, Any]":
        """The cache as `info` reports it: where it is and what became of it."""
        return {"path": self.location(), "state": self.state}


def _prune(root: str, current: str) -> None:
    """Remove, best effort: caches of other versions or states of the same data directory,
    caches whose data directory is gone, and temporary directories of killed writes."""
    import time

    same_data = current.split("-")[0] + "-"
    now = time.time_ns()
    try:
        names = os.listdir(root)
    except OSError:
        return
    for name in names:
        path = os.path.join(root, name)
        if name == current:
            continue
        if name.startswith(".tmp-"):
            if _temporary_is_stale(name, path, now):
                _remove(path)
        elif name.startswith(same_data) or _orphaned(path):
            _remove(path)


def _temporary_is_stale(name: str, path: str, now: int) -> bool:
    pid_text = name.split("-")[1] if name.count("-") >= 2 else ""
    try:
        if now - os.lstat(path).st_mtime_ns > STALE_TEMPORARY_NS:
            return True
        pid = int(pid_text)
    except (OSError, ValueError):
        return True
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def _orphaned(path: str) -> bool:
    """A cache whose data directory no longer exists."""
    try:
        stamp = read_part(path, "stamp")
    except CacheDamaged:
        return False  # not ours to judge: a part of another format, or a racing write
    return not os.path.isdir(stamp["data_dir"])
