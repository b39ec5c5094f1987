"""Commands that draw the data as a whole: tree and timeline."""

from __future__ import annotations

from typing import Annotated

import typer

from aseanct.choices import Choice
from aseanct.cli.options import EVERY, Run, command, term_argument
from aseanct.formats import TIMELINE_FORMATS, TREE_FORMATS

TIMELINE_CHOICE = Choice(("programmes", "events", "all"), "WHICH")
RANKDIR = Choice(("tb", "lr"), "--rankdir")  # any case; DOT writes it upper-case


@command(
    shared=EVERY,
    formats=TREE_FORMATS,
    format_note="svg is drawn by Graphviz's dot, which must be installed",
    epilog="Example: aseanct tree AMMTC  ·  aseanct tree SOMTC --ancestors"
    "  ·  aseanct tree -f mermaid  ·  aseanct tree AMMTC -f svg > ammtc.svg",
)
def tree(
    run: Run,
    root: Annotated[
        str | None,
        term_argument("Start here (acronym, name or id); default: the whole hierarchy.", "ROOT"),
    ] = None,
    depth: Annotated[
        int | None,
        typer.Option(
            "--depth", "-d", min=0, help="Levels below the root (0: the root alone).", metavar="N"
        ),
    ] = None,
    ancestors: Annotated[
        bool, typer.Option("--ancestors", "-a", help="Show the chain from the top down to ROOT.")
    ] = False,
    ascii_guides: Annotated[
        bool, typer.Option("--ascii", help="ASCII guides instead of box drawing.")
    ] = False,
    rankdir: Annotated[
        str,
        RANKDIR.option(
            "--rankdir",
            help="Direction of the dot and svg pictures: TB top-down, LR left to right.",
            metavar="TB|LR",
        ),
    ] = "tb",
) -> None:
    """Print the hierarchy: who sits under whom, with the year each body was set up.

    With no ROOT: ASEAN and its pillars and bodies, then the programmes, then the national
    and partner structures. Every filter applies to every format. With --as-of, only the
    bodies set up by that day are drawn.
    """
    from aseanct import hierarchy
    from aseanct.cli.program import stdout
    from aseanct.lean.stdout import can_encode
    from aseanct.queries import resolve
    from aseanct.render.tree import placed, tree_view

    registry = run.registry()
    if ancestors and root is None:
        raise typer.BadParameter("--ancestors needs a ROOT", param_hint="'--ancestors'")
    day = run.day if run.as_of else None
    if root is None:
        roots = hierarchy.forest(registry, depth, day)
    elif ancestors:
        roots = [hierarchy.with_ancestors(registry, resolve(registry, root), depth, day)]
    else:
        roots = [hierarchy.subtree(registry, resolve(registry, root), depth, day)]
    # Box drawing where stdout's encoding cannot take it would come out as escapes.
    ascii_guides = ascii_guides or not can_encode("├──│└", stdout().encoding)
    run.emit(tree_view(registry, ascii_guides=ascii_guides, rankdir=rankdir.upper()), placed(roots))


@command(
    shared=EVERY,
    formats=TIMELINE_FORMATS,
    format_note="svg: a chart for slides and pages; mermaid: a gantt chart",
    epilog="Example: aseanct timeline programmes  ·  aseanct timeline events -f csv"
    "  ·  aseanct timeline programmes -f svg > timeline.svg",
)
def timeline(
    run: Run,
    which: Annotated[
        str,
        TIMELINE_CHOICE.argument(help="What to show: programmes, events or all.", metavar="WHICH"),
    ] = "all",
) -> None:
    """Programmes and milestones in order. A programme running on --as-of is marked ongoing;
    one with no sourced dates (AIP) keeps its place and says so."""
    from aseanct import hierarchy
    from aseanct.render.timeline import timeline_view

    moments = hierarchy.timeline(run.registry(), which, run.day)
    run.emit(timeline_view(run.day, which=which), moments)
