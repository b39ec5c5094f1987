"""The lean start-up path: stdlib-only modules that answer `expand`, `annotate` and `glossary`
without Typer, Rich, YAML or the record models (ruff.toml here bans heavy imports). Modules
the path imports on every call do without `from __future__ import annotations` (it costs an
import) and quote the annotations that name type-checking-only types."""
