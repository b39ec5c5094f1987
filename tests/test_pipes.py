"""Real processes: pipes that close early, closed stdout, terminals of every kind."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import environment
from terminal import ASEANCT, in_pipe, in_terminal

from aseanct.datadir import packaged_data_dir

pytestmark = pytest.mark.subprocess

ESCAPE = re.compile(rb"\x1b\[")

COMMANDS = [
    ["expand", "SOMTC", "HSU"],
    ["show", "ASEAN-ACT"],
    ["search", "trafficking"],
    ["list"],
    ["tree"],
    ["timeline"],
    ["info"],
    ["validate"],
    ["glossary", "README.md"],
    ["annotate", "README.md"],
]
NEEDS_CHECKOUT = {"glossary", "annotate"}


@pytest.fixture
def env() -> dict[str, str]:
    return environment()


def readme() -> str:
    from readme_examples import README

    return str(README)


def args_of(command: list[str]) -> list[str]:
    return [readme() if a == "README.md" else a for a in command]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_head_n_1_exits_quietly(command: list[str], env: dict[str, str]) -> None:
    line = " ".join(f"'{a}'" for a in ASEANCT + args_of(command))
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {line} | head -n 1 > /dev/null"],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    # Only hints (annotate names ambiguous acronyms) may reach stderr: no error, no traceback.
    assert all(line.startswith(b"hint: ") for line in done.stderr.splitlines()), done.stderr
    assert done.returncode in (0, 141)


def test_a_long_stream_into_head_stops_early_and_quietly(env: dict[str, str]) -> None:
    done = subprocess.run(
        ["bash", "-c", f"yes SOMTC | head -n 200000 | {' '.join(ASEANCT)} expand - | head -n 2"],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.stdout == b"SOMTC: Senior Officials Meeting on Transnational Crime\n" * 2
    assert done.stderr == b""


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_no_escape_codes_in_a_pipe(command: list[str], env: dict[str, str]) -> None:
    run = in_pipe(args_of(command), env=env)
    assert run.code == 0, run.stderr
    assert not ESCAPE.search(run.stdout) and not ESCAPE.search(run.stderr)


@pytest.mark.parametrize("command", [["expand", "SOMTC"], ["tree", "AMMTC"]], ids=lambda c: c[0])
def test_closed_stdout_is_an_error_line_not_a_traceback(
    command: list[str], env: dict[str, str]
) -> None:
    done = subprocess.run(
        ["bash", "-c", " ".join(ASEANCT + command) + " >&-"],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 141
    assert done.stderr == b"error: standard output is closed; nothing can be written\n"


@pytest.mark.parametrize(
    "command", [["tree", "AMMTC"], ["show", "somtc"], ["timeline"], ["list"]], ids=lambda c: c[0]
)
def test_a_terminal_gets_colour(command: list[str], env: dict[str, str]) -> None:
    run = in_terminal(command, env=env)
    assert run.code == 0, run.stderr
    assert ESCAPE.search(run.stdout)


@pytest.mark.parametrize(
    "variable", [{"NO_COLOR": "1"}, {"TERM": "dumb"}], ids=["NO_COLOR", "TERM=dumb"]
)
@pytest.mark.parametrize(
    "command", [["tree", "AMMTC"], ["show", "somtc"], ["expand", "HSU"]], ids=lambda c: c[0]
)
def test_no_colour_on_a_terminal_when_asked(command: list[str], variable: dict[str, str]) -> None:
    """NO_COLOR and TERM=dumb take the colour away, not the terminal's layout: at 40 columns
    a fact sheet still fits (a pipe gets one line per statement, however long)."""
    env = environment(**variable)
    terminal = in_terminal(command, env=env, columns=40)
    assert terminal.code == 0
    assert not ESCAPE.search(terminal.stdout)
    if command[0] == "show":
        lines = terminal.stdout.decode().splitlines()
        assert max(len(line.rstrip()) for line in lines) <= 40
        assert (
            max(len(line) for line in in_pipe(command, env=env).stdout.decode().splitlines()) > 40
        )


def test_a_narrow_terminal_stacks_a_list(env: dict[str, str]) -> None:
    """At 40 columns `list` gives each record its name on a line of its own, whole."""
    narrow = in_terminal(
        ["list", "bodies", "--pillar", "ASCC", "--color", "never"], env=env, columns=40
    )
    lines = [line.rstrip() for line in narrow.stdout.decode().splitlines()]
    assert lines[:3] == [
        "ASEAN Commission on the Promotion and",
        "Protection of the Rights of Women and",
        "Children",
    ]
    assert lines[3].split() == ["acwc", "ACWC", "body"]


def test_color_never_and_always(env: dict[str, str]) -> None:
    assert not ESCAPE.search(in_terminal(["tree", "AMMTC", "--color", "never"], env=env).stdout)
    assert ESCAPE.search(in_pipe(["tree", "AMMTC", "--color", "always"], env=env).stdout)


@pytest.mark.parametrize("columns", [20, 300])
@pytest.mark.parametrize(
    "command",
    [
        ["tree"],
        ["show", "cambodia"],
        ["timeline"],
        ["expand", "DGICM"],
        ["list"],
        ["search", "ministers"],
        ["glossary", "README.md"],
    ],
    ids=lambda c: c[0],
)
def test_narrow_and_wide_terminals(command: list[str], columns: int, env: dict[str, str]) -> None:
    run = in_terminal(args_of(command), env=env, columns=columns)
    assert run.code == 0, run.stderr
    assert run.stderr == b""
    text = ESCAPE.sub(b"", run.stdout).decode("utf-8")
    assert text.strip()
    if command[0] == "expand":
        assert "DGICM" in text


def test_python_dash_m_and_the_console_script_agree(env: dict[str, str]) -> None:
    script = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from aseanct.__main__ import main; sys.exit(main())",
            "expand",
            "ARF",
        ],
        env=env,
        capture_output=True,
        timeout=60,
        check=False,
    )
    module = in_pipe(["expand", "ARF"], env=env)
    assert script.stdout == module.stdout == b"ARF: ASEAN Regional Forum\n"


@pytest.mark.parametrize("command", [["expand", "-"], ["annotate", "-"]], ids=lambda c: c[0])
@pytest.mark.parametrize("lean", [True, False], ids=["lean", "typer"])
def test_a_large_output_cut_short_exits_141(
    command: list[str], lean: bool, env: dict[str, str], tmp_path: Path
) -> None:
    """More output than a pipe holds, into `head -n 1`: aseanct itself exits 141, silently."""
    # Any option takes the Typer path; this one keeps the cache.
    argv = command if lean else [command[0], "--data-dir", packaged_data_dir(), *command[1:]]
    line = " ".join(f"'{a}'" for a in ASEANCT + argv)
    errors = tmp_path / "stderr"
    text = "SOMTC" if command[0] == "expand" else "SOMTC and APA met."
    script = (
        f"yes '{text}' | head -n 200000 | {line} 2>'{errors}' | head -n 1 >/dev/null; "
        "exit ${PIPESTATUS[2]}"
    )
    done = subprocess.run(
        ["bash", "-c", script], env=env, capture_output=True, timeout=120, check=False
    )
    assert done.returncode == 141
    assert errors.read_bytes() == b""


EVERY_COMMAND = [
    ["expand", "SOMTC", "HSU"],
    ["show", "ASEAN-ACT"],
    ["search", "trafficking"],
    ["list", "programmes"],
    ["parties", "ACTIP"],
    ["tree", "AMMTC"],
    ["timeline"],
    ["glossary", "README.md"],
    ["annotate", "README.md"],
    ["info"],
    ["validate"],
    ["--help"],
]


@pytest.mark.parametrize("command", EVERY_COMMAND, ids=lambda c: c[0])
def test_a_terminal_that_reports_0x0_gets_80_columns(
    command: list[str], env: dict[str, str]
) -> None:
    """`script` run from a non-terminal gives a pseudo-terminal of 0 columns and 0 rows: every
    command must draw as on an 80-column terminal, not print nothing."""
    unsized = in_terminal(args_of(command), env=env, columns=0, rows=0)
    sized = in_terminal(args_of(command), env=env, columns=80)
    assert unsized.code == sized.code, unsized.stderr
    assert unsized.stdout.strip()
    assert unsized.stdout == sized.stdout


@pytest.mark.parametrize(
    ("signal_number", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129), (signal.SIGINT, 130)]
)
@pytest.mark.parametrize("argv", [["expand", "-"], ["show", "-"]], ids=["lean", "typer"])
def test_a_process_ended_from_outside_is_not_called_a_bug(
    env: dict[str, str], argv: list[str], signal_number: int, code: int
) -> None:
    """Killed while it waits on stdin: the shell's exit code for the signal, and no talk of
    a bug in aseanct."""
    process = subprocess.Popen(
        [*ASEANCT, *argv],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    process.stdin.write(b"SOMTC\n")  # type: ignore[union-attr]
    process.stdin.flush()  # type: ignore[union-attr]
    assert process.stdout.readline()  # type: ignore[union-attr]  # running, and waiting
    process.send_signal(signal_number)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode in (code, -signal_number)
    assert b"bug" not in stderr and b"Traceback" not in stderr
