"""`sources check`: whether each source's address still answers; moved ones written back."""

from __future__ import annotations

import datetime
import email.utils
import http.client
import os
import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from aseanct.model.dates import latest_day
from aseanct.model.records import Source
from aseanct.version import __version__

USER_AGENT = f"aseanct/{__version__} (link check of the sources of the aseanct reference)"
PERMANENT = frozenset({301, 308})
"""Redirects that say the page has moved for good: the only ones `--write` follows."""
HEAD_REFUSED = frozenset({405, 501})
"""Answers to HEAD that mean "ask with GET"."""
STATUSES = ("ok", "moved", "gone", "changed")
"""Each source's status: its address answers; it redirects elsewhere; it answers with an
error or not at all; it answers, and says it was modified after the day it was read."""


FIELDS = (
    "id", "status", "url", "code", "reason", "final_url", "redirects", "permanent", "last_modified",
    "accessed", "archived",
)  # fmt: skip


def row(
    source: Source,
    status: str,
    code: int | None = None,
    reason: str = "",
    final: str = "",
    redirects: tuple[int, ...] = (),
    modified: str = "",
) -> dict[str, Any]:
    """What asking for a source's address found; its archived copy when it moved or went."""
    lost = status in ("moved", "gone")
    return {
        "id": source.id,
        "status": status,
        "url": source.url,
        "code": code,
        "reason": reason or None,
        "final_url": final or None,
        "redirects": list(redirects),
        "permanent": status == "moved" and all(c in PERMANENT for c in redirects),
        "last_modified": modified or None,
        "accessed": source.accessed,
        "archived": source.archived or None if lost else None,
    }


class _Redirects(urllib.request.HTTPRedirectHandler):
    """urllib's redirects, keeping each one's status, and HEAD a HEAD (urllib makes it GET)."""

    def __init__(self) -> None:
        self.codes: list[int] = []

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        self.codes.append(code)
        new = super().redirect_request(req, fp, code, msg, headers, newurl)
        if new is not None:
            new.method = req.get_method()
        return new


def _ask(url: str, method: str, timeout: float) -> tuple[int, str, tuple[int, ...], str]:
    redirects = _Redirects()
    request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
    with urllib.request.build_opener(redirects).open(request, timeout=timeout) as answer:
        modified = answer.headers.get("Last-Modified", "")
        return answer.status, answer.url, tuple(redirects.codes), modified


def failure(error: BaseException) -> str:
    reason = error.reason if isinstance(error, urllib.error.URLError) else error
    if isinstance(reason, socket.gaierror):
        return "DNS failure: the host name does not resolve"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, ssl.SSLError):
        return f"TLS error: {getattr(reason, 'verify_message', '') or reason.reason or reason}"
    return str(getattr(reason, "strerror", None) or reason)


def _day(header: str) -> str:
    try:
        return email.utils.parsedate_to_datetime(header).date().isoformat()
    except (TypeError, ValueError):
        return ""


def check(source: Source, timeout: float) -> dict[str, Any]:
    """Ask for a source's address (HEAD, or GET where HEAD is refused), and say what came of it."""
    try:
        try:
            code, final, redirects, modified = _ask(source.url, "HEAD", timeout)
        except urllib.error.HTTPError as refused:
            refused.close()
            if refused.code not in HEAD_REFUSED:
                raise
            code, final, redirects, modified = _ask(source.url, "GET", timeout)
    except urllib.error.HTTPError as error:
        error.close()
        moved = error.url if error.url != source.url else ""
        return row(source, "gone", error.code, f"HTTP {error.code}", moved)
    except (OSError, http.client.HTTPException, ValueError) as error:
        return row(source, "gone", reason=failure(error))
    day = _day(modified)
    if final != source.url:
        return row(source, "moved", code, "", final, redirects, day)
    changed = day and datetime.date.fromisoformat(day) > latest_day(source.accessed)
    return row(source, "changed" if changed else "ok", code, modified=day)


def check_all(sources: Iterable[Source], *, timeout: float, jobs: int) -> list[dict[str, Any]]:
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(lambda source: check(source, timeout), sources))


def rewrite(data_dir: str, moves: Mapping[str, str]) -> dict[str, str]:
    """Give each source in `moves` (id -> address) its new `url` by editing its line in place;
    returns where each was written (`FILE:LINE`). A file that would read otherwise is left."""
    from aseanct.loader import data_files
    from aseanct.yamlread import read_file

    done: dict[str, str] = {}
    for file in data_files(data_dir):
        document, data = read_file(file, lines=True)
        if not isinstance(data, dict) or not isinstance(data.get("sources"), list):
            continue
        with open(file, encoding="utf-8", newline="") as handle:
            lines = handle.read().splitlines(keepends=True)
        edited = False
        for index, entry in enumerate(data["sources"]):
            new = moves.get(str(entry.get("id"))) if isinstance(entry, dict) else None
            number = document.lines.get(("sources", index, "url"), 0)
            if new is not None and number and _edit(lines, number - 1, data, index, new):
                done[entry["id"]] = f"{os.path.basename(file)}:{number}"
                edited = True
        if edited:
            _replace(file, "".join(lines))
    return done


def _edit(lines: list[str], at: int, data: Any, index: int, new: str) -> bool:
    """Put `new` in place of source `index`'s url on line `at`, if only that url changes."""
    from aseanct.yamlread import Document

    entry = data["sources"][index]
    old = entry["url"]
    if not isinstance(old, str) or lines[at].count(old) != 1:
        return False
    line = lines[at]
    lines[at] = line.replace(old, new)
    entry["url"] = new
    if Document().read("".join(lines)) == data:
        return True
    lines[at], entry["url"] = line, old
    return False


def _replace(file: str, text: str) -> None:
    partial = f"{file}.partial-{os.getpid()}"
    with open(partial, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    os.chmod(partial, os.stat(file).st_mode & 0o7777)
    os.replace(partial, file)
