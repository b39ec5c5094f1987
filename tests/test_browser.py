"""The web reference in a real browser: Debian's Chromium driven by Playwright (no browser
download), opening the pages from `file://` as a reader with a USB stick would.

Skipped where Chromium or Playwright is missing, unless ASEANCT_REQUIRE_TOOLS names them
(as .ci/run does).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke, needs_program, required

from aseanct.model.records import Entity
from aseanct.model.registry import Registry

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("browser") / "site"
    result = invoke("site", str(directory))
    assert result.exit_code == 0, result.stderr
    return directory


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    chromium = needs_program("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if required("playwright"):
            pytest.fail("playwright is not installed, and ASEANCT_REQUIRE_TOOLS requires it")
        pytest.skip("playwright is not installed")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield launched
        launched.close()


class Watched:
    """A page that records every console error and uncaught exception."""

    def __init__(self, browser: Any, *, javascript: bool = True) -> None:
        self.context = browser.new_context(java_script_enabled=javascript)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("requestfailed", self.failed)

    def failed(self, request: Any) -> None:
        # The next page cancels a favicon still loading (net::ERR_ABORTED); a missing
        # one fails otherwise (net::ERR_FILE_NOT_FOUND) and is still an error.
        if not (request.url.endswith("/favicon.svg") and request.failure == "net::ERR_ABORTED"):
            self.errors.append(f"failed: {request.url} {request.failure}")

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        return self.page

    def close(self) -> None:
        assert self.errors == []
        self.context.close()


@pytest.fixture
def tab(browser: Any) -> Iterator[Watched]:
    watched = Watched(browser)
    yield watched
    watched.close()


def results(page: Any) -> list[str]:
    return [item.inner_text() for item in page.locator("#results li").all()]


def test_typing_hsu_lists_both_hsu_bodies_with_their_scope(site: Path, tab: Watched) -> None:
    page = tab.open(site / "index.html")
    page.locator("#q").press_sequentially("HSU")
    found = results(page)
    assert found[:2] == [
        "HSU Heads of Specialist Anti-Trafficking Units\nbody · operational mechanism · under SOMTC",
        "HSU Heads of Specialist Unit on People Smuggling\nbody · operational mechanism · under DGICM",
    ]
    assert page.locator("#status").inner_text().endswith("matches")


def test_a_misspelt_word_still_finds_its_record(site: Path, tab: Watched) -> None:
    page = tab.open(site / "index.html")
    page.locator("#q").fill("smugling")
    found = results(page)
    assert found[0].startswith("people smuggling\n")
    body = next(i for i, r in enumerate(found) if r.startswith("HSU Heads of Specialist Unit"))
    meeting = next(i for i, r in enumerate(found) if r.startswith("2nd meeting of the HSU"))
    assert body < meeting  # at equal words, the body before the events about it
    page.locator("#q").fill("Senior Oficials Meeting on Transnational Crime")
    assert results(page)[0].startswith("SOMTC Senior Officials Meeting on Transnational Crime")
    page.locator("#q").fill("zzzzqqq")
    assert results(page) == []
    assert page.locator("#status").inner_text() == "Nothing matches “zzzzqqq”."


def test_a_result_leads_to_the_record_and_its_sources(site: Path, tab: Watched) -> None:
    page = tab.open(site / "index.html")
    page.locator("#q").fill("ASEAN-ACT")
    page.locator("#results a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/r/asean-act.html")
    assert page.locator("h1").inner_text() == "ASEAN-ACT: ASEAN-Australia Counter Trafficking"
    assert page.title() == "ASEAN-ACT: ASEAN-Australia Counter Trafficking · aseanct"
    sources = page.locator("ol.sources > li")
    assert sources.count() > 5
    assert page.locator("ol.sources a[href^='https://www.aseanact.org/']").count() >= 1
    page.locator("a.cite").first.click()
    page.wait_for_url(re.compile(r"#source-1$"), timeout=5000)  # a navigation: wait for it
    assert page.url.endswith("/r/asean-act.html#source-1")
    assert page.locator("#source-1").is_visible()


def test_the_enter_key_opens_the_first_result(site: Path, tab: Watched) -> None:
    page = tab.open(site / "index.html")
    page.locator("#q").fill("SOMTC")
    page.locator("#q").press("Enter")
    page.wait_for_url("**/r/somtc.html")
    assert page.locator("nav.crumbs").inner_text().split("\n")[:3] == ["ASEAN", "APSC", "AMMTC"]


def test_hierarchy_and_timeline_pages(site: Path, tab: Watched) -> None:
    page = tab.open(site / "hierarchy.html")
    first = page.locator("ul.tree details").first
    assert first.get_attribute("open") is not None
    first.locator("summary").first.click(position={"x": 2, "y": 8})
    assert first.get_attribute("open") is None  # folded
    page = tab.open(site / "timeline.html")
    chart = page.locator("figure.chart svg").first
    box = chart.bounding_box()
    assert box is not None and box["width"] > 600 and box["height"] > 150
    assert "ASEAN-ACT" in chart.inner_html()


def test_every_page_loads_without_an_error(site: Path, browser: Any, shipped: Registry) -> None:
    watched = Watched(browser)
    visited = 0
    for path in sorted(site.glob("*.html")) + sorted((site / "r").glob("*.html"))[:40]:
        watched.open(path)
        assert watched.page.locator("h1").count() == 1, path
        visited += 1
    watched.close()
    assert visited > 40
    assert len(list((site / "r").glob("*.html"))) == sum(
        isinstance(r, Entity) for r in shipped.records
    )


def test_pages_read_with_javascript_off(site: Path, browser: Any) -> None:
    watched = Watched(browser, javascript=False)
    page = watched.open(site / "r" / "hsu-people-smuggling.html")
    assert page.locator("h1").inner_text() == "HSU: Heads of Specialist Unit on People Smuggling"
    assert page.locator("dl.sheet").first.inner_text().count("\n") > 4
    page = watched.open(site / "index.html")
    assert "Search needs JavaScript" in page.locator("main").inner_text()
    page.locator("main a[href='records.html']").first.click()
    page.wait_for_url("**/records.html", timeout=5000)
    assert page.locator("ul.records li").count() > 100
    watched.close()


def test_keyboard_focus_is_visible_and_the_skip_link_works(site: Path, tab: Watched) -> None:
    page = tab.open(site / "r" / "somtc.html")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip")
    assert skip.evaluate("e => e === document.activeElement")
    assert skip.bounding_box()["x"] >= 0  # shown when focused
    outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    # Following the link is a navigation, if within the page: wait for it, not a race.
    page.wait_for_url(re.compile(r"#main$"), timeout=5000)
    assert page.url.endswith("/r/somtc.html#main")


def test_print_hides_the_navigation(site: Path, tab: Watched) -> None:
    page = tab.open(site / "r" / "somtc.html")
    page.emulate_media(media="print")
    assert not page.locator("header.site nav").is_visible()
    assert page.locator("h1").is_visible()


@pytest.mark.parametrize("width", [390, 375, 320])
def test_no_page_is_wider_than_a_phone(site: Path, browser: Any, width: int) -> None:
    """At 375 pixels wide (and 320, WCAG's reflow width) a page never scrolls sideways:
    wide tables and charts scroll inside their own box, long words in headings break."""
    context = browser.new_context(viewport={"width": width, "height": 740})
    page = context.new_page()
    records = ("actip", "cambodia", "amag-mlat")
    paths = sorted(site.glob("*.html")) + [site / "r" / f"{n}.html" for n in records]
    wide = []
    for path in paths:
        page.goto(path.as_uri())
        scrolled = page.evaluate("document.documentElement.scrollWidth")
        if scrolled > width:
            wide.append((path.name, scrolled))
    context.close()
    assert wide == []


# --- the open items: dark mode, a phone, the hierarchy, the favicon, search, sources,
# --- the as-of day, who does what, words for readers ------------------------------------------


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two computed colours (`rgb(r, g, b)`)."""

    def luminance(colour: str) -> float:
        values = [int(v) / 255 for v in re.findall(r"\d+", colour)[:3]]
        r, g, b = (v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


COLOURS = """() => {
  const colour = (selector, what) => getComputedStyle(document.querySelector(selector))[what];
  return {
    paper: colour("html", "backgroundColor"),
    text: colour("body", "color"),
    link: colour("main a", "color"),
    muted: colour("main .kind", "color"),
  };
}"""


def test_dark_mode_follows_the_reader_and_stays_readable(site: Path, browser: Any) -> None:
    seen = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto((site / "r" / "somtc.html").as_uri())
        seen[scheme] = page.evaluate(COLOURS)
        context.close()
    light, dark = seen["light"], seen["dark"]
    assert dark["paper"] != light["paper"] and dark["text"] != light["text"]
    assert contrast(dark["paper"], "rgb(0, 0, 0)") < 1.5  # a dark page, not a light one
    for colours in (light, dark):
        for part in ("text", "link", "muted"):
            assert contrast(colours[part], colours["paper"]) >= 4.5, (colours, part)


def test_the_timeline_reads_on_a_phone(site: Path, browser: Any) -> None:
    """At 390 px the chart keeps its words at 10 px or more and scrolls sideways in its own
    box (which a keyboard can reach); the tables fit the screen, one block per row."""
    context = browser.new_context(viewport={"width": 390, "height": 800})
    page = context.new_page()
    page.goto((site / "timeline.html").as_uri())
    smallest = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll("figure.chart svg text")].map(t => {
             const svg = t.ownerSVGElement;
             const scale = svg.getBoundingClientRect().width / svg.width.baseVal.value;
             return parseFloat(t.getAttribute("font-size")) * scale;
           }))"""
    )
    assert smallest >= 10
    figure = page.locator("figure.chart").first
    assert figure.evaluate("f => f.scrollWidth > f.clientWidth")
    assert figure.get_attribute("tabindex") == "0"
    outside = page.evaluate(
        """() => [...document.querySelectorAll("main table, main td, main caption")]
             .filter(e => e.getBoundingClientRect().right > window.innerWidth).length"""
    )
    assert outside == 0
    cell = page.locator("table.reflow td").first
    assert cell.evaluate("c => getComputedStyle(c).display") == "block"  # a row per block
    assert cell.get_attribute("data-label") == "When"  # shown before the value by the CSS
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


def test_the_hierarchy_has_no_link_inside_a_summary(site: Path, tab: Watched) -> None:
    page = tab.open(site / "hierarchy.html")
    assert page.locator("summary").count() > 10
    assert page.locator("summary a, summary button, summary input").count() == 0
    somtc = page.locator("ul.tree a[href='r/somtc.html']")
    assert somtc.is_visible()
    folds = page.locator("summary", has_text="under SOMTC")
    folds.click()
    assert not page.locator("ul.tree a[href='r/hsu-tip.html']").is_visible()
    assert somtc.is_visible()  # the link stays when what is under it folds
    folds.click()
    page.locator("ul.tree a[href='r/hsu-tip.html']").click()
    page.wait_for_url("**/r/hsu-tip.html")


def test_every_page_names_the_favicon_and_it_loads(site: Path, tab: Watched) -> None:
    for path in (site / "index.html", site / "r" / "somtc.html"):
        page = tab.open(path)
        icon = page.locator("link[rel='icon']")
        assert icon.get_attribute("type") == "image/svg+xml"
        target = page.evaluate("() => document.querySelector(\"link[rel='icon']\").href")
        assert target == (site / "assets" / "favicon.svg").as_uri()
    page = tab.page
    page.goto((site / "assets" / "favicon.svg").as_uri())
    assert page.locator("svg").bounding_box()["width"] > 0


def test_search_says_which_word_it_read_for_a_typo(site: Path, tab: Watched) -> None:
    page = tab.open(site / "index.html")
    page.locator("#q").fill("traficking")
    status = page.locator("#status").inner_text()
    assert status.startswith("Showing results for “trafficking”. ")
    assert results(page)
    page.locator("#q").fill("people smugling")
    assert (
        page.locator("#status").inner_text().startswith("Showing results for “people smuggling”.")
    )
    page.locator("#q").fill("SOMTC")
    assert "Showing results" not in page.locator("#status").inner_text()


def test_search_shows_fifty_results_then_more(site: Path, tab: Watched) -> None:
    page = tab.open(site / "index.html")
    page.locator("#q").fill("trafficking")
    total = int(page.locator("#status").inner_text().split()[0])
    assert total > 100
    more = page.locator("#more")
    assert len(results(page)) == 50 and more.is_visible()
    assert more.inner_text() == f"Show 50 more (50 of {total} shown)"
    more.click()
    assert len(results(page)) == 100
    while more.is_visible():
        more.click()
    found = results(page)
    assert len(found) == total and len(set(found)) == total
    page.locator("#q").fill("SOMTC")
    assert not more.is_visible()


def test_a_source_leads_back_to_the_statements_that_cite_it(site: Path, tab: Watched) -> None:
    page = tab.open(site / "sources.html")
    entry = page.locator("ol.sources > li#seed-asean-sectoral-bodies")
    statement = entry.locator("a[href^='r/somtc.html#fact-']").first
    assert statement.get_attribute("aria-label").startswith("SOMTC, statement ")
    statement.click()
    page.wait_for_url(re.compile(r"/r/somtc\.html#fact-\d+$"), timeout=5000)
    fact = page.url.rpartition("#")[2]
    cites = page.locator(f"#{fact} a.cite").all()
    sources = {c.get_attribute("href") for c in cites}
    back = {page.locator(f"{n} a.all").get_attribute("href").rpartition("#")[2] for n in sources}
    assert "seed-asean-sectoral-bodies" in back


def test_every_page_says_the_day_it_is_read_as_of(site: Path, tab: Watched) -> None:
    """Read as of today, as the command line reads it, unless `--as-of` says otherwise."""
    days = {datetime.date.today() - datetime.timedelta(days=n) for n in (0, 1)}
    for name in ("index.html", "who.html", "timeline.html", "r/somtc.html"):
        footer = tab.open(site / name).locator("footer.site").inner_text()
        assert any(f"read as of {day.isoformat()}" in footer for day in days), footer


def test_who_does_what_gives_each_mechanism_in_one_line(site: Path, tab: Watched) -> None:
    page = tab.open(site / "index.html")
    page.locator("header nav a", has_text="Who does what").click()
    page.wait_for_url("**/who.html")
    headings = page.locator("main h2").all_inner_texts()
    assert headings == [
        "Against trafficking in persons",
        "Against people smuggling and irregular movement of persons",
    ]
    lines = page.locator("main ul.roles > li")
    assert lines.count() > 10
    for line in lines.all():
        assert line.locator("a").count() == 1
        assert "\n" not in line.inner_text()
    line = (
        page.locator("section", has_text="people smuggling")
        .locator("li")
        .filter(has=page.locator("a[href='r/dgicm.html']"))
    )
    assert ": The regular meeting of the heads of ASEAN's immigration agencies" in line.inner_text()
    page.locator("main a[href='r/somtc.html']").first.click()
    page.wait_for_url("**/r/somtc.html")


def test_pages_speak_to_readers(site: Path, tab: Watched) -> None:
    for name in ("hierarchy.html", "timeline.html", "sources.html", "r/somtc.html"):
        text = tab.open(site / name).locator("main").inner_text()
        for phrase in ("aseanct tree", "aseanct timeline", "aseanct cite", "seed file"):
            assert phrase not in text, (name, phrase)
