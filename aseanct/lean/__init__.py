"""The lean start-up path: stdlib only, without Typer, Rich, YAML or the record models."""
