"""The store: one SQLite database per data directory, the one owner of freshness and build."""

# sqlite3's C module: its Python layer only adds date adapters (docs/performance.md).
import _sqlite3 as sqlite3
import os

from aseanct.datadir import data_dir, data_dir_origin
from aseanct.lean.terms import sanitize
from aseanct.store import files
from aseanct.version import SCHEMA_VERSION, __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from aseanct.lean.resolver import Resolver
    from aseanct.model.registry import Registry


class Store:
    """The data directory of one command and its store: a Registry and a Resolver over it."""

    def __init__(self, data_dir_option: "str | None" = None, *, use_cache: bool = True) -> None:
        self.directory = data_dir(data_dir_option)
        self.origin = data_dir_origin(data_dir_option)
        self.caching = use_cache and os.environ.get(files.NO_CACHE_VARIABLE, "") in ("", "0")
        self.warnings: list[str] = []
        """Messages for stderr."""
        self.state = "disabled" if not self.caching else "not checked"
        """What became of the store, as `info` says it ("in use", "rebuilt: WHY"...)."""
        self.path: str | None = None
        self._db: sqlite3.Connection | None = None
        self._registry: Registry | None = None
        self._built: list[Any] | None = None
        """The records of a store built in memory, as built (its Registry need not read them)."""
        self._resolver: Resolver | None = None

    @property
    def db(self) -> sqlite3.Connection:
        """The store's connection: a proven store on disk, else one built now."""
        if self._db is None:
            self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        path = files.locate(self.directory, self.warnings) if self.caching else None
        if path is None:
            return self._in_memory("unavailable" if self.caching else "disabled")
        self.path = path
        root = os.path.dirname(path)
        problem = files.unsafe(root)
        if problem and problem != "missing":
            return self._refuse(root, problem)
        discarded = ""
        if not problem and os.path.lexists(path):
            db, discarded = self._proven(path)
            if db is not None:
                self.state = "in use"
                return db
        return self._build_file(root, path, discarded)

    def _in_memory(self, state: str) -> sqlite3.Connection:
        self.state = state
        return self._build(":memory:")

    def _refuse(self, root: str, problem: str) -> sqlite3.Connection:
        self.warnings.append(f"warning: not using the cache in {sanitize(root)}: it is {problem}")
        return self._in_memory(f"refused: {root} is {problem}")

    def _proven(self, path: str) -> "tuple[sqlite3.Connection | None, str]":
        """The store at `path` opened read-only if it proves itself, else (None, why not)."""
        if not files.ours(path):
            why = "it was a symlink" if os.path.islink(path) else "it was not a store of aseanct"
            if os.path.islink(path):
                os.unlink(path)
            return None, why
        try:
            db = sqlite3.connect(f"file:{_quoted(path)}?mode=ro", uri=True, check_same_thread=False)
            meta = dict(
                db.execute(
                    "SELECT key, value FROM meta UNION ALL SELECT '', page_count * page_size "
                    "FROM pragma_page_count, pragma_page_size"
                )
            )
            if meta.pop("") != os.lstat(path).st_size:
                raise sqlite3.DatabaseError("its size is not what its header says")
        except (sqlite3.DatabaseError, OSError):  # OSError: gone, pruned by another run
            files._remove(path)
            return None, "it was damaged"
        if meta.get("program") != _program() or meta.get("data_dir") != _shown_dir(self.directory):
            db.close()
            files._remove(path)
            return None, "it was written for another program or data directory"
        _OPENED.append(path)
        return db, ""

    def _build_file(self, root: str, path: str, discarded: str) -> sqlite3.Connection:
        """Build the store beside `path` and rename it into place; in memory if that fails."""
        try:
            os.makedirs(root, mode=0o700, exist_ok=True)
        except OSError:
            return self._in_memory("not writable")
        problem = files.unsafe(root)
        if problem:
            return self._refuse(root, problem)
        if os.path.lexists(path) and not (os.path.islink(path) or os.path.isfile(path)):
            # A directory, FIFO or device at the store's own name: not aseanct's to remove.
            return self._in_memory(f"not written: {sanitize(path)} is not a regular file")
        building = os.path.join(root, f".building-{os.getpid()}-{os.urandom(4).hex()}.sqlite")
        try:
            os.close(os.open(building, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            db = self._build(building)
        except (OSError, sqlite3.Error):
            files._remove(building)
            return self._in_memory("not writable")
        db.close()
        try:
            os.replace(building, path)
        except OSError:
            files._remove(building)
            return self._in_memory("not writable")
        files.prune(root, os.path.basename(path))
        self.state = f"rebuilt: {discarded}" if discarded else "written"
        _OPENED.append(path)
        return sqlite3.connect(f"file:{_quoted(path)}?mode=ro", uri=True, check_same_thread=False)

    def _build(self, target: str) -> sqlite3.Connection:
        """Parse the YAML (raises DataError) and write every table into `target`, left open."""
        from aseanct import loader
        from aseanct.store import write

        plain = loader.read_data_dir(self.directory)
        names = {p["id"]: ((p.get("acronyms") or [None])[0], p["name"], p["type"]) for p in plain}
        db = sqlite3.connect(target, check_same_thread=False)
        db.execute(f"PRAGMA application_id = {files.APPLICATION_ID}")
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        plain.reverse()
        self._built = [] if target == ":memory:" else None
        write.write(db, iter(lambda: plain.pop() if plain else None, None), names, self._built)
        meta = {
            "program": _program(),
            "data_dir": _shown_dir(self.directory),
            "version": __version__,
            "schema_version": str(SCHEMA_VERSION),
            "store_format": str(files.STORE_FORMAT),
        }
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        db.commit()
        if target != ":memory:":
            (result,) = db.execute("PRAGMA quick_check").fetchone()
            if result != "ok":
                raise sqlite3.DatabaseError(f"the new store failed its check: {result}")
        return db

    def registry(self) -> "Registry":
        """Every record of the data directory; raises DataError for invalid data."""
        if self._registry is None:
            from aseanct.model.registry import Registry

            self._registry = Registry(self.db, self.resolver(), self._built)
        return self._registry

    def resolver(self) -> "Resolver":
        """The one resolver of terms (aseanct.lean.resolver)."""
        if self._resolver is None:
            from aseanct.lean.resolver import Resolver

            self._resolver = Resolver(self.db)
        return self._resolver

    def describe(self) -> "dict[str, str | None]":
        """The store as `info` reports it: where it is and what became of it."""
        self.db  # noqa: B018  (opening it decides its state)
        return {"path": self.path if self.caching else None, "state": self.state}


_OPENED: "list[str]" = []
"""The store files this process opened: one found damaged while in use is removed."""


def discard_opened() -> None:
    """Remove the stores this process opened, so that the next run rebuilds them."""
    while _OPENED:
        path = _OPENED.pop()
        if files.ours(path):
            files._remove(path)


def _shown_dir(directory: str) -> str:
    """The data directory's absolute path as text SQLite can hold."""
    return sanitize(os.path.abspath(directory))


def _program() -> str:
    return f"{__version__}|{SCHEMA_VERSION}|{files.STORE_FORMAT}"


def _quoted(path: str) -> str:
    """A path as the file name of an SQLite URI (no urllib: it costs every call)."""
    return os.path.abspath(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
