"""Bounded streams: time linear in the input and memory flat on any input, a megabyte-long
line, /dev/zero or a gigabyte; a line too long to be a term is reported and skipped."""

from __future__ import annotations

import io
import itertools
import json
import subprocess
from pathlib import Path

import pytest
from conftest import environment, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from terminal import ASEANCT
from test_fastpath import run_in_process
from test_writing import words

from aseanct import __main__ as entry
from aseanct import cli
from aseanct.datadir import packaged_data_dir
from aseanct.errors import EXIT_NOT_FOUND
from aseanct.lean import batch, reading, terms, writing
from aseanct.lean.markdown import Structure
from aseanct.lean.reading import RUN_LIMIT, read_blocks
from aseanct.lean.stdout import Output
from aseanct.lean.writing import Annotator, Lexicon, glossary
from aseanct.store import Store

PROSE = (
    b"The SOMTC met the HSU and the ASEAN-ACT team; the SOMTC WG on TIP (WG on TIP) and "
    b"MoSVY agreed with NGO and UN partners. pre-ASEAN times ended. "
)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon(Store().resolver().acronym_tables()[0])


def annotated(lexicon: Lexicon, pieces: list[bytes]) -> bytes:
    annotator = Annotator(lexicon)
    return b"".join(annotator.feed(p) for p in pieces) + annotator.finish()


def counted(lexicon: Lexicon, pieces: list[bytes]) -> object:
    found, unknown = glossary(pieces, lexicon)
    return [(e.form, e.count, e.line) for e in found], unknown


def cut(data: bytes, points: list[int]) -> list[bytes]:
    edges = sorted({0, len(data), *(p % (len(data) + 1) for p in points)})
    return [data[a:b] for a, b in itertools.pairwise(edges)]


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(parts=st.lists(words, max_size=60), points=st.lists(st.integers(0, 10_000), max_size=12))
def test_where_the_input_is_cut_never_matters(
    lexicon: Lexicon, parts: list[str], points: list[int]
) -> None:
    """Pieces cut anywhere (inside a word, an acronym, a character, a CRLF) give the bytes
    and the glossary of the whole text: what a boundary may cut is held back."""
    text = " ".join(parts).encode()
    pieces = cut(text, points)
    assert annotated(lexicon, pieces) == annotated(lexicon, [text])
    assert counted(lexicon, pieces) == counted(lexicon, [text])


def test_an_acronym_at_every_offset_from_a_piece_boundary(lexicon: Lexicon) -> None:
    for offset in range(0, 40):
        text = b"x " * 50 + b"y" * offset + b" the SOMTC WG on TIP met; SOMTC too.\nHSU"
        whole = annotated(lexicon, [text])
        assert b"Working Group on Trafficking in Persons (SOMTC WG on TIP) met" in whole
        for edge in range(95, 140):
            assert annotated(lexicon, [text[:edge], text[edge:]]) == whole, (offset, edge)
            assert counted(lexicon, [text[:edge], text[edge:]]) == counted(lexicon, [text])


def test_a_text_is_read_in_blocks_cut_between_characters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reading, "CHUNK", 7)
    text = ("é—SOMTC😀 " * 100 + "\n" + "short line\n" + "ü" * 300).encode()
    warnings: list[str] = []
    blocks = list(read_blocks(io.BytesIO(text), warnings))
    assert b"".join(blocks) == text and warnings == []
    assert max(map(len, blocks)) <= 7 + 3
    for block in blocks:
        block.decode("utf-8")  # never a character cut in two


def test_invalid_utf8_in_a_long_line_is_reported_once_with_its_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(reading, "CHUNK", 16)
    warnings: list[str] = []
    text = b"ok\n" + b"a" * 200 + b"\xff" + b"b" * 200 + b"\xfe\n"
    out = b"".join(read_blocks(io.BytesIO(text), warnings))
    assert out == text.replace(b"\xff", "\ufffd".encode()).replace(b"\xfe", "\ufffd".encode())
    assert warnings == [
        "warning: input is not valid UTF-8 (first at line 2); invalid bytes replaced with U+FFFD"
    ]


@pytest.mark.parametrize("lean", [True, False], ids=["lean", "typer"])
def test_a_long_line_through_annotate_on_both_paths(
    lean: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One 3 MiB line with no line break, through the real readers: the same bytes as the
    same text in lines."""
    monkeypatch.setattr(reading, "CHUNK", 4096)
    line = PROSE * (3 * 1024 * 1024 // len(PROSE))
    runner = entry.main if lean else cli.run
    out, err, code = run_in_process(runner, ["annotate", "-"], line)
    lines = line.replace(b"; ", b";\n")
    out_lines, _, _ = run_in_process(runner, ["annotate", "-"], lines)
    assert code == 0 and err.startswith(b"hint: HSU not expanded")
    assert out.replace(b"; ", b";\n") == out_lines
    assert out.startswith(b"The Senior Officials Meeting on Transnational Crime (SOMTC) met")
    assert out.count(b"(SOMTC)") == 1 and len(out) - len(line) < 1000


def test_a_long_line_through_glossary(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same 3 MiB line through `glossary` (which has only the Typer path)."""
    monkeypatch.setattr(reading, "CHUNK", 4096)
    line = PROSE * (3 * 1024 * 1024 // len(PROSE))
    entries = json.loads(invoke("glossary", "-", "-f", "json", input=line).stdout)
    assert {e["acronym"]: e["count"] for e in entries}["SOMTC"] == line.count(PROSE)
    assert {e["line"] for e in entries} == {1}


# --- Markdown and long lines together --------------------------------------------------------


def annotated_as(
    lexicon: Lexicon, pieces: list[bytes], mode: str, explain: bool = False
) -> tuple[bytes, list[str], list[str]]:
    annotator = Annotator(lexicon, Structure(mode), explain=explain)
    out = b"".join(annotator.feed(p) for p in pieces) + annotator.finish()
    return out, annotator.hints, annotator.notes


def counted_as(
    lexicon: Lexicon, pieces: list[bytes], mode: str
) -> tuple[list[tuple[str, int, int, str]], dict[str, tuple[int, int]]]:
    found, unknown = glossary(pieces, lexicon, Structure(mode))
    return [(e.form, e.count, e.line, e.definition) for e in found], unknown


long_words = st.sampled_from(
    [
        "https://example.org/" + "a" * 600 + "/SOMTC",  # a URL longer than what is kept
        "b64:" + "A/SOMTC+" * 80,  # a run of over RUN_LIMIT characters
        "x" * 70,
    ]
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    parts=st.lists(st.one_of(words, long_words), max_size=50),
    points=st.lists(st.integers(0, 10_000), max_size=10),
    mode=st.sampled_from(["auto", "markdown", "plain"]),
    limit=st.sampled_from([16, 64, reading.LINE_LIMIT]),
)
def test_markdown_and_long_lines_never_depend_on_the_cuts(
    lexicon: Lexicon, parts: list[str], points: list[int], mode: str, limit: int
) -> None:
    """Whatever lines are long (LINE_LIMIT made small), and wherever the pieces are cut, the
    Markdown-aware tools give the bytes, hints, --explain notes and glossary of the whole."""
    text = " ".join(parts).encode()
    pieces = cut(text, points)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reading, "LINE_LIMIT", limit)
        assert annotated_as(lexicon, pieces, mode, True) == annotated_as(
            lexicon, [text], mode, True
        )
        assert counted_as(lexicon, pieces, mode) == counted_as(lexicon, [text], mode)


def test_what_is_kept_around_a_piece_covers_what_deciding_a_use_reads(lexicon: Lexicon) -> None:
    """The run a use lies in is read RUN_LIMIT bytes either side: the bytes kept before a
    piece and held back at its end must reach that far (and past any introduction)."""
    assert writing.LOOKBEHIND > RUN_LIMIT
    assert lexicon.reach > max(RUN_LIMIT, writing.LOOKBEHIND) + 2 * lexicon.longest


def test_a_long_line_keeps_the_document_s_structure(
    lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A long line in a fence is code, a long line after it is prose, and the Markdown after
    both is read as Markdown: the structure goes on across lines read in pieces."""
    monkeypatch.setattr(reading, "LINE_LIMIT", 64)
    long = b"SOMTC and the ARF " * 10
    text = b"# Notes\n\n```\n" + long + b"\n```\n\n" + long + b"\n\n    AMMTC\n\nThe AMMTC.\n"
    out, _hints, notes = annotated_as(lexicon, cut(text, [3, 70, 140, 190, 260]), "auto", True)
    spelt = long.replace(
        b"SOMTC", b"Senior Officials Meeting on Transnational Crime (SOMTC)", 1
    ).replace(b"ARF", b"ASEAN Regional Forum (ARF)", 1)
    assert out == (
        b"# Notes\n\n```\n" + long + b"\n```\n\n" + spelt + b"\n\n    AMMTC\n\n"
        b"The ASEAN Ministerial Meeting on Transnational Crime (AMMTC).\n"
    )
    assert notes == [
        "hint: line 4: SOMTC left alone: in code",
        "hint: line 4: ARF left alone: in code",
        "hint: line 9: AMMTC left alone: in code",
    ]
    heading = b"## The SOMTC " + b"and the SOMTC " * 10 + b"\n\nThe SOMTC.\n"
    assert annotated_as(lexicon, [heading], "markdown")[0] == heading.replace(
        b"The SOMTC.", b"The Senior Officials Meeting on Transnational Crime (SOMTC)."
    )
    assert counted_as(lexicon, [heading], "markdown")[0] == [("SOMTC", 12, 1, "")]


def test_in_a_long_line_urls_and_long_runs_are_left_alone(
    lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "LINE_LIMIT", 64)
    blob = b"A/ARF+" * (RUN_LIMIT // 6 + 1)
    text = b"See https://example.org/SOMTC/page and " + blob + b" then the SOMTC and ARF.\n"
    out, _hints, notes = annotated_as(lexicon, [text], "auto", True)
    assert out == text.replace(
        b"the SOMTC and ARF.",
        b"the Senior Officials Meeting on Transnational Crime (SOMTC) and ASEAN Regional Forum "
        b"(ARF).",
    )
    assert notes == [
        "hint: line 1: SOMTC left alone: in a URL",
        "hint: line 1: ARF left alone: in a run of over 512 characters with no space, on a line "
        "too long to read whole",
    ]
    # A line short enough to read whole reads the same blob as words (no URL holds them).
    monkeypatch.setattr(reading, "LINE_LIMIT", reading.LINE_LIMIT * 1024)
    assert b"(ARF)+" in annotated_as(lexicon, [text], "auto")[0]


def test_a_url_longer_than_what_is_kept_gives_the_same_answer_at_every_cut(
    lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The URL's start is out of sight when its SOMTC is decided after some cuts: the run it
    lies in is then left alone whole, as it is when read in one piece."""
    monkeypatch.setattr(reading, "LINE_LIMIT", 64)
    url = b"https://example.org/" + b"a" * 700 + b"/SOMTC"
    text = b"x " * 40 + url + b" and the SOMTC." + b" then more words" * 80 + b"\n"
    whole = annotated_as(lexicon, [text], "auto", True)
    assert whole[0] == text.replace(
        b"the SOMTC.", b"the Senior Officials Meeting on Transnational Crime (SOMTC)."
    )
    counts = counted_as(lexicon, [text], "auto")
    assert counts == ([("SOMTC", 1, 1, "")], {})
    for edge in range(0, len(text), 5):
        assert annotated_as(lexicon, [text[:edge], text[edge:]], "auto", True) == whole, edge
        assert counted_as(lexicon, [text[:edge], text[edge:]], "auto") == counts, edge


def test_an_html_comment_that_closes_past_a_long_line_s_start(
    lexicon: Lexicon, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reading, "LINE_LIMIT", 64)
    text = b"<!-- SOMTC " + b"x " * 60 + b"-->\nThe SOMTC.\n"
    for pieces in ([text], cut(text, [60, 131, 132])):
        assert counted_as(lexicon, pieces, "markdown")[0] == [("SOMTC", 1, 2, "")]
        assert annotated_as(lexicon, pieces, "markdown")[0] == text.replace(
            b"The SOMTC.", b"The Senior Officials Meeting on Transnational Crime (SOMTC)."
        )


@pytest.mark.parametrize("lean", [True, False], ids=["lean", "typer"])
def test_a_long_line_of_code_in_markdown_on_both_paths(
    lean: bool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A 2 MiB line in a fenced block of a *.md file, through the real readers, is code."""
    monkeypatch.setattr(reading, "CHUNK", 4096)
    code = PROSE * (2 * 1024 * 1024 // len(PROSE))
    briefing = tmp_path / "briefing.md"
    briefing.write_bytes(b"# SOMTC\n\n```\n" + code + b"\n```\n\nThe SOMTC met.\n")
    out, err, code_ = run_in_process(
        entry.main if lean else cli.run, ["annotate", str(briefing)], b""
    )
    assert code_ == 0 and err == b""
    assert out == briefing.read_bytes().replace(
        b"The SOMTC met.", b"The Senior Officials Meeting on Transnational Crime (SOMTC) met."
    )
    rows = json.loads(invoke("glossary", str(briefing), "-f", "json").stdout)
    assert [(r["acronym"], r["count"], r["line"]) for r in rows] == [("SOMTC", 2, 1)]


def hostile_lines() -> dict[str, bytes]:
    """Lines just under LINE_LIMIT, read whole by the Markdown structure, over which a search
    from each opener to its line's end takes seconds (backticks) to minutes (comments, an
    e-mail address's letters): what issue 15's Markdown reading did before the merge with
    issue 16's bounds."""
    ticks, size = [], 0
    while size < 1_000_000:  # runs of backticks of every length: none closes another
        ticks.append(b"`" * (len(ticks) + 1) + b"x")
        size += len(ticks[-1])
    return {
        "backticks": b"".join(ticks),
        "comments": b"a <!-- " * 140_000 + b"\n-->",  # closed on the next line
        "e-mail": b"a" * 1_000_000 + b"@b",
        "link targets": b"](x '" * 200_000,
    }


@pytest.mark.slow
@pytest.mark.subprocess
@pytest.mark.parametrize("name", sorted(hostile_lines()))
def test_markdown_lines_that_backtrack_take_linear_time(name: str, tmp_path: Path) -> None:
    """Each line is a megabyte, in a Markdown file, after a heading; the process must end
    (seconds where the searches took minutes), and the prose after it is still read."""
    text = b"# SOMTC\n\n" + hostile_lines()[name] + b"\n\nThe SOMTC met.\n"
    source = tmp_path / "hostile.md"
    source.write_bytes(text)
    for argv in (["annotate", str(source)], ["glossary", str(source), "-f", "jsonl"]):
        done = subprocess.run(
            [*ASEANCT, *argv], capture_output=True, env=environment(), timeout=60, check=False
        )
        assert done.returncode == 0, done.stderr
        if argv[0] == "annotate":
            assert done.stdout.endswith(
                b"\n\nThe Senior Officials Meeting on Transnational Crime (SOMTC) met.\n"
            )
        else:
            assert json.loads(done.stdout)["acronym"] == "SOMTC"


# --- expand -: a term is never a megabyte ----------------------------------------------------


@pytest.mark.parametrize("lean", [True, False], ids=["lean", "typer"])
def test_a_line_longer_than_the_limit_is_reported_and_skipped(lean: bool) -> None:
    stdin = b"SOMTC\n" + b"x" * (batch.LINE_LIMIT + 70_000) + b"\nARF\n" + b"y" * 3_000_000
    argv = ["expand", "-"] if lean else ["expand", "--color", "never", "-"]
    out, err, code = run_in_process(entry.main if lean else cli.run, argv, stdin)
    assert out == (
        b"SOMTC: Senior Officials Meeting on Transnational Crime\nARF: ASEAN Regional Forum\n"
    )
    assert err == (
        b"error: stdin line 2 is longer than 1 MiB; skipped\n"
        b"error: stdin line 4 is longer than 1 MiB; skipped\n"
    )
    assert code == EXIT_NOT_FOUND


def test_show_dash_skips_a_line_longer_than_the_limit() -> None:
    stdin = b"x" * (batch.LINE_LIMIT + 10) + b"\nsomtc\n"
    result = invoke("show", "-", "-f", "jsonl", input=stdin)
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["somtc"]
    assert result.stderr == "error: stdin line 1 is longer than 1 MiB; skipped\n"
    assert result.exit_code == EXIT_NOT_FOUND


@pytest.mark.parametrize("lean", [True, False], ids=["lean", "typer"])
def test_did_you_mean_runs_only_on_terms_of_sane_length(
    lean: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    import difflib

    asked: list[str] = []
    real = difflib.get_close_matches

    def spy(word: str, *args: object, **kwargs: object) -> list[str]:
        asked.append(word)
        return real(word, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(difflib, "get_close_matches", spy)
    long_term = "SOMTC" * 60  # 300 characters
    argv = ["expand", "-"] if lean else ["expand", "--color", "never", "-"]
    _, err, code = run_in_process(
        entry.main if lean else cli.run, argv, f"SOMTX\n{long_term}\n".encode()
    )
    # Only the sane term is compared (as typed, and loosely: issue 15's did-you-mean).
    assert set(asked) == {"somtx"}
    assert err.decode().splitlines() == [
        "error: unknown term 'SOMTX' (stdin line 1)",
        "hint: did you mean SOMTC?",
        f"error: unknown term '{long_term[:79]}…' (stdin line 2)",
        # No search hint: that search would find nothing (issue 15).
    ]
    assert code == EXIT_NOT_FOUND
    assert terms.close_matches("x" * (terms.MAX_SUGGESTED + 1), {"xx": "XX"}) == []


def test_the_memo_and_the_reported_terms_are_capped_in_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(batch, "MEMO_BYTES", 100_000)
    output = Output(io.BytesIO(), "utf-8")
    expander = batch._Expander(Store().resolver(), "text", "never", output)
    for number in range(50):  # five times what the caps hold
        expander.remember(b"%d" % number + b"x" * 10_000, b"")
        expander.miss(f"{number}" + "y" * 10_000)
        assert expander.memo_bytes <= 100_000 + 10_010
        assert expander.reported_bytes <= 100_000 + 10_010
    assert len(expander.memo) <= 11 and expander.missing == 50


@pytest.mark.parametrize("limit", [2, 3, 5])
def test_a_memo_cleared_on_the_way_gives_what_a_large_one_gives(
    limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = b"SOMTC\nnope\nAMMTC\n\nSOMTC\nbad\xff\nACTIP\nnope\nzilch\nHSU\nAMMTC\n" * 3
    stdin = lines + b"zilch\nSOMTC\nlast"
    whole = run_in_process(entry.main, ["expand", "-"], stdin)
    monkeypatch.setattr(batch, "MEMO_LIMIT", limit)
    small = run_in_process(entry.main, ["expand", "-"], stdin)
    out, err, code = whole
    assert small[0] == out and small[2] == code
    # Unknown terms are reported once whatever the memo holds (a skipped line is reported
    # again when the memo has forgotten it).
    unknown = [line for line in err.decode().splitlines() if "unknown term" in line]
    assert [line for line in small[1].decode().splitlines() if "unknown term" in line] == unknown
    assert out.count(b"Senior Officials Meeting on Transnational Crime") == 7
    assert "error: unknown term 'zilch' (stdin line 9)" in err.decode().splitlines()
    assert code == EXIT_NOT_FOUND


# --- real processes: /dev/zero and big inputs under a memory limit ---------------------------

MEMORY_KIB = 400_000  # `ulimit -v`: a few times what the interpreter itself maps


def bash(script: str, timeout: float = 300) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        ["bash", "-c", f"set -o pipefail; {script}"],
        env=environment(),
        capture_output=True,
        timeout=timeout,
        check=False,
    )


def aseanct(*args: str) -> str:
    return " ".join(f"'{a}'" for a in (*ASEANCT, *args))


TYPER = ("--data-dir", packaged_data_dir())  # any option: the Typer path (same cache)


def zeros_into(*args: str, then: str = "") -> subprocess.CompletedProcess[bytes]:
    """200 MB of /dev/zero into aseanct under the memory limit (the cache warmed first, so
    compiling the data is not what is measured), its output piped on `then`."""
    assert bash(f"{aseanct('expand', 'SOMTC')} > /dev/null").returncode == 0
    return bash(f"head -c 200M /dev/zero | (ulimit -v {MEMORY_KIB}; {aseanct(*args)}){then}")


@pytest.mark.slow
@pytest.mark.subprocess
@pytest.mark.parametrize("path", [(), TYPER], ids=["lean", "typer"])
def test_dev_zero_through_annotate_and_expand_ends_in_flat_memory(
    path: tuple[str, ...],
) -> None:
    annotate = zeros_into("annotate", *path, "-", then=" | wc -c")
    assert (annotate.returncode, annotate.stdout.strip(), annotate.stderr) == (
        0,
        str(200 * 1024 * 1024).encode(),
        b"",
    )
    expand = zeros_into("expand", *path, "-")
    assert (expand.returncode, expand.stdout) == (1, b"")
    assert expand.stderr == b"error: stdin line 1 is longer than 1 MiB; skipped\n"


@pytest.mark.slow
@pytest.mark.subprocess
def test_dev_zero_through_glossary_ends_in_flat_memory() -> None:
    """glossary has only the Typer path: `glossary -` takes it with no option."""
    glossary = zeros_into("glossary", "-")
    assert (glossary.returncode, glossary.stdout, glossary.stderr) == (0, b"", b"")


@pytest.mark.slow
@pytest.mark.subprocess
@pytest.mark.parametrize("path", [(), TYPER], ids=["lean", "typer"])
def test_annotate_dev_zero_streams_until_the_reader_stops(path: tuple[str, ...]) -> None:
    """`annotate /dev/zero | head -c 10M`: output flows at once, and aseanct ends (141)."""
    done = bash(
        f"({aseanct('annotate', *path, '/dev/zero')}; echo $? >&2) | head -c 10M | wc -c",
        timeout=120,
    )
    assert done.stdout.strip() == str(10 * 1024 * 1024).encode()
    assert done.stderr.strip() == b"141"


@pytest.mark.slow
@pytest.mark.subprocess
def test_many_distinct_long_lines_keep_expand_memory_flat(tmp_path: Path) -> None:
    """240 distinct lines of 900 KB (216 MB) under a 250 MB memory limit: the memo of
    answers and the set of reported terms are each capped in bytes (64 MB). Capped, `expand`
    peaks near 170 MB; with either cap taken out it runs out of memory (with 300 lines
    under 400 MB, only both caps taken out did)."""
    script = (
        "import sys\nfor n in range(240):\n    sys.stdout.write(str(n) + 'x' * 900_000 + '\\n')\n"
    )
    generator = tmp_path / "lines.py"
    generator.write_text(script)
    done = bash(f"python3 '{generator}' | (ulimit -v 250000; {aseanct('expand', '-')}) | wc -c")
    assert done.stdout.strip() == b"0"
    errors = done.stderr.decode().splitlines()
    # One error each, and no search hint: that search would find nothing (issue 15).
    assert len(errors) == 240 and errors[0].startswith("error: unknown term '0xxx")
    assert all(line.startswith("error: unknown term '") for line in errors)
