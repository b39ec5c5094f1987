"""The checks each YAML value must pass, derived from the record shapes in aseanct.model."""
