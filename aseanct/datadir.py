"""The data directory in use, and which of its files are data (stdlib only)."""

import os

DATA_DIR_VARIABLE = "ASEANCT_DATA_DIR"
DATA_SUFFIXES = (".yaml", ".yml")
MAX_DATA_FILE = 32 * 1024 * 1024
"""A larger data file is refused: the curated data is a few hundred kilobytes."""

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def packaged_data_dir() -> str:
    """The curated data: aseanct/data in a wheel, the repository's data/ in a checkout."""
    inside = os.path.join(_PACKAGE_DIR, "data")
    if os.path.isdir(inside):
        return inside
    return os.path.join(os.path.dirname(_PACKAGE_DIR), "data")


def data_dir(option: "str | None" = None) -> str:
    """The data directory in use: `--data-dir`, else $ASEANCT_DATA_DIR, else the packaged copy."""
    if option:
        return option
    return os.environ.get(DATA_DIR_VARIABLE) or packaged_data_dir()


def data_dir_origin(option: "str | None" = None) -> str:
    """Where the data directory in use was named: `option`, `environment` or `packaged`."""
    if option:
        return "option"
    return "environment" if os.environ.get(DATA_DIR_VARIABLE) else "packaged"


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
