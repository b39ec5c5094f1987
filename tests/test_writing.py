"""Writers' tools: glossary and annotate, on small texts, on the seeds, and as streams."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, environment, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aseanct.lean.markdown import Structure
from aseanct.lean.writing import Annotator, Lexicon
from aseanct.store import Store

SEEDS = FIXTURES / "seeds"

# Every acronym each seed uses that the data knows, in order of first use (read off the seeds).
SEED_ACRONYMS = {
    "000_77c7529df7ab3108.txt": [
        "ASEAN",
        "AMMTC",
        "SOMTC",
        "TIP",
        "DGICM",
        "ARF",
        "WG on TIP",
        "SOMTC WG on TIP",
        "ACTIP",
        "APA",
        "HSU",
        "APSC",
        "AICHR",
        "ASLOM",
        "SOM-MLAT",
        "ASCC",
        "ACWC",
        "SLOM",
        "SOM-ED",
        "SOMHD",
        "SOMSWD",
        "ARCPPT",
        "ARTIP",
        "AAPTIP",
        "AIP",
        "ACT",
        "EAMMTC",
    ],
    "003_5861e3a381f9a2f0.txt": [
        "ASEAN",
        "ASEAN-ACT",
        "ACTIP",
        "RPSC",
        "SOMTC",
        "DFAT",
        "NCCT",
        "LSCW",
    ],
}


@pytest.mark.parametrize("seed", sorted(SEED_ACRONYMS))
def test_glossary_of_each_seed_lists_every_known_acronym_it_uses(seed: str) -> None:
    result = invoke("glossary", str(SEEDS / seed), "-f", "json")
    assert result.exit_code == 0, result.output
    found = list(dict.fromkeys(r["acronym"] for r in json.loads(result.stdout)))
    assert found == SEED_ACRONYMS[seed]


def test_glossary_text_and_markdown() -> None:
    text = "The AMMTC oversees the SOMTC.\nThe HSU met; the SOMTC agreed.\n"
    assert invoke("glossary", "-", input=text).stdout == (
        "AMMTC  ASEAN Ministerial Meeting on Transnational Crime\n"
        "SOMTC  Senior Officials Meeting on Transnational Crime\n"
        "HSU    Heads of Specialist Anti-Trafficking Units (hsu-tip, under SOMTC)\n"
        "HSU    Heads of Specialist Unit on People Smuggling (hsu-people-smuggling, under DGICM)\n"
    )
    assert invoke("glossary", "-", "-f", "markdown", input="See the ARF | and TIP.\n").stdout == (
        "| Acronym | Full name |\n"
        "| --- | --- |\n"
        "| ARF | ASEAN Regional Forum |\n"
        "| TIP | trafficking in persons |\n"
    )


def test_glossary_records_carry_count_and_line_of_first_use() -> None:
    records = json.loads(
        invoke("glossary", "-", "-f", "json", input="x\nSOMTC and SOMTC\nSOMTC\n").stdout
    )
    assert records == [
        {
            "acronym": "SOMTC",
            "name": "Senior Officials Meeting on Transnational Crime",
            "id": "somtc",
            "kind": "senior officials meeting",
            "count": 3,
            "line": 2,
            "defined_by": "data",
            "other_meanings": [],
        }
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the act of trafficking", []),  # lower case is not ACT
        ("An Act of parliament", []),
        ("ASEAN-ACT works", ["ASEAN-ACT"]),  # the longest form wins: not ASEAN + ACT
        ("ASEAN-led work", ["ASEAN"]),
        ("pre-ASEAN times", []),  # joined by a hyphen before it: not a use
        ("SOMTCs and SOMTC's", ["SOMTC"]),  # whole words only; the possessive is a use
        ("the SOM-MLAT and SOM-ED", ["SOM-MLAT", "SOM-ED"]),
        ("the SOMTC WG on TIP met", ["SOMTC WG on TIP"]),
        ("MoSVY and MOSVY", ["MoSVY", "MOSVY"]),
        ("(ACTIP), [APA]; TIP.", ["ACTIP", "APA", "TIP"]),
        ("SOMTCé", []),
    ],
)
def test_glossary_matching(text: str, expected: list[str]) -> None:
    records = json.loads(invoke("glossary", "-", "-f", "json", input=text + "\n").stdout)
    assert [r["acronym"] for r in records] == expected


def test_glossary_unknown_words_on_stderr() -> None:
    result = invoke("glossary", "-", "--unknown", input="NGO and COVID-19 met SOMTC\nNGO\n")
    assert result.stdout == "SOMTC  Senior Officials Meeting on Transnational Crime\n"
    assert result.stderr == (
        "hint: unknown all-caps word NGO (first at line 1, 2x)\n"
        "hint: unknown all-caps word COVID-19 (first at line 1, 1x)\n"
    )


def test_annotate_spells_out_first_uses_only() -> None:
    text = "The SOMTC met.\r\nThe SOMTC  met again, with the HSU and the AIP.\n\nEnd without newline: APA"
    result = invoke("annotate", "-", "--expand", "APA", input=text)
    assert result.stdout_bytes.decode() == (  # .stdout would turn \r\n into \n
        "The Senior Officials Meeting on Transnational Crime (SOMTC) met.\r\n"
        "The SOMTC  met again, with the HSU and the ACTIP Implementation Project (AIP).\n\n"
        "End without newline: ASEAN Plan of Action Against Trafficking in Persons, Especially Women "
        "and Children (APA)"
    )
    assert (
        result.stderr
        == "hint: HSU not expanded: it names 2 records (hsu-tip, hsu-people-smuggling)\n"
    )


def test_an_acronym_with_another_meaning_is_spelt_out_only_when_asked() -> None:
    text = "The ACT Government in Canberra and the APA style guide.\n"
    result = invoke("annotate", "-", input=text)
    assert result.exit_code == 0
    assert result.stdout == text
    assert result.stderr == (
        "hint: ACT not expanded: it also stands for Australian Capital Territory "
        "(--expand ACT spells it out)\n"
        "hint: APA not expanded: it also stands for American Psychological Association "
        "(--expand APA spells it out)\n"
    )
    asked = invoke("annotate", "-", "--expand", "act", input=text)
    assert asked.stdout == (
        "The ASEAN-Australia Counter Trafficking (ACT) Government in Canberra and the APA style "
        "guide.\n"
    )
    assert "ACT not expanded" not in asked.stderr


def test_annotate_leaves_an_existing_introduction_alone() -> None:
    text = "The Senior Officials Meeting on\nTransnational Crime (SOMTC) met; SOMTC agreed.\n"
    assert invoke("annotate", "-", input=text).stdout == text


def test_annotate_of_the_seeds_is_idempotent() -> None:
    for seed in SEED_ACRONYMS:
        once = invoke("annotate", str(SEEDS / seed)).stdout
        twice = invoke("annotate", "-", input=once).stdout
        assert once == twice
        assert once.count("\n") == (SEEDS / seed).read_text().count("\n")


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon.of(Store().resolver())


words = st.sampled_from(
    [
        "SOMTC",
        "AMMTC",
        "ASEAN",
        "ASEAN-ACT",
        "ACT",
        "act",
        "HSU",
        "AIP",
        "ACTIP",
        "WG on TIP",
        "SOMTC WG on TIP",
        "SOM-ED",
        "MoSVY",
        "pre-",
        "the",
        "(",
        ")",
        "Senior Officials Meeting on",
        "Transnational Crime",
        "ACTIP Implementation Project",
        "é",
        "-",
        "—",
        "\n",
        "\r\n",
        " ",
        ",",
        "x",
        # Markdown, URLs and HTML: what annotate must leave as it is
        "#",
        "##",
        "```",
        "~~~",
        "`",
        "    ",
        "\t",
        "===",
        "---",
        "- ",
        "1.",
        "[",
        "](",
        "]:",
        "https://example.org/SOMTC/page",
        "www.asean.org/AMMTC",
        "somtc@example.org",
        "<b>",
        "</b>",
        "<https://x.org/ARF>",
        "<!--",
        "-->",
        "the act of trafficking (ACT)",
        "ACT (the act of trafficking)",
        "Heads of Specialist Units",
    ]
)


def annotated(lexicon: Lexicon, data: bytes, cut: int, mode: str, **options: Any) -> bytes:
    """`data` annotated in two blocks, cut after its `cut`th line, read in `mode`."""
    annotator = Annotator(lexicon, Structure(mode), **options)
    lines = data.splitlines(keepends=True)
    blocks = [b"".join(lines[:cut]), b"".join(lines[cut:])]
    return b"".join(annotator.feed(block) for block in blocks if block) + annotator.finish()


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    parts=st.lists(words, max_size=40),
    split=st.integers(min_value=0, max_value=40),
    mode=st.sampled_from(["auto", "markdown", "plain"]),
)
def test_annotating_twice_changes_nothing_more(
    lexicon: Lexicon, parts: list[str], split: int, mode: str
) -> None:
    text = " ".join(parts).encode()
    once = annotated(lexicon, text, split, mode)
    assert annotated(lexicon, once, split, mode) == once
    assert once.count(b"\n") == text.count(b"\n")
    assert annotated(lexicon, text, 0, mode) == once  # how the input is cut does not matter


@pytest.mark.parametrize("seed", sorted(SEED_ACRONYMS))
def test_the_expansions_are_the_only_change(seed: str) -> None:
    """Byte-exactness: with each full name replaced by a marker, taking every inserted
    `marker (` and its `)` out again gives the input back, byte for byte."""
    import re

    marked = Lexicon.of(Store().resolver())
    marked.names = {form: b"\x00" + form.encode() + b"\x01" for form in marked.names}
    text = (SEEDS / seed).read_bytes()
    once = annotated(marked, text, 7, "auto")
    inserted = re.compile(rb"\x00([^\x01]*)\x01 \((\1)\)")
    assert inserted.search(once)
    assert inserted.sub(rb"\1", once) == text


protected = st.sampled_from(
    [
        "# SOMTC and the AMMTC",
        "## ARF: the ACTIP",
        "Report on TIP\n===",
        "`SOMTC` and ``the `ARF` call``",
        "```\nSOMTC ARF\n\n    ACTIP\n```",
        "~~~~ text\nAMMTC\n~~~~",
        "\n\n    aseanct expand SOMTC\n    ARF\n",
        "https://example.org/SOMTC/page",
        "see www.asean.org/AMMTC.",
        "[link](https://x.org/ARF_(SOMTC) 'title')",
        "![image](ACTIP.png)",
        "[ref]: https://x.org/AMMTC",
        "<https://asean.org/SOMTC>",
        "<span title='ARF'>",
        "<!-- SOMTC\nARF -->",
        "mail somtc@asean.org",
    ]
)
prose = st.sampled_from(["and", "the", "x", "\n", "\n\n", "acts", "Act", "é"])


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    parts=st.lists(st.one_of(protected, prose), max_size=12),
    split=st.integers(min_value=0, max_value=20),
)
def test_markdown_code_urls_and_html_are_never_rewritten(
    lexicon: Lexicon, parts: list[str], split: int
) -> None:
    """Acronyms that appear only in headings, code, URLs, link targets and HTML stay as they
    are: the document comes out byte for byte as it went in."""
    text = "\n".join(parts).encode()
    assert annotated(lexicon, text, split, "markdown") == text


@pytest.mark.parametrize("argv", [["expand", "-"], ["annotate", "-"]])
def test_output_starts_before_stdin_closes(argv: list[str]) -> None:
    with subprocess.Popen(
        [sys.executable, "-m", "aseanct", *argv],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=environment(),
    ) as process:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(b"SOMTC\n")
        process.stdin.flush()
        first = process.stdout.readline()  # stdin is still open: this returns only if it streams
        process.stdin.write(b"ARF\n")
        process.stdin.close()
        rest = process.stdout.read()
    assert first in (
        b"SOMTC: Senior Officials Meeting on Transnational Crime\n",
        b"Senior Officials Meeting on Transnational Crime (SOMTC)\n",
    )
    assert b"ARF" in rest


@pytest.mark.slow
def test_fifty_megabytes_in_bounded_memory(tmp_path: Path) -> None:
    line = b"The SOMTC and the AMMTC worked with the HSU, NGO and ASEAN-ACT on TIP cases today.\n"
    big = tmp_path / "big.txt"
    with big.open("wb") as out:
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            out.write(line)
    # A fresh interpreter runs annotate and reports the peak memory of that one child.
    probe = (
        "import resource, subprocess, sys\n"
        f"source = open({str(big)!r}, 'rb')\n"
        "done = subprocess.run([sys.executable, '-m', 'aseanct', 'annotate', '-'], stdin=source,"
        " stdout=subprocess.DEVNULL)\n"
        "print(done.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        env=environment(),
        timeout=300,
        check=True,
    )
    code, peak_kb = map(int, done.stdout.split())
    assert code == 0
    assert peak_kb < 60 * 1024, f"peak RSS {peak_kb} KB while annotating 50 MB"


# --- a document's structure and its own definitions ------------------------------------------

BRIEFING = """\
# SOMTC briefing

This note covers the act of trafficking (ACT) and the SOMTC's role.
The ACT Government in Canberra met DFAT officials.

See [the SOMTC page](https://example.org/SOMTC/page) and <https://asean.org/AMMTC>.
Run `aseanct expand AMMTC` to check, or visit https://example.org/ARF/x.

```sh
aseanct show ARF
```

    indented code with ACTIP

The AMMTC, the ARF and the ACTIP matter; so does the APA.
<span title="ARF">ARF</span> and the HSU.

Setext heading with TIP
=======================

TIP cases rise.
"""


def test_a_markdown_briefing_gets_only_its_prose_acronyms_spelt_out() -> None:
    result = invoke("annotate", "-", "--explain", input=BRIEFING)
    assert result.exit_code == 0, result.output
    assert result.stdout == BRIEFING.replace(
        "the SOMTC's role", "the Senior Officials Meeting on Transnational Crime (SOMTC)'s role"
    ).replace("met DFAT", "met Australian Department of Foreign Affairs and Trade (DFAT)").replace(
        "The AMMTC, the ARF and the ACTIP",
        "The ASEAN Ministerial Meeting on Transnational Crime (AMMTC), the ASEAN Regional Forum "
        "(ARF) and the ASEAN Convention Against Trafficking in Persons, Especially Women and "
        "Children (ACTIP)",
    ).replace("TIP cases", "trafficking in persons (TIP) cases")
    assert result.stderr == (
        "hint: APA not expanded: it also stands for American Psychological Association "
        "(--expand APA spells it out)\n"
        "hint: HSU not expanded: it names 2 records (hsu-tip, hsu-people-smuggling)\n"
        "hint: line 1: SOMTC left alone: in a heading\n"
        'hint: line 3: ACT left alone: the text defines it as "act of trafficking"\n'
        "hint: line 6: AMMTC left alone: in a URL\n"
        "hint: line 7: AMMTC left alone: in code\n"
        "hint: line 7: ARF left alone: in a URL\n"
        "hint: line 10: ARF left alone: in code\n"
        "hint: line 13: ACTIP left alone: in code\n"
        "hint: line 18: TIP left alone: in a heading\n"
    )
    # Without --explain only the acronyms never spelt out are named.
    assert invoke("annotate", "-", input=BRIEFING).stderr.count("\n") == 2


def test_plain_text_is_read_as_prose_until_it_looks_like_markdown() -> None:
    text = (
        "Indented prose about the SOMTC:\n\n    the AMMTC met\n\n# Then Markdown\n\n    ARF code\n"
    )
    auto = invoke("annotate", "-", input=text).stdout
    assert "ASEAN Ministerial Meeting on Transnational Crime (AMMTC) met" in auto
    assert "    ARF code" in auto
    plain = invoke("annotate", "-", "--plain", input=text).stdout
    assert "ASEAN Regional Forum (ARF) code" in plain and "(SOMTC)" in plain
    markdown = invoke("annotate", "-", "--markdown", input=text).stdout
    assert "    the AMMTC met" in markdown and "    ARF code" in markdown
    both = invoke("annotate", "-", "--markdown", "--plain", input=text)
    assert both.exit_code == 2
    assert both.stderr.startswith("error: --markdown and --plain cannot both be given")


@pytest.mark.parametrize(
    "text",
    [
        "We call the act of trafficking (ACT) by its name; the ACT is a crime.\n",
        "We call ACT (the act of trafficking) by its name; the ACT is a crime.\n",
    ],
    ids=["long form first", "acronym first"],
)
def test_an_acronym_the_author_defines_is_theirs(text: str) -> None:
    result = invoke("annotate", "-", "--expand", "ACT", "--explain", input=text)
    assert result.stdout == text
    assert 'ACT left alone: the text defines it as "' in result.stderr
    rows = json.loads(invoke("glossary", "-", "-f", "json", input=text).stdout)
    assert [(r["acronym"], r["defined_by"], r["id"]) for r in rows] == [("ACT", "author", None)]
    assert rows[0]["name"] in ("act of trafficking", "the act of trafficking")
    assert rows[0]["other_meanings"] == ["Australian Capital Territory"]
    text_output = invoke("glossary", "-", input=text).stdout
    assert text_output == f"ACT  {rows[0]['name']} (defined by the author)\n"


def test_an_introduction_in_the_data_s_words_is_not_the_author_s() -> None:
    for text in (
        "The Senior Officials Meeting on Transnational Crime (SOMTC) met.\n",
        "The SOMTC (Senior Officials Meeting on Transnational Crime) met.\n",
        "The ASEAN-Australia Counter-Trafficking program (ACT) ended.\n",
    ):
        result = invoke("annotate", "-", "--expand", "ACT", input=text)
        assert result.stdout == text
        rows = json.loads(invoke("glossary", "-", "-f", "json", input=text).stdout)
        assert {r["acronym"]: r["defined_by"] for r in rows if r["acronym"] != "ASEAN"} == {
            ("SOMTC" if "SOMTC" in text else "ACT"): "data"
        }


def test_glossary_reads_headings_but_not_code_urls_or_html() -> None:
    rows = json.loads(invoke("glossary", "-", "-f", "json", input=BRIEFING).stdout)
    assert [r["acronym"] for r in rows] == [
        "SOMTC", "ACT", "DFAT", "AMMTC", "ARF", "ACTIP", "APA", "HSU", "HSU", "TIP",
    ]  # fmt: skip
    counts = {r["acronym"]: r["count"] for r in rows}
    assert counts["SOMTC"] == 3  # the heading, the prose and the link text; not the URL
    assert counts["ARF"] == 2  # not the URL, the code block or the tag's attribute
    apa = next(r for r in rows if r["acronym"] == "APA")
    assert apa["other_meanings"] == ["American Psychological Association"]
    text = invoke("glossary", "-", input=BRIEFING).stdout
    assert (
        "APA    ASEAN Plan of Action Against Trafficking in Persons, Especially Women and "
        "Children (also: American Psychological Association)\n"
    ) in text
    markdown = invoke("glossary", "-", "-f", "markdown", input=BRIEFING).stdout
    assert "| ACT | act of trafficking |\n" in markdown and "also:" not in markdown


def test_only_and_skip_choose_the_acronyms() -> None:
    text = "The SOMTC, the ARF and the AMMTC.\n"
    assert invoke("annotate", "-", "--only", "ARF,somtc", "--skip", "ARF", input=text).stdout == (
        "The Senior Officials Meeting on Transnational Crime (SOMTC), the ARF and the AMMTC.\n"
    )
    rows = json.loads(invoke("glossary", "-", "-f", "json", "--skip", "ARF", input=text).stdout)
    assert [r["acronym"] for r in rows] == ["SOMTC", "AMMTC"]
    rows = json.loads(invoke("glossary", "-", "-f", "json", "--only", "ARF", input=text).stdout)
    assert [r["acronym"] for r in rows] == ["ARF"]


@pytest.mark.parametrize("option", ["--only", "--skip", "--expand"])
def test_an_unknown_acronym_in_an_option_is_a_usage_error(option: str) -> None:
    result = invoke("annotate", "-", option, "SOMTX", input="The SOMTC.\n")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(
        f"error: {option}: 'SOMTX' is not a known acronym (did you mean SOMTC?)\n"
    )


@pytest.mark.parametrize(
    ("short", "text", "found"),
    [
        ("ACT", "We study the act of trafficking", "act of trafficking"),
        ("AMM", "the ASEAN Ministerial Meeting", "ASEAN Ministerial Meeting"),
        ("AMMTC", "AMMTC SOMTC", ""),  # acronyms side by side define nothing
        ("ASEAN-ACT", "ASEAN ACTIP", ""),
    ],
)
def test_a_long_form_has_words_besides_acronyms(short: str, text: str, found: str) -> None:
    from aseanct.lean.lexicon import long_form

    assert long_form(short, text) == found


@pytest.mark.parametrize(
    "text",
    [
        "The Bali Process has a support office (RSO) in Bangkok.\n",
        "The Bali Process's Regional Support\nOffice (RSO) is in Bangkok.\n",
    ],
    ids=["a gloss in other words", "a name split across lines"],
)
def test_an_acronym_in_brackets_after_words_is_the_author_s(text: str) -> None:
    result = invoke("annotate", "--explain", "-", input=text)
    assert result.exit_code == 0
    assert result.stdout == text  # nothing spelt out twice
    line = 1 if text.startswith("The Bali Process has") else 2
    assert f"hint: line {line}: RSO left alone: " in result.stderr
