"""The options every command shares, declared once, and the Run each command is handed.

`@command(shared=(...))` adds the named shared options to a command's parameters and hands it
a `Run`: their values and what follows from them (data, colour, width, the stdout writer)."""

from __future__ import annotations

import contextlib
import datetime
import functools
import inspect
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from aseanct.choices import Choice
from aseanct.cli.program import AseanctCommand, app, write
from aseanct.errors import TargetError, UsageError
from aseanct.formats import ROW_FORMATS, Format
from aseanct.lean import exits

if TYPE_CHECKING:
    from aseanct.model import Record, Registry
    from aseanct.render.output import View
    from aseanct.store import Store

Function = TypeVar("Function", bound=Callable[..., Any])

# Messages follow --color too.
COLOR = Choice(("auto", "always", "never"), "--color", then=exits.prefer)


def typed_terms(value: Any) -> Any:
    """Terms as they were typed, in any locale (aseanct.lean.terms.from_argv; the lean path
    reads its terms the same way)."""
    from aseanct.lean.terms import from_argv

    if isinstance(value, str):
        return from_argv(value)
    if isinstance(value, list):
        return [from_argv(v) if isinstance(v, str) else v for v in value]
    return value


def complete_term(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of a TERM (see aseanct.completion)."""
    from aseanct.completion import complete_term as complete

    return complete(ctx, incomplete)


def format_option(kinds: Sequence[Enum], note: str = "") -> Any:
    """`--format` / `-f` FORMAT, checked against `kinds` (`note` adds a word on some)."""
    choice = Choice(kinds, "--format")
    return typer.Option(
        "--format",
        "-f",
        help=f"Output format: {choice.listed()}" + (f" ({note})." if note else "."),
        metavar="FORMAT",
        callback=choice.callback,
        autocompletion=choice.complete,
    )


def option(*names: str, help: str, metavar: str | None = None, **extra: Any) -> Any:
    """A typer.Option whose default the help leaves unsaid, unless `show_default=True`."""
    return typer.Option(*names, help=help, metavar=metavar, **{"show_default": False, **extra})


def argument(help: str, metavar: str, **extra: Any) -> Any:
    """A typer.Argument whose default the help leaves unsaid, unless `show_default=True`."""
    return typer.Argument(help=help, metavar=metavar, **{"show_default": False, **extra})


def term_argument(help_text: str, metavar: str = "TERM") -> Any:
    """A positional TERM (or several), read as typed and completed from the data."""
    return argument(help_text, metavar, autocompletion=complete_term, callback=typed_terms)


SHARED: dict[str, tuple[str, Any]] = {
    "as_of": (
        "as_of",
        option(
            "--as-of",
            help="The day the reference is read as of (YYYY[-MM[-DD]]): what existed, who held a "
            "post, which steps were taken; default today.",
            metavar="DATE",
        ),
    ),
    "fields": (
        "fields",
        option(
            "--fields",
            help="Choose and order the keys (json, jsonl) or columns (csv, tsv, a text table), "
            "comma-separated; `--fields ?` lists them. `start` and `end` stand for start_date "
            "and end_date.",
            metavar="FIELD,...",
        ),
    ),
    "color": (
        "color",
        typer.Option(
            "--color",
            help="Style output and messages: auto (on a terminal, unless NO_COLOR or TERM=dumb), "
            "always or never.",
            metavar="WHEN",
            callback=COLOR.callback,
            autocompletion=COLOR.complete,
        ),
    ),
    "headers": (
        "no_headers",
        option("--no-headers", help="Leave out the header row of csv and tsv."),
    ),
    "data": (
        "data_dir",
        option(
            "--data-dir",
            help="Use the YAML in this directory instead of the packaged data (or set "
            "ASEANCT_DATA_DIR).",
            metavar="DIR",
        ),
    ),
    "cache": (
        "no_cache",
        option(
            "--no-cache", help="Read the YAML directly; neither read nor write the stored copy."
        ),
    ),
}
"""Each shared option: the field of Run it fills (its default is the field's) and its
declaration. `format` is declared per command (each offers its own formats)."""

ORDER = ("as_of", "format", "fields", "color", "headers", "data", "cache")


def command(
    *,
    shared: Sequence[str] = (),
    formats: Sequence[Enum] = ROW_FORMATS,
    format_note: str = "",
    group: typer.Typer = app,
    **settings: Any,
) -> Callable[[Function], Function]:
    """`@app.command` (or a `group`'s) with aseanct's help, and the `shared` options (of
    ORDER) added after the command's own parameters; the command receives them as `run: Run`."""

    def decorate(func: Function) -> Function:
        own = [
            p for p in inspect.signature(func, eval_str=True).parameters.values() if p.name != "run"
        ]
        added = []
        for key in (k for k in ORDER if k in shared):
            name, declared = (
                ("fmt", format_option(formats, format_note)) if key == "format" else SHARED[key]
            )
            default = getattr(Run, name)
            kind = bool if isinstance(default, bool) else str if default else str | None
            added.append(
                inspect.Parameter(
                    name,
                    inspect.Parameter.KEYWORD_ONLY,
                    default=default,
                    annotation=Annotated[kind, declared],
                )
            )
        names = {p.name for p in added}

        @functools.wraps(func)
        def wrapper(**values: Any) -> Any:
            chosen_values = {k: values.pop(k) for k in list(values) if k in names}
            return func(run=Run(**chosen_values), **values)

        parameters = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own] + added
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
    _store: Store | None = field(default=None, repr=False)

    @property
    def headers(self) -> bool:
        return not self.no_headers

    @property
    def styled(self) -> bool:
        """Colour stdout?"""
        return exits.color_enabled(self.color, sys.stdout)

    @property
    def laid_out(self) -> bool:
        """Lay stdout out for a terminal (its width, stacked labels, tables), coloured or
        not: on a terminal, or with `--color always`. NO_COLOR and TERM=dumb take the colour
        away, not the layout."""
        if self.color == "always":
            return True
        try:
            return sys.stdout.isatty()
        except (AttributeError, ValueError):
            return False

    @property
    def width(self) -> int:
        """The width of the terminal stdout is."""
        from aseanct.render.console import terminal_width

        return terminal_width(sys.stdout)

    @property
    def day(self) -> datetime.date:
        """`--as-of`, or today."""
        return parse_date(self.as_of)

    @property
    def listing_fields(self) -> bool:
        """`--fields ?`: list the fields instead of the data."""
        return self.fields is not None and self.fields.strip() == "?"

    def store(self) -> Store:
        """The data in use, asked once whether to cache; its warnings reach stderr at exit."""
        if self._store is None:
            from aseanct.store import Store

            if self.data_dir == "":
                raise UsageError("--data-dir is empty; give a directory, or leave the option out")
            path_given(self.data_dir, "--data-dir")
            self._store = Store(self.data_dir, use_cache=not self.no_cache)
            _OPENED.append(self._store)
        return self._store

    def registry(self) -> Registry:
        return self.store().registry()

    def emit(self, view: View[Any], items: Any, *, each: bool = False) -> None:
        """Draw `items` through `view` and write them; `--fields ?` lists the fields instead.
        With `each`, items are drawn and written one by one as they come."""
        from aseanct.render.output import emit, emit_each, select_fields

        if self.listing_fields:  # one per line
            write("".join(f"{name}\n" for name in view.fields))
            return
        draw = emit_each if each else emit
        laid_out = self.laid_out
        width = self.width if laid_out else 80
        drawn = draw(
            view,
            items,
            Format(self.fmt),
            fields=select_fields(view, self.fields),
            headers=self.headers,
            styled=laid_out,
            width=width,
        )
        for part in drawn if each else [drawn]:
            write(part, width, color=self.styled)


_OPENED: list[Store] = []


def say_store_warnings() -> None:
    """The warnings of the stores this invocation opened, once each."""
    while _OPENED:
        exits.say(_OPENED.pop().warnings)


def path_given(value: str | None, what: str) -> str | None:
    """A path from the command line, refused when it holds a NUL byte (no file system takes
    one; only a caller in-process can pass it)."""
    if value is not None and "\x00" in value:
        raise UsageError(f"{what} contains a NUL byte, which no path can")
    return value


def parse_date(value: str | None) -> datetime.date:
    """`--as-of`: YYYY, YYYY-MM or YYYY-MM-DD (a missing month or day is the first); today
    when not given."""
    from aseanct.model import earliest_day

    if value is None:
        return datetime.date.today()
    parts = value.split("-")
    try:
        if not 1 <= len(parts) <= 3 or len(parts[0]) != 4 or not all(p.isdigit() for p in parts):
            raise ValueError(value)
        return earliest_day(value)
    except ValueError:
        raise typer.BadParameter(
            f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)", param_hint="'--as-of'"
        ) from None


@contextlib.contextmanager
def writing_to(*targets: str) -> Iterator[None]:
    """A place on the command line that cannot be written (no such directory, no permission,
    a full disk) as one `error:` line and exit 2, not an internal error. The error names the
    target the failing file belongs to (a file is written aside as `TARGET.partial-PID`
    first), else the first."""
    import sqlite3

    try:
        yield
    except (OSError, sqlite3.Error) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        failed = str(getattr(error, "filename", None) or "")
        target = next((t for t in targets if failed.startswith(t + ".partial-")), targets[0])
        raise TargetError(
            f"cannot write {target!r}: {reason}",
            hint="give a path in a directory that exists and that you may write to",
        ) from None


def stdin_records(registry: Registry, missing: list[int]) -> Iterator[Record]:
    """The records the lines of stdin name; each line that names none is said on stderr
    with its number, and counted in `missing`."""
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
    """`--only SOMTC,ARF` -> ["SOMTC", "ARF"]; None when the option is not given."""
    return None if value is None else [v for v in value.split(",") if v.strip()]
