"""`sources check` and `--write`, against a local HTTP server that answers every case (never
the network): ok, moved for good and for now, gone (404, 410, 500, a timeout, a refused
connection, a host that does not resolve), HEAD refused, and changed since read."""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import invoke

from aseanct import __version__
from aseanct.linkcheck import USER_AGENT

ANSWERS: dict[str, tuple[int, dict[str, str]]] = {
    "/ok": (200, {"Last-Modified": "Thu, 01 Jan 2026 10:00:00 GMT"}),
    "/old": (301, {"Location": "/new"}),
    "/for-now": (302, {"Location": "/new"}),
    "/new": (200, {}),
    "/missing": (404, {}),
    "/removed": (410, {}),
    "/broken": (500, {}),
    "/changed": (200, {"Last-Modified": "Wed, 01 Apr 2026 08:00:00 GMT"}),
}
"""Path -> (status, headers) of every answer but the slow one and HEAD refused."""


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    agents: list[str]
    methods: list[str]
    release: threading.Event


class Handler(http.server.BaseHTTPRequestHandler):
    server: Server

    def answer(self) -> None:
        self.server.agents.append(self.headers.get("User-Agent", ""))
        self.server.methods.append(f"{self.command} {self.path}")
        if self.path == "/slow":
            self.server.release.wait(30)  # until the test is over; the client gives up first
            status, headers = 200, {}
        elif self.path == "/no-head":
            status, headers = (405, {"Allow": "GET"}) if self.command == "HEAD" else (200, {})
        else:
            status, headers = ANSWERS.get(self.path, (404, {}))
        self.send_response(status)
        for name, value in {**headers, "Content-Length": "0"}.items():
            self.send_header(name, value)
        self.end_headers()

    do_HEAD = do_GET = answer

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[Server]:
    server = Server(("127.0.0.1", 0), Handler)
    server.agents, server.methods, server.release = [], [], threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.release.set()
    server.shutdown()
    server.server_close()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def source(key: str, url: str, extra: str = "") -> str:
    return (
        f"  - id: {key}\n    name: {key}\n    kind: web page\n    url: {url}\n"
        f"{extra}    accessed: 2026-01-01\n"
    )


@pytest.fixture
def data(tmp_path: Path, server: Server) -> Path:
    base = f"http://127.0.0.1:{server.server_address[1]}"
    archived = "    archived: https://web.archive.org/web/2026/https://example.org/gone\n"
    (tmp_path / "sources.yaml").write_text(
        "# Sources pointing at the test's server.\n"
        "sources:\n"
        + source("s-ok", f"{base}/ok")
        + source("s-moved", f"{base}/old", "    # moved for good\n")
        + source("s-moved-for-now", f"{base}/for-now")
        + source("s-missing", f"{base}/missing", archived)
        + source("s-removed", f"{base}/removed")
        + source("s-broken", f"{base}/broken")
        + source("s-no-head", f"{base}/no-head")
        + source("s-slow", f"{base}/slow")
        + source("s-changed", f"{base}/changed")
        + source("s-refused", f"http://127.0.0.1:{closed_port()}/")
        + source("s-no-host", "http://nonexistent.invalid/")
        + "  - {id: s-seed, name: Seed, kind: seed document, file: seed.txt, accessed: 2026-01-01}\n",
        encoding="utf-8",
    )
    return tmp_path


def check(data: Path, *args: str) -> object:
    return invoke("sources", "check", "--data-dir", str(data), "--timeout", "2", *args)


def test_every_case_is_classified_in_json(data: Path, server: Server) -> None:
    result = check(data, "-f", "json")
    assert result.exit_code == 1, result.output  # some have moved or are gone
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows = json.loads(result.stdout)
    found = {r["id"]: (r["status"], r["code"], r["reason"], r["final_url"]) for r in rows}
    assert found == {
        "s-ok": ("ok", 200, None, None),
        "s-moved": ("moved", 200, None, f"{base}/new"),
        "s-moved-for-now": ("moved", 200, None, f"{base}/new"),
        "s-missing": ("gone", 404, "HTTP 404", None),
        "s-removed": ("gone", 410, "HTTP 410", None),
        "s-broken": ("gone", 500, "HTTP 500", None),
        "s-no-head": ("ok", 200, None, None),
        "s-slow": ("gone", None, "timed out", None),
        "s-changed": ("changed", 200, None, None),
        "s-refused": ("gone", None, "connection refused", None),
        "s-no-host": ("gone", None, "DNS failure: the host name does not resolve", None),
    }
    assert list(rows[1]) == [
        "id",
        "status",
        "url",
        "code",
        "reason",
        "final_url",
        "redirects",
        "permanent",
        "last_modified",
        "accessed",
        "archived",
    ]
    assert (rows[1]["redirects"], rows[1]["permanent"]) == ([301], True)
    assert (rows[2]["redirects"], rows[2]["permanent"]) == ([302], False)
    assert rows[3]["archived"] == "https://web.archive.org/web/2026/https://example.org/gone"
    assert rows[0]["archived"] is None and rows[0]["last_modified"] == "2026-01-01"
    assert rows[8]["last_modified"] == "2026-04-01"
    # HEAD first, GET only where HEAD was refused; a redirect followed with HEAD too.
    assert sorted(m for m in server.methods if "head" in m or "old" in m or "new" in m) == [
        "GET /no-head",
        "HEAD /new",
        "HEAD /new",
        "HEAD /no-head",
        "HEAD /old",
    ]
    assert set(server.agents) == {USER_AGENT}
    assert USER_AGENT.startswith(f"aseanct/{__version__} (")


def test_text_says_what_was_found_and_stderr_sums_it_up(data: Path, server: Server) -> None:
    result = check(data, "--only", "s-ok,s-moved", "--only", "s-missing", "--only", "s-changed")
    assert result.exit_code == 1, result.output
    base = f"http://127.0.0.1:{server.server_address[1]}"
    assert result.stdout == (
        f"ok       s-ok       {base}/ok\n"
        f"moved    s-moved    {base}/old -> {base}/new (301)\n"
        f"gone     s-missing  {base}/missing: HTTP 404; archived copy: "
        "https://web.archive.org/web/2026/https://example.org/gone\n"
        f"changed  s-changed  {base}/changed: modified 2026-04-01, read 2026-01-01\n"
    )
    assert result.stderr == (
        "hint: asking 4 addresses, 8 at a time\nhint: 1 ok, 1 moved, 1 gone, 1 changed\n"
    )


def test_all_ok_is_exit_0_and_only_asks_what_it_names(data: Path, server: Server) -> None:
    result = check(data, "--only", "s-ok", "--only", "s-changed", "-f", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "id,status,url,code,reason,final_url,redirects,permanent,last_modified,accessed,archived"
    )
    assert sorted(server.methods) == ["HEAD /changed", "HEAD /ok"]


def test_only_an_unknown_id_is_not_found_and_a_source_without_url_is_skipped(
    data: Path, server: Server
) -> None:
    unknown = check(data, "--only", "s-nope")
    assert unknown.exit_code == 1
    assert unknown.stderr == (
        "error: no source 's-nope'\nhint: `aseanct list sources` lists them\n"
    )
    assert server.methods == []
    seed = check(data, "--only", "s-seed", "-f", "jsonl")
    assert (seed.exit_code, seed.stdout) == (0, "")
    assert seed.stderr.startswith("warning: s-seed has no url to check\n")


def test_nothing_is_written_without_write(data: Path) -> None:
    before = (data / "sources.yaml").read_bytes()
    assert check(data, "--only", "s-moved").exit_code == 1
    assert (data / "sources.yaml").read_bytes() == before


def test_write_puts_a_permanent_move_in_its_url_and_leaves_every_other_byte(
    data: Path, server: Server
) -> None:
    path = data / "sources.yaml"
    before = path.read_text(encoding="utf-8")
    base = f"http://127.0.0.1:{server.server_address[1]}"
    result = check(data, "--only", "s-moved,s-moved-for-now,s-missing", "--write")
    assert result.exit_code == 1, result.output
    after = path.read_text(encoding="utf-8")
    assert after == before.replace(f"url: {base}/old\n", f"url: {base}/new\n")
    assert after != before
    assert result.stderr.splitlines()[-2:] == [
        f"hint: sources.yaml:11: s-moved: url is now {base}/new",
        "hint: left as they were (a temporary redirect, or a url not written plainly on its "
        "line): s-moved-for-now",
    ]
    again = check(data, "--only", "s-moved", "-f", "json")
    assert (again.exit_code, json.loads(again.stdout)[0]["status"]) == (0, "ok")


@pytest.mark.parametrize("fmt", ["text", "json", "jsonl", "csv", "tsv"])
def test_every_row_format_carries_the_same_answer(data: Path, server: Server, fmt: str) -> None:
    result = check(data, "--only", "s-missing", "-f", fmt, "--fields", "id,status,archived")
    assert result.exit_code == 1, result.output
    archived = "https://web.archive.org/web/2026/https://example.org/gone"
    assert (
        result.stdout
        == {
            "text": f"s-missing  gone  {archived}\n",
            "json": f'[\n  {{\n    "id": "s-missing",\n    "status": "gone",\n    "archived": "{archived}"\n  }}\n]\n',
            "jsonl": f'{{"id": "s-missing", "status": "gone", "archived": "{archived}"}}\n',
            "csv": f"id,status,archived\ns-missing,gone,{archived}\n",
            "tsv": f"id\tstatus\tarchived\ns-missing\tgone\t{archived}\n",
        }[fmt]
    )
