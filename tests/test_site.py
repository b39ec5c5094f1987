"""`site`: the web reference. The pages' content is checked as data (aseanct.web.pages) and
as HTML (parsed with html.parser: every link resolves, every page has its landmarks, nothing
from the data is read as markup); tests/test_browser.py drives it in a real browser."""

from __future__ import annotations

import datetime
import hashlib
import html.parser
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, environment, invoke

import aseanct
from aseanct.model.records import Entity
from aseanct.model.registry import Registry
from aseanct.model.statements import RecordId
from aseanct.web import build, pages

SAMPLE = str(FIXTURES / "sample")
AS_OF = datetime.date(2026, 11, 23)


# --- the pages as data ----------------------------------------------------------------------


def test_a_record_page_numbers_statements_as_show_does(sample: Registry) -> None:
    page = pages.record_page(sample, sample.by_id[RecordId("p3")], AS_OF)  # type: ignore[arg-type]
    shown = json.loads(invoke("show", "p3", "-f", "json", "--data-dir", SAMPLE).stdout)
    numbered = [
        (line.number, line.label) for _, lines in page.sections for line in lines if line.number
    ]
    assert numbered == [(s["number"], s["topic"] or "") for s in shown["statements"]]
    assert [s.id for s in page.sources] == ["src-factsheet", "src-charter"]
    assert page.sources[1].reference.startswith(
        "The Charter Page. Regional Association Secretariat"
    )
    assert page.sources[0].provenance == (
        ("one of the documents this reference began from, kept as the file", "factsheet.txt"),
    )


def test_a_record_page_links_the_records_it_names(sample: Registry) -> None:
    page = pages.record_page(sample, sample.by_id[RecordId("p3")], AS_OF)  # type: ignore[arg-type]
    follows = next(line for _, lines in page.sections for line in lines if line.label == "follows")
    assert follows.parts[0] == pages.Part("P2 (Implementation Project)", "p2.html")
    countries = next(lines for title, lines in page.sections if title == "Countries")
    assert [(line.label, line.label_href) for line in countries] == [
        ("Alpha", "alpha.html"),
        ("Gamma", "gamma.html"),
    ]


def test_breadcrumbs_follow_the_parent_chain(sample: Registry) -> None:
    page = pages.record_page(sample, sample.by_id[RecordId("unit-tp")], AS_OF)  # type: ignore[arg-type]
    assert [c.text for c in page.breadcrumbs] == ["RA", "PS", "MMC", "SOC"]
    assert page.breadcrumbs[0].href == "ra.html"


def test_the_search_index_tells_the_two_hsus_apart(sample: Registry) -> None:
    rows = {row[0]: row for row in pages.search_entries(sample)}
    assert rows["unit-tp"][1:3] == ["HSU", "Heads of Specialist Units on Trafficking"]
    assert rows["unit-tp"][6] == "under SOC" and rows["unit-ps"][6] == "under MMC"
    assert set(rows) == {r.id for r in sample.records if isinstance(r, Entity)}


def test_the_search_index_is_a_script_no_name_can_break_out_of() -> None:
    registry = aseanct.load(str(FIXTURES / "html"))
    script = build.search_index_script(registry)
    assert script.startswith("window.ASEANCT_INDEX=[") and script.endswith("];\n")
    assert "</script>" not in script and "<\\/script>" in script
    rows = json.loads(script[len("window.ASEANCT_INDEX=") : -2])
    assert rows[0][2] == "</script><script>alert('name')</script> Body & Co"


def test_party_tables_match_the_parties_command(sample: Registry) -> None:
    ((instrument, rows),) = pages.party_tables(sample)
    assert instrument == pages.Part(
        "RCAT: Regional Convention Against Trafficking", "r/convention.html"
    )
    printed = invoke("parties", "RCAT", "-f", "csv", "--data-dir", SAMPLE).stdout.splitlines()
    assert len(rows) == len(printed) - 1
    assert rows[0][0] == pages.Part("Alpha", "r/alpha.html")


def test_the_data_date_is_the_last_day_a_source_was_read(sample: Registry) -> None:
    assert pages.data_date(sample) == "2026-01-06"


def test_who_does_what_lists_the_bodies_against_a_topic_and_those_above_them(
    sample: Registry,
) -> None:
    """HSU on Smuggling links to the term `addresses`; MMC is its parent; the Bay Process
    names smuggling, but not the term's name (people smuggling), and is left out."""
    lists = pages.who_does_what(sample, AS_OF, (("smuggling",), ("none",)))
    assert lists == [
        (
            "Against people smuggling",
            [
                pages.Item(
                    "r/mmc.html",
                    "MMC",
                    "Ministers Meeting on Crime",
                    "The ministers' meeting on transnational crime.",
                ),
                pages.Item("r/unit-ps.html", "HSU", "Heads of Specialist Unit on Smuggling", ""),
            ],
        )
    ]
    before = pages.who_does_what(sample, datetime.date(1990, 1, 1), [["smuggling"]])
    assert before == [("Against people smuggling", [])]  # set up later (the MMC in 1999)


def test_who_does_what_in_the_shipped_data(shipped: Registry) -> None:
    lists = dict(pages.who_does_what(shipped, AS_OF))
    assert list(lists) == [
        "Against trafficking in persons",
        "Against people smuggling and irregular movement of persons",
    ]
    trafficking, smuggling = (
        [role.href.removeprefix("r/").removesuffix(".html") for role in roles]
        for roles in lists.values()
    )
    assert trafficking[:4] == ["ammtc", "somtc", "somtc-wg-tip", "hsu-tip"]
    assert {"bali-process-wg-tip", "commit"} <= set(trafficking)
    assert {"dgicm", "hsu-people-smuggling", "somtc-wg-people-smuggling"} <= set(smuggling)
    assert "hsu-tip" not in smuggling and "hsu-people-smuggling" not in trafficking
    assert "somtc-wg-arms-smuggling" not in smuggling  # smuggling, but not of people
    national = {r.id for r in shipped.records if getattr(r, "country", None)}
    assert not national & {*trafficking, *smuggling}
    for role in lists["Against trafficking in persons"]:
        record = shipped.by_id[RecordId(role.href[2:-5])]
        assert record.description.startswith(role.note) and role.note.endswith(".")


def test_the_sources_page_links_each_source_to_the_statements_that_cite_it(
    sample: Registry,
) -> None:
    entities = [r for r in sample.records if isinstance(r, Entity)]
    record_pages = {p.path: p for p in (pages.record_page(sample, r, AS_OF) for r in entities)}
    entries = pages.source_entries(sample, list(record_pages.values()))
    charter = next(e for e in entries if e.id == "src-charter")
    assert [record.text for record, _ in charter.cited_by][:2] == ["RA", "PS"]
    checked = 0
    for entry in entries:
        for record, statements in entry.cited_by:
            shown = record_pages[record.href]
            for statement in statements:
                path, _, fact = statement.href.partition("#fact-")
                assert path == record.href
                line = next(
                    x for _, lines in shown.sections for x in lines if x.number == int(fact)
                )
                assert entry.id in {shown.sources[n - 1].id for n in line.sources}
                checked += 1
    assert checked > 50


# --- the pages as HTML ---------------------------------------------------------------------


class Page(html.parser.HTMLParser):
    """What a test needs of a page: links, ids, landmarks, headings, text, scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.lang = ""
        self.scripts: list[str] = []
        self.labels: set[str] = set()
        self.inputs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.tags.append(tag)
        if values.get("id"):
            self.ids.add(str(values["id"]))
        for name in ("href", "src"):
            if values.get(name):
                self.links.append(str(values[name]))
        if tag == "html":
            self.lang = str(values.get("lang"))
        if tag == "script" and values.get("src"):
            self.scripts.append(str(values["src"]))
        if tag == "label" and values.get("for"):
            self.labels.add(str(values["for"]))
        if tag == "input":
            self.inputs.append(str(values.get("id")))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("site") / "sample"
    result = invoke("site", str(directory), "--data-dir", SAMPLE, "--as-of", "2026-11-23")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == f"{directory / 'index.html'}\n"
    assert result.stderr == f"hint: wrote 42 pages to {directory}\n"
    return directory


def html_files(directory: Path) -> Iterator[Path]:
    return iter(sorted(directory.rglob("*.html")))


def test_every_record_has_a_page_and_every_page_its_landmarks(
    sample_site: Path, sample: Registry
) -> None:
    records = {r.id for r in sample.records if isinstance(r, Entity)}
    assert {p.stem for p in (sample_site / "r").glob("*.html")} == records
    for path in html_files(sample_site):
        page = parse(path)
        assert page.lang == "en", path
        for landmark in ("header", "nav", "main", "footer", "title", "h1"):
            assert landmark in page.tags, (path, landmark)
        assert page.tags.count("h1") == 1, path
        assert set(page.inputs) <= page.labels, path  # every input has its label


def test_no_internal_link_is_broken(sample_site: Path) -> None:
    parsed = {path: parse(path) for path in html_files(sample_site)}
    checked = 0
    for path, page in parsed.items():
        for link in page.links:
            if link.startswith(("http://", "https://")):
                continue
            assert not link.startswith(("//", "javascript:", "data:")), (path, link)
            target, _, fragment = link.partition("#")
            resolved = (path.parent / target).resolve() if target else path
            assert resolved.exists(), (path, link)
            assert sample_site in resolved.parents, (path, link)  # never outside the site
            if fragment and resolved.suffix == ".html":
                ids = parsed[resolved].ids if resolved in parsed else parse(resolved).ids
                assert fragment in ids, (path, link)
            checked += 1
    assert checked > 500


def test_every_page_forbids_inline_script_and_anything_from_elsewhere(sample_site: Path) -> None:
    policy = (
        '<meta http-equiv="Content-Security-Policy" content="default-src &#39;self&#39;; '
        "script-src &#39;self&#39;; style-src &#39;self&#39;; img-src &#39;self&#39; data:; "
        'object-src &#39;none&#39;; base-uri &#39;none&#39;; form-action &#39;self&#39;">'
    )
    for page in sample_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert policy in text or policy.replace("&#39;", "'") in text, page
        assert not re.search(r"<script>(?!</script>)|<script(?![^>]*\bsrc=)|\son\w+=", text), page


def test_no_page_loads_anything_from_the_network(sample_site: Path) -> None:
    for path in [*html_files(sample_site), *sample_site.glob("assets/*")]:
        text = path.read_text(encoding="utf-8")
        # a link a reader follows may leave the site; nothing the page loads may
        loads = re.findall(r"""\bsrc=["'](?:https?:)?//[^"']+""", text)
        loads += re.findall(
            r"""<link (?![^>]*rel="canonical")[^>]*href=["'](?:https?:)?//[^"']+""", text
        )
        assert not loads, (path, loads)
        assert "@import" not in text and "url(http" not in text and "fetch(" not in text


def test_record_pages_carry_numbered_sources_linked_to_their_urls(sample_site: Path) -> None:
    text = (sample_site / "r" / "p3.html").read_text(encoding="utf-8")
    assert (
        '<li id="source-2" value="2">The Charter Page. Regional Association Secretariat, undated. https://example.org/charter. Accessed 2026-01-01. <a href="https://example.org/charter" rel="noopener" aria-label="Open the source: The Charter Page (source 2)">Open the source</a>'
        in text
    )
    assert '<a class="cite" href="#source-1" aria-label="source 1">[1]</a>' in text
    assert '<span class="n" title="statement 5">5</span>' in text


def test_a_source_s_copy_and_archived_copy_are_links_beside_it(sample_site: Path) -> None:
    archived = "https://web.archive.org/web/20260102000000/https://news.example.org/report"
    copies = (
        '    <span class="via">read on a copy: <a href="https://archive.example.net/report" '
        'rel="noopener">https://archive.example.net/report</a></span>\n'
        f'    <span class="via">archived copy: <a href="{archived}" rel="noopener">{archived}'
        "</a></span>"
    )
    reference = (
        "A News Report. The Daily Example, 2016-02-01. https://news.example.org/report. Accessed "
        '2026-01-02. <a href="https://news.example.org/report" rel="noopener" aria-label="Open '
        'the source: A News Report (source 2)">Open the source</a>\n'
    )
    record = (sample_site / "r" / "alpha.html").read_text(encoding="utf-8")
    assert (
        f'  <li id="source-2" value="2">{reference}{copies} <a class="all" '
        'href="../sources.html#src-news" aria-label="A News Report (source 2), among all '
        'sources">(all sources)</a></li>\n'
    ) in record
    listed = (sample_site / "sources.html").read_text(encoding="utf-8")
    assert f'  <li id="src-news">{reference}{copies}\n    <span class="via">cited in: ' in listed


def test_the_hierarchy_folds_without_javascript(sample_site: Path) -> None:
    page = parse(sample_site / "hierarchy.html")
    assert page.tags.count("details") >= 3 and "script" not in page.tags
    assert "r/unit-tp.html" in page.links
    text = (sample_site / "hierarchy.html").read_text(encoding="utf-8")
    summaries = re.findall(r"<summary>(.*?)</summary>", text, re.S)
    assert summaries[:3] == ["1 under RA", "1 under PS", "2 under MMC"]
    assert not any("<a" in summary for summary in summaries)  # nothing interactive inside


def test_every_page_has_the_favicon_and_the_day_it_is_read_as_of(sample_site: Path) -> None:
    icon = (sample_site / "assets" / "favicon.svg").read_text(encoding="utf-8")
    assert icon.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    for path in html_files(sample_site):
        text = path.read_text(encoding="utf-8")
        root = "../" if path.parent.name == "r" else ""
        assert f'<link rel="icon" href="{root}assets/favicon.svg" type="image/svg+xml">' in text
        footer = text[text.index('<footer class="site">') :]
        assert "read as of 2026-11-23 ·" in footer, path


def test_pages_speak_to_readers_not_to_the_command_line(sample_site: Path) -> None:
    """Commands belong on the about page (how to correct a record, the same answers
    elsewhere); the other pages say what they show in words."""
    for path in html_files(sample_site):
        if path.name == "about.html":
            continue
        text = path.read_text(encoding="utf-8")
        for phrase in ("aseanct tree", "aseanct timeline", "aseanct cite", "-f svg", "seed file"):
            assert phrase not in text, (path, phrase)


def test_the_timeline_is_a_picture_with_a_table_beside_it(sample_site: Path) -> None:
    text = (sample_site / "timeline.html").read_text(encoding="utf-8")
    assert text.count("<svg") == 2 and "Status as of 2026-11-23." in text
    assert "<caption>Programmes in order</caption>" in text


def test_the_same_data_gives_the_same_bytes(tmp_path: Path) -> None:
    def digest(directory: Path) -> dict[str, str]:
        return {
            str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.rglob("*"))
            if p.is_file()
        }

    runs = []
    for name, seed in (("a", "1"), ("b", "2")):
        done = subprocess.run(
            [
                *(sys.executable, "-m", "aseanct", "site", str(tmp_path / name)),
                *("--data-dir", SAMPLE, "--as-of", "2026-11-23"),
            ],
            env=environment(PYTHONHASHSEED=seed),
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        runs.append(digest(tmp_path / name))
    assert runs[0] == runs[1] and len(runs[0]) > 30


def test_text_from_the_data_is_never_markup(tmp_path: Path) -> None:
    directory = tmp_path / "site"
    assert invoke("site", str(directory), "--data-dir", str(FIXTURES / "html")).exit_code == 0
    for path in html_files(directory):
        text = path.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<img src=x" not in text, path
        assert "<b>bold</b>" not in text and "<em>this</em>" not in text, path
    body = (directory / "r" / "html-body.html").read_text(encoding="utf-8")
    assert "&lt;/script&gt;&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt; Body &amp; Co" in body
    assert "Described as &lt;em&gt;this&lt;/em&gt; &amp; that" in body
    assert 'href="https://example.org/page?a=1&amp;b=&lt;2&gt;"' in body


def test_a_rebuild_removes_only_the_pages_it_wrote_and_says_what_it_left(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    directory = tmp_path / "site"
    assert invoke("site", str(directory), "--data-dir", str(data)).exit_code == 0
    assert (directory / "r" / "alpha-trial.html").is_file()
    (directory / "r" / "mine.html").write_text("mine", encoding="utf-8")
    (directory / "CNAME").write_text("example.org\n", encoding="utf-8")
    (directory / ".git").mkdir()
    (directory / ".git" / "HEAD").write_text("ref\n", encoding="utf-8")
    cases = data / "assessments.yaml"
    text = cases.read_text(encoding="utf-8")
    cases.write_text(text.split("\ncases:")[0] + "\n", encoding="utf-8")  # the trial goes
    result = invoke("site", str(directory), "--data-dir", str(data))
    assert result.exit_code == 0, result.stderr
    assert not (directory / "r" / "alpha-trial.html").exists()  # its page was aseanct's
    assert (directory / "r" / "mine.html").read_text(encoding="utf-8") == "mine"
    assert (directory / "CNAME").is_file() and (directory / ".git" / "HEAD").is_file()
    assert result.stderr.endswith("hint: left 2 files aseanct did not write: CNAME, r/mine.html\n")


@pytest.mark.parametrize("marker", [None, ".aseanct-site", ".aseanct-site.json"])
def test_a_folder_with_files_and_no_manifest_is_refused(tmp_path: Path, marker: str | None) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "thesis.tex").write_text("keep", encoding="utf-8")
    if marker:
        (folder / marker).write_text("not a manifest", encoding="utf-8")
    refused = invoke("site", str(folder), "--data-dir", SAMPLE)
    assert refused.exit_code == 2
    assert refused.stderr == (
        f"error: '{folder}' is not empty and holds no site aseanct wrote\n"
        "hint: give a new or empty directory, or add --force to write the site among its "
        "files (nothing of theirs is removed)\n"
    )
    assert sorted(p.name for p in folder.iterdir()) == sorted(filter(None, ["thesis.tex", marker]))
    forced = invoke("site", str(folder), "--force", "--data-dir", SAMPLE)
    assert forced.exit_code == 0, forced.stderr
    assert (folder / "thesis.tex").read_text(encoding="utf-8") == "keep"
    assert (folder / "index.html").is_file()


def test_a_page_changed_by_hand_is_not_written_over_without_force(tmp_path: Path) -> None:
    directory = tmp_path / "site"
    assert invoke("site", str(directory), "--data-dir", SAMPLE).exit_code == 0
    (directory / "about.html").write_text("<p>my own words</p>", encoding="utf-8")
    refused = invoke("site", str(directory), "--data-dir", SAMPLE)
    assert refused.exit_code == 2
    assert "where the site goes: about.html\n" in refused.stderr
    assert (directory / "about.html").read_text(encoding="utf-8") == "<p>my own words</p>"
    assert invoke("site", str(directory), "--force", "--data-dir", SAMPLE).exit_code == 0
    assert "my own words" not in (directory / "about.html").read_text(encoding="utf-8")


def test_base_url_adds_canonical_links_and_a_sitemap(tmp_path: Path) -> None:
    directory = tmp_path / "site"
    result = invoke(
        "site", str(directory), "--base-url", "https://example.org/ref", "--data-dir", SAMPLE
    )
    assert result.exit_code == 0, result.stderr
    assert '<link rel="canonical" href="https://example.org/ref/r/p3.html">' in (
        directory / "r" / "p3.html"
    ).read_text(encoding="utf-8")
    sitemap = (directory / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://example.org/ref/index.html</loc>" in sitemap
    assert sitemap.count("<loc>") == 8 + 34
    # pages still link each other relatively
    assert 'href="../index.html"' in (directory / "r" / "p3.html").read_text(encoding="utf-8")


def test_a_site_as_of_a_day_lists_what_existed_and_reads_every_page_then(tmp_path: Path) -> None:
    directory = tmp_path / "site"
    result = invoke("site", str(directory), "--as-of", "2012-05-01", "--data-dir", SAMPLE)
    assert result.exit_code == 0, result.stderr
    listed = (directory / "records.html").read_text(encoding="utf-8")
    assert 'href="r/alpha-act.html"' in listed
    assert 'href="r/alpha-act-2015.html"' not in listed  # made in 2015
    assert (directory / "r" / "alpha-act-2015.html").exists()  # links to it still work
    index = (directory / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert '"alpha-act"' in index and '"alpha-act-2015"' not in index
    envoy = (directory / "r" / "alpha-envoy.html").read_text(encoding="utf-8")
    assert "Ann Example (on 2012-05-01)" in envoy
    parties = (directory / "parties.html").read_text(encoding="utf-8")
    assert "as of 2012-05-01" in parties
    assert "<td>signatory only</td>" not in parties  # nothing signed by 2012
    assert "read as of 2012-05-01" in (directory / "index.html").read_text(encoding="utf-8")


def test_a_name_in_another_language_carries_its_lang(sample_site: Path) -> None:
    page = (sample_site / "r" / "alpha-act.html").read_text(encoding="utf-8")
    assert '<span lang="ms">Akta Antipemerdagangan 2008</span> (Malay)' in page


def test_a_base_url_must_be_an_http_address(tmp_path: Path) -> None:
    result = invoke("site", str(tmp_path / "s"), "--base-url", "ftp://x", "--data-dir", SAMPLE)
    assert result.exit_code == 2
    assert result.stderr.startswith("error: --base-url 'ftp://x' is not an http(s) address\n")


def test_the_shipped_data_builds_with_both_hsus_in_the_index(
    tmp_path: Path, shipped: Registry
) -> None:
    directory = tmp_path / "site"
    days = {datetime.date.today().isoformat()}
    assert invoke("site", str(directory)).exit_code == 0
    days.add(datetime.date.today().isoformat())  # a build across midnight reads either day
    index = (directory / "assets" / "search-index.js").read_text(encoding="utf-8")
    rows = json.loads(index[len("window.ASEANCT_INDEX=") : -2])
    hsus = [(r[0], r[6]) for r in rows if "HSU" in r[1].split("|")]
    assert hsus == [("hsu-tip", "under SOMTC"), ("hsu-people-smuggling", "under DGICM")]
    pages_written = len(list((directory / "r").glob("*.html")))
    assert pages_written == sum(isinstance(r, Entity) for r in shipped.records)
    # read as of today by default, as the other commands are, and said on every page
    timeline = (directory / "timeline.html").read_text(encoding="utf-8")
    assert any(f"Status as of {day}." in timeline for day in days)
    assert any(f"read as of {day}" in timeline for day in days)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.subprocess
def test_serve_serves_the_site_on_localhost(tmp_path: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "aseanct",
            "site",
            str(tmp_path / "s"),
            "--serve",
            "--port",
            str(port),
            "--data-dir",
            SAMPLE,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(),
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                body = urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/r/p3.html", timeout=2
                ).read()
                break
            except OSError:
                assert server.poll() is None, server.communicate()[1]
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert b"<h1>P3: Regional Counter Trafficking</h1>" in body
    finally:
        server.terminate()
        _out, err = server.communicate(timeout=10)
    assert f"hint: serving http://127.0.0.1:{port}/ (Ctrl-C stops)".encode() in err
    assert os.path.exists(tmp_path / "s" / "index.html")


def test_a_directory_that_cannot_be_made_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    target = tmp_path / "file" / "site"
    result = invoke("site", str(target), "--data-dir", SAMPLE)
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: cannot write '{target}': ")
    assert result.stderr.endswith(
        "hint: give a path in a directory that exists and that you may write to\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_a_site_rebuilt_from_inside_it_is_replaced_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`aseanct site .` in an earlier site (or in an empty folder) rebuilds it there; it
    used to delete the earlier site and fail with an internal error."""
    directory = tmp_path / "site"
    assert invoke("site", str(directory), "--data-dir", SAMPLE).exit_code == 0
    monkeypatch.chdir(directory)
    result = invoke("site", ".", "--data-dir", SAMPLE)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "./index.html\n"
    assert (directory / "r" / "p3.html").is_file()
    assert sorted(p.name for p in directory.iterdir() if p.name.startswith(".")) == [
        ".aseanct-site.json"
    ]
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    assert invoke("site", ".", "--data-dir", SAMPLE).exit_code == 0
    assert (empty / "index.html").is_file()


def test_a_symbolic_link_to_a_site_stays_a_link_to_the_new_site(tmp_path: Path) -> None:
    real = tmp_path / "real"
    link = tmp_path / "link"
    assert invoke("site", str(real), "--data-dir", SAMPLE).exit_code == 0
    link.symlink_to(real)
    (real / "index.html").write_text("old", encoding="utf-8")
    result = invoke("site", str(link), "--force", "--data-dir", SAMPLE)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and (real / "index.html").read_text(encoding="utf-8") != "old"


def test_what_a_killed_build_left_does_not_make_a_directory_foreign(tmp_path: Path) -> None:
    directory = tmp_path / "site"
    (directory / ".aseanct-12345-new" / "r").mkdir(parents=True)
    result = invoke("site", str(directory), "--data-dir", SAMPLE)
    assert result.exit_code == 0, result.stderr
    assert "hint: left" not in result.stderr  # not counted as someone's files, nor touched
    assert (directory / ".aseanct-12345-new" / "r").is_dir()


def test_a_failed_build_leaves_the_earlier_site_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "site"
    assert invoke("site", str(directory), "--data-dir", SAMPLE).exit_code == 0
    before = sorted(str(p.relative_to(directory)) for p in directory.rglob("*"))
    real_files = build.files

    def failing(*args: object, **kwargs: object) -> Iterator[tuple[str, str]]:
        yield from list(real_files(*args, **kwargs))[:5]  # type: ignore[arg-type]
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "files", failing)
    assert invoke("site", str(directory), "--data-dir", SAMPLE).exit_code == 130
    assert sorted(str(p.relative_to(directory)) for p in directory.rglob("*")) == before
    fresh = tmp_path / "fresh"
    assert invoke("site", str(fresh), "--data-dir", SAMPLE).exit_code == 130
    assert not fresh.exists()


def test_the_site_never_goes_where_the_data_is(tmp_path: Path) -> None:
    """Replacing an earlier site removes everything in it: the data must not be there."""
    site_dir = tmp_path / "site"
    assert invoke("site", str(site_dir), "--data-dir", SAMPLE).exit_code == 0
    shutil.copytree(SAMPLE, site_dir / "data")
    for target, data in ((site_dir, site_dir / "data"), (site_dir / "data", site_dir / "data")):
        result = invoke("site", str(target), "--data-dir", str(data))
        assert result.exit_code == 2
        assert result.stderr == (
            f"error: '{target}' holds the data directory in use ({data})\n"
            "hint: give the site a directory of its own\n"
        )
    assert sorted(p.name for p in (site_dir / "data").iterdir()) == sorted(
        p.name for p in Path(SAMPLE).iterdir()
    )


def test_ids_are_unique_and_every_reference_to_one_resolves(sample_site: Path) -> None:
    """The timeline page shows two charts: each must name itself, not both the first."""
    for path in html_files(sample_site):
        text = path.read_text(encoding="utf-8")
        ids = re.findall(r'\sid="([^"]+)"', text)
        assert len(ids) == len(set(ids)), (path, sorted(i for i in ids if ids.count(i) > 1))
        for refs in re.findall(r'aria-(?:labelledby|describedby|controls)="([^"]+)"', text):
            assert set(refs.split()) <= set(ids), (path, refs)
        assert "<?xml" not in text, path
    timeline = (sample_site / "timeline.html").read_text(encoding="utf-8")
    charts = re.findall(
        r'<svg [^>]*aria-labelledby="([^"]+)"[^>]*>\s*<title id="([^"]+)">', timeline
    )
    assert charts == [
        ("programmes-chart-title programmes-chart-desc", "programmes-chart-title"),
        ("events-chart-title events-chart-desc", "events-chart-title"),
    ]


def test_wide_tables_scroll_in_a_region_a_keyboard_can_reach(sample_site: Path) -> None:
    for name in ("timeline.html", "parties.html"):
        text = (sample_site / name).read_text(encoding="utf-8")
        assert text.count("<table") == text.count('tabindex="0"><table') > 0, name
        assert text.count('<div class="scroll" role="region" aria-label') == text.count("<table")


def test_repeated_link_texts_name_their_source_for_screen_readers(sample_site: Path) -> None:
    """A screen reader's list of links shows "Open the source" and "(all sources)" many
    times on a page; each link's accessible name says which source (and keeps the visible
    words, as WCAG 2.5.3 asks)."""
    for path in [sample_site / "sources.html", *sorted((sample_site / "r").glob("*.html"))]:
        text = path.read_text(encoding="utf-8")
        for pattern in (r"<a [^>]*>Open the source</a>", r"<a [^>]*>\(all sources\)</a>"):
            links = re.findall(pattern, text)
            labels = [re.search(r'aria-label="([^"]+)"', link) for link in links]
            assert all(labels), (path, links)
            assert len({m.group(1) for m in labels if m}) == len(links), path
    page = (sample_site / "r" / "p3.html").read_text(encoding="utf-8")
    assert 'aria-label="The Charter Page (source 2), among all sources">(all sources)</a>' in page
    assert '<dt><span class="n" title="statement' in page
    assert '<span aria-hidden="true">·</span></dt>' in page


def test_serve_on_a_busy_port_never_says_it_is_serving(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = invoke(
            "site", str(tmp_path / "s"), "--serve", "--port", str(port), "--data-dir", SAMPLE
        )
    assert result.exit_code == 2
    assert result.stderr == (
        f"hint: wrote 42 pages to {tmp_path / 's'}\n"
        f"error: cannot serve on 127.0.0.1:{port}: Address already in use\n"
    )


@pytest.mark.parametrize("force", [[], ["--force"]], ids=["plain", "force"])
def test_a_folder_of_the_site_replaced_by_a_link_is_not_written_through(
    tmp_path: Path, force: list[str]
) -> None:
    directory = tmp_path / "site"
    assert invoke("site", str(directory), "--data-dir", SAMPLE).exit_code == 0
    elsewhere = tmp_path / "elsewhere"
    (directory / "r").rename(elsewhere)
    (elsewhere / "somtc.html").write_text("theirs", encoding="utf-8")
    (directory / "r").symlink_to(elsewhere)
    before = sorted(p.name for p in elsewhere.iterdir())
    result = invoke("site", str(directory), *force, "--data-dir", SAMPLE)
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: '{directory}' holds a link where the site has a folder: r\n"
        "hint: move the link away: aseanct does not write through links\n"
    )
    assert sorted(p.name for p in elsewhere.iterdir()) == before
    assert (elsewhere / "somtc.html").read_text(encoding="utf-8") == "theirs"


def test_a_link_someone_put_in_the_site_is_left_alone(tmp_path: Path) -> None:
    directory = tmp_path / "site"
    assert invoke("site", str(directory), "--data-dir", SAMPLE).exit_code == 0
    elsewhere = tmp_path / "mine"
    elsewhere.mkdir()
    (elsewhere / "notes.txt").write_text("keep", encoding="utf-8")
    (directory / "r" / "mine").symlink_to(elsewhere)
    result = invoke("site", str(directory), "--data-dir", SAMPLE)
    assert result.exit_code == 0, result.stderr
    assert (directory / "r" / "mine").is_symlink()
    assert (elsewhere / "notes.txt").read_text(encoding="utf-8") == "keep"
    assert result.stderr.endswith("hint: left 1 file aseanct did not write: r/mine\n")
