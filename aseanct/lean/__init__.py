"""The lean start-up path: stdlib-only modules that answer `expand` and `annotate` without
Typer, Rich, YAML or the record models, and own the data directory and its compiled cache.

Nothing here may import a heavy module at module level (a ruff rule in this folder's ruff.toml
enforces it; tests/test_fastpath.py checks sys.modules after a run)."""
