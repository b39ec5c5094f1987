"""The one writer of stdout: every write finished and checked, on both entry paths, in any
locale. A full disk, a file size limit or an I/O error is one line and exit 6, never a
silent loss, a traceback or an "internal error"."""

from __future__ import annotations

import errno
import io
import json
import os
import re
import resource
import subprocess
from pathlib import Path

import pytest
from conftest import environment, invoke
from terminal import ASEANCT
from test_fastpath import run_in_process

from aseanct import __main__ as entry
from aseanct import errors
from aseanct.datadir import packaged_data_dir
from aseanct.errors import EXIT_OUTPUT, EXIT_PIPE, OutputError, PipeClosed
from aseanct.lean.stdout import Output, encode

README = Path(__file__).resolve().parent.parent / "README.md"

# --- the writer, on streams that misbehave --------------------------------------------------


class Trickle(io.RawIOBase):
    """A raw stream that takes at most `step` bytes a call, as a pipe or a nearly full disk
    may, and then fails with `failure` once `capacity` bytes are in."""

    def __init__(self, step: int, capacity: int = 1 << 30, failure: int = errno.ENOSPC) -> None:
        self.step = step
        self.capacity = capacity
        self.failure = failure
        self.data = bytearray()
        self.calls = 0

    def writable(self) -> bool:
        return True

    def write(self, data: object) -> int:
        self.calls += 1
        room = self.capacity - len(self.data)
        if room <= 0:
            raise OSError(self.failure, os.strerror(self.failure))
        chunk = bytes(data)[: min(self.step, room)]  # type: ignore[call-overload]
        self.data += chunk
        return len(chunk)


def test_short_writes_are_finished() -> None:
    stream = Trickle(step=3)
    Output(stream, "utf-8").write(b"SOMTC: Senior Officials Meeting\n")  # type: ignore[arg-type]
    assert bytes(stream.data) == b"SOMTC: Senior Officials Meeting\n"
    assert stream.calls == 11


@pytest.mark.parametrize(
    ("failure", "reason"),
    [
        (errno.ENOSPC, "No space left on device"),
        (errno.EFBIG, "File too large"),
        (errno.EIO, "Input/output error"),
        (errno.EDQUOT, "Disk quota exceeded"),
    ],
)
def test_a_write_that_fails_part_way_is_an_output_error(failure: int, reason: str) -> None:
    """What a short write leaves over is written again, and the error it then meets is
    reported: nothing is dropped in silence."""
    stream = Trickle(step=4096, capacity=4096, failure=failure)
    with pytest.raises(OutputError) as caught:
        Output(stream, "utf-8").write(b"x" * 15_260)  # type: ignore[arg-type]
    assert caught.value.lines() == [f"error: cannot write output: {reason}"]
    assert caught.value.exit_code == EXIT_OUTPUT == 6


def test_a_closed_pipe_is_pipe_closed_and_a_stream_that_takes_nothing_is_an_error() -> None:
    with pytest.raises(PipeClosed):
        Output(Trickle(1, 0, errno.EPIPE), "utf-8").write(b"x")  # type: ignore[arg-type]
    with pytest.raises(OutputError, match="Input/output error"):
        Output(Trickle(step=0), "utf-8").write(b"x")  # type: ignore[arg-type]


def test_a_full_non_blocking_stdout_is_waited_for() -> None:
    class Full(io.RawIOBase):
        def __init__(self) -> None:
            self.data = bytearray()
            self.turn = 0

        def writable(self) -> bool:
            return True

        def write(self, data: object) -> int | None:
            self.turn += 1
            if self.turn % 2:
                return None  # EAGAIN, as a raw non-blocking stream says it
            self.data += bytes(data)[:2]  # type: ignore[call-overload]
            return 2

    stream = Full()
    Output(stream, "utf-8").write(b"abcdef")  # type: ignore[arg-type]
    assert bytes(stream.data) == b"abcdef"


def test_a_failed_flush_is_an_output_error() -> None:
    class Refuses(io.BytesIO):
        def flush(self) -> None:
            raise OSError(errno.EIO, os.strerror(errno.EIO))

    with pytest.raises(OutputError, match="cannot write output: Input/output error"):
        Output(Refuses(), "utf-8").flush()


def test_what_an_encoding_cannot_take_is_escaped_as_json_would() -> None:
    text = 'Nations d’Asie, États, 😀 "ok"'
    assert encode(text, "utf-8") == text.encode("utf-8")
    ascii_bytes = encode(text, "ascii")
    assert ascii_bytes == b'Nations d\\u2019Asie, \\u00c9tats, \\ud83d\\ude00 "ok"'
    latin = encode(text, "iso8859-1")
    assert latin == b'Nations d\\u2019Asie, \xc9tats, \\ud83d\\ude00 "ok"'
    document = json.dumps({"name": text}, ensure_ascii=False)
    assert json.loads(encode(document, "ascii")) == {"name": text}


def test_an_undecodable_byte_is_escaped_so_output_stays_valid_utf8() -> None:
    name = os.fsdecode(b"bad\xff")
    written = encode(f'"{name}"', "utf-8")
    written.decode("utf-8")  # valid UTF-8: raises if not
    assert written == b'"bad\\udcff"'


def test_every_exit_code_is_documented_in_help_and_readme() -> None:
    from aseanct.cli import EXIT_STATUS

    readme = (README.parent / "docs" / "scripting.md").read_text(encoding="utf-8")
    table = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    codes = {code for name, code in vars(errors).items() if name.startswith("EXIT_")}
    assert {int(c) for c in re.findall(r"^\| (\d+) \|", table, re.M)} == codes
    assert {int(code) for code, _meaning in EXIT_STATUS} == codes
    shown = " ".join(invoke("--help").stdout.split())
    assert (
        "6 the output could not be written: a full disk, a file size limit, an I/O error" in shown
    )
    assert "5 a program aseanct runs is missing or failed" in shown


# --- real processes: /dev/full, ulimit -f, buffered or not -----------------------------------

COMMANDS = {
    "list": ["list", "-f", "csv"],
    "tree": ["tree"],
    "timeline": ["timeline"],
    "show": ["show", "cambodia"],
    "search": ["search", "trafficking"],
    "expand (lean)": ["expand", "-"],
    "expand (typer)": ["expand", "--color", "never", "-"],
    "annotate (lean)": ["annotate", "docs/data.md"],
    "annotate (typer)": ["annotate", "--data-dir", packaged_data_dir(), "docs/data.md"],
    "glossary": ["glossary", "docs/changelog.md", "-f", "json"],  # more than 2 KiB of it
    "help": ["--help"],
}
TERMS = b"SOMTC\nHSU\nASEAN-ACT\n" * 300  # more than a file size limit of 2 KiB takes


def argv(command: list[str]) -> list[str]:
    return [str(README.parent / a) if a.endswith(".md") else a for a in command]


@pytest.fixture(scope="module")
def warm() -> None:
    """Write the cache first, so a file size limit meets only the output."""
    subprocess.run(
        [*ASEANCT, "expand", "SOMTC"], env=environment(), check=True, capture_output=True
    )


def run_into(
    command: list[str], target: Path | str, *, buffered: bool, limit: int | None = None
) -> subprocess.CompletedProcess[bytes]:
    env = environment()
    if buffered:
        env.pop("PYTHONUNBUFFERED", None)
    else:
        env["PYTHONUNBUFFERED"] = "1"

    def limited() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    with open(target, "wb") as out:
        return subprocess.run(
            [*ASEANCT, *argv(command)],
            input=TERMS,
            stdout=out,
            stderr=subprocess.PIPE,
            env=env,
            preexec_fn=limited,
            timeout=120,
            check=False,
        )


@pytest.mark.subprocess
@pytest.mark.usefixtures("warm")
@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "PYTHONUNBUFFERED=1"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_full_disk_is_one_line_and_exit_5(name: str, buffered: bool) -> None:
    done = run_into(COMMANDS[name], "/dev/full", buffered=buffered)
    assert done.stderr == b"error: cannot write output: No space left on device\n"
    assert done.returncode == EXIT_OUTPUT


@pytest.mark.slow
@pytest.mark.subprocess
@pytest.mark.usefixtures("warm")
@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "PYTHONUNBUFFERED=1"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_file_size_limit_is_one_line_and_exit_5(
    name: str, buffered: bool, tmp_path: Path
) -> None:
    """`ulimit -f`: the first 2 KiB are written, the rest is refused (EFBIG), and aseanct
    says so; unbuffered, a short write used to end the output there with exit 0."""
    target = tmp_path / "out"
    done = run_into(COMMANDS[name], target, buffered=buffered, limit=2048)
    assert done.stderr == b"error: cannot write output: File too large\n"
    assert done.returncode == EXIT_OUTPUT
    assert target.stat().st_size <= 2048


@pytest.mark.subprocess
@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "PYTHONUNBUFFERED=1"])
@pytest.mark.parametrize(
    "command", [["--help"], ["tree", "--help"], [], ["expand", "SOMTC"], ["list"]], ids=str
)
def test_output_closed_at_once_exits_141(command: list[str], buffered: bool) -> None:
    """`aseanct --help | true`: the reader is gone before the first write, as for any command.
    (The pipe's reading end is closed before aseanct starts: with `| true` a loaded machine
    could start aseanct first, and its write then went into the pipe.)"""
    env = environment()
    if buffered:
        env.pop("PYTHONUNBUFFERED", None)
    reading, writing = os.pipe()
    os.close(reading)
    try:
        done = subprocess.run(
            ASEANCT + command, env=env, stdout=writing, stderr=subprocess.PIPE, timeout=60
        )
    finally:
        os.close(writing)
    assert (done.returncode, done.stderr) == (EXIT_PIPE, b"")


# --- any output encoding -----------------------------------------------------------------------

LOCALES = {
    "ascii": {"PYTHONIOENCODING": "ascii"},
    "latin-1": {"PYTHONIOENCODING": "latin-1"},
    "C, no UTF-8 mode": {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": ""},
}
ENCODING = {"ascii": "ascii", "latin-1": "latin-1", "C, no UTF-8 mode": "ascii"}


def in_locale(
    command: list[str], locale: str, stdin: bytes = b""
) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in environment(**LOCALES[locale]).items() if v != "" and k != "LANG"}
    return subprocess.run(
        [*ASEANCT, *argv(command)],
        input=stdin,
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )


def unescaped(text: str) -> str:
    """Text written in a narrow encoding, with its \\uXXXX escapes read back."""
    text = re.sub(r"\\u([0-9a-f]{4})", lambda m: chr(int(m[1], 16)), text)
    return text.encode("utf-16", "surrogatepass").decode("utf-16")


@pytest.mark.subprocess
@pytest.mark.parametrize("locale", list(LOCALES))
@pytest.mark.parametrize(
    "command",
    [
        ["show", "cambodia"],
        ["show", "cambodia", "-f", "json"],
        ["list"],
        ["list", "-f", "csv"],
        ["tree"],
        ["timeline"],
        ["expand", "ASEAN-ACT", "DGICM"],
        ["expand", "-f", "json", "ASEAN-ACT"],
        ["glossary", "README.md"],
        ["search", "trafficking"],
    ],
    ids=" ".join,
)
def test_any_output_encoding_is_written_never_a_crash(command: list[str], locale: str) -> None:
    """What the locale cannot take is escaped (valid JSON escapes in JSON); the rest is the
    same as in UTF-8. A tree is drawn with ASCII guides."""
    done = in_locale(command, locale)
    assert done.returncode == 0, done.stderr
    assert done.stderr == b""
    text = done.stdout.decode(ENCODING[locale])  # only what the locale takes
    same = [*argv(command), "--ascii"] if command[0] == "tree" else argv(command)
    # The UTF-8 reference from this process: the same entry point, on UTF-8 byte streams.
    utf8 = run_in_process(entry.main, same, b"")[0].decode("utf-8")
    if "json" in command:
        assert json.loads(text) == json.loads(utf8)
    assert unescaped(text) == utf8


@pytest.mark.subprocess
@pytest.mark.parametrize("locale", list(LOCALES))
def test_annotate_keeps_its_input_bytes_in_any_locale(locale: str) -> None:
    """annotate is a filter over UTF-8 text: its output is the input's bytes, plus names."""
    text = "Le SOMTC et l’ASEAN-ACT à Phnom Penh.\n".encode()
    done = in_locale(["annotate", "-"], locale, stdin=text)
    assert done.returncode == 0 and done.stderr == b""
    assert done.stdout == (
        "Le Senior Officials Meeting on Transnational Crime (SOMTC) et l’ASEAN-Australia "
        "Counter Trafficking (ASEAN-ACT) à Phnom Penh.\n".encode()
    )


@pytest.mark.subprocess
@pytest.mark.parametrize(
    "command",
    [
        ["expand", "ＳＯＭＴＣ"],
        ["expand", "--color", "never", "ＳＯＭＴＣ"],
        ["expand", "-f", "csv", "--no-headers", "ＳＯＭＴＣ"],
    ],
    ids=["lean", "typer", "typer csv"],
)
def test_terms_typed_in_utf8_are_read_so_in_a_c_locale(command: list[str]) -> None:
    """In LC_ALL=C with UTF-8 mode off, Python decodes argv as ASCII with surrogate escapes;
    both paths read the bytes again as the UTF-8 they are."""
    done = in_locale(command, "C, no UTF-8 mode")
    assert done.returncode == 0, done.stderr
    assert b"Senior Officials Meeting on Transnational Crime" in done.stdout
    shown = in_locale(["show", "ＳＯＭＴＣ", "-f", "json"], "C, no UTF-8 mode")
    assert json.loads(shown.stdout)["id"] == "somtc"


def test_rich_output_is_drawn_for_the_encoding_it_is_written_in() -> None:
    from rich.table import Table

    from aseanct.render.console import render_to_text

    table = Table("acronym", "name")
    table.add_row("SOMTC", "Senior Officials Meeting on Transnational Crime")
    assert not render_to_text(table).isascii()  # box drawing
    assert render_to_text(table, encoding="ascii").isascii()


@pytest.mark.subprocess
@pytest.mark.parametrize("locale", list(LOCALES))
def test_both_paths_write_the_same_bytes_in_any_locale(locale: str) -> None:
    terms = ["ＳＯＭＴＣ", "HSU", "nope\u202e", "-"]
    stdin = "ASEAN-ACT\nÉtats\n".encode()
    lean = in_locale(["expand", *terms], locale, stdin=stdin)
    typer_path = in_locale(["expand", "--color", "never", *terms], locale, stdin=stdin)
    assert (lean.stdout, lean.stderr, lean.returncode) == (
        typer_path.stdout,
        typer_path.stderr,
        typer_path.returncode,
    )
    assert lean.returncode == 1 and b"SOMTC: Senior Officials" in lean.stdout
    assert b"error: unknown term 'nope\\u202e'" in lean.stderr
