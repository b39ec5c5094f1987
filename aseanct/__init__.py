"""aseanct: a sourced reference to ASEAN bodies, instruments and programmes against trafficking."""

from aseanct.version import SCHEMA_VERSION, __version__

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs every call
if TYPE_CHECKING:
    from aseanct.model.registry import Registry

__all__ = ["SCHEMA_VERSION", "__version__", "load"]


def load(data_dir: str | None = None) -> "Registry":
    """The Registry of a data directory (default: the packaged data); raises DataError."""
    from aseanct.store import Store

    return Store(data_dir).registry()
