"""The web reference in a real browser: Debian's Chromium driven by Playwright (no browser
download), opening the pages from `file://` as a reader with a USB stick would.

Skipped where Chromium or Playwright is missing, unless ASEANCT_REQUIRE_TOOLS names them
(as .ci/run does).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import invoke, needs_program, required

from aseanct.model import Entity, Registry

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
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))

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


@pytest.mark.parametrize("width", [375, 320])
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
