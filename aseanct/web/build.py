"""`aseanct site DIR`: write the web reference, a folder of static HTML pages.

The pages come from Jinja2 templates (aseanct/web/templates, HTML-escaped) filled with what
aseanct.web.pages computes; the search index is a script, not a JSON file, so the site works
from `file://` with no network. The same data gives byte-identical files: nothing here reads
the clock (the only date is the data's own), and everything is written in a fixed order.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from typing import Any

from aseanct.version import SCHEMA_VERSION, __version__
from aseanct.errors import UsageError
from aseanct.model import Entity, Registry, Source
from aseanct.web import pages

HERE = os.path.dirname(os.path.abspath(__file__))
MARKER = ".aseanct-site"
"""A file every built site holds, so that rebuilding may replace a site, and nothing else."""
STATIC = ("site.css", "search.js")


def environment() -> Any:
    """The Jinja2 environment: templates from the package, HTML autoescaped, strict about
    undefined names (a typo in a template fails the build instead of printing nothing)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(os.path.join(HERE, "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def search_index_script(registry: Registry) -> str:
    """assets/search-index.js: the search rows as a script that sets window.ASEANCT_INDEX
    (`</` is escaped so no name can close the script)."""
    rows = json.dumps(pages.search_entries(registry), ensure_ascii=False, separators=(",", ":"))
    return "window.ASEANCT_INDEX=" + rows.replace("</", "<\\/") + ";\n"


def counts(registry: Registry) -> list[tuple[str, int]]:
    return [
        (name, len(registry.of_type(record_type)))  # type: ignore[arg-type]
        for record_type, name in pages.TYPE_NAMES.items()
        if registry.of_type(record_type)  # type: ignore[arg-type]
    ]


def files(
    registry: Registry, *, as_of: datetime.date, base_url: str = ""
) -> Iterator[tuple[str, str]]:
    """Every file of the site as (relative path, text), in a fixed order."""
    env = environment()
    data_date = pages.data_date(registry)
    common = {
        "version": __version__,
        "schema_version": SCHEMA_VERSION,
        "data_date": data_date,
        "as_of": as_of.isoformat(),
        "nav": pages.PAGES,
        "counts": counts(registry),
        "source_count": sum(isinstance(r, Source) for r in registry.records),
    }

    def render(template: str, path: str, **context: Any) -> tuple[str, str]:
        depth = path.count("/")
        values = {
            **common,
            "root": "../" * depth,
            "current": path,
            "canonical": f"{base_url}{path}" if base_url else "",
            "description": context.pop(
                "description",
                "A sourced reference to the ASEAN bodies, instruments and programmes that "
                "counter trafficking in persons and people smuggling.",
            ),
            **context,
        }
        return path, env.get_template(template).render(values)

    yield render("index.html", "index.html", title="Search")
    yield render(
        "records.html", "records.html", groups=pages.record_groups(registry, "records.html")
    )
    yield render(
        "hierarchy.html", "hierarchy.html", roots=pages.hierarchy(registry, "hierarchy.html")
    )
    programmes_svg, events_svg, programme_rows, event_rows = pages.timeline_page(
        registry, "timeline.html", as_of
    )
    yield render(
        "timeline.html",
        "timeline.html",
        programmes_svg=programmes_svg,
        events_svg=events_svg,
        programme_rows=programme_rows,
        event_rows=event_rows,
    )
    yield render(
        "parties.html", "parties.html", tables=pages.party_tables(registry, "parties.html")
    )
    yield render(
        "sources.html", "sources.html", sources=pages.source_entries(registry, "sources.html")
    )
    yield render("about.html", "about.html")
    template = "record.html"
    for record in registry.records:
        if not isinstance(record, Entity):
            continue
        page = pages.record_page(registry, record, as_of)
        yield render(
            template,
            page.path,
            title=page.title,
            description=f"{page.title}: {record.description}"[:300]
            if record.description
            else page.title,
            page=page,
            record_label=record.label,
        )
    yield "assets/search-index.js", search_index_script(registry)
    for name in STATIC:
        with open(os.path.join(HERE, "static", name), encoding="utf-8") as handle:
            yield f"assets/{name}", handle.read()
    if base_url:
        urls = ["index.html", *(p for p, _ in pages.PAGES if p != "index.html")]
        urls += [pages.record_path(r.id) for r in registry.records if isinstance(r, Entity)]
        yield "sitemap.xml", sitemap(base_url, urls)
    yield MARKER, f"aseanct {__version__} site; data read up to {data_date}\n"


def sitemap(base_url: str, paths: list[str]) -> str:
    """sitemap.xml for a hosted site (only with --base-url: it needs absolute addresses)."""
    from xml.sax.saxutils import escape

    lines = ['<?xml version="1.0" encoding="UTF-8"?>']
    lines.append('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')
    lines += [f"  <url><loc>{escape(base_url + path)}</loc></url>" for path in paths]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def normalise_base_url(value: str | None) -> str:
    """`--base-url`: an http(s) address, given a trailing slash."""
    if not value:
        return ""
    if not value.startswith(("https://", "http://")) or any(c in value for c in "\"'<> \n"):
        raise UsageError(
            f"--base-url {value!r} is not an http(s) address",
            hint="for example: --base-url https://example.org/aseanct/",
        )
    return value if value.endswith("/") else value + "/"


LEFTOVER = re.compile(r"\.aseanct-\d+-(new|old)\Z")
"""The working folders a build keeps inside DIR; one left by a killed build is not content."""


def prepare(directory: str) -> None:
    """Refuse a directory that holds anything but an earlier aseanct site."""
    if os.path.exists(directory) and not os.path.isdir(directory):
        raise UsageError(f"{directory!r} is a file; give a directory for the site")
    if not os.path.isdir(directory):
        return
    names = [name for name in os.listdir(directory) if not LEFTOVER.match(name)]
    if names and not os.path.isfile(os.path.join(directory, MARKER)):
        raise UsageError(
            f"{directory!r} is not empty and holds no aseanct site",
            hint="give a new or empty directory, or one an earlier `aseanct site` wrote",
        )


def write(
    registry: Registry, directory: str, *, as_of: datetime.date, base_url: str = ""
) -> list[str]:
    """Build the site in a working folder inside `directory`, then swap it in: the earlier
    site's files are moved aside and removed (so no page of a removed record lingers) and
    the new ones moved in, with Ctrl-C held back. The directory itself stays where it is,
    so it may be the current one (`.`), a symbolic link's target or a mounted USB stick; a
    failed or interrupted build leaves it as it was. Returns the relative paths written."""
    from aseanct.placing import move_into_place

    prepare(directory)
    target = os.path.realpath(directory)
    created = not os.path.isdir(target)
    os.makedirs(target, exist_ok=True)
    token = f".aseanct-{os.getpid()}"
    new, old = os.path.join(target, f"{token}-new"), os.path.join(target, f"{token}-old")
    written = []
    done = False
    try:
        made: set[str] = set()
        for path, text in files(registry, as_of=as_of, base_url=base_url):
            destination = os.path.join(new, path)
            folder = os.path.dirname(destination)
            if folder not in made:
                os.makedirs(folder, exist_ok=True)
                made.add(folder)
            with open(destination, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            written.append(path)
        os.mkdir(old)
        working = {os.path.basename(new), os.path.basename(old)}
        earlier = sorted(set(os.listdir(target)) - working)
        move_into_place(
            [(os.path.join(target, name), os.path.join(old, name)) for name in earlier]
            + [(os.path.join(new, name), os.path.join(target, name)) for name in os.listdir(new)]
        )
        done = True
    finally:
        for folder in (new, old):
            shutil.rmtree(folder, ignore_errors=True)
        if created and not done:
            shutil.rmtree(target, ignore_errors=True)
    return written


def serve(directory: str, port: int, ready: Callable[[], None]) -> None:
    """Serve the site on 127.0.0.1 until interrupted; `ready` is called once the port is
    taken (so nothing says "serving" when the port is busy)."""
    import functools
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=directory)
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        ready()
        server.serve_forever()
