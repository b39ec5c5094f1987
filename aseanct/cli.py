"""The Typer app: parses a command line, calls queries, picks a renderer and writes.

stdout carries data only; errors, hints and warnings go to stderr through aseanct.exits, the
boundary every failure passes. Rich and the loader are imported inside the commands that use
them, so a command pays only for what it needs.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup

from aseanct import __version__, cache, exits, terminal
from aseanct.errors import (
    EXIT_DATA,
    EXIT_INTERRUPTED,
    EXIT_NOT_FOUND,
    EXIT_OK,
    EXIT_USAGE,
    DataError,
    NotFound,
    PipeClosed,
)
from aseanct.formats import Color, Format, GlossaryFormat, TreeFormat

if TYPE_CHECKING:  # at run time each command imports what it uses
    import datetime

    from aseanct.models import Registry

EXIT_CODES_HELP = (
    "Exit codes: 0 success; 1 not found or ambiguous; 2 usage error (bad option, value or "
    "argument); 3 invalid or unreadable data; 4 internal error (rerun with ASEANCT_DEBUG=1 "
    "for the traceback); 130 interrupted; 141 output closed early (| head)."
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
            try:
                result = super(AseanctGroup, self).main(
                    args=args,
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
            return result if isinstance(result, int) else EXIT_OK

        sys.exit(exits.guard(action))


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
    Format,
    typer.Option("--format", "-f", help="Output format.", case_sensitive=False),
]


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
    from aseanct.index import TermIndex

    try:
        data_dir = ctx.params.get("data_dir") if ctx is not None else None
        index = TermIndex.open(data_dir)
        return list(index.complete(incomplete))
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


# --- output -----------------------------------------------------------------------------------


@contextlib.contextmanager
def output() -> Iterator[None]:
    """Turn a closed stdout into PipeClosed, which exits quietly."""
    try:
        yield
    except BrokenPipeError:
        raise PipeClosed() from None


def write(text: str) -> None:
    """Write text to stdout."""
    with output():
        sys.stdout.write(text)
        sys.stdout.flush()


def write_rich(renderable: Any) -> None:
    """Write a Rich renderable to stdout, styled for a terminal."""
    from aseanct.render.console import make_console

    with output():
        make_console(sys.stdout).print(renderable)
        sys.stdout.flush()


def styled(color: Color) -> bool:
    """Style stdout?"""
    return terminal.color_enabled(color.value, sys.stdout)


def load(data_dir: str | None, no_cache: bool) -> Registry:
    """The Registry of the data in use."""
    from aseanct.loader import load as load_registry

    return load_registry(data_dir, use_cache=not cache.cache_disabled(no_cache))


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
            show_default=False,
        ),
    ],
    fmt: FormatOption = Format.text,
    color: ColorOption = Color.auto,
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Expand acronyms to full names, in input order; every meaning of an ambiguous one.

    An unknown term gets a message and suggestions on stderr (each distinct one once); the
    others are still answered, and the exit code is 1.
    """
    from aseanct import batch
    from aseanct.index import TermIndex

    index = TermIndex.open(data_dir, use_cache=not cache.cache_disabled(no_cache))
    sys.stdout.flush()
    with output():
        missing = batch.run(
            terms,
            index=index,
            fmt=fmt.value,
            styled=fmt is Format.text and styled(color),
            headers=not no_headers,
            stdin=getattr(sys.stdin, "buffer", None),
            stdout=sys.stdout.buffer,
            stderr=sys.stderr,
            err_styled=terminal.color_enabled(color.value, sys.stderr),  # as exits.say
        )
    if missing:
        raise typer.Exit(EXIT_NOT_FOUND)


@app.command(epilog="Example: aseanct show ASEAN-ACT --sources  ·  aseanct show hsu-tip -f json")
def show(
    term: Annotated[
        str,
        typer.Argument(
            help="An acronym, alias, name or id.",
            metavar="TERM",
            autocompletion=complete_term,
            show_default=False,
        ),
    ],
    sources: Annotated[
        bool, typer.Option("--sources", "-s", help="Number each fact's sources after it.")
    ] = False,
    as_of: AsOfOption = None,
    fmt: FormatOption = Format.text,
    color: ColorOption = Color.auto,
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Show a whole record as a fact sheet: names, place in the hierarchy, dates, facts,
    links, events and numbered sources.

    An ambiguous term (HSU) lists the candidates' ids on stderr and exits 1; ids are always
    unambiguous.
    """
    from aseanct.queries import resolve
    from aseanct.render import records, sheet, tabular

    when = parse_date(as_of)
    registry = load(data_dir, no_cache)
    record = resolve(registry, term)
    if fmt is Format.json:
        write(tabular.json_document(records.detail_json(registry, record)))
    elif fmt is Format.jsonl:
        write(tabular.jsonl_line(records.detail_json(registry, record)))
    elif fmt in (Format.csv, Format.tsv):
        write(
            tabular.rows(
                [records.row(registry, record)],
                records.ROW_FIELDS,
                fmt.value,
                headers=not no_headers,
            )
        )
    elif fmt is Format.text:
        built = sheet.build_sheet(registry, record, when)
        if styled(color):
            from aseanct.render.console import terminal_width

            width = terminal_width(sys.stdout)
            write_rich(sheet.render_rich(built, with_sources=sources, width=width))
        else:
            write(sheet.render_text(built, with_sources=sources))
    else:
        _unreachable(fmt)


@app.command(
    epilog='Example: aseanct search "senior officials"  ·  aseanct search smuggling --type terms'
)
def search(
    query: Annotated[
        str, typer.Argument(help="Words or a phrase.", metavar="QUERY", show_default=False)
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
    fmt: FormatOption = Format.text,
    color: ColorOption = Color.auto,
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Search names, aliases, acronyms, descriptions and facts; best matches first.

    Ranked: an exact acronym or id, then a full name, then a phrase in a name, then a phrase
    anywhere, then all the words anywhere. A full name finds its acronym.
    """
    from aseanct.models import COLLECTIONS
    from aseanct.queries import search as run_search
    from aseanct.render import records, tabular
    from aseanct.terms import shown

    registry = load(data_dir, no_cache)
    wanted = COLLECTIONS[record_type.value] if record_type else None
    hits = run_search(registry, query, record_type=wanted, kind=kind, limit=limit)
    if not hits:
        raise NotFound(f"nothing matches {shown(query)}", hint="try fewer words, or `aseanct list`")
    if fmt is Format.text:
        found = [h.record for h in hits]
        if styled(color):
            write_rich(records.listing_rich(found))
        else:
            write(records.listing_text(found))
    elif fmt is Format.json:
        write(tabular.json_document([records.hit_json(h) for h in hits]))
    elif fmt is Format.jsonl:
        write("".join(tabular.jsonl_line(records.hit_json(h)) for h in hits))
    elif fmt in (Format.csv, Format.tsv):
        fields = (*records.ROW_FIELDS, "rank", "matched")
        write(
            tabular.rows(
                [records.hit_row(registry, h) for h in hits],
                fields,
                fmt.value,
                headers=not no_headers,
            )
        )
    else:
        _unreachable(fmt)


@app.command(
    name="list",
    epilog="Example: aseanct list bodies --pillar ASCC  ·  aseanct list -f csv > records.csv",
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
    fmt: FormatOption = Format.text,
    color: ColorOption = Color.auto,
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """List records, one per line, in file order. An empty result is not an error."""
    from aseanct.models import COLLECTIONS
    from aseanct.queries import filter_records
    from aseanct.render import records, tabular

    registry = load(data_dir, no_cache)
    wanted = COLLECTIONS[collection.value] if collection else None
    found = filter_records(registry, wanted, pillar=pillar, kind=kind)
    if collection is None:
        found = [r for r in found if r.type != "source"]
    if not found:
        exits.say(["hint: no records match"])
    if fmt is Format.text:
        if styled(color) and found:
            write_rich(records.listing_rich(found))
        else:
            write(records.listing_text(found))
    elif fmt is Format.json:
        write(tabular.json_document([records.record_json(r) for r in found]))
    elif fmt is Format.jsonl:
        write("".join(tabular.jsonl_line(records.record_json(r)) for r in found))
    elif fmt in (Format.csv, Format.tsv):
        write(
            tabular.rows(
                [records.row(registry, r) for r in found],
                records.ROW_FIELDS,
                fmt.value,
                headers=not no_headers,
            )
        )
    else:
        _unreachable(fmt)


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
    from aseanct.render import tree as render

    registry = load(data_dir, no_cache)
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
    if fmt is TreeFormat.text:
        if styled(color) and not ascii_guides:
            write_rich(render.render_rich(roots))
        else:
            write(render.render_text(roots, ascii_guides=ascii_guides))
    elif fmt is TreeFormat.json:
        write(render.render_json(roots))
    elif fmt in (TreeFormat.jsonl, TreeFormat.csv, TreeFormat.tsv):
        write(render.render_rows(roots, fmt.value, headers=not no_headers))
    elif fmt is TreeFormat.dot:
        write(render.render_dot(roots))
    elif fmt is TreeFormat.mermaid:
        write(render.render_mermaid(roots))
    else:
        _unreachable(fmt)


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
    fmt: FormatOption = Format.text,
    color: ColorOption = Color.auto,
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Programmes and milestones in order. A programme running on --as-of is marked ongoing;
    one with no sourced dates (AIP) keeps its place and says so."""
    from aseanct import queries
    from aseanct.render import timeline as render

    when = parse_date(as_of)
    registry = load(data_dir, no_cache)
    moments = queries.timeline(registry, which.value, when)
    if fmt is Format.text:
        if styled(color):
            from aseanct.render.console import terminal_width

            write_rich(render.render_rich(moments, when, terminal_width(sys.stdout)))
        else:
            write(render.render_text(moments))
    elif fmt in (Format.json, Format.jsonl, Format.csv, Format.tsv):
        write(render.render_rows(moments, fmt.value, headers=not no_headers))
    else:
        _unreachable(fmt)


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
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """List every known acronym a text uses, in order of first use, with its full name.

    Matching is case-sensitive and whole-word; hyphenated acronyms match whole and the longest
    wins. An ambiguous acronym is listed with every meaning.
    """
    from aseanct.index import TermIndex
    from aseanct.render import glossary as render
    from aseanct.writing import glossary_of

    index = TermIndex.open(data_dir, use_cache=not cache.cache_disabled(no_cache))
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
    if fmt is GlossaryFormat.text:
        write(render.render_text(entries))
    elif fmt is GlossaryFormat.markdown:
        write(render.render_markdown(entries))
    elif fmt in (GlossaryFormat.json, GlossaryFormat.jsonl, GlossaryFormat.csv, GlossaryFormat.tsv):
        write(render.render_rows(entries, fmt.value, headers=not no_headers))
    else:
        _unreachable(fmt)


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
    from aseanct import writing
    from aseanct.index import TermIndex

    index = TermIndex.open(data_dir, use_cache=not cache.cache_disabled(no_cache))
    with output():
        messages = writing.annotate(
            source, index=index, stdin=getattr(sys.stdin, "buffer", None), stdout=sys.stdout.buffer
        )
    exits.say(messages)


# --- the data ---------------------------------------------------------------------------------


@app.command(epilog="Example: aseanct info  ·  aseanct info -f json | jq .counts")
def info(
    fmt: FormatOption = Format.text,
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """Show the version, the data directory in use, the cache and record counts by type."""
    from aseanct import SCHEMA_VERSION
    from aseanct.render.report import INFO_COUNTED, render_info

    directory = cache.data_dir(data_dir)
    registry = load(data_dir, no_cache)
    counts = {t: len(registry.of_type(t)) for t in INFO_COUNTED}
    disabled = cache.cache_disabled(no_cache)
    location = None if disabled else cache.location(directory)
    cache_state = "disabled" if disabled else ("unavailable" if location is None else "in use")
    if location is not None and not os.path.isdir(location):
        cache_state = "not writable"
    origin = (
        "option"
        if data_dir
        else ("environment" if os.environ.get(cache.DATA_DIR_VARIABLE) else "packaged")
    )
    document = {
        "version": __version__,
        "schema_version": SCHEMA_VERSION,
        "data_dir": os.path.abspath(directory),
        "data_dir_from": origin,
        "cache": {"path": location, "state": cache_state},
        "counts": counts,
        "total": sum(counts.values()),
    }
    write(render_info(document, fmt.value, headers=not no_headers))


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
    fmt: FormatOption = Format.text,
    no_headers: NoHeadersOption = False,
    data_dir: DataDirOption = None,
) -> None:
    """Check a data directory: YAML syntax, fields and types, unique ids, links, cycles,
    dates and sources. Problems go to stderr as FILE:LINE: path: message; exit 3 if any."""
    from aseanct.loader import data_files, read_data_dir
    from aseanct.render.report import render_validation

    target = directory or cache.data_dir(data_dir)
    report: dict[str, Any] = {"data_dir": target, "valid": True, "files": [], "records": 0}
    try:
        plain = read_data_dir(target)
    except DataError as error:
        if fmt is Format.text:
            raise  # FILE:LINE: lines on stderr
        report["valid"] = False
        report["problems"] = [
            {"file": p.file, "line": p.line or None, "path": p.path or None, "message": p.message}
            for p in error.problems
        ]
        write(render_validation(report, fmt.value, headers=not no_headers))
        raise typer.Exit(EXIT_DATA) from None
    report["files"] = [f.rsplit("/", 1)[-1] for f in data_files(target)]
    report["records"] = len(plain)
    report["problems"] = []
    write(render_validation(report, fmt.value, headers=not no_headers))


def _unreachable(value: NoReturn) -> NoReturn:
    """Exhaustiveness check: mypy fails if a format reaches here unhandled."""
    raise AssertionError(f"unhandled format {value!r}")


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
