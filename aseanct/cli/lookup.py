"""Commands that look one record or term up: expand and show."""

from __future__ import annotations

from typing import Annotated

import typer

from aseanct.cli.options import EVERY, Run, command, stdin_records, term_argument
from aseanct.errors import EXIT_NOT_FOUND


@command(
    shared=("fmt", "color", "no_headers", "data_dir", "no_cache"),
    epilog="Example: aseanct expand SOMTC ACTIP  ·  cut -f1 terms.txt | aseanct expand -",
)
def expand(
    terms: Annotated[
        list[str],
        term_argument("Acronyms, aliases or ids; `-` reads more from stdin, one per line."),
    ],
    run: Run,
) -> None:
    """Expand acronyms to full names, in input order; every meaning of an ambiguous one.

    An unknown term gets a message and suggestions on stderr (each distinct one once); the
    others are still answered, and the exit code is 1.
    """
    from aseanct.cli.program import stdout
    from aseanct.lean import batch

    missing = batch.run(
        terms,
        index=run.store().resolver(),
        fmt=run.fmt,
        color=run.color,
        headers=not run.no_headers,
        stdout=stdout(),
    )
    if missing:
        raise typer.Exit(EXIT_NOT_FOUND)


@command(
    shared=EVERY,
    epilog="Example: aseanct show ASEAN-ACT --sources  ·  aseanct show hsu-tip -f json"
    "  ·  printf 'somtc\\nammtc\\n' | aseanct show - -f jsonl",
)
def show(
    term: Annotated[
        str,
        term_argument("An acronym, alias, name or id; `-` reads them from stdin, one per line."),
    ],
    run: Run,
    sources: Annotated[
        bool, typer.Option("--sources", "-s", help="Number each statement's sources after it.")
    ] = False,
) -> None:
    """Show a whole record as a fact sheet: names, place in the hierarchy, dates, facts,
    links, events and numbered sources.

    An ambiguous term (HSU) lists the candidates' ids on stderr and exits 1; ids are always
    unambiguous. `show -` reads terms from stdin and streams a record for each (a sheet, a
    JSON line, a CSV row); unknown ones are reported with their line, and the exit code is 1.
    """
    from aseanct.queries import resolve
    from aseanct.render.records import show_view

    registry = run.registry()
    view = show_view(registry, run.day, with_sources=sources, single=term != "-")
    if term != "-":
        run.emit(view, [resolve(registry, term)])
        return
    missing: list[int] = []
    run.emit(view, stdin_records(registry, missing), each=True)
    if missing:
        raise typer.Exit(EXIT_NOT_FOUND)
