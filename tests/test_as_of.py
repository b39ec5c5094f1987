"""`--as-of DATE`: the reference as it stood on a day, on the fixture data (tests/data/sample).

Each kind of answer that depends on the day is read on two dates, and must differ as the data
says it should: who held a post, which treaty steps had been taken, where a law stood, which
rating had been published, which records existed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import FIXTURES, invoke

SAMPLE = str(FIXTURES / "sample")


def run(*args: str) -> str:
    result = invoke(*args, "--data-dir", SAMPLE)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def held_by(day: str) -> str:
    lines = run("show", "alpha-envoy", "--as-of", day).splitlines()
    line = next(x for x in lines if x.startswith("held by:"))
    return line.removeprefix("held by:").strip()


@pytest.mark.parametrize(
    ("day", "holder"),
    [
        ("2012-05-01", "Ann Example (on 2012-05-01)"),
        ("2016-01-01", "Ben Example (on 2016-01-01)"),
        ("2024-07-01", "Cara Example (on 2024-07-01)"),
        (
            "2015-01-01",
            "not known for 2015-01-01; the last holder found before it: Ann Example (2010-02 to 2014-12-31)",
        ),
        ("2009-01-01", "not known for 2009-01-01"),
    ],
)
def test_a_post_names_its_holder_on_the_day(day: str, holder: str) -> None:
    assert held_by(day) == holder


def test_a_post_in_json_says_its_day_and_holder() -> None:
    then = json.loads(run("show", "alpha-envoy", "-f", "json", "--as-of", "2012-05-01"))
    assert then["as_of"] == "2012-05-01"
    assert [h["name"] for h in then["holders_on_day"]] == ["Ann Example"]
    assert then["last_known_holder"] is None
    later = json.loads(run("show", "alpha-envoy", "-f", "json", "--as-of", "2025-01-01"))
    assert later["holders_on_day"] == []
    assert later["last_known_holder"]["name"] == "Cara Example"


def test_a_treaty_table_counts_only_the_steps_taken_by_the_day() -> None:
    def rows(day: str) -> dict[str, tuple[str, str | None, str | None]]:
        printed = json.loads(run("parties", "RCAT", "-f", "json", "--as-of", day))
        assert {p["as_of"] for p in printed} == {day}
        return {p["id"]: (p["status"], p["date"], p["in_force"]) for p in printed}

    early = rows("2016-01-01")
    assert early["alpha"] == ("signatory only", None, None)
    assert early["beta"] == ("signatory only", None, None)
    assert early["gamma"] == ("no record", None, None)  # its source speaks of 2021 only
    assert early["delta"] == ("unknown", None, None)  # undated; first reported 2016-02-01
    late = rows("2021-07-01")
    assert late["delta"] == ("party", "unknown", None)
    assert late["alpha"] == ("party", "2016-01-25", "2016-03-01")
    assert late["beta"] == ("party", "2018-04-02", "2018-05-02")
    assert late["gamma"] == ("not a party", None, None)


def test_a_treaty_entry_into_force_waits_for_its_day() -> None:
    printed = json.loads(run("parties", "RCAT", "-f", "json", "--as-of", "2018-04-10"))
    beta = next(p for p in printed if p["id"] == "beta")
    assert (beta["status"], beta["in_force"]) == ("party", None)  # deposited, not yet in force


@pytest.mark.parametrize(
    ("day", "status"),
    [
        ("2008-01-01", "not yet made"),
        ("2008-09-01", "made, not yet in force"),
        ("2008-12-01", "in force in part"),
        ("2009-03-01", "in force"),
    ],
)
def test_a_law_stands_where_its_dates_put_it(day: str, status: str) -> None:
    assert (
        json.loads(run("show", "alpha-act", "-f", "json", "--as-of", day))["status_on_day"]
        == status
    )


def test_a_country_lists_the_laws_made_by_the_day() -> None:
    def laws(day: str) -> list[str]:
        text = run("show", "alpha", "--as-of", day)
        section = text.split(f"Laws (as of {day})\n", 1)[1].split("\n\n", 1)[0]
        return [line.strip() for line in section.splitlines()]

    assert laws("2015-06-01") == ["in force: Anti-Trafficking Act 2008"]
    assert laws("2016-01-01") == [
        "in force: Anti-Trafficking Act 2008",
        "in force: Anti-Trafficking (Amendment) Act 2015",
    ]


def ratings(day: str) -> list[str]:
    text = run("show", "alpha", "--as-of", day)
    heading = "Ratings by others, newest first (each its publisher's assessment)\n"
    if heading not in text:
        return []
    section = text.split(heading, 1)[1].split("\n\n", 1)[0]
    return [line.strip() for line in section.splitlines() if not line.strip().startswith("note:")]


def test_a_rating_counts_from_the_day_it_was_published() -> None:
    assert ratings("2019-06-01") == []  # the 2019 report came out on 20 June
    assert ratings("2019-07-01") == ["2019: Tier 2 (WR)"]
    assert ratings("2021-01-01") == ["2020: Tier 2 Watch List (WR)", "2019: Tier 2 (WR)"]


def test_list_and_search_hold_only_what_existed_on_the_day() -> None:
    ids = ("-f", "tsv", "--fields", "id", "--no-headers")
    assert run("list", "laws", *ids, "--as-of", "2010-01-01") == "alpha-act\n"
    assert run("list", "laws", *ids) == "alpha-act\nalpha-act-2015\n"
    assert (
        run("search", "Anti-Trafficking", "-t", "laws", *ids, "--as-of", "2010-01-01")
        == "alpha-act\n"
    )
    assert run("search", "Anti-Trafficking", "-t", "laws", *ids) == "alpha-act\nalpha-act-2015\n"


def test_without_as_of_the_json_says_today() -> None:
    import datetime

    shown = json.loads(run("show", "alpha-act", "-f", "json"))
    assert shown["as_of"] == datetime.date.today().isoformat()


def test_records_with_no_known_start_are_kept_and_said() -> None:
    result = invoke(
        "list",
        "terms",
        "-f",
        "tsv",
        "--fields",
        "id",
        "--no-headers",
        "--as-of",
        "2010-01-01",
        "--data-dir",
        SAMPLE,
    )
    assert result.exit_code == 0
    assert "work-plan" not in result.stdout.split()  # from 2023
    assert result.stderr.startswith(
        "hint: 3 of these have no known start date (plan, smuggling, areas)"
    )
    today = invoke("list", "terms", "--data-dir", SAMPLE)
    assert "no known start" not in today.stderr  # said only when a day is asked for


def test_the_json_statements_are_read_as_of_the_same_day() -> None:
    shown = json.loads(run("show", "alpha-envoy", "-f", "json", "--as-of", "2012-05-01"))
    held = [s for s in shown["statements"] if s["topic"] == "held by"]
    assert [s["text"] for s in held] == ["Ann Example (on 2012-05-01)"]


def test_two_holders_of_a_one_person_post_at_once_are_refused(tmp_path: Path) -> None:
    import shutil

    from aseanct.errors import DataError
    from aseanct.loader import read_data_dir

    data = tmp_path / "data"
    shutil.copytree(SAMPLE, data)
    posts = data / "posts.yaml"
    text = posts.read_text(encoding="utf-8")
    posts.write_text(
        text.replace("start_date: {date: 2015-01-05", "start_date: {date: 2014-06-01"),
        encoding="utf-8",
    )
    with pytest.raises(DataError) as raised:
        read_data_dir(str(data))
    assert [p.message for p in raised.value.problems] == [
        "the post has one seat, and this term (2014-06-01) certainly overlaps holder 1's "
        "(2010-02 to 2014-12-31)"
    ]
