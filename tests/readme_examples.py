"""The console examples of the README and of docs/: parse them, run them, and (with --update)
rewrite their output.

A ```console block holds `$ command` lines, each followed by exactly what it prints (stdout and
stderr together, as a terminal would show them in a pipe). tests/test_readme.py runs the blocks
of each page in order, in a scratch folder of the page's own outside the checkout (the pages
share one cache, compiled once), and compares the output byte for byte.

    python tests/readme_examples.py --update    # after changing the tool or the data
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md")), *sorted((ROOT / "docs").glob("*/*.md"))]
"""Every page whose examples are run: the README, then docs/ and its folders."""
BLOCK = re.compile(r"```console\n(.*?)```", re.S)


@dataclass
class Example:
    """One `$ command` and the output the README promises."""

    command: str
    expected: str


def examples(text: str) -> list[Example]:
    """Every command of every console block, in order."""
    found = []
    for block in BLOCK.findall(text):
        current: Example | None = None
        for line in block.splitlines(keepends=True):
            if line.startswith("$ "):
                current = Example(line[2:].rstrip("\n"), "")
                found.append(current)
            elif current is not None:
                current.expected += line
    return found


def environment(scratch: str, cache: str) -> dict[str, str]:
    """A plain, predictable environment: no colour, 80 columns, a private cache."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ASEANCT_", "FORCE_COLOR", "NO_COLOR", "COLUMNS"))
    }
    bin_dir = os.path.dirname(sys.executable)
    env.update(
        {
            "PATH": bin_dir + os.pathsep + env.get("PATH", ""),
            "NO_COLOR": "1",
            "COLUMNS": "80",
            "ASEANCT_CACHE_DIR": cache,
            "LC_ALL": "C.UTF-8",
        }
    )
    return env


def run(example: Example, scratch: str, cache: str) -> str:
    """What a command prints, stdout and stderr together."""
    completed = subprocess.run(
        ["bash", "-c", example.command],
        cwd=scratch,
        env=environment(scratch, cache),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        timeout=120,
        check=False,
    )
    return completed.stdout.decode("utf-8")


def update() -> None:
    """Rewrite every console block of every page with what its commands print now."""
    with tempfile.TemporaryDirectory() as cache:
        for page in PAGES:
            text = page.read_text(encoding="utf-8")
            with tempfile.TemporaryDirectory() as scratch:

                def refresh(match: re.Match[str], scratch: str = scratch) -> str:
                    out = [
                        f"$ {e.command}\n{run(e, scratch, cache)}" for e in examples(match.group(0))
                    ]
                    return "```console\n" + "".join(out) + "```"

                page.write_text(BLOCK.sub(refresh, text), encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        sys.exit(__doc__)
