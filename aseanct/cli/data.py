"""Commands about the data as a whole: info, export, site, validate; and help."""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer

from aseanct.choices import Choice
from aseanct.cli.options import Run, argument, command, writing_to
from aseanct.cli.program import command_names, write
from aseanct.errors import DataError, UsageError
from aseanct.lean import exits
from aseanct.version import SCHEMA_VERSION, __version__


@command(
    shared=("fmt", "no_headers", "data_dir", "no_cache"),
    epilog="Example: aseanct info  ·  aseanct info -f json | jq .counts",
)
def info(run: Run) -> None:
    """Show the version, the data directory in use, its stored copy and record counts by type."""
    from aseanct.lean.terms import sanitize
    from aseanct.model.records import COLLECTIONS
    from aseanct.render.report import info_pairs, info_view

    opened = run.store()
    registry = opened.registry()
    found = dict(registry.db.execute("SELECT type, count(*) FROM records GROUP BY type"))
    found["source"] = registry.db.execute("SELECT count(*) FROM sources").fetchone()[0]
    counts = {t: found.get(t, 0) for t in COLLECTIONS.values()}
    cache = opened.describe()
    document = {
        "version": __version__,
        "schema_version": SCHEMA_VERSION,
        # Escaped as every message shows paths, so JSON and CSV stay valid UTF-8.
        "data_dir": sanitize(os.path.abspath(opened.directory)),
        "data_dir_from": opened.origin,
        "cache": {
            "path": sanitize(cache["path"]) if cache["path"] else None,
            "state": sanitize(cache["state"] or ""),
        },
        "counts": counts,
        "total": sum(counts.values()),
    }
    run.emit(info_view(document), info_pairs(document))


EXPORT_KIND = Choice(("sqlite", "jsonl", "csv"), "KIND")
"""Not an output format: the tables go to files, and stdout only names them."""


def _refuse_to_replace(paths: list[str], force: bool, also: dict[str, str] | None = None) -> None:
    """A usage error naming the first path that exists, unless --force; `also` adds a hint for
    a path. A symbolic link is refused even with --force: writing through it would change a
    file somewhere else."""
    for path in paths:
        if os.path.islink(path):
            raise UsageError(
                f"{path!r} is a symbolic link; aseanct does not replace links",
                hint=f"give the path it points to ({os.path.realpath(path)}), or remove the link",
            )
    existing = [p for p in paths if os.path.lexists(p)]
    if existing and not force:
        other = (also or {}).get(existing[0])
        raise UsageError(
            f"{existing[0]!r} already exists",
            hint="add --force to replace it" + (f", {other}" if other else ""),
        )


def _metadata_path(target: str, metadata: str | None, force: bool) -> str:
    """The metadata file `export sqlite` writes ('' for none), both paths checked."""
    meta = os.path.join(os.path.dirname(target), "metadata.json") if metadata is None else metadata
    if os.path.isdir(target):
        raise UsageError(f"{target!r} is a directory; give the database file's path")
    if meta and os.path.isdir(meta):
        raise UsageError(f"--metadata {meta!r} is a directory; give the file's path")
    if meta and os.path.realpath(meta) == os.path.realpath(target):
        raise UsageError(
            f"--metadata {meta!r} is the database file itself",
            hint="give the metadata another path, or --metadata '' for none",
        )
    also = {meta: "or --metadata FILE to write it elsewhere, --metadata '' for none"}
    _refuse_to_replace(
        [target, meta] if meta else [target], force, also if metadata is None else {}
    )
    return meta


@command(
    shared=("data_dir", "no_cache"),
    epilog="Example: aseanct export sqlite aseanct.db && datasette aseanct.db -m metadata.json"
    "  ·  aseanct export csv tables/",
)
def export(
    run: Run,
    kind: Annotated[
        str,
        EXPORT_KIND.argument(
            help="sqlite (a database for Datasette), jsonl or csv (a file per table).",
            metavar="KIND",
        ),
    ],
    target: Annotated[
        str,
        argument(
            "The database file (sqlite) or the directory for the files (jsonl, csv).", "FILE|DIR"
        ),
    ],
    metadata: Annotated[
        str | None,
        typer.Option(
            "--metadata",
            help="Where the Datasette metadata goes (sqlite; default: metadata.json beside "
            "FILE). `--metadata ''` writes none.",
            metavar="FILE",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace files that already exist.")
    ] = False,
) -> None:
    """Export the whole knowledge base as tables: records, sources, links, statements, their
    citations (which source states which statement), parties and members.

    `sqlite` writes the stored copy of the data (the same tables every command reads, with
    full-text indexes) with the statements and citations added, ready for `datasette FILE`,
    with a metadata.json describing every table and column. `jsonl` and `csv` write one file
    per table into DIR (created if needed), for scripts and spreadsheets. The paths written go
    to stdout, one per line; nothing is replaced without --force.
    """
    from aseanct import export as exporting

    if not target:
        raise UsageError("the target is empty; give a file or a directory")
    if metadata and kind != "sqlite":
        raise UsageError(
            f"--metadata is for `export sqlite` (Datasette); {kind} writes no metadata"
        )
    opened = run.store()
    registry = opened.registry()
    if kind == "sqlite":
        meta = _metadata_path(target, metadata, force)
        with writing_to(target, meta):
            written, rows = exporting.write_database(
                target, meta, opened.db, registry, version=__version__
            )
    else:
        if os.path.exists(target) and not os.path.isdir(target):
            raise UsageError(f"{target!r} is a file; give a directory for the {kind} files")
        from aseanct.tables import tables

        names = [t.name for t in tables() if not t.lookup]
        _refuse_to_replace([os.path.join(target, f"{name}.{kind}") for name in names], force)
        with writing_to(target):
            written, rows = exporting.write_lines(target, opened.db, registry, kind)
    write("".join(f"{path}\n" for path in written))
    exits.say([f"hint: wrote {', '.join(f'{n:,} {name}' for name, n in rows.items())}"])
    if kind == "sqlite":
        import shlex

        serve = f"datasette {shlex.quote(target)}" + (f" -m {shlex.quote(meta)}" if meta else "")
        exits.say([f"hint: browse it with: {serve}"])


@command(
    shared=("as_of", "data_dir", "no_cache"),
    epilog="Example: aseanct site ./aseanct-site  ·  aseanct site public --base-url "
    "https://example.org/aseanct/  ·  aseanct site /tmp/s --serve",
)
def site(
    run: Run,
    directory: Annotated[
        str,
        argument("Where to write the site: a new or empty directory, or an earlier site.", "DIR"),
    ],
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help="The address the site will be served from (for canonical links and a "
            "sitemap); the pages link each other relatively either way.",
            metavar="URL",
        ),
    ] = None,
    serve: Annotated[
        bool, typer.Option("--serve", help="Then serve it on 127.0.0.1 until Ctrl-C.")
    ] = False,
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="The port for --serve.")
    ] = 8000,
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Write into a folder that holds other files (they are left alone) or over "
            "files aseanct did not write; hidden files and .git are never touched.",
        ),
    ] = False,
) -> None:
    """Write the reference as a static web site: a search page, who does what, a page per
    record with its numbered sources, the hierarchy, the timeline, the parties, the sources
    and an about page.

    It works from a USB stick (open DIR/index.html), with no network, or from any static
    host. Every page is read as of --as-of (default today), as the other commands are, and
    says so at its foot; the same data read as of the same day gives the same bytes. A page
    per record and the search need no server; search is the only part that needs
    JavaScript.

    A rebuild replaces and removes only the files an earlier build wrote (listed in
    DIR/.aseanct-site.json with their digests) and leaves every other file alone.
    """
    from aseanct.web import build

    if not directory:
        raise UsageError("DIR is empty; give the directory for the site")
    base = build.normalise_base_url(base_url)
    opened = run.store()
    data = os.path.realpath(opened.directory)
    place = os.path.realpath(directory)
    if data == place or data.startswith(os.path.join(place, "")):
        raise UsageError(
            f"{directory!r} holds the data directory in use ({opened.directory})",
            hint="give the site a directory of its own",
        )
    registry = opened.registry()
    with writing_to(directory):
        listed_on = run.day if run.as_of is not None else None
        written, left = build.write(
            registry, directory, as_of=run.day, base_url=base, listed_on=listed_on, force=force
        )
    pages_written = sum(path.endswith(".html") for path in written)
    said = [f"hint: wrote {pages_written:,} pages to {directory}"]
    if left:
        shown = ", ".join(left[:5]) + (f" and {len(left) - 5} more" if len(left) > 5 else "")
        files = "file" if len(left) == 1 else "files"
        said.append(f"hint: left {len(left):,} {files} aseanct did not write: {shown}")
    exits.say(said)
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


@command(
    shared=("fmt", "no_headers", "data_dir"),
    epilog="Example: aseanct validate  ·  aseanct validate ./my-data",
)
def validate(
    run: Run,
    directory: Annotated[
        str | None, argument("The data directory to check (default: the one in use).", "DIR")
    ] = None,
) -> None:
    """Check a data directory: YAML syntax, fields and types, unique ids, links and their
    relations, cycles, dates and their order, and every statement's sources. Problems go to
    stderr as FILE:LINE: path: message; exit 3 if any."""
    from aseanct.datadir import data_dir as data_dir_in_use
    from aseanct.lean.terms import sanitize
    from aseanct.loader import data_files, read_data_dir
    from aseanct.render.report import validation_view

    if run.data_dir == "" or directory == "":
        raise UsageError("the data directory is empty; give a directory, or leave it out")
    target = directory or data_dir_in_use(run.data_dir)
    report: dict[str, Any] = {"data_dir": sanitize(target), "valid": False, "files": []}
    try:
        plain = read_data_dir(target)
    except DataError as error:
        report["records"] = 0
        report["problems"] = [
            {"file": p.file, "line": p.line or None, "path": p.path or None, "message": p.message}
            for p in error.problems
        ]
        run.emit(validation_view(report), report["problems"])
        raise  # every problem, on stderr
    report["valid"] = True
    report["files"] = [sanitize(f.rsplit("/", 1)[-1]) for f in data_files(target)]
    report["records"] = len(plain)
    report["problems"] = []
    run.emit(validation_view(report), [])


@command(name="help", epilog="Example: aseanct help list  ·  aseanct help")
def help_(
    ctx: typer.Context,
    run: Run,
    name: Annotated[
        str | None,
        argument(
            "The command to explain; none for the list of commands.",
            "COMMAND",
            autocompletion=lambda incomplete: [
                c for c in command_names() if c.startswith(incomplete.casefold())
            ],
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

        close = difflib.get_close_matches(name, command_names(), n=1)
        guess = f" (did you mean {close[0]}?)" if close else ""
        raise UsageError(
            f"no command {shown(name)}{guess}", hint="`aseanct help` lists the commands"
        )
    with wanted.make_context(name, [], parent=top, resilient_parsing=True) as sub:
        write(wanted.get_help(sub) + "\n")
