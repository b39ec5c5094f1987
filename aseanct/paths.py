"""Where aseanct finds its data directory and its cache directory (stdlib only: fast path)."""

from __future__ import annotations

import os

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
