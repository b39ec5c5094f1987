"""Shell completion through the protocol each shell's script speaks, and bash's script itself."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import environment, invoke


def bash_protocol(line: str) -> list[tuple[str, str]]:
    """What `_ASEANCT_COMPLETE=complete_bash` answers for the last word of `line`:
    (value, description) pairs."""
    words = line.split(" ")
    result = invoke(
        env={
            "_ASEANCT_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
        }
    )
    assert result.exit_code == 0, result.output
    return [tuple([*row.split("\t"), ""][:2]) for row in result.stdout.splitlines()]  # type: ignore[misc]


def shared_prefix(values: list[str]) -> str:
    """What bash inserts when several values are offered: their longest common prefix."""
    shortest = min(values, key=len)
    for position, char in enumerate(shortest):
        if any(value[position] != char for value in values):
            return shortest[:position]
    return shortest


def test_an_exact_id_is_offered_first_and_every_value_keeps_what_was_typed() -> None:
    offered = bash_protocol("aseanct show somtc")
    assert offered[0] == ("somtc", "Senior Officials Meeting on Transnational Crime")
    values = [value for value, _ in offered]
    assert "somtc-wg-tip" in values
    # The common prefix is what was typed: bash leaves `somtc` as it is.
    assert shared_prefix(values) == "somtc"
    assert len(values) == len(set(values))


def test_names_and_aliases_complete_in_any_case() -> None:
    offered = dict(bash_protocol("aseanct show Camb"))
    assert offered["Cambodia"] == "cambodia: country (ASEAN Member State)"
    assert shared_prefix(list(offered)) == "Cambodia"
    assert dict(bash_protocol("aseanct expand viet"))["vietnam"] == "Viet Nam"  # an alias
    assert bash_protocol("aseanct tree ammt")[0][0] == "ammtc"  # the id, not ammtC
    assert bash_protocol("aseanct tree AMMT")[0][0] == "AMMTC"


def test_an_ambiguous_acronym_is_offered_once_with_every_meaning() -> None:
    offered = dict(bash_protocol("aseanct show HSU"))
    assert offered["HSU"] == (
        "Heads of Specialist Anti-Trafficking Units; Heads of Specialist Unit on People Smuggling"
    )


def test_with_nothing_typed_only_acronyms_and_ids_are_offered() -> None:
    values = [value for value, _ in bash_protocol("aseanct show ")]
    assert "SOMTC" in values and "somtc-wg-tip" in values  # somtc is SOMTC, offered once
    assert "Cambodia" not in values and "cambodia" in values


def test_choices_complete_too() -> None:
    assert bash_protocol("aseanct list pro") == [("programmes", "")]
    assert [v for v, _ in bash_protocol("aseanct list --format j")] == ["json", "jsonl"]
    assert [v for v, _ in bash_protocol("aseanct timeline e")] == ["events"]


def test_zsh_gets_values_and_descriptions() -> None:
    result = invoke(
        env={"_ASEANCT_COMPLETE": "complete_zsh", "_TYPER_COMPLETE_ARGS": "aseanct show somtc"}
    )
    assert result.exit_code == 0
    assert result.stdout.startswith(
        '_arguments \'*: :(("somtc":"Senior Officials Meeting on Transnational Crime"\n'
    )


def test_fish_gets_values_and_descriptions() -> None:
    result = invoke(
        env={
            "_ASEANCT_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
            "_TYPER_COMPLETE_ARGS": "aseanct show Camb",
        }
    )
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == "Cambodia\tcambodia: country (ASEAN Member State)"


def test_the_bash_script_is_aseanct_s() -> None:
    script = invoke("--show-completion", "bash").stdout
    assert "_aseanct_completion()" in script and "complete_bash" in script
    assert "printf '%q'" in script  # values are quoted for the shell


# --- bash itself, running the script a user installs -----------------------------------------


@pytest.fixture(scope="module")
def command_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding an `aseanct` command that runs this checkout, for bash to call."""
    folder = tmp_path_factory.mktemp("bin")
    shim = folder / "aseanct"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m aseanct "$@"\n')
    shim.chmod(0o755)
    return folder


def in_bash(command_dir: Path, word: str, columns: int = 100) -> list[str]:
    """COMPREPLY after bash's completion function runs on `aseanct show WORD`."""
    script = invoke("--show-completion", "bash").stdout
    program = (
        f"{script}\n"
        'COMP_WORDS=(aseanct show "$1"); COMP_CWORD=2; '
        f"COLUMNS={columns}; _aseanct_completion aseanct; "
        'printf "%s\\n" "${COMPREPLY[@]}"'
    )
    done = subprocess.run(
        ["bash", "--norc", "-c", program, "bash", word],
        capture_output=True,
        env=environment(PATH=f"{command_dir}{os.pathsep}{os.environ.get('PATH', '')}"),
        timeout=60,
        check=True,
    )
    return done.stdout.decode("utf-8").splitlines()


needs_bash = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


@pytest.mark.subprocess
@needs_bash
def test_bash_keeps_an_exact_id_and_lists_the_rest_with_descriptions(command_dir: Path) -> None:
    reply = in_bash(command_dir, "somtc")
    # What bash inserts is the common prefix of the reply: still `somtc`.
    assert shared_prefix(reply) == "somtc"
    assert reply[0].startswith("somtc\u00a0")
    assert "(Senior Officials Meeting on " in reply[0]
    assert all(len(line) < 100 for line in reply)
    assert in_bash(command_dir, "somtc", columns=200)[0].endswith(
        "\u00a0(Senior Officials Meeting on Transnational Crime)"
    )
    assert reply[0].endswith("…")  # cut to fit 100 columns


@pytest.mark.subprocess
@needs_bash
def test_bash_completes_a_name_and_quotes_a_value_with_spaces(command_dir: Path) -> None:
    assert shared_prefix(in_bash(command_dir, "Camb")) == "Cambodia"
    assert in_bash(command_dir, "wg") == ["wg\\ on\\ TIP"]
    # Several values sharing more than was typed, with a space in it: inserted quoted.
    assert in_bash(command_dir, "Cambodian\\ N") == ["Cambodian\\ National\\ Police"]
