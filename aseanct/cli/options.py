"""The options commands share, declared once, and the `Run` each command is handed."""

from __future__ import annotations

import contextlib
import datetime
import errno
import functools
import inspect
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from aseanct.choices import Choice
from aseanct.cli.program import AseanctCommand, app, on_terminal, width_for, write
from aseanct.errors import UsageError
from aseanct.formats import ROW_FORMATS, Format
from aseanct.lean import exits

if TYPE_CHECKING:
    from aseanct.model.records import Record
    from aseanct.model.registry import Registry
    from aseanct.render.output import View
    from aseanct.store import Store

Function = TypeVar("Function", bound=Callable[..., Any])

# Messages follow --color too.
COLOR = Choice(("auto", "always", "never"), "--color", then=exits.prefer)


def typed_terms(value: Any) -> Any:
    """Terms as they were typed, in any locale, as the lean path reads them."""
    from aseanct.lean.terms import from_argv

    if isinstance(value, str):
        return from_argv(value)
    if isinstance(value, list):
        return [from_argv(v) if isinstance(v, str) else v for v in value]
    return value


def complete_term(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of a TERM: the terms that start with what was typed, and their meaning."""
    from aseanct.store import Store

    try:
        data_dir = ctx.params.get("data_dir") if ctx is not None else None
        return Store(data_dir).resolver().complete(incomplete)
    except Exception:  # completion must never print a traceback into the shell
        return []


def format_option(kinds: Sequence[Enum], note: str = "") -> Any:
    choice = Choice(kinds, "--format")
    return choice.option(
        "--format",
        "-f",
        help=f"Output format: {choice.listed()}" + (f" ({note})." if note else "."),
        metavar="FORMAT",
    )


def argument(help: str, metavar: str, **extra: Any) -> Any:
    """A typer.Argument whose default the help leaves unsaid."""
    return typer.Argument(help=help, metavar=metavar, **{"show_default": False, **extra})


def term_argument(help_text: str, metavar: str = "TERM") -> Any:
    """A positional TERM (or several), read as typed and completed from the data."""
    return argument(help_text, metavar, autocompletion=complete_term, callback=typed_terms)


SHARED: dict[str, Any] = {
    "as_of": typer.Option(
        "--as-of",
        help="The day the reference is read as of (YYYY[-MM[-DD]]): what existed, who held a "
        "post, which steps were taken; default today.",
        metavar="DATE",
    ),
    "fmt": None,  # declared per command: each offers its own formats
    "fields": typer.Option(
        "--fields",
        help="Choose and order the keys (json, jsonl) or columns (csv, tsv, a text table), "
        "comma-separated; `--fields ?` lists them. `start` and `end` stand for start_date "
        "and end_date.",
        metavar="FIELD,...",
    ),
    "color": COLOR.option(
        "--color",
        help="Style output and messages: auto (on a terminal, unless NO_COLOR or TERM=dumb), "
        "always or never.",
        metavar="WHEN",
    ),
    "no_headers": typer.Option("--no-headers", help="Leave out the header row of csv and tsv."),
    "data_dir": typer.Option(
        "--data-dir",
        help="Use the YAML in this directory instead of the packaged data (or set "
        "ASEANCT_DATA_DIR).",
        metavar="DIR",
    ),
    "no_cache": typer.Option(
        "--no-cache", help="Read the YAML directly; neither read nor write the stored copy."
    ),
}
"""In the help's order, by the field of Run each fills (whose default is the option's)."""
EVERY = tuple(SHARED)


def command(
    *,
    shared: Sequence[str] = (),
    formats: Sequence[Enum] = ROW_FORMATS,
    format_note: str = "",
    group: typer.Typer = app,
    **settings: Any,
) -> Callable[[Function], Function]:
    """`@app.command` (or a `group`'s), the `shared` options handed to the command as `run: Run`."""

    def decorate(func: Function) -> Function:
        keyword = inspect.Parameter.KEYWORD_ONLY
        parameters = [
            p.replace(kind=keyword)
            for p in inspect.signature(func, eval_str=True).parameters.values()
            if p.name != "run"
        ]
        for name in (n for n in SHARED if n in shared):
            declared = format_option(formats, format_note) if name == "fmt" else SHARED[name]
            default = getattr(Run, name)
            kind = bool if isinstance(default, bool) else str if default else str | None
            parameters.append(
                inspect.Parameter(
                    name, keyword, default=default, annotation=Annotated[kind, declared]
                )
            )

        @functools.wraps(func)
        def wrapper(**values: Any) -> Any:
            run = Run(**{name: values.pop(name) for name in shared})
            return func(run=run, **values)

        wrapper.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
        wrapper.__annotations__ = {p.name: p.annotation for p in parameters}
        group.command(cls=AseanctCommand, **settings)(wrapper)
        return func

    return decorate


@dataclass
class Run:
    """One command's run: the shared options it was given, and what follows from them."""

    fmt: str = "text"
    fields: str | None = None
    color: str = "auto"
    no_headers: bool = False
    data_dir: str | None = None
    no_cache: bool = False
    as_of: str | None = None
    _store: Store | None = None

    @property
    def styled(self) -> bool:
        return exits.color_enabled(self.color, sys.stdout)

    @property
    def laid_out(self) -> bool:
        """Lay stdout out for a terminal? NO_COLOR and TERM=dumb take the colour away, not this."""
        return self.color == "always" or on_terminal()

    @property
    def day(self) -> datetime.date:
        """`--as-of` (a missing month or day is the first), or today."""
        from aseanct.model.dates import earliest_day

        if self.as_of is None:
            return datetime.date.today()
        try:
            if not re.fullmatch(r"\d{4}(-\d+){0,2}", self.as_of):
                raise ValueError(self.as_of)
            return earliest_day(self.as_of)
        except ValueError:
            raise typer.BadParameter(
                f"{self.as_of!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
                param_hint="'--as-of'",
            ) from None

    def list_fields(self, view: View[Any]) -> None:
        """With `--fields ?`: write the fields of `view` and end the command."""
        if self.fields is not None and self.fields.strip() == "?":
            write("".join(f"{name}\n" for name in view.fields))
            raise typer.Exit()

    def store(self) -> Store:
        """The data in use; its warnings reach stderr at exit."""
        if self._store is None:
            from aseanct.store import Store

            if self.data_dir == "":
                raise UsageError("--data-dir is empty; give a directory, or leave the option out")
            self._store = Store(self.data_dir, use_cache=not self.no_cache)
            _OPENED.append(self._store)
        return self._store

    def registry(self) -> Registry:
        return self.store().registry()

    def emit(self, view: View[Any], items: Any, *, each: bool = False) -> None:
        """Draw `items` through `view` and write them; with `each`, one by one as they come."""
        from aseanct.render.output import emit, emit_each, select_fields

        self.list_fields(view)
        draw = emit_each if each else emit
        laid_out = self.laid_out
        width = width_for(laid_out)
        drawn = draw(
            view,
            items,
            Format(self.fmt),
            fields=select_fields(view, self.fields),
            headers=not self.no_headers,
            styled=laid_out,
            width=width,
        )
        for part in drawn if each else [drawn]:
            write(part, width, color=self.styled)


_OPENED: list[Store] = []


def say_store_warnings() -> None:
    while _OPENED:
        exits.say(_OPENED.pop().warnings)


@contextlib.contextmanager
def writing_to(*targets: str) -> Iterator[None]:
    """A place on the command line that cannot be written as a usage error naming the target
    the failing file belongs to (files are written aside as `TARGET.partial-PID` first)."""
    import sqlite3

    try:
        yield
    except (OSError, sqlite3.Error) as error:
        if isinstance(error, OSError):
            reason, about_path = error.strerror or str(error), error.errno in PATH_ERRNOS
        elif any(words in str(error) for words in SQLITE_IO):
            reason, about_path = str(error), any(w in str(error) for w in SQLITE_PATH)
        else:  # SQL aseanct got wrong: a bug, not the place's fault (nor the store's)
            raise RuntimeError(f"{type(error).__name__}: {error}") from error
        failed = str(getattr(error, "filename", None) or "")
        target = next((t for t in targets if failed.startswith(t + ".partial-")), targets[0])
        hint = "give a path in a directory that exists and that you may write to"
        raise UsageError(
            f"cannot write {target!r}: {reason}", hint=hint if about_path else ""
        ) from None


PATH_ERRNOS = {errno.ENOENT, errno.ENOTDIR, errno.EISDIR, errno.EACCES, errno.EPERM, errno.EROFS}
"""Failures a different path would avoid."""
SQLITE_PATH = ("unable to open", "readonly database")
SQLITE_IO = (*SQLITE_PATH, "disk is full", "disk I/O error")
"""SQLite's words for a file it cannot write; those of SQLITE_PATH another path would avoid."""


def stdin_records(registry: Registry, missing: list[int]) -> Iterator[Record]:
    """The records the lines of stdin name; a line that names none is said and put in `missing`."""
    from aseanct.errors import Ambiguous, NotFound
    from aseanct.lean.batch import read_terms
    from aseanct.queries import resolve

    for number, line, problem in read_terms(getattr(sys.stdin, "buffer", None)):
        if line is None:
            exits.say([f"error: stdin line {number} {problem}; skipped"])
            missing.append(number)
            continue
        try:
            yield resolve(registry, line)
        except (NotFound, Ambiguous) as error:
            lines = error.lines()
            exits.say([f"{lines[0]} (stdin line {number})", *lines[1:]])
            missing.append(number)


def listed(value: str | None) -> list[str] | None:
    """`SOMTC,ARF` -> ["SOMTC", "ARF"]."""
    return None if value is None else [v for v in value.split(",") if v.strip()]
