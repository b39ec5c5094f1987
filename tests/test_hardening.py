"""Hostile data, bad input and odd environments never break aseanct: no traceback, a clear
message, a documented exit code."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, environment, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from synthetic import acronym_of, generate
from test_fastpath import run_in_process

from aseanct import __main__ as entry
from aseanct import datadir as cache
from aseanct.errors import EXIT_DATA, EXIT_INTERRUPTED, EXIT_NOT_FOUND, DataError
from aseanct.lean.terms import sanitize
from aseanct.loader import read_data_dir
from aseanct.model.registry import Registry

BROKEN = [
    "malformed",
    "unknown-parent",
    "cycle",
    "duplicate-id",
    "duplicate-key",
    "missing-source",
    "python-tag",
]


@pytest.mark.parametrize("fixture", BROKEN)
@pytest.mark.parametrize(
    "command",
    [
        ["expand", "SOMTC"],
        ["show", "x"],
        ["tree"],
        ["list", "-f", "json"],
        ["timeline"],
        ["glossary", "-"],
        ["annotate", "-"],
        ["info"],
    ],
    ids=lambda c: c[0],
)
def test_broken_data_gives_file_line_errors_and_exit_3(fixture: str, command: list[str]) -> None:
    result = invoke(*command, "--data-dir", str(FIXTURES / fixture), input="SOMTC\n")
    assert result.exit_code == EXIT_DATA
    assert result.stdout == ""
    assert f"{FIXTURES / fixture}{os.sep}" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-2].startswith(f"error: invalid data in {FIXTURES / fixture}")


def test_a_file_written_twice_over(tmp_path: Path) -> None:
    text = (FIXTURES / "mini" / "bodies.yaml").read_text()
    (tmp_path / "bodies.yaml").write_text(text + text)
    shutil.copy(FIXTURES / "mini" / "sources.yaml", tmp_path)
    with pytest.raises(DataError) as caught:
        read_data_dir(str(tmp_path))
    assert [p.message for p in caught.value.problems] == [
        "duplicate key 'bodies' (first at line 1)"
    ]
    records = text.split("\n", 1)[1]
    (tmp_path / "bodies.yaml").write_text("bodies:\n" + records + records)
    with pytest.raises(DataError) as caught:
        read_data_dir(str(tmp_path))
    assert sorted({p.message.split(" (")[0] for p in caught.value.problems}) == [
        "duplicate id 'leaf-a'",
        "duplicate id 'leaf-b'",
        "duplicate id 'mid'",
        "duplicate id 'top'",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["expand", "[P]"],
        ["show", "markup-programme"],
        ["timeline"],
        ["timeline", "events"],
        ["list"],
        ["search", "programme"],
        ["tree", "markup-body"],
        ["show", "markup-event"],
    ],
    ids=lambda a: "-".join(a),
)
@pytest.mark.parametrize("fmt", ["text", "json", "csv"])
def test_markup_is_printed_literally_in_every_format(args: list[str], fmt: str) -> None:
    for color in ("never", "always"):
        extra = ["--color", color] if args[0] not in ("info",) else []
        result = invoke(*args, "--data-dir", str(FIXTURES / "markup"), "-f", fmt, *extra)
        assert result.exit_code == 0, result.output
        out = result.stdout.replace('\\"', '"')
        assert any(
            s in out
            for s in ("[red]red[/red] [/]", "[blink]now[/blink]", "[bold]Bold[/bold] Body [/x]")
        ), out


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp, "no data files (*.yaml) in this directory"),
        (lambda tmp: tmp / "missing", "no such directory"),
        (lambda tmp: tmp / "file.yaml", "not a directory"),
    ],
    ids=["empty", "missing", "a file"],
)
def test_unusable_data_directories_exit_3(tmp_path: Path, make: object, message: str) -> None:
    (tmp_path / "file.yaml").write_text("bodies: []\n")
    target = make(tmp_path)  # type: ignore[operator]
    if target == tmp_path:
        (tmp_path / "file.yaml").unlink()
    result = invoke("expand", "SOMTC", "--data-dir", str(target))
    assert result.exit_code == EXIT_DATA
    assert result.stderr.splitlines()[0] == f"{target}: {message}"


def test_an_unreadable_data_directory_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(path: str) -> list[str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "listdir", refuse)
    monkeypatch.setattr(os, "scandir", refuse)
    result = invoke("expand", "SOMTC", "--data-dir", str(tmp_path))
    assert result.exit_code == EXIT_DATA
    assert (
        result.stderr.splitlines()[0] == f"{tmp_path}: cannot read the directory: Permission denied"
    )


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any directory")
def test_an_unreadable_data_directory_for_real(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "mini", tmp_path / "d")
    (tmp_path / "d").chmod(0)
    try:
        result = invoke("expand", "TOP", "--data-dir", str(tmp_path / "d"))
    finally:
        (tmp_path / "d").chmod(0o755)
    assert result.exit_code == EXIT_DATA


@pytest.mark.slow
@pytest.mark.subprocess
def test_ten_thousand_records(tmp_path: Path, shipped: Registry) -> None:
    directory = generate(tmp_path / "big", 10_000)
    first = invoke("expand", acronym_of(9_999), "SOMTC", "--data-dir", str(directory))
    assert first.exit_code == 0, first.output
    assert first.stdout.splitlines() == [
        f"{acronym_of(9_999)}: {first.stdout.split(': ', 1)[1].splitlines()[0]}",
        "SOMTC: Senior Officials Meeting on Transnational Crime",
    ]
    info = json.loads(invoke("info", "-f", "json", "--data-dir", str(directory)).stdout)
    assert info["counts"]["body"] == 10_000 + len(shipped.select(record_type="body"))
    tree = invoke("tree", "syn-00000", "--depth", "2", "-f", "json", "--data-dir", str(directory))
    assert json.loads(tree.stdout)[0]["id"] == "syn-00000"


# --- input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "term",
    [
        "",
        " ",
        "x" * 100_000,
        'SOM"TC',
        "SOM\\TC",
        "SOM\tTC",
        "ＳＯＭＴＣ",
        "SOMTC\u0301",
        "\u200bSOMTC",
        "'SOMTC'",
        "SOMTC\x00",
        "\x1b[31mred",
    ],
    ids=[
        "empty",
        "blank",
        "huge",
        "quote",
        "backslash",
        "tab",
        "fullwidth",
        "combining",
        "zero-width",
        "quoted",
        "nul",
        "escape",
    ],
)
def test_odd_terms_are_answered_or_refused_cleanly(term: str) -> None:
    result = invoke("expand", term, "ARF")
    assert result.exit_code in (0, EXIT_NOT_FOUND)
    assert result.stdout.endswith("ARF: ASEAN Regional Forum\n")
    assert "Traceback" not in result.stderr and "\x1b" not in result.stderr
    assert len(result.stderr) < 500  # a huge term is shortened in messages


def test_invalid_utf8_and_nul_bytes_on_stdin_leave_the_other_lines_answered() -> None:
    result = invoke("expand", "-", input=b"SOMTC\n\xff\xfe bad\nAPA\nA\x00B\n")
    assert result.exit_code == EXIT_NOT_FOUND
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["SOMTC", "APA"]
    assert "error: stdin line 2 is not valid UTF-8; skipped\n" in result.stderr
    assert "error: unknown term 'A\\x00B' (stdin line 4)\n" in result.stderr


def test_glossary_and_annotate_survive_invalid_utf8() -> None:
    text = b"The SOMTC \xff met.\nAPA\n"
    glossary = invoke("glossary", "-", input=text)
    assert glossary.exit_code == 0
    assert glossary.stdout == (
        "SOMTC  Senior Officials Meeting on Transnational Crime\n"
        "APA    ASEAN Plan of Action Against Trafficking in Persons, Especially Women and "
        "Children (also: American Psychological Association)\n"
    )
    assert (
        glossary.stderr
        == "warning: input is not valid UTF-8 (first at line 1); invalid bytes replaced with U+FFFD\n"
    )
    annotated = invoke("annotate", "-", input=text)
    assert annotated.stdout.startswith(
        "The Senior Officials Meeting on Transnational Crime (SOMTC) \ufffd met.\n"
    )


def test_interrupt_exits_130(monkeypatch: pytest.MonkeyPatch) -> None:
    from aseanct import hierarchy as queries

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(queries, "forest", interrupted)
    result = invoke("tree")
    assert result.exit_code == EXIT_INTERRUPTED
    assert result.stdout == "" and result.stderr == ""  # quietly, as on the lean path


# --- environment -----------------------------------------------------------------------------


def clean_env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in environment().items()
        if k not in ("ASEANCT_CACHE_DIR", "XDG_CACHE_HOME", "HOME")
    }
    env.update(extra)
    return env


@pytest.mark.subprocess
@pytest.mark.parametrize(
    "variables",
    [
        {"HOME": "/nonexistent/home"},
        {},
        {"HOME": "relative/home"},
        {"ASEANCT_CACHE_DIR": "/dev/null/cache"},
        {"XDG_CACHE_HOME": "/proc/version/cache"},
    ],
    ids=["missing home", "no home", "relative home", "cache under a file", "unwritable xdg"],
)
def test_no_usable_cache_still_answers(variables: dict[str, str]) -> None:
    for argv in (["expand", "SOMTC"], ["show", "arf", "-f", "json"]):
        done = subprocess.run(
            [sys.executable, "-m", "aseanct", *argv],
            env=clean_env(**variables),
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr == b""
        assert b"SOMTC" in done.stdout or b'"arf"' in done.stdout


@pytest.mark.subprocess
def test_a_corrupt_cache_degrades_to_no_cache(tmp_path: Path) -> None:
    env = environment(ASEANCT_CACHE_DIR=str(tmp_path))
    subprocess.run(
        [sys.executable, "-m", "aseanct", "expand", "SOMTC"],
        env=env,
        check=True,
        capture_output=True,
    )
    for path in tmp_path.rglob("*"):
        if path.is_file():
            path.write_bytes(b"\x00garbage")
    done = subprocess.run(
        [sys.executable, "-m", "aseanct", "expand", "SOMTC"],
        env=env,
        capture_output=True,
        timeout=60,
    )
    show = subprocess.run(
        [sys.executable, "-m", "aseanct", "show", "somtc", "-f", "json"],
        env=env,
        capture_output=True,
    )
    assert (
        done.returncode == 0
        and done.stdout == b"SOMTC: Senior Officials Meeting on Transnational Crime\n"
    )
    assert show.returncode == 0 and json.loads(show.stdout)["id"] == "somtc"


@pytest.mark.subprocess
def test_the_cache_can_be_bypassed(tmp_path: Path) -> None:
    env = environment(ASEANCT_CACHE_DIR=str(tmp_path / "c"), ASEANCT_NO_CACHE="1")
    done = subprocess.run(
        [sys.executable, "-m", "aseanct", "expand", "SOMTC"], env=env, capture_output=True
    )
    assert done.returncode == 0 and not (tmp_path / "c").exists()
    info = json.loads(invoke("info", "-f", "json", "--no-cache").stdout)
    assert info["cache"] == {"path": None, "state": "disabled"}


@pytest.mark.slow
@pytest.mark.subprocess
def test_sixteen_concurrent_first_runs(tmp_path: Path) -> None:
    # Generated records only: each first run still compiles for a few tenths of a second,
    # long enough for all sixteen to race on the cache, at a quarter of the shipped data's cost.
    data = generate(tmp_path / "data", 500, with_shipped=False)
    cache = tmp_path / "cache"
    env = environment(ASEANCT_CACHE_DIR=str(cache), ASEANCT_DATA_DIR=str(data))
    argv = [sys.executable, "-m", "aseanct", "expand", acronym_of(0), acronym_of(499)]

    def run(_: int) -> subprocess.CompletedProcess[bytes]:
        return subprocess.run(argv, env=env, capture_output=True, timeout=120, check=False)

    with ThreadPoolExecutor(max_workers=16) as pool:
        results = list(pool.map(run, range(16)))
    outputs = {r.stdout for r in results}
    assert all(r.returncode == 0 and r.stderr == b"" for r in results), [r.stderr for r in results]
    assert len(outputs) == 1
    lines = outputs.pop().decode().splitlines()
    assert [line.split(": ")[0] for line in lines] == [acronym_of(0), acronym_of(499)]
    assert lines[1].endswith(" 499")
    entries = sorted(p.name for p in (cache / "aseanct").iterdir())
    assert len(entries) == 1 and entries[0].startswith("store-"), entries  # no build left over


# --- property tests ---------------------------------------------------------------------------

OPTIONS = [
    "--format",
    "-f",
    "--color",
    "--data-dir",
    "--depth",
    "--limit",
    "--kind",
    "--pillar",
    "--type",
    "--as-of",
    "--sources",
    "--ancestors",
    "--ascii",
    "--no-headers",
    "--no-cache",
    "--unknown",
    "-h",
]
VALUES = [
    "json",
    "csv",
    "tsv",
    "text",
    "dot",
    "markdown",
    "always",
    "never",
    "0",
    "-1",
    "2",
    "SOMTC",
    "HSU",
    "ASCC",
    "bodies",
    "2019",
    "2019-13",
    "ＳＯＭＴＣ",
    "[bold]",
    "",
    "-",
    "\t",
    "'",
    "\\",
    "x" * 300,
    str(FIXTURES / "cycle"),
    str(FIXTURES / "markup"),
    "/nonexistent",
]
COMMAND_NAMES = [
    "expand",
    "show",
    "search",
    "list",
    "tree",
    "timeline",
    "info",
    "validate",
    "glossary",
    "annotate",
    "nonsense",
]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    command=st.sampled_from(COMMAND_NAMES),
    rest=st.lists(
        st.one_of(st.sampled_from(OPTIONS), st.sampled_from(VALUES), st.text(max_size=6)),
        max_size=6,
    ),
    stdin=st.text(max_size=40),
)
def test_random_command_lines_never_crash(command: str, rest: list[str], stdin: str) -> None:
    result = invoke(command, *rest, input=stdin)
    assert result.exit_code in (0, 1, 2, 3), (command, rest, result.output, result.exception)
    assert "Traceback" not in result.output


yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=8), st.floats(allow_nan=False)
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.sampled_from(
                [
                    "bodies",
                    "sources",
                    "id",
                    "name",
                    "kind",
                    "sources",
                    "parent",
                    "date",
                    "acronyms",
                    "x",
                ]
            ),
            inner,
            max_size=5,
        )
    ),
    max_leaves=20,
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=yaml_values, noise=st.binary(max_size=30))
def test_random_yaml_loads_or_raises_a_data_error(
    tmp_path: Path, document: object, noise: bytes
) -> None:
    directory = tmp_path / "random"
    directory.mkdir(exist_ok=True)
    (directory / "a.yaml").write_text(yaml.safe_dump(document), encoding="utf-8")
    (directory / "b.yaml").write_bytes(noise)
    try:
        read_data_dir(str(directory))
    except DataError as error:
        assert error.problems and all(str(p) for p in error.problems)


def test_packaged_data_dir_is_inside_the_package_or_the_checkout() -> None:
    assert Path(cache.packaged_data_dir(), "bodies.yaml").is_file()


# --- no raw control character reaches a terminal, whatever the names -----------------------

HOSTILE_NAMES = {
    "escapes": b"evil\x1b]0;PWNED\x07\x1b[2J",
    "byte 0xff": b"bad\xff",
    "bidi override": "bidi\u202eevil".encode(),
}
RAW = (b"\x1b", b"\x07", "\u202e".encode(), b"\xff")


def hostile_copy(tmp_path: Path, name: bytes, *, broken: bool) -> str:
    """A copy of tests/data/mini whose directory and one data file carry `name`."""
    directory = os.path.join(os.fsencode(tmp_path), name)
    shutil.copytree(FIXTURES / "mini", os.fsdecode(directory))
    target = os.path.join(directory, name + b".yaml")
    os.rename(os.path.join(directory, b"bodies.yaml"), target)
    if broken:
        with open(target, "ab") as handle:
            handle.write(b"  - {id: top, name: Again, kind: k, sources: [s]}\n")
    return os.fsdecode(directory)


def run_bytes(argv: list[str], **env: str) -> tuple[bytes, bytes, int]:
    done = subprocess.run(
        [sys.executable, "-m", "aseanct", *argv],
        env=environment(**env),
        capture_output=True,
        timeout=60,
        check=False,
    )
    return done.stdout, done.stderr, done.returncode


def run_here(argv: list[str]) -> tuple[bytes, bytes, int]:
    """What `python -m aseanct` writes, from this process (its entry point on byte streams
    set up as a UTF-8 locale sets up the real ones): no interpreter to start each time."""
    return run_in_process(entry.main, argv, b"")


def assert_clean(stdout: bytes, stderr: bytes) -> None:
    for stream in (stdout, stderr):
        stream.decode("utf-8")  # valid UTF-8, whatever the file names
        assert not any(raw in stream for raw in RAW), stream


@pytest.mark.subprocess
@pytest.mark.parametrize("name", list(HOSTILE_NAMES))
def test_hostile_names_are_shown_escaped_by_validate_and_info(tmp_path: Path, name: str) -> None:
    directory = hostile_copy(tmp_path, HOSTILE_NAMES[name], broken=False)
    for argv in (
        ["validate", directory],
        ["validate", directory, "-f", "json"],
        ["validate", directory, "-f", "csv"],
        ["info", "--data-dir", directory],
        ["info", "--data-dir", directory, "-f", "json"],
        ["info", "--data-dir", directory, "-f", "csv"],
        ["list", "--data-dir", directory, "-f", "csv"],
        ["show", "top", "--data-dir", directory, "-f", "json"],
    ):
        stdout, stderr, code = run_here(argv)
        assert code == 0, stderr
        assert_clean(stdout, stderr)
        if "json" in argv:
            json.loads(stdout)
    stdout, stderr, code = run_bytes(["validate", directory, "-f", "json"])  # a real process
    assert code == 0, stderr
    assert_clean(stdout, stderr)
    report = json.loads(stdout)
    shown_name = sanitize(os.fsdecode(HOSTILE_NAMES[name]))
    assert report["files"][0] == f"{shown_name}.yaml"
    assert report["data_dir"].endswith(shown_name)


@pytest.mark.subprocess
@pytest.mark.parametrize("name", list(HOSTILE_NAMES))
def test_hostile_names_are_shown_escaped_in_every_error_on_both_paths(
    tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = hostile_copy(tmp_path, HOSTILE_NAMES[name], broken=True)
    shown_name = sanitize(os.fsdecode(HOSTILE_NAMES[name]))
    runs = [run_bytes(["expand", "TOP"], ASEANCT_DATA_DIR=directory)]  # lean, a real process
    with monkeypatch.context() as env:
        env.setenv("ASEANCT_DATA_DIR", directory)
        runs.append(run_here(["expand", "--color", "never", "TOP"]))
    runs += [
        run_here(["expand", "TOP", "--data-dir", directory]),
        run_here(["validate", directory]),
        run_here(["validate", directory, "-f", "json"]),
        run_here(["tree", "--data-dir", directory]),
    ]
    for stdout, stderr, code in runs:
        assert code == 3
        assert_clean(stdout, stderr)
        assert f"{shown_name}/{shown_name}.yaml:" in stderr.decode()
    assert runs[0][1] == runs[1][1]  # the lean path and the Typer path say the same


def test_every_message_line_passes_the_sanitiser() -> None:
    from aseanct.lean.exits import message_lines

    line = "error: x\x1b[2J\u202ey\udcff\tz é"
    assert message_lines([line], False) == "error: x\\x1b[2J\\u202ey\\xff\tz é\n"
    assert sanitize("ok: 237 records") == "ok: 237 records"


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--format", "\x1b[2J"],
        ["tree", "X\u202eY"],
        ["expand", "X\u202eY", "\x1b]0;PWNED\x07"],
        ["show", "\udcff"],
        ["annotate", "no\x1bsuch-file"],
    ],
    ids=["usage error", "bidi root", "expand", "undecodable byte", "input path"],
)
def test_terms_and_values_in_messages_are_escaped(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code in (EXIT_NOT_FOUND, 2), result.output
    assert not any(c in result.stderr for c in "\x1b\x07\u202e\udcff"), result.stderr
    assert "\\x1b" in result.stderr or "\\u202e" in result.stderr or "\\xff" in result.stderr
