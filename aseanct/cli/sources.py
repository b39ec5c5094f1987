"""`sources`: the commands about the sources themselves (`sources check`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer

from aseanct.cli.options import Run, command, writing_to
from aseanct.cli.program import APP_SETTINGS, app
from aseanct.errors import EXIT_NOT_FOUND, NotFound
from aseanct.lean import exits

if TYPE_CHECKING:
    from aseanct.model.records import Source

group = typer.Typer(
    **{**APP_SETTINGS, "help": "Look after the sources: whether their addresses still answer."}
)
app.add_typer(group, name="sources")


@command(
    group=group,
    name="check",
    shared=("fmt", "fields", "no_headers", "data_dir", "no_cache"),
    epilog="Example: aseanct sources check  ·  aseanct sources check --only afr-2013 -f json"
    "  ·  aseanct sources check --write",
)
def check(
    run: Run,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            help="Check only these sources (ids; repeat it or join them with commas).",
            metavar="ID",
        ),
    ] = None,
    timeout: Annotated[
        float,
        typer.Option(
            "--timeout", min=0.1, max=300, metavar="SECONDS", help="How long to wait for an answer."
        ),
    ] = 10.0,
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs", min=1, max=32, metavar="N", help="How many addresses to ask at once."
        ),
    ] = 8,
    write: Annotated[
        bool,
        typer.Option(
            "--write",
            help="Put the new address of each source that has moved for good (301, 308) in "
            "its url, in the data directory's YAML.",
        ),
    ] = False,
) -> None:
    """Check that each source's address still answers: ok, moved, gone or changed.

    Each source's url is asked (not the copy it was read on): it is ok; it has moved (a
    redirect to another address); it is gone (an HTTP error, a host that does not resolve, a
    refused connection, a timeout, a TLS error); or it has changed since the day it was read
    (a Last-Modified after it). A moved or gone source's archived copy is named where it has
    one. Addresses are asked a few at a time, each with a timeout, with a User-Agent that
    names aseanct. Nothing is written without --write, and then only the url of a source that
    moved for good, on its own line. Exit 1 if any source has moved or is gone.
    """
    from aseanct import linkcheck
    from aseanct.render.output import select_fields
    from aseanct.render.report import check_view

    view = check_view()
    run.list_fields(view)
    select_fields(view, run.fields)  # a wrong field is a usage error before any request
    sources = _chosen(run, only)
    exits.say([f"hint: asking {len(sources)} addresses, {jobs} at a time"])
    checked = linkcheck.check_all(sources, timeout=timeout, jobs=jobs)
    run.emit(view, checked)
    found = {status: sum(c["status"] == status for c in checked) for status in linkcheck.STATUSES}
    exits.say(["hint: " + ", ".join(f"{n} {status}" for status, n in found.items())])
    if write:
        _write(run.store().directory, checked)
    if found["moved"] or found["gone"]:
        raise typer.Exit(EXIT_NOT_FOUND)


def _chosen(run: Run, only: list[str] | None) -> list[Source]:
    """The sources to check: those --only names, else all; those without a url left out."""
    from aseanct.lean.terms import shown
    from aseanct.model.records import Source

    sources = [s for s in run.registry().select(record_type="source") if isinstance(s, Source)]
    if only is not None:
        known: dict[str, Source] = {s.id: s for s in sources}
        wanted = list(dict.fromkeys(i.strip() for o in only for i in o.split(",") if i.strip()))
        unknown = [i for i in wanted if i not in known]
        if unknown:
            hint = "`aseanct list sources` lists them"
            raise NotFound(f"no source {shown(unknown[0])}", hint=hint)
        sources = [known[i] for i in wanted]
        exits.say([f"warning: {s.id} has no url to check" for s in sources if not s.url])
    return [s for s in sources if s.url]


def _write(directory: str, checked: list[dict[str, Any]]) -> None:
    """--write: the new url of each source that moved for good."""
    from aseanct import linkcheck

    moved: dict[str, str] = {c["id"]: c["final_url"] for c in checked if c["permanent"]}
    with writing_to(directory):
        done = linkcheck.rewrite(directory, moved)
    exits.say([f"hint: {where}: {key}: url is now {moved[key]}" for key, where in done.items()])
    left = [c["id"] for c in checked if c["status"] == "moved" and c["id"] not in done]
    if left:
        why = "a temporary redirect, or a url not written plainly on its line"
        exits.say([f"hint: left as they were ({why}): {', '.join(left)}"])
