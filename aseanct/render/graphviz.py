"""Graphviz's `dot`, run as a program: DOT text in, SVG out, or an error that says what is
missing and how to get it. The one place aseanct starts another program."""

from __future__ import annotations

from aseanct.errors import ToolError

DOT_TIMEOUT = 60.0
"""Seconds `dot` may take; the trees aseanct draws lay out in well under one."""

INSTALL_HINT = (
    "install Graphviz (apt install graphviz, brew install graphviz, "
    "https://graphviz.org/download/) or use -f dot"
)

DETAIL_LINES = 10
"""At most this many lines of what `dot` wrote to stderr are passed on."""


def dot_svg(source: str, *, needed_by: str, timeout: float = DOT_TIMEOUT) -> str:
    """The SVG `dot -Tsvg` draws from the DOT `source`.

    Raises ToolError when `dot` is not on PATH, exits non-zero (its stderr, sanitised, in the
    details) or takes longer than `timeout` seconds. `needed_by` names the command line that
    asked, for the message."""
    import shutil
    import subprocess

    from aseanct.lean.terms import sanitize

    program = shutil.which("dot")
    if program is None:
        raise ToolError(
            f"{needed_by} needs Graphviz's dot program, which is not on PATH", hint=INSTALL_HINT
        )
    try:
        done = subprocess.run(
            [program, "-Tsvg"],
            input=source.encode("utf-8"),
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ToolError(
            f"Graphviz's dot ({sanitize(program)}) took longer than {timeout:g} seconds; stopped",
            hint="use -f dot and run dot yourself",
        ) from None
    except OSError as error:
        raise ToolError(
            f"Graphviz's dot ({sanitize(program)}) could not be run: "
            f"{sanitize(error.strerror or str(error))}",
            hint=INSTALL_HINT,
        ) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", errors="replace").splitlines()
        details = [f"dot: {sanitize(line.strip())}" for line in said if line.strip()]
        if len(details) > DETAIL_LINES:
            details = [*details[:DETAIL_LINES], f"dot: ... ({len(details) - DETAIL_LINES} more)"]
        how = (
            f"was stopped by signal {-done.returncode}"
            if done.returncode < 0
            else f"failed with exit code {done.returncode}"
        )
        raise ToolError(
            f"Graphviz's dot ({sanitize(program)}) {how}",
            details=details,
            hint="use -f dot to see the graph aseanct wrote; a broken Graphviz install "
            "can be checked with `dot -V`",
        )
    return done.stdout.decode("utf-8", errors="replace")
