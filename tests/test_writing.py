"""Writers' tools: glossary and annotate, on small texts, on the seeds, and as streams."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, environment, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aseanct.lean.store import Store
from aseanct.lean.writing import Annotator, Lexicon

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
    result = invoke("annotate", "-", input=text)
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
    return Lexicon(Store().index().acronyms())


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
    ]
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(parts=st.lists(words, max_size=40), split=st.integers(min_value=0, max_value=40))
def test_annotating_twice_changes_nothing_more(
    lexicon: Lexicon, parts: list[str], split: int
) -> None:
    text = " ".join(parts).encode()

    def annotate(data: bytes, cut: int) -> bytes:
        annotator = Annotator(lexicon)
        lines = data.splitlines(keepends=True)
        blocks = [b"".join(lines[:cut]), b"".join(lines[cut:])]
        return b"".join(annotator.feed(block) for block in blocks if block) + annotator.finish()

    once = annotate(text, split)
    assert annotate(once, split) == once
    assert once.count(b"\n") == text.count(b"\n")
    assert annotate(text, 0) == once  # how the input is cut into blocks does not matter


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
