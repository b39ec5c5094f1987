"""The lean entry point answers `expand` without Typer, and its answers are the Typer app's.

aseanct.__main__.main answers `expand TERM...` and `expand -` itself and hands every other
command line to the Typer app. Both paths must give byte-identical stdout, stderr and exit
codes; the lean one must not import Typer, pydantic, Rich or PyYAML.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, environment, invoke
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aseanct import __main__ as entry
from aseanct import cli

HEAVY = ("typer", "pydantic", "rich", "yaml", "click")
RECORD_STACK = (
    "aseanct.model",
    "aseanct.loader",
    "aseanct.schema",
    "aseanct.queries",
    "aseanct.relations",
    "aseanct.cli",
    "dataclasses",
    "typing",
)
"""Modules of the full stack (records, Typer): the lean path answers without any of them."""


def run_in_process(runner: object, argv: list[str], stdin: bytes) -> tuple[bytes, bytes, int]:
    """Run an entry point with real byte streams standing in for stdin, stdout and stderr."""
    saved = sys.stdin, sys.stdout, sys.stderr
    out, err = io.BytesIO(), io.BytesIO()
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8")
    sys.stdout = io.TextIOWrapper(out, encoding="utf-8")
    sys.stderr = io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace")
    try:
        code = runner(argv)  # type: ignore[operator]
        sys.stdout.flush()
        sys.stderr.flush()
        # Read before restoring: a dropped TextIOWrapper closes the buffer beneath it.
        return out.getvalue(), err.getvalue(), code
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved


def both(
    argv: list[str], stdin: bytes = b""
) -> tuple[tuple[bytes, bytes, int], tuple[bytes, bytes, int]]:
    """(lean path, Typer path) results for the same command line."""
    assert entry._answered_lean(argv), argv
    return run_in_process(entry.main, argv, stdin), run_in_process(cli.run, argv, stdin)


@pytest.mark.parametrize(
    ("argv", "stdin"),
    [
        (["expand", "SOMTC"], b""),
        (["expand", "somtc", "HSU", "ＡＣＴＩＰ", "(APA)"], b""),
        (["expand", "SOMTX", "zz", ""], b""),
        (["expand", "-"], b"ARF\n\ndgicm\nnope\r\nHSU"),
        (["expand", "AIP", "-", "ACT"], b"caf\xe9\nSOMTC\n\x00\n"),
        (["expand", "Senior Officials Meeting on Transnational Crime"], b""),
    ],
)
def test_known_cases_are_identical(argv: list[str], stdin: bytes) -> None:
    lean, typer_path = both(argv, stdin)
    assert lean == typer_path
    assert lean[0] or lean[1]


KNOWN = [
    "SOMTC",
    "somtc",
    "HSU",
    "RPSC",
    "ACT",
    "ASEAN-ACT",
    "ＳＯＭＴＣ",
    "WG on TIP",
    "asean-act",
    "Laos",
]
HOSTILE = [
    "",
    " ",
    "\t",
    '"',
    "'",
    "\\",
    "[bold]x[/bold]",
    "\u0301",
    "Ｘ",
    "x" * 500,
    "\u200b",
    "é",
]
terms = st.one_of(
    st.sampled_from(KNOWN + HOSTILE),
    st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=12).filter(
        lambda t: not t.startswith("-") and "\x00" not in t
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    argv=st.lists(st.one_of(terms, st.just("-")), min_size=1, max_size=6),
    stdin=st.lists(st.one_of(terms, st.binary(max_size=8)), max_size=6),
)
def test_both_paths_agree_on_any_terms(argv: list[str], stdin: list[object]) -> None:
    data = b"\n".join(s if isinstance(s, bytes) else str(s).encode() for s in stdin)
    if "\n" in "".join(argv):
        return  # a term with a line break cannot come from argv in a shell
    lean, typer_path = both(["expand", *argv], data)
    assert lean == typer_path


BRIEFING = (
    b"# SOMTC briefing\n\nThe act of trafficking (ACT) and the SOMTC.\n"
    b"The ACT Government met the APA and the HSU.\n\n"
    b"See [the page](https://example.org/AMMTC) and `aseanct show ARF`.\n\n"
    b"```\nSOMTC\n```\n\n    ACTIP in code\n\nThe AMMTC and the ARF.\n"
)


def both_annotate(
    argv: list[str], stdin: bytes = b""
) -> tuple[tuple[bytes, bytes, int], tuple[bytes, bytes, int]]:
    """(lean path, Typer path) results for an `annotate` command line."""
    assert entry._answered_lean(argv), argv
    return run_in_process(entry.main, argv, stdin), run_in_process(cli.run, argv, stdin)


@pytest.mark.parametrize(
    "stdin",
    [
        BRIEFING,
        b"The ACT Government in Canberra.\n",
        b"The SOMTC met.\r\nThe Senior Officials Meeting on Transnational Crime (SOMTC) met.",
        b"caf\xe9 and the ARF\n",
        b"",
    ],
    ids=["markdown", "collision", "introduced", "not utf-8", "empty"],
)
def test_annotate_is_identical_on_both_paths(stdin: bytes) -> None:
    lean, typer_path = both_annotate(["annotate", "-"], stdin)
    assert lean == typer_path
    assert lean[2] == 0


def test_a_colour_an_earlier_run_chose_does_not_reach_the_next() -> None:
    """Each run starts from `--color auto`: a test worker runs many in one process, and the
    lean path, having no --color, once kept an earlier Typer run's `always` for its hints."""
    assert invoke("expand", "SOMTX", "--color", "always").stderr.startswith("\x1b[1;31merror:")
    lean, typer_path = both_annotate(["annotate", "-"], BRIEFING)
    assert lean == typer_path
    assert lean[1].startswith(b"hint: ")


def test_annotate_of_a_markdown_file_is_identical_on_both_paths(tmp_path: Path) -> None:
    briefing = tmp_path / "briefing.md"
    briefing.write_bytes(BRIEFING.replace(b"    ACTIP in code\n", b"    AIP\n"))
    lean, typer_path = both_annotate(["annotate", str(briefing)])
    assert lean == typer_path
    assert b"    AIP\n" in lean[0]  # indented code: a *.md file is Markdown from its first line
    assert b"ACT Government" in lean[0] and b"Australian Capital" not in lean[0]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    lines=st.lists(
        st.sampled_from(
            [
                "# SOMTC",
                "```",
                "    ARF",
                "",
                "The ACT and the SOMTC.",
                "the act of trafficking (ACT)",
                "https://x.org/AMMTC",
                "`ACTIP`",
                "TIP",
                "===",
                "APA",
            ]
        ),
        max_size=12,
    )
)
def test_both_paths_agree_on_any_document(lines: list[str]) -> None:
    text = "\n".join(lines).encode()
    lean, typer_path = both_annotate(["annotate", "-"], text)
    assert lean == typer_path


def test_other_command_lines_go_to_typer() -> None:
    for argv in (
        ["expand", "--format", "json", "SOMTC"],
        ["expand"],
        ["show", "SOMTC"],
        ["expand", "-h"],
        [],
        ["--version"],
    ):
        assert not entry._answered_lean(argv)
    for argv in (["annotate", "--explain"], ["annotate", "-", "--plain"], ["annotate", "a", "b"]):
        assert not entry._answered_lean(argv)


def modules_after(code: str, stdin: bytes = b"") -> set[str]:
    """Top-level packages imported by a fresh interpreter after running `code`."""
    script = code + "\nimport sys\nprint(' '.join(sorted(sys.modules)), file=sys.stderr)"
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=stdin,
        env=environment(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    return set(done.stderr.decode().split())


@pytest.mark.subprocess
@pytest.mark.parametrize(
    "argv", [["expand", "SOMTC"], ["expand", "-"], ["expand", "nope", "HSU"], ["annotate", "-"]]
)
def test_the_lean_path_imports_nothing_heavy(argv: list[str]) -> None:
    # Warm the cache first: the very first run after a change has to read the YAML.
    subprocess.run(
        [sys.executable, "-m", "aseanct", "expand", "SOMTC"],
        env=environment(),
        capture_output=True,
        check=True,
    )
    loaded = modules_after(f"from aseanct.__main__ import main\nmain({argv!r})", b"ACTIP\n")
    assert "aseanct.store" in loaded
    packages = {m.split(".")[0] for m in loaded}
    assert packages.isdisjoint(HEAVY), packages & set(HEAVY)
    assert loaded.isdisjoint(RECORD_STACK), loaded & set(RECORD_STACK)


@pytest.mark.subprocess
def test_the_typer_path_does_import_typer() -> None:
    loaded = modules_after(
        "from aseanct.__main__ import main\ntry:\n    main(['show', 'SOMTC'])\nexcept SystemExit:\n    pass"
    )
    assert "typer" in {m.split(".")[0] for m in loaded}


@pytest.mark.subprocess
def test_a_command_imports_only_the_module_that_declares_it() -> None:
    loaded = modules_after(
        "from aseanct.__main__ import main\ntry:\n    main(['show', 'SOMTC'])\nexcept SystemExit:\n    pass"
    )
    declaring = {f"aseanct.cli.{name}" for name in cli.MODULES}
    assert loaded & declaring == {"aseanct.cli.lookup"}


@pytest.mark.subprocess
def test_the_whole_app_lists_commands_in_the_help_order_whichever_was_declared_first() -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from aseanct import cli\ncli.declare('data')\nprint(cli.COMMAND_NAMES)",
        ],
        env=environment(),
        capture_output=True,
        timeout=60,
        check=True,
    )
    assert done.stdout.decode().strip() == str(cli.COMMAND_NAMES)


@pytest.mark.subprocess
def test_the_lean_path_with_a_fresh_data_dir_still_answers(tmp_path: Path) -> None:
    env = environment(
        ASEANCT_CACHE_DIR=str(tmp_path / "cache"), ASEANCT_DATA_DIR=str(FIXTURES / "mini")
    )
    done = subprocess.run(
        [sys.executable, "-m", "aseanct", "expand", "UNIT", "TOP"],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0
    assert done.stdout.decode().splitlines() == [
        "UNIT: Unit on Alpha (leaf-a, under MID)",
        "UNIT: Unit on Beta (leaf-b, under TOP)",
        "TOP: Top Meeting",
    ]
    assert json.loads(json.dumps(sorted(p.name for p in (tmp_path / "cache").iterdir())))


# --- both paths, as real processes, when streams are closed or the user presses Ctrl-C -------

LEAN = ["expand", "SOMTC", "-", "NOPE"]
TYPER = ["expand", "--color", "auto", "SOMTC", "-", "NOPE"]  # any option: the Typer path


def in_bash(argv: list[str], redirect: str) -> subprocess.CompletedProcess[bytes]:
    line = " ".join([f"'{sys.executable}'", "-m", "aseanct", *argv, redirect])
    return subprocess.run(
        ["bash", "-c", line], env=environment(), capture_output=True, timeout=60, check=False
    )


@pytest.mark.subprocess
def test_the_two_command_lines_take_the_two_paths() -> None:
    assert entry._answered_lean(LEAN) and not entry._answered_lean(TYPER)


@pytest.mark.subprocess
def test_closed_stdin_is_the_same_input_error_on_both_paths() -> None:
    lean, typer_path = in_bash(LEAN, "<&-"), in_bash(TYPER, "<&-")
    assert (lean.stdout, lean.stderr, lean.returncode) == (
        b"",
        b"error: standard input is closed; cannot read terms from `-`\n",
        2,
    )
    assert (typer_path.stdout, typer_path.stderr, typer_path.returncode) == (
        lean.stdout,
        lean.stderr,
        lean.returncode,
    )


@pytest.mark.subprocess
def test_closed_stderr_still_answers_and_exits_1_on_both_paths() -> None:
    lean, typer_path = in_bash(LEAN, "2>&- < /dev/null"), in_bash(TYPER, "2>&- < /dev/null")
    assert lean.stdout == b"SOMTC: Senior Officials Meeting on Transnational Crime\n"
    assert lean.returncode == 1
    assert (typer_path.stdout, typer_path.returncode) == (lean.stdout, lean.returncode)


def interrupted(argv: list[str]) -> tuple[bytes, bytes, int]:
    """Start `aseanct argv` reading stdin, wait for its first answer, then press Ctrl-C."""
    import signal

    process = subprocess.Popen(
        [sys.executable, "-m", "aseanct", *argv],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment(),
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(b"ARF\n")
    process.stdin.flush()
    # SOMTC's answer, then ARF's: the process is now waiting on stdin, which stays open.
    answered = process.stdout.readline() + process.stdout.readline()
    process.send_signal(signal.SIGINT)
    rest, err = process.communicate(timeout=60)
    return answered + rest, err, process.returncode


@pytest.mark.subprocess
def test_ctrl_c_is_the_same_on_both_paths() -> None:
    lean, typer_path = interrupted(LEAN[:3]), interrupted(TYPER[:5])
    assert lean == (
        b"SOMTC: Senior Officials Meeting on Transnational Crime\nARF: ASEAN Regional Forum\n",
        b"",  # quietly: the terminal has already shown ^C
        130,
    )
    assert typer_path == lean


MAIN = "from aseanct.__main__ import main\ntry:\n    main({!r})\nexcept SystemExit:\n    pass"


@pytest.mark.subprocess
@pytest.mark.parametrize(
    "argv",
    [["show", "SOMTC", "--sources"], ["list", "-f", "json"], ["tree", "AMMTC"], ["timeline"]],
)
def test_only_cite_pays_for_its_library(argv: list[str]) -> None:
    """citeproc-py (and lxml under it) load only for `cite`."""
    packages = {m.split(".")[0] for m in modules_after(MAIN.format(argv))}
    assert "typer" in packages
    assert packages.isdisjoint({"citeproc", "lxml"}), packages


@pytest.mark.subprocess
def test_cite_loads_its_library() -> None:
    cited = {m.split(".")[0] for m in modules_after(MAIN.format(["cite", "somtc"]))}
    assert "citeproc" in cited
