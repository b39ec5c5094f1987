"""The Typer app: each command parses its line, asks a query, and emits a view.

The format is chosen in one place (aseanct.render.output.emit); this module only writes what
emit returns. stdout carries data only; errors, hints and warnings go to stderr through
aseanct.lean.exits, the boundary every failure passes. Rich, the loader and the renderers are
imported inside the commands that use them, so a command pays only for what it needs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from aseanct import __version__
from aseanct.errors import (
    EXIT_INTERRUPTED,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
    Ambiguous,
    DataError,
    NotFound,
    UsageError,
)
from aseanct.formats import Color, GlossaryFormat, RowFormat, TreeFormat, chosen
from aseanct.lean import exits, store, terminal

if TYPE_CHECKING:  # at run time each command imports what it uses
    import datetime

    from aseanct.lean.stdout import Output
    from aseanct.lean.store import Store
    from aseanct.models import Record, Registry
    from aseanct.render.output import View

EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 not found or ambiguous; 2 usage error (bad option, value or "
    "argument); 3 invalid or unreadable data; 4 internal error (rerun with ASEANCT_DEBUG=1 "
    "for the traceback); 5 output could not be written (disk full, file size limit, I/O "
    "error); 130 interrupted; 141 output closed early (| head)."
)


class AseanctGroup(TyperGroup):
    """Typer's group, with errors reported as `error:` lines and aseanct's exit codes."""

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> NoReturn:
        def action() -> int:
            exits.prefer("auto")  # until a --color option says otherwise
            original = sys.stdout
            # Everything written to stdout while the command runs, Typer's help included,
            # goes through the one checked writer (aseanct.lean.stdout).
            sys.stdout = checked_stdout(original)
            try:
                result = super(AseanctGroup, self).main(
                    args=optional_values(sys.argv[1:] if args is None else list(args)),
                    prog_name=prog_name or "aseanct",
                    complete_var=complete_var,
                    standalone_mode=False,
                    **extra,
                )
            except typer.TyperException as error:  # Click's usage and parameter errors
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
    """A Click usage error as aseanct's `error:` and `hint:` lines."""
    context = getattr(error, "ctx", None)
    if type(error).__name__ == "NoArgsIsHelpError":
        # The help itself went to stdout (Typer's Rich help); its message is usually empty.
        message = error.format_message().rstrip("\n")
        return [message] if message.strip() else []
    lines = [f"error: {error.format_message()}"]
    if context is not None:
        lines.append(f"hint: {context.get_usage().strip()}")
        lines.append(f"hint: try '{context.command_path} --help' for help")
    return lines


APP_SETTINGS: dict[str, Any] = {
    "name": "aseanct",
    "cls": AseanctGroup,
    "help": (
        "A sourced reference to the ASEAN bodies, instruments and programmes that counter "
        "trafficking in persons and people smuggling."
    ),
    "epilog": EXIT_CODES_HELP,
    "no_args_is_help": True,
    # Markdown: docstrings wrap as paragraphs, and `code` is shown as code.
    "rich_markup_mode": "markdown",
    "pretty_exceptions_enable": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**APP_SETTINGS)


# --- shared options ---------------------------------------------------------------------------

FormatOption = Annotated[
    RowFormat,
    typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
]
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


def _prefer_color(value: Color) -> Color:
    """Messages on stderr follow --color as output does (see aseanct.exits.say)."""
    exits.prefer(value.value)
    return value


ColorOption = Annotated[
    Color,
    typer.Option(
        "--color",
        help="Style output and messages: auto (on a terminal, unless NO_COLOR or TERM=dumb), "
        "always, never.",
        case_sensitive=False,
        callback=_prefer_color,
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


def complete_term(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion of a TERM: acronyms and ids from the data, each with its full name."""
    from aseanct.lean.store import Store

    try:
        data_dir = ctx.params.get("data_dir") if ctx is not None else None
        return list(Store(data_dir).index().complete(incomplete))
    except Exception:  # completion must never print a traceback into the shell
        return []


def version_callback(value: bool) -> None:
    """`--version`: the program and data schema versions."""
    if value:
        from aseanct import SCHEMA_VERSION

        write(f"aseanct {__version__} (data schema {SCHEMA_VERSION})\n")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", help="Show the version and exit.", callback=version_callback, is_eager=True
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


def styled(color: Color) -> bool:
    """Style stdout?"""
    return terminal.color_enabled(color.value, sys.stdout)


def width() -> int:
    """The width of the terminal stdout is."""
    from aseanct.render.console import terminal_width

    return terminal_width(sys.stdout)


def open_store(data_dir: str | None, no_cache: bool) -> Store:
    """The data in use, asked once whether to cache; its warnings reach stderr at exit."""
    from aseanct.lean.store import Store

    if data_dir == "":
        raise UsageError("--data-dir is empty; give a directory, or leave the option out")
    opened = Store(data_dir, use_cache=not store.cache_disabled(no_cache))
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
    color: Color = Color.auto,
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

    from aseanct.models import earliest_day

    if value is None:
        return datetime.date.today()
    parts = value.split("-")
    try:
        if not 1 <= len(parts) <= 3 or len(parts[0]) != 4 or not all(p.isdigit() for p in parts):
            raise ValueError(value)
        return earliest_day(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None


# --- lookups ----------------------------------------------------------------------------------


@app.command(epilog="Example: aseanct expand SOMTC ACTIP  ·  cut -f1 terms.txt | aseanct expand -")
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
    fmt: FormatOption = RowFormat.text,
    color: ColorOption = Color.auto,
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Expand acronyms to full names, in input order; every meaning of an ambiguous one.

    An unknown term gets a message and suggestions on stderr (each distinct one once); the
    others are still answered, and the exit code is 1.
    """
    from aseanct.lean import batch

    index = open_store(data_dir, no_cache).index()
    missing = batch.run(
        terms,
        index=index,
        fmt=fmt.value,
        styled=styled(color),
        headers=not no_headers,
        stdin=getattr(sys.stdin, "buffer", None),
        stdout=stdout(),
        stderr=sys.stderr,
        err_styled=terminal.color_enabled(color.value, sys.stderr),  # as exits.say
    )
    if missing:
        raise typer.Exit(EXIT_NOT_FOUND)


@app.command(
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
    fmt: FormatOption = RowFormat.text,
    fields: FieldsOption = None,
    color: ColorOption = Color.auto,
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


@app.command(
    epilog='Example: aseanct search "senior officials"  ·  aseanct search smuggling --type terms'
)
def search(
    query: Annotated[
        str,
        typer.Argument(
            help="Words or a phrase.", metavar="QUERY", show_default=False, callback=typed_terms
        ),
    ],
    record_type: Annotated[
        Collection | None,
        typer.Option(
            "--type", "-t", help="Only this collection.", case_sensitive=False, show_default=False
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help="Only records of this kind (e.g. 'ministerial meeting').",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", min=1, help="At most this many results.", show_default=False),
    ] = None,
    fmt: FormatOption = RowFormat.text,
    fields: FieldsOption = None,
    color: ColorOption = Color.auto,
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Search names, aliases, acronyms, descriptions and facts; best matches first.

    Ranked: an exact acronym or id, then a full name, then a phrase in a name, then a phrase
    anywhere, then all the words anywhere. A full name finds its acronym.
    """
    from aseanct.lean.terms import shown
    from aseanct.models import COLLECTIONS
    from aseanct.queries import search as run_search
    from aseanct.render.records import search_view

    registry = open_store(data_dir, no_cache).registry()
    wanted = COLLECTIONS[record_type.value] if record_type else None
    view = search_view(registry, wanted)
    if fields is not None and fields.strip() == "?":
        emit_view(view, [], fmt, fields=fields)
        return
    hits = run_search(registry, query, record_type=wanted, kind=kind, limit=limit)
    if not hits:
        raise NotFound(f"nothing matches {shown(query)}", hint="try fewer words, or `aseanct list`")
    emit_view(view, hits, fmt, fields=fields, headers=not no_headers, color=color)


@app.command(
    name="list",
    epilog="Example: aseanct list bodies --pillar ASCC  ·  aseanct list -f csv > records.csv"
    "  ·  aseanct list bodies --country cambodia",
)
def list_(
    collection: Annotated[
        Collection | None,
        typer.Argument(
            help="bodies, programmes, terms, events, countries or sources "
            "(default: all but sources).",
            metavar="COLLECTION",
            case_sensitive=False,
            show_default=False,
        ),
    ] = None,
    pillar: Annotated[
        str | None,
        typer.Option(
            "--pillar",
            "-p",
            help="Only bodies of this pillar (APSC, ASCC, AEC).",
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
            show_default=False,
            callback=typed_terms,
        ),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(
            "--kind",
            "-k",
            help="Only records of this kind (e.g. 'commission').",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = RowFormat.text,
    fields: FieldsOption = None,
    color: ColorOption = Color.auto,
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """List records, one per line, in file order. An empty result is not an error."""
    from aseanct.models import COLLECTIONS
    from aseanct.queries import filter_records, resolve_choice
    from aseanct.render.records import listing_view

    registry = open_store(data_dir, no_cache).registry()
    wanted = COLLECTIONS[collection.value] if collection else None
    found = filter_records(
        registry,
        wanted,
        pillar=resolve_choice(registry, pillar, "--pillar", kind="community pillar"),
        country=resolve_choice(registry, country, "--country", record_type="country"),
        kind=kind,
    )
    if collection is None:
        found = [r for r in found if r.type != "source"]
    view = listing_view(registry, wanted)
    if not found and not (fields and fields.strip() == "?"):
        exits.say(["hint: no records match"])
    emit_view(view, found, fmt, fields=fields, headers=not no_headers, color=color)


@app.command(
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
    fmt: FormatOption = RowFormat.text,
    fields: FieldsOption = None,
    color: ColorOption = Color.auto,
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Print which states are party to an instrument and when each signed, ratified,
    deposited and was bound: a states-by-dates table.

    A step the sources state without a date says `unknown`; a member state no source records
    says `no record`: nothing is guessed.
    """
    from aseanct import queries
    from aseanct.render.parties import parties_view

    registry = open_store(data_dir, no_cache).registry()
    rows = queries.parties(registry, queries.resolve(registry, instrument))
    emit_view(parties_view(registry), rows, fmt, fields=fields, headers=not no_headers, color=color)


# --- views ------------------------------------------------------------------------------------


@app.command(
    epilog="Example: aseanct tree AMMTC  ·  aseanct tree SOMTC --ancestors"
    "  ·  aseanct tree -f mermaid"
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
        TreeFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = TreeFormat.text,
    fields: FieldsOption = None,
    color: ColorOption = Color.auto,
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Print the hierarchy: who sits under whom, with the year each body was set up.

    With no ROOT: ASEAN and its pillars and bodies, then the programmes, then the national
    and partner structures. Every filter applies to every format.
    """
    from aseanct import queries
    from aseanct.render.tree import placed, tree_view

    registry = open_store(data_dir, no_cache).registry()
    if ancestors and root is None:
        raise typer.BadParameter("--ancestors needs a ROOT", param_hint="'--ancestors'")
    if root is None:
        roots = queries.forest(registry, depth)
    else:
        record = queries.resolve(registry, root)
        if ancestors:
            roots = [queries.with_ancestors(registry, record, depth)]
        else:
            roots = [queries.subtree(registry, record, depth)]
    # Box drawing where stdout's encoding cannot take it would come out as escapes.
    from aseanct.lean.stdout import can_encode

    ascii_guides = ascii_guides or not can_encode("├──│└", stdout().encoding)
    view = tree_view(registry, ascii_guides=ascii_guides, rankdir="LR")
    emit_view(view, placed(roots), fmt, fields=fields, headers=not no_headers, color=color)


@app.command(epilog="Example: aseanct timeline programmes  ·  aseanct timeline events -f csv")
def timeline(
    which: Annotated[
        TimelineKind,
        typer.Argument(
            help="programmes, events or all.",
            metavar="programmes|events|all",
            case_sensitive=False,
        ),
    ] = TimelineKind.all,
    as_of: AsOfOption = None,
    fmt: FormatOption = RowFormat.text,
    fields: FieldsOption = None,
    color: ColorOption = Color.auto,
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Programmes and milestones in order. A programme running on --as-of is marked ongoing;
    one with no sourced dates (AIP) keeps its place and says so."""
    from aseanct import queries
    from aseanct.render.timeline import timeline_view

    when = parse_date(as_of)
    registry = open_store(data_dir, no_cache).registry()
    moments = queries.timeline(registry, which.value, when)
    emit_view(timeline_view(when), moments, fmt, fields=fields, headers=not no_headers, color=color)


# --- writers' tools ---------------------------------------------------------------------------

InputArgument = Annotated[
    str,
    typer.Argument(
        help="A UTF-8 text file, or `-` for stdin.", metavar="FILE|-", show_default=False
    ),
]


@app.command(
    epilog="Example: aseanct glossary report.md --format markdown"
    "  ·  aseanct glossary - < notes.txt"
)
def glossary(
    source: InputArgument = "-",
    unknown: Annotated[
        bool, typer.Option("--unknown", "-u", help="List unknown all-caps words on stderr.")
    ] = False,
    fmt: Annotated[
        GlossaryFormat, typer.Option("--format", "-f", help="Output format.", case_sensitive=False)
    ] = GlossaryFormat.text,
    fields: FieldsOption = None,
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """List every known acronym a text uses, in order of first use, with its full name.

    Matching is case-sensitive and whole-word; hyphenated acronyms match whole and the longest
    wins. An ambiguous acronym is listed with every meaning.
    """
    from aseanct.lean.writing import glossary_of
    from aseanct.render.glossary import glossary_view, meanings

    view = glossary_view()
    if fields is not None and fields.strip() == "?":
        emit_view(view, [], fmt, fields=fields)
        return
    index = open_store(data_dir, no_cache).index()
    entries, unknown_words, warnings = glossary_of(
        source, index=index, stdin=getattr(sys.stdin, "buffer", None)
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


@app.command(epilog="Example: aseanct annotate < draft.txt > out.txt")
def annotate(
    source: InputArgument = "-",
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Copy a text to stdout with each known acronym spelt out at first use: Full Name (ACR).

    Every other byte is unchanged. Acronyms already introduced that way are left alone, so
    running it twice changes nothing more; ambiguous acronyms are named on stderr instead.
    """
    from aseanct.lean import writing

    index = open_store(data_dir, no_cache).index()
    messages = writing.annotate(
        source, index=index, stdin=getattr(sys.stdin, "buffer", None), stdout=stdout()
    )
    exits.say(messages)


# --- the data ---------------------------------------------------------------------------------


@app.command(epilog="Example: aseanct info  ·  aseanct info -f json | jq .counts")
def info(
    fmt: FormatOption = RowFormat.text,
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Show the version, the data directory in use, the cache and record counts by type."""

    from aseanct import SCHEMA_VERSION
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


@app.command(epilog="Example: aseanct validate  ·  aseanct validate ./my-data")
def validate(
    directory: Annotated[
        str | None,
        typer.Argument(
            help="The data directory to check (default: the one in use).",
            metavar="DIR",
            show_default=False,
        ),
    ] = None,
    fmt: FormatOption = RowFormat.text,
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
    target = directory or store.data_dir(data_dir)
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


def app_for(args: list[str]) -> typer.Typer:
    """The app to run `args` with.

    Typer turns every command's parameters into Click objects before it parses anything,
    which here costs several milliseconds a command on every call. For `aseanct COMMAND ...`
    an app holding only that command (and the shared callback) behaves the same and builds
    one; help, --version, completion and unknown commands get the whole app.
    """
    if not args or args[0].startswith("-"):
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
