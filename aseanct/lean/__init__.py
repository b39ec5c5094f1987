"""The lean start-up path: stdlib-only modules that answer `expand`, `annotate` and `glossary`
without Typer, Rich, YAML or the record models (ruff.toml here bans heavy imports)."""
