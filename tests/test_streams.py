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
from aseanct.errors import EXIT_NOT_FOUND
from aseanct.lean import batch, terms, writing
from aseanct.lean.store import Store, packaged_data_dir
from aseanct.lean.writing import Annotator, Lexicon, glossary, read_blocks

PROSE = (
    b"The SOMTC met the HSU and the ASEAN-ACT team; the SOMTC WG on TIP (WG on TIP) and "
    b"MoSVY agreed with NGO and UN partners. pre-ASEAN times ended. "
)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return Lexicon(Store().index().acronyms())


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


def test_a_long_line_is_read_in_pieces_cut_between_characters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(writing, "CHUNK", 7)
    monkeypatch.setattr(writing, "LINE_LIMIT", 50)
    text = ("é—SOMTC😀 " * 100 + "\n" + "short line\n" + "ü" * 300).encode()
    warnings: list[str] = []
    blocks = list(read_blocks(io.BytesIO(text), warnings))
    assert b"".join(blocks) == text and warnings == []
    assert max(map(len, blocks)) <= 50 + 7
    for block in blocks:
        block.decode("utf-8")  # never a character cut in two
    assert b"short line\n" in blocks[-2] or any(b.endswith(b"short line\n") for b in blocks)


def test_invalid_utf8_in_a_long_line_is_reported_once_with_its_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(writing, "LINE_LIMIT", 64)
    monkeypatch.setattr(writing, "CHUNK", 16)
    warnings: list[str] = []
    text = b"ok\n" + b"a" * 200 + b"\xff" + b"b" * 200 + b"\xfe\n"
    out = b"".join(read_blocks(io.BytesIO(text), warnings))
    assert out == text.replace(b"\xff", "\ufffd".encode()).replace(b"\xfe", "\ufffd".encode())
    assert warnings == [
        "warning: input is not valid UTF-8 (first at line 2); invalid bytes replaced with U+FFFD"
    ]


@pytest.mark.parametrize("lean", [True, False], ids=["lean", "typer"])
def test_a_long_line_through_annotate_and_glossary_on_both_paths(
    lean: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One 3 MiB line with no line break, through the real readers: the same bytes and the
    same glossary as the same text in lines."""
    monkeypatch.setattr(writing, "CHUNK", 4096)
    line = PROSE * (3 * 1024 * 1024 // len(PROSE))
    argv = ["annotate", "-"] if lean else ["annotate", "--no-cache", "-"]
    runner = entry.main if lean else cli.run
    out, err, code = run_in_process(runner, argv, line)
    lines = line.replace(b"; ", b";\n")
    out_lines, _, _ = run_in_process(runner, argv, lines)
    assert code == 0 and err.startswith(b"hint: HSU not expanded")
    assert out.replace(b"; ", b";\n") == out_lines
    assert out.startswith(b"The Senior Officials Meeting on Transnational Crime (SOMTC) met")
    assert out.count(b"(SOMTC)") == 1 and len(out) - len(line) < 1000
    entries = json.loads(invoke("glossary", "-", "-f", "json", input=line).stdout)
    assert {e["acronym"]: e["count"] for e in entries}["SOMTC"] == line.count(PROSE)
    assert {e["line"] for e in entries} == {1}


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
    assert asked == ["somtx"]
    assert err.decode().splitlines() == [
        "error: unknown term 'SOMTX' (stdin line 1)",
        "hint: did you mean SOMTC?",
        f"error: unknown term '{long_term[:79]}…' (stdin line 2)",
        f"hint: try `aseanct search '{long_term[:79]}…'` to search names and descriptions",
    ]
    assert code == EXIT_NOT_FOUND
    assert terms.close_matches("x" * (terms.MAX_SUGGESTED + 1), {"xx": "XX"}) == []


def test_the_memo_and_the_reported_terms_are_capped_in_bytes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(batch, "MEMO_BYTES", 100_000)
    expander = batch._Expander(Store().index(), "text", False, False, "utf-8")
    for number in range(500):
        expander.remember(b"%d" % number + b"x" * 10_000, b"")
        expander.miss(f"{number}" + "y" * 10_000)
        assert expander.memo_bytes <= 100_000 + 10_010
        assert expander.reported_bytes <= 100_000 + 10_010
    assert len(expander.memo) <= 11 and expander.missing == 500


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


@pytest.mark.slow
@pytest.mark.subprocess
@pytest.mark.parametrize("path", [(), TYPER], ids=["lean", "typer"])
def test_dev_zero_through_annotate_glossary_and_expand_ends_in_flat_memory(
    path: tuple[str, ...],
) -> None:
    warm = bash(f"{aseanct('expand', 'SOMTC')} > /dev/null")
    assert warm.returncode == 0
    limit = f"ulimit -v {MEMORY_KIB}"
    annotate = bash(
        f"head -c 200M /dev/zero | ({limit}; {aseanct('annotate', *path, '-')}) | wc -c"
    )
    assert (annotate.returncode, annotate.stdout.strip(), annotate.stderr) == (
        0,
        str(200 * 1024 * 1024).encode(),
        b"",
    )
    glossary = bash(f"head -c 200M /dev/zero | ({limit}; {aseanct('glossary', *path, '-')})")
    assert (glossary.returncode, glossary.stdout, glossary.stderr) == (0, b"", b"")
    expand = bash(f"head -c 200M /dev/zero | ({limit}; {aseanct('expand', *path, '-')})")
    assert (expand.returncode, expand.stdout) == (1, b"")
    assert expand.stderr == b"error: stdin line 1 is longer than 1 MiB; skipped\n"


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
    """300 distinct lines of 900 KB (270 MB) under a 400 MB memory limit: the memo is
    capped in bytes, so it cannot hold them all."""
    script = (
        "import sys\nfor n in range(300):\n    sys.stdout.write(str(n) + 'x' * 900_000 + '\\n')\n"
    )
    generator = tmp_path / "lines.py"
    generator.write_text(script)
    done = bash(
        f"python3 '{generator}' | (ulimit -v {MEMORY_KIB}; {aseanct('expand', '-')}) | wc -c"
    )
    assert done.stdout.strip() == b"0"
    errors = done.stderr.decode().splitlines()
    assert len(errors) == 600 and errors[0].startswith("error: unknown term '0xxx")
