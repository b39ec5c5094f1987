"""The README and docs/ are true: the quick start has the promised shape, every console example
prints exactly what the page shows (run from a folder outside the checkout), and the tables of
relations and fields are the code's."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from readme_examples import PAGES, README, ROOT, examples, run

TEXT = README.read_text(encoding="utf-8")
ALL = "\n".join(page.read_text(encoding="utf-8") for page in PAGES)


def test_quick_start_is_one_block_of_two_commands() -> None:
    section = TEXT.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```(\w*)\n(.*?)```", section, re.S)
    assert len(blocks) == 1
    language, body = blocks[0]
    commands = [line for line in body.splitlines() if line.strip()]
    assert language == "sh" and len(commands) == 2
    assert commands[0].startswith("python3 -m venv ") and commands[0].endswith(
        "aseanct expand SOMTC"
    )
    assert "pytest" in commands[1] and "[test]" in commands[1]


@pytest.fixture(scope="module")
def examples_cache(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One cache for every page's examples, as `readme_examples.py --update` has."""
    return str(tmp_path_factory.mktemp("examples-cache"))


@pytest.mark.subprocess
@pytest.mark.skipif(shutil.which("bash") is None, reason="the examples are shell commands")
@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_console_examples(tmp_path: Path, page: Path, examples_cache: str) -> None:
    """A page's examples, in order, in a folder of the page's own (later ones may use files
    that earlier ones wrote)."""
    for example in examples(page.read_text(encoding="utf-8")):
        assert run(example, str(tmp_path), examples_cache) == example.expected, example.command


def test_every_command_is_documented_with_an_example() -> None:
    from aseanct.cli import app

    names = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    shown = " ".join(e.command for e in examples(ALL))
    for name in names:
        assert f"aseanct {name.rstrip('_')}" in shown, name


def test_the_relation_vocabulary_is_the_readme_s_table() -> None:
    from aseanct.relations import RELATIONS

    rows = re.findall(r"^\| `([a-z-]+)` \| ([^|]+) \| ([^|]+) \| ([^|]+) \|$", ALL, re.MULTILINE)
    table = {key: (forward.strip(), reverse.strip()) for key, forward, reverse, _ in rows}
    assert table == {k: (r.forward, r.reverse) for k, r in RELATIONS.items()}


def test_every_field_of_every_row_is_documented() -> None:
    import datetime

    import aseanct
    from aseanct.render import cite, glossary, parties, records, report, timeline, tree

    section = ALL.split("## Fields of every row", 1)[1].split("\n## ", 1)[0]
    documented = {
        name.strip() for span in re.findall(r"`([^`]+)`", section) for name in span.split(",")
    }
    registry = aseanct.load()
    views = [
        records.listing_view(registry, None),
        records.search_view(registry, None),
        records.show_view(registry, datetime.date.today()),
        tree.tree_view(registry),
        timeline.timeline_view(datetime.date.today()),
        glossary.glossary_view(),
        parties.parties_view(registry),
        report.validation_view({}),
        cite.cite_view("apa"),
        report.check_view(),
    ]
    from aseanct.lean.batch import FIELDS

    missing = {f for v in views for f in v.fields} | set(FIELDS)
    assert sorted(missing - documented) == []
