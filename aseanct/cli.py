"""The Typer app: each command parses its line, asks a query, and emits a view.

The format is chosen in one place (aseanct.render.output.emit); this module only writes what
emit returns. stdout carries data only; errors, hints and warnings go to stderr through
aseanct.lean.exits, the boundary every failure passes. Rich, the loader and the renderers are
imported inside the commands that use them, so a command pays only for what it needs.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, TypeVar

import typer
from typer.core import TyperCommand, TyperGroup

from aseanct.version import __version__
from aseanct.choices import Choice
from aseanct.errors import (
    EXIT_INTERRUPTED,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
    Ambiguous,
    DataError,
    NotFound,
    TargetError,
    UsageError,
)
from aseanct.formats import (
    CITE_FORMATS,
    GLOSSARY_FORMATS,
    ROW_FORMATS,
    TIMELINE_FORMATS,
    TREE_FORMATS,
    Color,
    RankDir,
    chosen,
)
from aseanct.lean import exits, terminal

if TYPE_CHECKING:  # at run time each command imports what it uses
    import datetime

    from aseanct.lean.stdout import Output
    from aseanct.model import Record, Registry
    from aseanct.store import Store
    from aseanct.render.output import View

EXIT_STATUS = [
    ("0", "success (an empty `list` is success)"),
    ("1", "not found: an unknown term, no search hit, an ambiguous term where one record is "
     "needed"),
    ("2", "usage error: a bad option, value or argument, or an unreadable input file"),
    ("3", "the data directory is missing, unreadable or invalid (`aseanct validate` lists why)"),
    ("4", "internal error: a bug; rerun with ASEANCT_DEBUG=1 to see the traceback"),
    ("5", "a program aseanct runs is missing or failed (Graphviz's dot, for `tree -f svg`)"),
    ("6", "the output could not be written: a full disk, a file size limit, an I/O error"),
    ("130", "interrupted (Ctrl-C)"),
    ("141", "standard output was closed before everything was written (`| head`)"),
]  # fmt: skip
"""Exit codes: a promise to scripts (aseanct.errors), in the help and the manual page."""

ENVIRONMENT = [
    ("ASEANCT_DATA_DIR", "use this data directory (`--data-dir` wins over it)"),
    (
        "ASEANCT_CACHE_DIR",
        "where the compiled cache lives (an absolute path; default $XDG_CACHE_HOME/aseanct, "
        "else ~/.cache/aseanct)",
    ),
    ("ASEANCT_NO_CACHE", "any value but empty or 0: read the YAML directly (as `--no-cache`)"),
    ("ASEANCT_DEBUG", "any value but empty or 0: show the traceback of an internal error"),
    ("NO_COLOR, FORCE_COLOR, TERM=dumb", "whether to style output on a terminal"),
    ("COLUMNS", "the width to draw at on a terminal"),
]
"""The environment variables aseanct reads, in the help and the manual page."""


class AseanctGroup(TyperGroup):
    """Typer's group, with errors reported as `error:` lines and aseanct's exit codes, and
    help that reads like a manual page."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(help_text(self, ctx))

    def get_usage(self, ctx: Any) -> str:
        from aseanct.render.help import usage_of

        return f"Usage: {usage_of(self, ctx)}"

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> NoReturn:
        line = sys.argv[1:] if args is None else list(args)
        if os.environ.get("_ASEANCT_COMPLETE") or {"--show-completion", "--install-completion"} & {
            a.split("=", 1)[0] for a in line
        }:
            from aseanct import completion

            completion.install()

        def action() -> int:
            exits.prefer("auto")  # until a --color option says otherwise
            original = sys.stdout
            # Everything written to stdout while the command runs, Typer's help included,
            # goes through the one checked writer (aseanct.lean.stdout).
            sys.stdout = checked_stdout(original)
            try:
                result = super(AseanctGroup, self).main(
                    args=optional_values(line),
                    prog_name=prog_name or "aseanct",
                    complete_var=complete_var,
                    standalone_mode=False,
                    **extra,
                )
            except typer.TyperException as error:  # Click's usage and parameter errors
                if type(error).__name__ == "NoArgsIsHelpError":  # bare `aseanct`: the help
                    write(error.format_message().rstrip("\n") + "\n")
                    return EXIT_USAGE
                exits.say(usage_lines(error))
                return int(getattr(error, "exit_code", EXIT_USAGE))
            except typer.Abort:  # end of input at a prompt (Typer turns Ctrl-C into Exit(130))
                exits.say(["error: aborted"])
                return EXIT_INTERRUPTED
            finally:
                sys.stdout = original
                say_store_warnings()
            return result if isinstance(result, int) else EXIT_OK

        sys.exit(exits.guard(action))


OPTIONAL_VALUES = {"--fields": "?"}
"""Options whose value may be left out, and what they then mean (`--fields` alone lists the
fields). Typer's options always take their value, so the command line is completed first."""


def optional_values(args: list[str]) -> list[str]:
    """`args` with the implied value after an optional-value option given without one: at
    the end, or before another option (but not after `--`, where options end)."""
    out: list[str] = []
    for position, arg in enumerate(args):
        out.append(arg)
        if arg == "--":
            return out + args[position + 1 :]
        following = args[position + 1] if position + 1 < len(args) else None
        if arg in OPTIONAL_VALUES and (
            following is None or (following.startswith("-") and following != "-")
        ):
            out.append(OPTIONAL_VALUES[arg])
    return out


def usage_lines(error: typer.TyperException) -> list[str]:
    """A Click usage error as aseanct's `error:` line, the usage and a `hint:` line."""
    context = getattr(error, "ctx", None)
    message = error.format_message().replace("Value error, ", "")
    lines = [f"error: {message}"]
    if context is not None:
        lines.append(context.get_usage().strip())
        lines.append(f"hint: try '{context.command_path} --help' for help")
    return lines


TOP_NOTE = "See `aseanct help COMMAND` for a command's help, and `man aseanct` for the manual."


def help_sections() -> list[tuple[str, list[Any]]]:
    """The exit status and environment sections of the top-level help and the manual."""
    from aseanct.render.help import Row

    return [
        ("Exit status", [Row(code, text) for code, text in EXIT_STATUS]),
        ("Environment", [Row(name, text) for name, text in ENVIRONMENT]),
    ]


def help_text(command: Any, ctx: Any) -> str:
    """A command's help for a terminal or a pipe (aseanct.render.help)."""
    from aseanct.render.console import terminal_width
    from aseanct.render.help import page_of, render_text

    group = hasattr(command, "commands")
    page = page_of(command, ctx, sections=help_sections() if group else ())
    if group:
        page.notes.append(TOP_NOTE)
    try:
        width = terminal_width(sys.stdout) if sys.stdout.isatty() else 80
    except (AttributeError, ValueError):
        width = 80
    return render_text(page, width=width, styled=terminal.color_enabled("auto", sys.stdout))


class AseanctCommand(TyperCommand):
    """Typer's command, with help that reads like a manual page (aseanct.render.help)."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(help_text(self, ctx))

    def get_usage(self, ctx: Any) -> str:
        from aseanct.render.help import usage_of

        return f"Usage: {usage_of(self, ctx)}"


APP_SETTINGS: dict[str, Any] = {
    "name": "aseanct",
    "cls": AseanctGroup,
    "help": (
        "A sourced reference to the ASEAN bodies, instruments and programmes that counter "
        "trafficking in persons and people smuggling.\n\n"
        "What an acronym stands for, who sits under whom, which programmes came before "
        "which, who is party to what, and where each fact comes from: every statement cites "
        "its own sources. Data goes to standard output, as text or as JSON, JSON lines, CSV "
        "or TSV (`--format`); errors and hints go to standard error."
    ),
    "no_args_is_help": True,
    # Help is aseanct's own (AseanctCommand, AseanctGroup): no Rich panels.
    "rich_markup_mode": None,
    "pretty_exceptions_enable": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**APP_SETTINGS)


CommandFunction = TypeVar("CommandFunction", bound=Callable[..., Any])


def command(**settings: Any) -> Callable[[CommandFunction], CommandFunction]:
    """`@app.command`, with aseanct's help."""
    decorator: Callable[[CommandFunction], CommandFunction] = app.command(
        cls=AseanctCommand, **settings
    )
    return decorator


# --- shared options ---------------------------------------------------------------------------


def _format_option(kind: Iterable[Enum], note: str = "") -> Any:
    """`--format` / `-f` FORMAT, checked against `kind`'s formats (`note` adds a word on
    some of them to the help)."""
    choice = Choice(kind, "--format")
    return typer.Option(
        "--format",
        "-f",
        help=f"Output format: {choice.listed()}" + (f" ({note})." if note else "."),
        metavar="FORMAT",
        callback=choice.callback,
        autocompletion=choice.complete,
    )


FormatOption = Annotated[str, _format_option(ROW_FORMATS)]
FieldsOption = Annotated[
    str | None,
    typer.Option(
        "--fields",
        help="Choose and order the keys (json, jsonl) or columns (csv, tsv, a text table), "
        "comma-separated; `--fields ?` lists them. `start` and `end` stand for start_date "
        "and end_date.",
        metavar="FIELD,...",
        show_default=False,
    ),
]


def typed_terms(value: Any) -> Any:
    """Terms as they were typed, in any locale: see aseanct.lean.terms.from_argv. (The lean
    path reads its terms the same way.)"""
    from aseanct.lean.terms import from_argv

    if isinstance(value, str):
        return from_argv(value)
    if isinstance(value, list):
        return [from_argv(v) if isinstance(v, str) else v for v in value]
    return value


# Messages on stderr follow --color as output does (see aseanct.exits.say).
COLOR = Choice(Color, "--color", then=exits.prefer)
ColorOption = Annotated[
    str,
    typer.Option(
        "--color",
        help="Style output and messages: auto (on a terminal, unless NO_COLOR or TERM=dumb), "
        "always or never.",
        metavar="WHEN",
        callback=COLOR.callback,
        autocompletion=COLOR.complete,
    ),
]
DataDirOption = Annotated[
    str | None,
    typer.Option(
        "--data-dir",
        help="Use the YAML in this directory instead of the packaged data "
        "(or set ASEANCT_DATA_DIR).",
        metavar="DIR",
        show_default=False,
    ),
]
NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache", help="Read the YAML directly; neither read nor write the cache."),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="The date taken as today, for programme status and the timeline "
        "(YYYY[-MM[-DD]]); default today.",
        metavar="DATE",
        show_default=False,
    ),
]
NoHeadersOption = Annotated[
    bool, typer.Option("--no-headers", help="Leave out the header row of csv and tsv.")
]


class Collection(str, Enum):
    """The record collections, as `list` and `search` name them."""

    bodies = "bodies"
    programmes = "programmes"
    terms = "terms"
    events = "events"
    countries = "countries"
    sources = "sources"


class TimelineKind(str, Enum):
    """What `timeline` shows."""

    programmes = "programmes"
    events = "events"
    all = "all"


COLLECTION = Choice(Collection, "COLLECTION")
TYPE_CHOICE = Choice(Collection, "--type")
TIMELINE_CHOICE = Choice(TimelineKind, "WHICH")
RANKDIR = Choice(RankDir, "--rankdir")


def complete_term(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of a TERM (see aseanct.completion)."""
    from aseanct.completion import complete_term as complete

    return complete(ctx, incomplete)


def version_callback(value: bool) -> None:
    """`--version`: the program and data schema versions."""
    if value:
        from aseanct.version import SCHEMA_VERSION

        write(f"aseanct {__version__} (data schema {SCHEMA_VERSION})\n")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Show the version and exit.",
            callback=version_callback,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """A sourced reference to the ASEAN bodies, instruments and programmes that counter
    trafficking in persons and people smuggling."""


# --- output ---------------------------------------------------------------------------------


def checked_stdout(original: Any) -> Any:
    """A stand-in for sys.stdout that writes through the one checked writer (unchanged when
    it already is one, or when the stream has no binary buffer to write to)."""
    from aseanct.lean.stdout import Output, TextOutput, encoding_of

    if isinstance(original, TextOutput) or getattr(original, "buffer", None) is None:
        return original
    original.flush()
    return TextOutput(Output(original.buffer, encoding_of(original)), original)


def stdout() -> Output:
    """The one writer of stdout (aseanct.lean.stdout): every write finished and checked."""
    from aseanct.lean.stdout import Output, TextOutput

    current = sys.stdout
    if isinstance(current, TextOutput):
        return current.output
    return Output(current.buffer)


@contextlib.contextmanager
def writing_to(*targets: str) -> Iterator[None]:
    """A place on the command line that cannot be written (no such directory, no
    permission, a full disk) as one `error:` line and exit 2, not an internal error. The
    error names the target the failing file belongs to (a file is written aside as
    `TARGET.partial-PID` first), else the first."""
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


def write(rendered: Any) -> None:
    """Write what a renderer returned to stdout, through the one writer: text as it is, a
    Rich renderable styled for the terminal."""
    out = stdout()
    if isinstance(rendered, str):
        out.text(rendered)
    else:
        from aseanct.render.console import render_to_text

        out.text(render_to_text(rendered, width=width(), encoding=out.encoding))
    out.flush()


def styled(color: str) -> bool:
    """Style stdout? (`color` is the --color choice: auto, always or never.)"""
    return terminal.color_enabled(color, sys.stdout)


def width() -> int:
    """The width of the terminal stdout is."""
    from aseanct.render.console import terminal_width

    return terminal_width(sys.stdout)


def path_given(value: str | None, what: str) -> str | None:
    """A path from the command line, refused when it holds a NUL byte (no file system takes
    one; only a caller in-process can pass it)."""
    if value is not None and "\x00" in value:
        raise UsageError(f"{what} contains a NUL byte, which no path can")
    return value


def open_store(data_dir: str | None, no_cache: bool) -> Store:
    """The data in use, asked once whether to cache; its warnings reach stderr at exit."""
    from aseanct.store import Store

    if data_dir == "":
        raise UsageError("--data-dir is empty; give a directory, or leave the option out")
    path_given(data_dir, "--data-dir")
    opened = Store(data_dir, use_cache=not no_cache)
    _opened.append(opened)
    return opened


_opened: list[Store] = []


def say_store_warnings() -> None:
    """The warnings of the stores this invocation opened, once each."""
    while _opened:
        exits.say(_opened.pop().warnings)


def emit_view(
    view: View[Any],
    items: Any,
    fmt: Any,
    *,
    fields: str | None = None,
    headers: bool = True,
    color: str = "auto",
    each: bool = False,
) -> None:
    """Draw `items` through `view` and write them; `--fields ?` lists the fields instead.
    With `each`, items are drawn and written one by one as they come."""
    from aseanct.render.output import emit, emit_each, field_list, select_fields

    if fields is not None and fields.strip() == "?":
        write(field_list(view))
        return
    draw = emit_each if each else emit
    drawn = draw(
        view,
        items,
        chosen(fmt),
        fields=select_fields(view, fields),
        headers=headers,
        styled=styled(color),
        width=width() if styled(color) else 80,
    )
    for part in drawn if each else [drawn]:
        write(part)


def resolve_stdin_line(
    registry: Registry, number: int, line: str | None, problem: str
) -> Record | None:
    """The record a line of stdin names, or None after saying why it names none."""
    from aseanct.queries import resolve

    if line is None:
        exits.say([f"error: stdin line {number} {problem}; skipped"])
        return None
    try:
        return resolve(registry, line)
    except (NotFound, Ambiguous) as error:
        lines = error.lines()
        exits.say([f"{lines[0]} (stdin line {number})", *lines[1:]])
        return None


def parse_date(value: str | None) -> datetime.date:
    """`--as-of`: YYYY, YYYY-MM or YYYY-MM-DD (a missing month or day is the first).

    Default: today."""
    import datetime

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


# --- lookups ----------------------------------------------------------------------------------


@command(epilog="Example: aseanct expand SOMTC ACTIP  ·  cut -f1 terms.txt | aseanct expand -")
def expand(
    terms: Annotated[
        list[str],
        typer.Argument(
            help="Acronyms, aliases or ids; `-` reads more from stdin, one per line.",
            metavar="TERM",
            autocompletion=complete_term,
            callback=typed_terms,
            show_default=False,
        ),
    ],
    fmt: FormatOption = "text",
    color: ColorOption = "auto",
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Expand acronyms to full names, in input order; every meaning of an ambiguous one.

    An unknown term gets a message and suggestions on stderr (each distinct one once); the
    others are still answered, and the exit code is 1.

    A large file given as stdin (`< FILE`, 1 MiB or more) is answered by several processes,
    with the same output as one; ASEANCT_JOBS sets how many (1: one).
    """
    from aseanct.lean import batch

    index = open_store(data_dir, no_cache).resolver()
    missing = batch.run(
        terms,
        index=index,
        fmt=fmt,
        styled=styled(color),
        headers=not no_headers,
        stdin=getattr(sys.stdin, "buffer", None),
        stdout=stdout(),
        stderr=sys.stderr,
        err_styled=terminal.color_enabled(color, sys.stderr),  # as exits.say
    )
    if missing:
        raise typer.Exit(EXIT_NOT_FOUND)


@command(
    epilog="Example: aseanct show ASEAN-ACT --sources  ·  aseanct show hsu-tip -f json"
    "  ·  printf 'somtc\\nammtc\\n' | aseanct show - -f jsonl"
)
def show(
    term: Annotated[
        str,
        typer.Argument(
            help="An acronym, alias, name or id; `-` reads them from stdin, one per line.",
            metavar="TERM",
            autocompletion=complete_term,
            callback=typed_terms,
            show_default=False,
        ),
    ],
    sources: Annotated[
        bool, typer.Option("--sources", "-s", help="Number each statement's sources after it.")
    ] = False,
    as_of: AsOfOption = None,
    fmt: FormatOption = "text",
    fields: FieldsOption = None,
    color: ColorOption = "auto",
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Show a whole record as a fact sheet: names, place in the hierarchy, dates, facts,
    links, events and numbered sources.

    An ambiguous term (HSU) lists the candidates' ids on stderr and exits 1; ids are always
    unambiguous. `show -` reads terms from stdin and streams a record for each (a sheet, a
    JSON line, a CSV row); unknown ones are reported with their line, and the exit code is 1.
    """
    from aseanct.queries import resolve
    from aseanct.render.records import show_view

    when = parse_date(as_of)
    registry = open_store(data_dir, no_cache).registry()
    view = show_view(registry, when, with_sources=sources, single=term != "-")
    if term != "-":
        emit_view(
            view, [resolve(registry, term)], fmt, fields=fields, headers=not no_headers, color=color
        )
        return
    from aseanct.lean.batch import read_terms

    missing = 0

    def found() -> Iterator[Record]:
        nonlocal missing
        for number, line, problem in read_terms(getattr(sys.stdin, "buffer", None)):
            record = resolve_stdin_line(registry, number, line, problem)
            if record is None:
                missing += 1
            else:
                yield record

    emit_view(view, found(), fmt, fields=fields, headers=not no_headers, color=color, each=True)
    if missing:
        raise typer.Exit(EXIT_NOT_FOUND)


@command(
    epilog="Example: aseanct search senior officials  ·  aseanct search smuggling --type terms"
)
def search(
    query: Annotated[
        list[str],
        typer.Argument(
            help="Words or a phrase; no quotes needed (aseanct search Bali Process).",
            metavar="WORD",
            show_default=False,
            callback=typed_terms,
        ),
    ],
    record_type: Annotated[
        str | None,
        typer.Option(
            "--type",
            "-t",
            help=f"Only this collection: {COLLECTION.listed()}.",
            metavar="COLLECTION",
            callback=TYPE_CHOICE.callback,
            autocompletion=TYPE_CHOICE.complete,
            show_default=False,
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help="Only records of this kind, or with it in their kind "
            "(e.g. 'ministerial meeting', 'meeting').",
            metavar="KIND",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=1,
            help="At most this many results.",
            metavar="N",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = "text",
    fields: FieldsOption = None,
    color: ColorOption = "auto",
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Search names, aliases, acronyms, descriptions and facts; best matches first.

    Ranked: an exact acronym or id, then a full name, then a phrase in a name, then a phrase
    anywhere, then all the words anywhere. A full name finds its acronym. Case, hyphens and
    punctuation do not matter, and a misspelt word is read as the closest word the data uses
    (a hint on stderr says so).
    """
    from aseanct.lean.terms import shown
    from aseanct.model import COLLECTIONS
    from aseanct.queries import resolve_kind, respell
    from aseanct.queries import search as run_search
    from aseanct.render.records import search_view

    registry = open_store(data_dir, no_cache).registry()
    wanted = COLLECTIONS[record_type] if record_type else None
    view = search_view(registry, wanted)
    if fields is not None and fields.strip() == "?":
        emit_view(view, [], fmt, fields=fields)
        return
    kind = resolve_kind(registry, kind, "--kind", wanted)
    words = " ".join(query)
    hits = run_search(registry, words, record_type=wanted, kind=kind, limit=limit)
    if not hits:
        fixed = respell(registry, words, record_type=wanted)
        if fixed is not None:
            hits = run_search(registry, fixed, record_type=wanted, kind=kind, limit=limit)
            if hits:
                exits.say([f"hint: nothing matches {shown(words)}; showing matches for {fixed!r}"])
    if not hits:
        raise NotFound(f"nothing matches {shown(words)}", hint="try fewer words, or `aseanct list`")
    emit_view(view, hits, fmt, fields=fields, headers=not no_headers, color=color)


@command(
    name="list",
    epilog="Example: aseanct list bodies --pillar ASCC  ·  aseanct list -f csv > records.csv"
    "  ·  aseanct list bodies --country cambodia",
)
def list_(
    collection: Annotated[
        str | None,
        typer.Argument(
            help=f"{COLLECTION.listed().capitalize()} (default: all but sources).",
            metavar="COLLECTION",
            callback=COLLECTION.callback,
            autocompletion=COLLECTION.complete,
            show_default=False,
        ),
    ] = None,
    pillar: Annotated[
        str | None,
        typer.Option(
            "--pillar",
            "-p",
            help="Only bodies of this pillar (APSC, ASCC, AEC).",
            metavar="PILLAR",
            show_default=False,
            callback=typed_terms,
        ),
    ] = None,
    country: Annotated[
        str | None,
        typer.Option(
            "--country",
            "-c",
            help="Only the national bodies of this country (a name or id).",
            metavar="COUNTRY",
            show_default=False,
            callback=typed_terms,
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help="Only records of this kind, or with it in their kind "
            "(e.g. 'commission', 'meeting').",
            metavar="KIND",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = "text",
    fields: FieldsOption = None,
    color: ColorOption = "auto",
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """List records, one per line, in file order. An empty result is not an error."""
    from aseanct.model import COLLECTIONS
    from aseanct.queries import filter_records, resolve_choice, resolve_kind
    from aseanct.render.records import listing_view

    registry = open_store(data_dir, no_cache).registry()
    wanted = COLLECTIONS[collection] if collection else None
    found = filter_records(
        registry,
        wanted,
        pillar=resolve_choice(registry, pillar, "--pillar", kind="community pillar"),
        country=resolve_choice(registry, country, "--country", record_type="country"),
        kind=resolve_kind(registry, kind, "--kind", wanted),
    )
    if collection is None:
        found = [r for r in found if r.type != "source"]
    view = listing_view(registry, wanted)
    if not found and not (fields and fields.strip() == "?"):
        exits.say(["hint: no records match"])
    emit_view(view, found, fmt, fields=fields, headers=not no_headers, color=color)


@command(
    epilog="Example: aseanct parties ACTIP  ·  aseanct parties ACTIP -f csv"
    "  ·  aseanct parties actip --fields name,deposited"
)
def parties(
    instrument: Annotated[
        str,
        typer.Argument(
            help="An instrument with a table of parties (ACTIP, UNTOC...).",
            metavar="INSTRUMENT",
            autocompletion=complete_term,
            callback=typed_terms,
            show_default=False,
        ),
    ],
    fmt: FormatOption = "text",
    fields: FieldsOption = None,
    color: ColorOption = "auto",
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Print which states are party to an instrument and when each signed, ratified,
    deposited and was bound: a states-by-dates table.

    A step the sources state without a date says `unknown`; a member state no source records
    says `no record`: nothing is guessed.
    """
    from aseanct.queries import resolve
    from aseanct.render.parties import parties_view
    from aseanct.treaties import parties as table

    registry = open_store(data_dir, no_cache).registry()
    rows = table(registry, resolve(registry, instrument))
    emit_view(parties_view(registry), rows, fmt, fields=fields, headers=not no_headers, color=color)


@command(
    epilog='Example: aseanct cite ASEAN-ACT --style apa  ·  aseanct cite "HSU on People Smuggling"'
    " -f bibtex > hsu.bib  ·  aseanct cite asean-act --fact 8 -f ris"
)
def cite(
    terms: Annotated[
        list[str],
        typer.Argument(
            help="Records whose sources to cite (acronyms, names, ids; a source's id cites it); "
            "`-` reads them from stdin, one per line.",
            metavar="TERM",
            autocompletion=complete_term,
            show_default=False,
        ),
    ],
    fact: Annotated[
        int | None,
        typer.Option(
            "--fact",
            min=1,
            help="Only the sources of statement N, as `show TERM --sources` numbers them "
            "(one TERM).",
            metavar="N",
            show_default=False,
        ),
    ] = None,
    style: Annotated[
        str,
        typer.Option(
            "--style",
            help="The citation style of text and markdown: apa, chicago (author-date), "
            "harvard (Cite Them Right), or the path of a .csl file.",
            metavar="STYLE",
        ),
    ] = "apa",
    fmt: Annotated[
        str, _format_option(CITE_FORMATS, "markdown: references with the style's italics")
    ] = "text",
    fields: FieldsOption = None,
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Cite the sources behind records: references to paste (APA, Chicago, Harvard) or to
    import into a reference manager (BibTeX for biblatex, RIS, CSL-JSON).

    Each source is cited once, under its id as key (stable across runs). A source read on a
    copy is cited as the publisher's page, with the copy in the note. Of several terms, an
    unknown one is reported on stderr and the others are cited (exit 1), as `expand` does.
    """
    from aseanct.queries import resolve
    from aseanct.render.cite import cite_view, collect, style_file

    style_file(style)  # an unknown style is a usage error before any work
    view = cite_view(style)
    if fields is not None and fields.strip() == "?":
        emit_view(view, [], fmt, fields=fields)
        return
    if fact is not None and (len(terms) != 1 or terms == ["-"]):
        raise UsageError("--fact cites one statement of one record: give exactly one TERM")
    registry = open_store(data_dir, no_cache).registry()
    missing = 0
    records: list[Record] = []
    for term in terms:
        if term != "-" and (fact is not None or len(terms) == 1):
            records.append(resolve(registry, term))  # one term: its error is the answer
            continue
        if term != "-":
            try:
                records.append(resolve(registry, term))
            except (NotFound, Ambiguous) as error:
                exits.say(error.lines())  # the others are still cited; the exit code is 1
                missing += 1
            continue
        from aseanct.lean.batch import read_terms

        for number, line, problem in read_terms(getattr(sys.stdin, "buffer", None)):
            record = resolve_stdin_line(registry, number, line, problem)
            if record is None:
                missing += 1
            else:
                records.append(record)
    emit_view(view, collect(registry, records, fact), fmt, fields=fields, headers=not no_headers)
    if missing:
        raise typer.Exit(EXIT_NOT_FOUND)


# --- views ------------------------------------------------------------------------------------


@command(
    epilog="Example: aseanct tree AMMTC  ·  aseanct tree SOMTC --ancestors"
    "  ·  aseanct tree -f mermaid  ·  aseanct tree AMMTC -f svg > ammtc.svg"
)
def tree(
    root: Annotated[
        str | None,
        typer.Argument(
            help="Start here (acronym, name or id); default: the whole hierarchy.",
            metavar="ROOT",
            autocompletion=complete_term,
            callback=typed_terms,
            show_default=False,
        ),
    ] = None,
    depth: Annotated[
        int | None,
        typer.Option(
            "--depth",
            "-d",
            min=0,
            help="Levels below the root (0: the root alone).",
            metavar="N",
            show_default=False,
        ),
    ] = None,
    ancestors: Annotated[
        bool, typer.Option("--ancestors", "-a", help="Show the chain from the top down to ROOT.")
    ] = False,
    ascii_guides: Annotated[
        bool, typer.Option("--ascii", help="ASCII guides instead of box drawing.")
    ] = False,
    fmt: Annotated[
        str,
        _format_option(TREE_FORMATS, "svg is drawn by Graphviz's dot, which must be installed"),
    ] = "text",
    rankdir: Annotated[
        str,
        typer.Option(
            "--rankdir",
            help="Direction of the dot and svg pictures: TB top-down, LR left to right.",
            metavar="TB|LR",
            callback=RANKDIR.callback,
            autocompletion=RANKDIR.complete,
        ),
    ] = "tb",
    fields: FieldsOption = None,
    color: ColorOption = "auto",
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Print the hierarchy: who sits under whom, with the year each body was set up.

    With no ROOT: ASEAN and its pillars and bodies, then the programmes, then the national
    and partner structures. Every filter applies to every format.
    """
    from aseanct import hierarchy, queries
    from aseanct.render.tree import placed, tree_view

    registry = open_store(data_dir, no_cache).registry()
    if ancestors and root is None:
        raise typer.BadParameter("--ancestors needs a ROOT", param_hint="'--ancestors'")
    if root is None:
        roots = hierarchy.forest(registry, depth)
    else:
        record = queries.resolve(registry, root)
        if ancestors:
            roots = [hierarchy.with_ancestors(registry, record, depth)]
        else:
            roots = [hierarchy.subtree(registry, record, depth)]
    # Box drawing where stdout's encoding cannot take it would come out as escapes.
    from aseanct.lean.stdout import can_encode

    ascii_guides = ascii_guides or not can_encode("├──│└", stdout().encoding)
    view = tree_view(registry, ascii_guides=ascii_guides, rankdir=rankdir.upper())
    emit_view(view, placed(roots), fmt, fields=fields, headers=not no_headers, color=color)


@command(
    epilog="Example: aseanct timeline programmes  ·  aseanct timeline events -f csv"
    "  ·  aseanct timeline programmes -f svg > timeline.svg"
)
def timeline(
    which: Annotated[
        str,
        typer.Argument(
            help="What to show: programmes, events or all.",
            metavar="WHICH",
            callback=TIMELINE_CHOICE.callback,
            autocompletion=TIMELINE_CHOICE.complete,
        ),
    ] = "all",
    as_of: AsOfOption = None,
    fmt: Annotated[
        str,
        _format_option(
            TIMELINE_FORMATS, "svg: a chart for slides and pages; mermaid: a gantt chart"
        ),
    ] = "text",
    fields: FieldsOption = None,
    color: ColorOption = "auto",
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Programmes and milestones in order. A programme running on --as-of is marked ongoing;
    one with no sourced dates (AIP) keeps its place and says so."""
    from aseanct import hierarchy
    from aseanct.render.timeline import timeline_view

    when = parse_date(as_of)
    registry = open_store(data_dir, no_cache).registry()
    moments = hierarchy.timeline(registry, which, when)
    view = timeline_view(when, which=which)
    emit_view(view, moments, fmt, fields=fields, headers=not no_headers, color=color)


# --- writers' tools ---------------------------------------------------------------------------

InputArgument = Annotated[
    str,
    typer.Argument(
        help="A UTF-8 text file, or `-` for stdin.", metavar="FILE|-", show_default=False
    ),
]


def _listed(value: str | None) -> list[str] | None:
    """`--only SOMTC,ARF` -> ["SOMTC", "ARF"]; None when the option is not given."""
    return None if value is None else [v for v in value.split(",") if v.strip()]


def _reading(markdown: bool, plain: bool) -> str:
    """How to read the text's structure: auto, markdown or plain."""
    if markdown and plain:
        raise UsageError("--markdown and --plain cannot both be given")
    return "markdown" if markdown else "plain" if plain else "auto"


MarkdownOption = Annotated[
    bool,
    typer.Option(
        "--markdown",
        help="Read the text as Markdown from its first line (default for *.md files, and for "
        "any text from its first line that only Markdown writes).",
    ),
]
PlainOption = Annotated[
    bool,
    typer.Option(
        "--plain", help="Read the text as plain prose: only URLs and e-mail addresses are kept."
    ),
]
OnlyOption = Annotated[
    str | None,
    typer.Option(
        "--only",
        help="Only these acronyms, comma-separated.",
        metavar="ACRONYM,...",
        show_default=False,
    ),
]
SkipOption = Annotated[
    str | None,
    typer.Option(
        "--skip",
        help="Leave these acronyms out, comma-separated.",
        metavar="ACRONYM,...",
        show_default=False,
    ),
]


@command(
    epilog="Example: aseanct glossary report.md --format markdown"
    "  ·  aseanct glossary - < notes.txt"
)
def glossary(
    source: InputArgument = "-",
    unknown: Annotated[
        bool, typer.Option("--unknown", "-u", help="List unknown all-caps words on stderr.")
    ] = False,
    only: OnlyOption = None,
    skip: SkipOption = None,
    markdown: MarkdownOption = False,
    plain: PlainOption = False,
    fmt: Annotated[str, _format_option(GLOSSARY_FORMATS)] = "text",
    fields: FieldsOption = None,
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """List every known acronym a text uses, in order of first use, with its full name.

    Matching is case-sensitive and whole-word; hyphenated acronyms match whole and the longest
    wins. An ambiguous acronym is listed with every meaning. Only prose counts: code, URLs,
    link targets and HTML tags are not read. An acronym the text defines in its own words
    ("the act of trafficking (ACT)") is listed with that definition, marked as the author's;
    one with a well-known meaning outside this field is flagged.
    """
    from aseanct.lean.writing import glossary_of
    from aseanct.render.glossary import glossary_view, meanings

    path_given(source, "FILE")
    view = glossary_view()
    if fields is not None and fields.strip() == "?":
        emit_view(view, [], fmt, fields=fields)
        return
    mode = _reading(markdown, plain)
    index = open_store(data_dir, no_cache).resolver()
    entries, unknown_words, warnings = glossary_of(
        source,
        index=index,
        stdin=getattr(sys.stdin, "buffer", None),
        mode=mode,
        only=_listed(only),
        skip=_listed(skip) or (),
    )
    exits.say(warnings)
    if unknown:
        exits.say(
            [
                f"hint: unknown all-caps word {word} (first at line {first}, {times}x)"
                for word, (first, times) in sorted(unknown_words.items(), key=lambda kv: kv[1][0])
            ]
        )
    emit_view(view, meanings(entries), fmt, fields=fields, headers=not no_headers)


@command(
    epilog="Example: aseanct annotate < draft.txt > out.txt"
    "  ·  aseanct annotate briefing.md --explain  ·  aseanct annotate notes.txt --expand ACT"
)
def annotate(
    source: InputArgument = "-",
    only: OnlyOption = None,
    skip: SkipOption = None,
    expand: Annotated[
        str | None,
        typer.Option(
            "--expand",
            help="Spell these out even though they have a well-known meaning outside this "
            "field (ACT, APA), comma-separated.",
            metavar="ACRONYM,...",
            show_default=False,
        ),
    ] = None,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Say on stderr why each acronym left alone was left alone."),
    ] = False,
    markdown: MarkdownOption = False,
    plain: PlainOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Copy a text to stdout with each known acronym spelt out at first use: Full Name (ACR).

    Every other byte is unchanged. Only prose is rewritten: headings, code (fenced, indented,
    inline), URLs, link targets and HTML tags are left alone. An acronym the text already
    introduces, as "Full Name (ACR)" or in its own words ("the act of trafficking (ACT)"), is
    left alone, so running it twice changes nothing more. Ambiguous acronyms, and those with a
    well-known meaning outside this field (ACT: Australian Capital Territory), are named on
    stderr instead.
    """
    from aseanct.lean import writing

    path_given(source, "FILE")
    mode = _reading(markdown, plain)
    index = open_store(data_dir, no_cache).resolver()
    messages = writing.annotate(
        source,
        index=index,
        stdin=getattr(sys.stdin, "buffer", None),
        stdout=stdout(),
        mode=mode,
        only=_listed(only),
        skip=_listed(skip) or (),
        expand=_listed(expand) or (),
        explain=explain,
    )
    exits.say(messages)


# --- the data ---------------------------------------------------------------------------------


@command(epilog="Example: aseanct info  ·  aseanct info -f json | jq .counts")
def info(
    fmt: FormatOption = "text",
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Show the version, the data directory in use, the cache and record counts by type."""

    from aseanct.version import SCHEMA_VERSION
    from aseanct.lean.terms import sanitize
    from aseanct.render.report import INFO_COUNTED, info_pairs, info_view

    opened = open_store(data_dir, no_cache)
    registry = opened.registry()
    counts = {t: len(registry.of_type(t)) for t in INFO_COUNTED}
    cache = opened.describe()
    document = {
        "version": __version__,
        "schema_version": SCHEMA_VERSION,
        # Paths are shown as validate and every message shows them (control characters,
        # bidi controls and undecodable bytes escaped), so JSON and CSV stay valid UTF-8.
        "data_dir": sanitize(os.path.abspath(opened.directory)),
        "data_dir_from": opened.origin,
        "cache": {
            "path": sanitize(cache["path"]) if cache["path"] else None,
            "state": sanitize(cache["state"]),
        },
        "counts": counts,
        "total": sum(counts.values()),
    }
    emit_view(info_view(document), info_pairs(document), fmt, headers=not no_headers)


class ExportKind(str, Enum):
    """What `export` writes: a database, or a folder of files (not an output format: the
    tables go to files, and stdout only names them)."""

    sqlite = "sqlite"
    jsonl = "jsonl"
    csv = "csv"


EXPORT_KIND = Choice(ExportKind, "KIND")


@command(
    epilog="Example: aseanct export sqlite aseanct.db && datasette aseanct.db -m metadata.json"
    "  ·  aseanct export csv tables/"
)
def export(
    kind: Annotated[
        str,
        typer.Argument(
            help="sqlite (a database for Datasette), jsonl or csv (a file per table).",
            metavar="KIND",
            callback=EXPORT_KIND.callback,
            autocompletion=EXPORT_KIND.complete,
            show_default=False,
        ),
    ],
    target: Annotated[
        str,
        typer.Argument(
            help="The database file (sqlite) or the directory for the files (jsonl, csv).",
            metavar="FILE|DIR",
            show_default=False,
        ),
    ],
    metadata: Annotated[
        str | None,
        typer.Option(
            "--metadata",
            help="Where the Datasette metadata goes (sqlite; default: metadata.json beside "
            "FILE). `--metadata ''` writes none.",
            metavar="FILE",
            show_default=False,
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace files that already exist.")
    ] = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Export the whole knowledge base as tables: records, sources, links, statements, their
    citations (which source states which statement), parties and members.

    `sqlite` builds a database with foreign keys and full-text search, ready for `datasette
    FILE`, with a metadata.json describing every table and column. `jsonl` and `csv` write one
    file per table into DIR (created if needed), for scripts and spreadsheets. The paths
    written go to stdout, one per line; nothing is replaced without --force.
    """
    from aseanct import export as exporting

    if not target:
        raise UsageError("the target is empty; give a file or a directory")
    path_given(target, "FILE|DIR")
    path_given(metadata, "--metadata")
    if metadata and kind != "sqlite":
        raise UsageError(
            f"--metadata is for `export sqlite` (Datasette); {kind} writes no metadata"
        )
    opened = open_store(data_dir, no_cache)
    registry = opened.registry()
    if kind == "sqlite":
        meta = (
            os.path.join(os.path.dirname(target), "metadata.json") if metadata is None else metadata
        )
        if os.path.isdir(target):
            raise UsageError(f"{target!r} is a directory; give the database file's path")
        if meta and os.path.isdir(meta):
            raise UsageError(f"--metadata {meta!r} is a directory; give the file's path")
        if meta and os.path.realpath(meta) == os.path.realpath(target):
            raise UsageError(
                f"--metadata {meta!r} is the database file itself",
                hint="give the metadata another path, or --metadata '' for none",
            )
        planned = [target, meta] if meta else [target]
        _refuse_to_replace(
            planned,
            force,
            also={meta: "or --metadata FILE to write it elsewhere, --metadata '' for none"}
            if metadata is None
            else {},
        )
        with writing_to(*planned):
            written, rows = exporting.write_database(
                target, meta, opened.db, registry, version=__version__
            )
    else:
        if os.path.exists(target) and not os.path.isdir(target):
            raise UsageError(f"{target!r} is a file; give a directory for the {kind} files")
        names = [t.name for t in exporting.tables()]
        _refuse_to_replace([os.path.join(target, f"{name}.{kind}") for name in names], force)
        with writing_to(target):
            written, rows = exporting.write_lines(target, opened.db, registry, kind)
    write("".join(f"{path}\n" for path in written))
    summary = ", ".join(f"{n:,} {name}" for name, n in rows.items())
    exits.say([f"hint: wrote {summary}"])
    if kind == "sqlite":
        import shlex

        serve = f"datasette {shlex.quote(target)}" + (f" -m {shlex.quote(meta)}" if meta else "")
        exits.say([f"hint: browse it with: {serve}"])


def _refuse_to_replace(paths: list[str], force: bool, also: dict[str, str] | None = None) -> None:
    """A usage error naming the first path that exists, unless --force; `also` adds another
    way out for a path (a default one the user did not choose)."""
    existing = [p for p in paths if os.path.lexists(p)]
    if existing and not force:
        other = (also or {}).get(existing[0])
        raise UsageError(
            f"{existing[0]!r} already exists",
            hint="add --force to replace it" + (f", {other}" if other else ""),
        )


@command(
    epilog="Example: aseanct site ./aseanct-site  ·  aseanct site public --base-url "
    "https://example.org/aseanct/  ·  aseanct site /tmp/s --serve"
)
def site(
    directory: Annotated[
        str,
        typer.Argument(
            help="Where to write the site: a new or empty directory, or an earlier site.",
            metavar="DIR",
            show_default=False,
        ),
    ],
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="The address the site will be served from (for canonical links and a "
            "sitemap); the pages link each other relatively either way.",
            metavar="URL",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    serve: Annotated[
        bool, typer.Option("--serve", help="Then serve it on 127.0.0.1 until Ctrl-C.")
    ] = False,
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="The port for --serve.")
    ] = 8000,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Write the reference as a static web site: a search page, a page per record with its
    numbered sources, the hierarchy, the timeline, the parties, the sources and an about
    page.

    It works from a USB stick (open DIR/index.html), with no network, or from any static
    host. The same data gives the same bytes. A page per record and the search need no
    server; search is the only part that needs JavaScript.
    """
    from aseanct.web import build

    if not directory:
        raise UsageError("DIR is empty; give the directory for the site")
    path_given(directory, "DIR")
    when = parse_date(as_of) if as_of else None
    base = build.normalise_base_url(base_url)
    opened = open_store(data_dir, no_cache)
    data = os.path.realpath(opened.directory)
    place = os.path.realpath(directory)
    if data == place or data.startswith(os.path.join(place, "")):
        raise UsageError(
            f"{directory!r} holds the data directory in use ({opened.directory})",
            hint="give the site a directory of its own",
        )
    registry = opened.registry()
    if when is None:
        from aseanct.web.pages import data_date

        when = parse_date(data_date(registry) or None)
    with writing_to(directory):
        written = build.write(registry, directory, as_of=when, base_url=base)
    pages_written = sum(path.endswith(".html") for path in written)
    exits.say([f"hint: wrote {pages_written:,} pages to {directory}"])
    if not serve:
        write(os.path.join(directory, "index.html") + "\n")
        return
    try:
        build.serve(
            directory,
            port,
            ready=lambda: exits.say([f"hint: serving http://127.0.0.1:{port}/ (Ctrl-C stops)"]),
        )
    except OSError as error:
        raise UsageError(f"cannot serve on 127.0.0.1:{port}: {error.strerror}") from None
    except KeyboardInterrupt:
        return


@command(epilog="Example: aseanct validate  ·  aseanct validate ./my-data")
def validate(
    directory: Annotated[
        str | None,
        typer.Argument(
            help="The data directory to check (default: the one in use).",
            metavar="DIR",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = "text",
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Check a data directory: YAML syntax, fields and types, unique ids, links and their
    relations, cycles, dates and their order, and every statement's sources. Problems go to
    stderr as FILE:LINE: path: message; exit 3 if any."""
    from aseanct.loader import data_files, read_data_dir, shown_path
    from aseanct.render.report import validation_view

    if data_dir == "" or directory == "":
        raise UsageError("the data directory is empty; give a directory, or leave it out")
    path_given(directory, "DIR")
    path_given(data_dir, "--data-dir")
    from aseanct.datadir import data_dir as data_dir_in_use

    target = directory or data_dir_in_use(data_dir)
    report: dict[str, Any] = {
        "data_dir": shown_path(target),
        "valid": True,
        "files": [],
        "records": 0,
    }
    try:
        plain = read_data_dir(target)
    except DataError as error:
        report["valid"] = False
        report["problems"] = [
            {"file": p.file, "line": p.line or None, "path": p.path or None, "message": p.message}
            for p in error.problems
        ]
        emit_view(validation_view(report), report["problems"], fmt, headers=not no_headers)
        raise  # and every problem, as FILE:LINE: path: message, on stderr
    report["files"] = [shown_path(f.rsplit("/", 1)[-1]) for f in data_files(target)]
    report["records"] = len(plain)
    report["problems"] = []
    emit_view(validation_view(report), [], fmt, headers=not no_headers)


@command(name="help", epilog="Example: aseanct help list  ·  aseanct help")
def help_(
    ctx: typer.Context,
    name: Annotated[
        str | None,
        typer.Argument(
            help="The command to explain; none for the list of commands.",
            metavar="COMMAND",
            autocompletion=lambda incomplete: [
                c for c in COMMAND_NAMES if c.startswith(incomplete.casefold())
            ],
            show_default=False,
        ),
    ] = None,
) -> None:
    """Show the help of a command, as `aseanct COMMAND --help` does; with no COMMAND, the
    list of commands."""
    top = ctx.parent if ctx.parent is not None else ctx
    group = top.command
    if name is None:
        write(group.get_help(top) + "\n")
        return
    wanted = group.get_command(top, name) if hasattr(group, "get_command") else None
    if wanted is None:
        import difflib

        from aseanct.lean.terms import shown

        close = difflib.get_close_matches(name, COMMAND_NAMES, n=1)
        guess = f" (did you mean {close[0]}?)" if close else ""
        raise UsageError(
            f"no command {shown(name)}{guess}", hint="`aseanct help` lists the commands"
        )
    with wanted.make_context(name, [], parent=top, resilient_parsing=True) as sub:
        write(wanted.get_help(sub) + "\n")


COMMAND_NAMES = [
    c.name or (c.callback.__name__.rstrip("_") if c.callback else "")
    for c in app.registered_commands
]
"""Every command's name, as typed."""


def app_for(args: list[str]) -> typer.Typer:
    """The app to run `args` with.

    Typer turns every command's parameters into Click objects before it parses anything,
    which here costs several milliseconds a command on every call. For `aseanct COMMAND ...`
    an app holding only that command (and the shared callback) behaves the same and builds
    one; help, --version, completion and unknown commands get the whole app.
    """
    if not args or args[0].startswith("-") or args[0] == "help":
        return app
    for command in app.registered_commands:
        name = command.name or (command.callback.__name__ if command.callback else "")
        if name.replace("_", "-") == args[0]:
            single = typer.Typer(**APP_SETTINGS)
            single.registered_callback = app.registered_callback
            single.registered_commands = [command]
            return single
    return app


def run(args: list[str]) -> int:
    """Run the Typer app on `args`; returns the exit code (used by aseanct.__main__)."""
    try:
        app_for(args)(args=args, prog_name="aseanct")
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_NOT_FOUND)
    return EXIT_OK
