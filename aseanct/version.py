"""The program's version and the version of the record schema it reads."""

__version__ = "0.4.0"
SCHEMA_VERSION = 3
"""The version of the record schema in data/ (aseanct.schema); the store is keyed on it."""
