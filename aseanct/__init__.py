"""aseanct: a sourced reference to the ASEAN bodies, instruments and programmes against trafficking.

Python API: `aseanct.load(data_dir=None)` returns the Registry of the curated data (or of another
data directory). This module stays tiny: the command line imports it on every call.
"""

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: importing typing costs every call ~15 ms
if TYPE_CHECKING:
    from aseanct.models import Registry

__version__ = "0.2.0"
SCHEMA_VERSION = 2
"""The version of the record schema in data/ (the fields aseanct.schema checks); the cache is
keyed on it (aseanct.cache)."""
__all__ = ["SCHEMA_VERSION", "__version__", "load"]


def load(data_dir: str | None = None) -> "Registry":
    """Load and validate a data directory (default: the packaged data) into a Registry.

    Raises aseanct.errors.DataError listing every problem as FILE:LINE: path: message.
    """
    from aseanct.loader import load as load_registry

    return load_registry(data_dir)
