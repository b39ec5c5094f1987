"""Help that reads like a manual page, the manual page itself, and the usage lines of errors."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import TESTS, environment, invoke

from aseanct import __version__, cli
from aseanct.cli import COMMAND_NAMES
from aseanct.render.help import HelpPage, Row, render_text

ROOT = TESTS.parent
MAN_PAGE = ROOT / "share" / "man" / "man1" / "aseanct.1"
PLACEHOLDER = re.compile(r"<(bool|str|int|list\[[^\]]*\]|text\||auto\|)[^>]*>|\{[A-Z]+\}")


@pytest.mark.parametrize("command", [[], *([c] for c in COMMAND_NAMES)], ids=lambda c: " ".join(c))
def test_help_names_values_and_shows_no_type_placeholders(command: list[str]) -> None:
    result = invoke(*command, "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Usage: aseanct {' '.join(command)}".rstrip() + " [OPTIONS]")
    assert not PLACEHOLDER.search(result.stdout), PLACEHOLDER.search(result.stdout)
    assert "╭" not in result.stdout  # no boxes: plain lines, as a manual page
    assert all(len(line) <= 80 for line in result.stdout.splitlines())


def test_each_command_is_run_with_the_module_that_declares_it() -> None:
    declared = {
        name: info.callback.__module__.rpartition(".")[2]
        for name, info in zip(COMMAND_NAMES, cli.app.registered_commands, strict=False)
    }
    declared["sources"] = "sources"  # the group of commands
    assert {k: v for k, v in declared.items() if k != "help"} == cli.COMMAND_MODULES


def test_list_help_reads_like_a_manual_page() -> None:
    out = invoke("list", "--help").stdout
    assert "<bool>" not in out
    for line in (
        "Usage: aseanct list [OPTIONS] [COLLECTION]",
        "  -p, --pillar PILLAR     Only bodies of this pillar (APSC, ASCC, AEC).",
        "  -f, --format FORMAT     Output format: text, json, jsonl, csv or tsv (default:",
        "      --no-headers        Leave out the header row of csv and tsv.",
        "      --data-dir DIR      Use the YAML in this directory instead of the packaged",
        "  -h, --help              Show this message and exit.",
        "  aseanct list bodies --pillar ASCC",
    ):
        assert line in out.splitlines(), line
    expand = invoke("expand", "--help").stdout
    assert expand.startswith("Usage: aseanct expand [OPTIONS] TERM...\n")
    assert "  TERM...  Acronyms, aliases or ids; '-' reads more from stdin, one per line.\n" in (
        expand
    )


def test_choice_lists_wrap_between_choices_never_inside_one() -> None:
    page = HelpPage(
        usage="aseanct x",
        about=[],
        options=[
            Row(
                "-f, --format FORMAT",
                "Output format: text, json, jsonl, csv, tsv, markdown, dot or mermaid "
                "(default: text).",
            )
        ],
    )
    for width in range(40, 81):
        lines = render_text(page, width=width).splitlines()
        assert all(len(line) <= width for line in lines)
        text = " ".join(line.strip() for line in lines[lines.index("Options:") + 1 :])
        assert " ".join(text.split()) == (
            "-f, --format FORMAT Output format: text, json, jsonl, csv, tsv, markdown, dot or "
            "mermaid (default: text)."
        )


def test_top_level_help_lists_commands_exit_status_and_environment() -> None:
    out = invoke("--help").stdout
    assert "  -V, --version             Show the version and exit.\n" in out
    assert "\n  help      Show the help of a command, as 'aseanct COMMAND --help' does;" in out
    for code in (
        "0    success",
        "1    not found",
        "2    usage error",
        "3    the data",
        "4    internal",
    ):
        assert f"\n  {code}" in out
    assert "\n  ASEANCT_DATA_DIR " in out
    assert out.endswith("'man aseanct' for the\nmanual.\n")


def test_dash_v_and_help_command() -> None:
    assert (
        invoke("-V").stdout
        == invoke("--version").stdout
        == (f"aseanct {__version__} (data schema 3)\n")
    )
    for name in COMMAND_NAMES:
        assert invoke("help", name).stdout == invoke(name, "--help").stdout
    assert invoke("help").stdout == invoke("--help").stdout
    unknown = invoke("help", "lst")
    assert unknown.exit_code == 2
    assert unknown.stderr == (
        "error: no command 'lst' (did you mean list?)\nhint: `aseanct help` lists the commands\n"
    )


def test_usage_lines_carry_no_hint_prefix() -> None:
    result = invoke("list", "--bad")
    assert result.exit_code == 2
    assert result.stderr == (
        "error: No such option: --bad\n"
        "Usage: aseanct list [OPTIONS] [COLLECTION]\n"
        "hint: try 'aseanct list --help' for help\n"
    )
    missing = invoke("expand")
    assert "Usage: aseanct expand [OPTIONS] TERM...\n" in missing.stderr
    assert "hint: Usage" not in missing.stderr and "{TERM}" not in missing.stderr


def test_bare_aseanct_prints_the_help_on_stdout() -> None:
    result = invoke()
    assert result.exit_code == 2
    assert result.stdout == invoke("--help").stdout
    assert result.stderr == ""


# --- the manual page ---------------------------------------------------------------------------


def test_the_installed_manual_page_is_the_help_of_today() -> None:
    """share/man/man1/aseanct.1 is generated: regenerate it and compare (`python -m
    aseanct.manual > share/man/man1/aseanct.1` after changing any help)."""
    from aseanct.manual import man_page

    assert MAN_PAGE.read_text(encoding="utf-8") == man_page()


def test_the_manual_page_says_what_the_help_says() -> None:
    page = MAN_PAGE.read_text(encoding="utf-8")
    assert page.startswith(f'.TH ASEANCT 1 "" "aseanct {__version__}" "User Commands"\n')
    for name in COMMAND_NAMES:
        assert f'.SS "aseanct {name} [OPTIONS]' in page
    assert "\\fB\\-f\\fR, \\fB\\-\\-format\\fR \\fIFORMAT\\fR" in page
    assert ".SH EXIT STATUS" in page and ".SH ENVIRONMENT" in page


@pytest.mark.skipif(shutil.which("groff") is None, reason="needs groff")
def test_the_manual_page_is_clean_roff() -> None:
    done = subprocess.run(
        ["groff", "-man", "-ww", "-z", str(MAN_PAGE)], capture_output=True, timeout=60, check=False
    )
    assert done.returncode == 0 and done.stderr == b"", done.stderr


@pytest.mark.slow
@pytest.mark.subprocess
def test_man_finds_the_page_of_an_installed_wheel(tmp_path: Path) -> None:
    """`pip install .` puts the page in the environment's share/man/man1; man-db finds it
    there when the environment's bin is on PATH (no MANPATH needed)."""
    wheels = tmp_path / "wheels"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "--no-index", "-q", "-w", str(wheels), str(ROOT)],
        check=True, capture_output=True, timeout=300, env=environment(),
    )  # fmt: skip
    wheel = next(wheels.glob("aseanct-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        manual = f"aseanct-{__version__}.data/data/share/man/man1/aseanct.1"
        assert archive.read(manual) == MAN_PAGE.read_bytes()
    venv = tmp_path / "venv"
    # No pip of its own (copying one in costs more than the rest): this pip installs into it.
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=300
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install", "-q",
         "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True, timeout=300, env=environment(),
    )  # fmt: skip
    installed = venv / "share" / "man" / "man1" / "aseanct.1"
    assert installed.read_bytes() == MAN_PAGE.read_bytes()
    if shutil.which("man") is None:
        pytest.skip("no man here to ask")
    env = {k: v for k, v in environment().items() if k != "MANPATH"}
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}/usr/bin{os.pathsep}/bin"
    done = subprocess.run(
        ["man", "-w", "aseanct"], env=env, capture_output=True, timeout=60, check=False
    )
    assert done.stdout.decode().strip() == str(installed)
