"""The checks each YAML value must pass, derived from the record shapes in aseanct.model:
values.py checks one value (a date, a slug, a link), records.py a whole record."""
