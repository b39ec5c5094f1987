"""aseanct: a sourced reference to the ASEAN bodies, instruments and programmes against trafficking.
Python API: `aseanct.load(data_dir=None)`. This module stays tiny: every call imports it."""

from aseanct.version import SCHEMA_VERSION, __version__

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs every call
if TYPE_CHECKING:
    from aseanct.model import Registry

__all__ = ["SCHEMA_VERSION", "__version__", "load"]


def load(data_dir: str | None = None) -> "Registry":
    """The Registry of a data directory (default: the packaged data); DataError lists every
    problem as FILE:LINE: path: message."""
    from aseanct.store import Store

    return Store(data_dir).registry()
