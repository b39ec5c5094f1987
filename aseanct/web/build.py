"""`aseanct site DIR`: the web reference, static HTML pages from the Jinja2 templates."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterator
from typing import Any

from aseanct.errors import UsageError
from aseanct.model.records import Entity, Source
from aseanct.model.registry import Registry
from aseanct.version import SCHEMA_VERSION, __version__
from aseanct.web import pages

HERE = os.path.dirname(os.path.abspath(__file__))
STATIC = ("site.css", "search.js", "favicon.svg")


def search_index_script(registry: Registry, day: datetime.date | None = None) -> str:
    """assets/search-index.js: the search rows as a script (`</` escaped: no name closes it)."""
    rows = json.dumps(
        pages.search_entries(registry, day), ensure_ascii=False, separators=(",", ":")
    )
    return "window.ASEANCT_INDEX=" + rows.replace("</", "<\\/") + ";\n"


def files(
    registry: Registry,
    *,
    as_of: datetime.date,
    base_url: str = "",
    listed_on: datetime.date | None = None,
) -> Iterator[tuple[str, str]]:
    """Every file of the site as (relative path, text), in a fixed order.

    With `listed_on`, the lists hold only the records that existed then; the others keep their
    pages, so no link breaks."""
    import jinja2

    env = jinja2.Environment(  # strict: a typo in a template fails the build
        loader=jinja2.FileSystemLoader(os.path.join(HERE, "templates")),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    groups = pages.record_groups(registry, listed_on)
    env.globals.update(
        version=__version__,
        schema_version=SCHEMA_VERSION,
        data_date=pages.data_date(registry),
        as_of=as_of.isoformat(),
        nav=pages.PAGES,
        counts=[(name, len(found)) for name, found in groups],
        source_count=sum(isinstance(r, Source) for r in registry.records),
        description="A sourced reference to the ASEAN bodies, instruments and programmes that "
        "counter trafficking in persons and people smuggling.",
    )

    def render(path: str, template: str = "", **context: Any) -> tuple[str, str]:
        root = "../" * path.count("/")
        canonical = f"{base_url}{path}" if base_url else ""
        page = env.get_template(template or path)
        return path, page.render(root=root, current=path, canonical=canonical, **context)

    yield render("index.html", title="Search")
    yield render("who.html", lists=pages.who_does_what(registry, as_of))
    yield render("records.html", groups=groups)
    yield render("hierarchy.html", roots=pages.hierarchy(registry, listed_on))
    yield render("timeline.html", **pages.timeline_page(registry, as_of))
    yield render("parties.html", tables=pages.party_tables(registry, as_of))
    entities = [record for record in registry.records if isinstance(record, Entity)]
    record_pages = [pages.record_page(registry, record, as_of) for record in entities]
    yield render("sources.html", sources=pages.source_entries(registry, record_pages))
    yield render("about.html")
    for page in record_pages:
        about = page.record.description
        description = f"{page.title}: {about}"[:300] if about else page.title
        yield render(page.path, "record.html", title=page.title, description=description, page=page)
    yield "assets/search-index.js", search_index_script(registry, listed_on)
    for name in STATIC:
        with open(os.path.join(HERE, "static", name), encoding="utf-8") as handle:
            yield f"assets/{name}", handle.read()
    if base_url:  # a sitemap needs absolute addresses
        from xml.sax.saxutils import escape

        paths = [path for path, _ in pages.PAGES] + [page.path for page in record_pages]
        urls = "".join(f"  <url><loc>{escape(base_url + p)}</loc></url>\n" for p in paths)
        xmlns = "http://www.sitemaps.org/schemas/sitemap/0.9"
        head = f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{xmlns}">\n'
        yield "sitemap.xml", f"{head}{urls}</urlset>\n"


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


MANIFEST = ".aseanct-site.json"
"""The files a build wrote, with their SHA-256: a rebuild replaces or removes only those that
still hold what was written; hidden files and `.git` are never touched, even with --force."""
LEFTOVER = re.compile(r"\.aseanct-\d+-(new|old)\Z")
"""The working folders a build keeps inside DIR; one left by a killed build is not content."""
DIGEST = re.compile(r"[0-9a-f]{64}\Z")


def write(
    registry: Registry,
    directory: str,
    *,
    as_of: datetime.date,
    base_url: str = "",
    listed_on: datetime.date | None = None,
    force: bool = False,
) -> tuple[list[str], list[str]]:
    """Build the site in a working folder inside `directory`, then move it in; returns the
    paths written and the files left alone (not aseanct's).

    The directory itself stays, so it may be `.`, a link's target or a mounted USB stick; a
    failed or interrupted build leaves it as it was."""
    from aseanct.placing import move_into_place

    ours, others = _plan(directory, force)
    target = os.path.realpath(directory)
    created = not os.path.isdir(target)
    os.makedirs(target, exist_ok=True)
    new = os.path.join(target, f".aseanct-{os.getpid()}-new")
    written: dict[str, str] = {}
    done = False
    try:
        for path, text in files(registry, as_of=as_of, base_url=base_url, listed_on=listed_on):
            data = text.encode("utf-8")
            destination = os.path.join(new, path)
            os.makedirs(os.path.dirname(destination), exist_ok=True)
            with open(destination, "wb") as out:
                out.write(data)
            written[path] = hashlib.sha256(data).hexdigest()
        paths = list(written)
        _refuse_clashes(directory, target, paths, set(others), force)
        with open(os.path.join(new, MANIFEST), "w", encoding="utf-8") as out:
            listed = {"aseanct": __version__, "files": dict(sorted(written.items()))}
            out.write(json.dumps(listed, indent=1) + "\n")
        for path in paths:
            os.makedirs(os.path.dirname(os.path.join(target, path)), exist_ok=True)
        moves = [(os.path.join(new, p), os.path.join(target, p)) for p in [*paths, MANIFEST]]
        hidden = re.compile(r"(\A|/)\.")
        stale = [p for p in sorted(ours) if p not in written and not hidden.search(p)]
        move_into_place(moves, remove=[os.path.join(target, p) for p in stale])
        for folder in sorted({os.path.dirname(p) for p in stale if "/" in p}, reverse=True):
            with contextlib.suppress(OSError):
                os.rmdir(os.path.join(target, folder))  # only once empty
        done = True
    finally:
        shutil.rmtree(new, ignore_errors=True)
        if created and not done:
            shutil.rmtree(target, ignore_errors=True)
    return paths, [p for p in others if p not in written]


def _refuse_clashes(
    directory: str, target: str, paths: list[str], theirs: set[str], force: bool
) -> None:
    """Refuse to write over files that are not aseanct's (unless `force`), or through a link."""
    clashing = [path for path in paths if path in theirs]
    if clashing and not force:
        shown = ", ".join(clashing[:3]) + (
            f" (and {len(clashing) - 3} more)" if len(clashing) > 3 else ""
        )
        raise UsageError(
            f"{directory!r} holds files aseanct did not write (or that were changed since) "
            f"where the site goes: {shown}",
            hint="move them away, or add --force to write over them",
        )
    folders = {os.path.dirname(p) for p in paths} - {""}
    linked = sorted(f for f in folders if os.path.islink(os.path.join(target, f)))
    if linked:  # even with --force: the pages would land in a folder outside the site
        raise UsageError(
            f"{directory!r} holds a link where the site has a folder: {linked[0]}",
            hint="move the link away: aseanct does not write through links",
        )


def _plan(directory: str, force: bool) -> tuple[set[str], list[str]]:
    """The earlier build's files that a rebuild may replace or remove, and the others."""
    if os.path.exists(directory) and not os.path.isdir(directory):
        raise UsageError(f"{directory!r} is a file; give a directory for the site")
    if not os.path.isdir(directory):
        return set(), []
    earlier = _manifest(directory)
    ours = set()
    for path, value in (earlier or {}).items():
        with contextlib.suppress(OSError), open(os.path.join(directory, path), "rb") as handle:
            if hashlib.sha256(handle.read()).hexdigest() == value:
                ours.add(path)
    others = []
    for root, folders, names in os.walk(directory):
        folders[:] = sorted(f for f in folders if not LEFTOVER.match(f) and f != ".git")
        links = [f for f in folders if os.path.islink(os.path.join(root, f))]
        for name in sorted([*names, *links]):  # a link to a folder is someone's, whole
            path = os.path.relpath(os.path.join(root, name), directory).replace(os.sep, "/")
            if path != MANIFEST and path not in ours:
                others.append(path)
    if earlier is None and others and not force:
        raise UsageError(
            f"{directory!r} is not empty and holds no site aseanct wrote",
            hint="give a new or empty directory, or add --force to write the site among its "
            "files (nothing of theirs is removed)",
        )
    return ours, others


def _manifest(directory: str) -> dict[str, str] | None:
    """The earlier build's manifest (path -> digest), or None when there is no sound one."""
    try:
        with open(os.path.join(directory, MANIFEST), encoding="utf-8") as handle:
            found = json.load(handle)
    except (OSError, ValueError):
        return None
    files = found.get("files") if isinstance(found, dict) else None
    if not isinstance(files, dict):
        return None
    for path, value in files.items():
        parts = path.split("/")
        if not isinstance(value, str) or not DIGEST.match(value) or ".." in parts or not all(parts):
            return None
    return files


def serve(directory: str, port: int, ready: Callable[[], None]) -> None:
    """Serve the site on 127.0.0.1; `ready` is called once the port is taken."""
    import functools
    import http.server

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=directory)
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        ready()
        server.serve_forever()
