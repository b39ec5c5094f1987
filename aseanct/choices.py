"""Choice values checked by aseanct, not Typer: in any case, with a did-you-mean (`jsn` -> json)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

import typer

from aseanct.errors import UsageError
from aseanct.lean.terms import normalize_term, shown

VARIANTS = {
    "program": "programmes", "programs": "programmes", "programme": "programmes", "body": "bodies",
    "term": "terms", "instrument": "terms", "instruments": "terms", "event": "events",
    "milestone": "events", "milestones": "events", "country": "countries", "source": "sources",
    "md": "markdown", "txt": "text", "plain": "text", "ndjson": "jsonl", "json-lines": "jsonl",
    "graphviz": "dot", "color": "always", "colour": "always", "none": "never", "everything": "all",
}  # fmt: skip
"""Words people write for a choice, and the choice they mean: suggested, never taken."""


class Choice:
    """One choice parameter: its allowed values, how to check a value, what to offer the shell."""

    def __init__(
        self, kind: Iterable[Enum | str], name: str, *, then: Callable[[str], None] | None = None
    ) -> None:
        self.values = [str(getattr(member, "value", member)) for member in kind]
        self.name = name  # in messages: `--format`, `COLLECTION`
        self.then = then

    def callback(self, ctx: typer.Context, value: str | None) -> str | None:
        """Typer's parameter callback: the allowed value `value` names, or a usage error."""
        if value is None or ctx.resilient_parsing:  # the shell is completing: never fail
            return value
        key = normalize_term(value)
        if key not in self.values:
            import difflib

            guess = VARIANTS.get(key, "")
            if guess not in self.values:
                close = difflib.get_close_matches(key, self.values, n=1, cutoff=0.6)
                guess = close[0] if close else ""
            suggestion = f" (did you mean {guess}?)" if guess else ""
            raise UsageError(
                f"{self.name}: {shown(value)} is not one of {', '.join(self.values)}{suggestion}",
                hint=f"try '{ctx.command_path} --help' for help",
            )
        if self.then is not None:
            self.then(key)
        return key

    def complete(self, incomplete: str) -> list[str]:
        typed = incomplete.casefold()
        return [value for value in self.values if value.startswith(typed)]

    def option(self, *names: str, **extra: Any) -> Any:
        """A typer.Option that takes this choice."""
        return typer.Option(*names, callback=self.callback, autocompletion=self.complete, **extra)

    def argument(self, **extra: Any) -> Any:
        """A typer.Argument that takes this choice."""
        return typer.Argument(callback=self.callback, autocompletion=self.complete, **extra)

    def listed(self) -> str:
        """`text, json, jsonl, csv or tsv`."""
        return ", ".join(self.values[:-1]) + f" or {self.values[-1]}"
