"""The checks each YAML value must pass, derived from the record shapes in aseanct.model:
values.py checks one value (a date, a slug, a link), records.py a whole record."""

from aseanct.schema.records import check_record, field_check, record_fields
from aseanct.schema.values import MIRRORS, Checker, LinkRef, Path, path_text
from aseanct.yamlread import INVALID

__all__ = [
    "INVALID",
    "MIRRORS",
    "Checker",
    "LinkRef",
    "Path",
    "check_record",
    "field_check",
    "path_text",
    "record_fields",
]
