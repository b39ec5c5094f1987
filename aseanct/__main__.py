"""The `aseanct` command: answers plain lookups before Typer is imported, hands the rest to it.

`aseanct expand TERM...` and `aseanct expand -` with no options are the hottest command lines
(scripts call them in loops), and Typer with its parameter machinery costs about 15 times a
bare interpreter start. They are answered here by the same code the Typer command calls
(aseanct.batch); every other command line, and any option at all, goes to the Typer app
unchanged. tests/test_fastpath.py checks that both paths give identical bytes and exit codes.
"""

from __future__ import annotations

import sys


def _plain_expand(args: list[str]) -> bool:
    """`expand` followed only by terms and `-`: nothing the Typer app would parse differently."""
    return (
        len(args) > 1
        and args[0] == "expand"
        and all(a == "-" or not a.startswith("-") for a in args[1:])
    )


def _expand(terms: list[str]) -> int:
    from aseanct import batch
    from aseanct.index import TermIndex
    from aseanct.terminal import color_enabled

    return batch.run(
        terms,
        index=TermIndex.open(),
        fmt="text",
        styled=color_enabled("auto", sys.stdout),
        headers=True,
        stdin=sys.stdin.buffer,
        stdout=sys.stdout.buffer,
        stderr=sys.stderr,
        err_styled=color_enabled("auto", sys.stderr),
    )


def main(argv: list[str] | None = None) -> int:
    """Run aseanct on `argv` (default: the process arguments); returns the exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    if _plain_expand(args):
        from aseanct.exits import guard

        return guard(lambda: _expand(args[1:]))
    from aseanct.cli import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
