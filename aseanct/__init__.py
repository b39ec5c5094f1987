"""aseanct: a sourced reference to the ASEAN bodies, instruments and programmes against trafficking.

Python API: `aseanct.load(data_dir=None)` returns the Registry of the curated data (or of another
data directory). This module stays tiny: the command line imports it on every call.
"""

from aseanct.version import SCHEMA_VERSION, __version__

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs every call
if TYPE_CHECKING:
    from aseanct.model import Registry

__all__ = ["SCHEMA_VERSION", "__version__", "load"]


def load(data_dir: str | None = None) -> "Registry":
    """Load and validate a data directory (default: the packaged data) into a Registry.

    Raises aseanct.errors.DataError listing every problem as FILE:LINE: path: message.
    """
    from aseanct.store import Store

    return Store(data_dir).registry()
