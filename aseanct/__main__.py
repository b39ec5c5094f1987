"""The `aseanct` command: answers plain lookups before Typer is imported, hands the rest to it.

`expand TERM...`, `expand -` and `annotate [FILE|-]` with no options are answered here by the
code the Typer commands call (tests/test_fastpath.py checks the bytes are the same)."""

import sys


def _plain_expand(args: list[str]) -> bool:
    """`expand` followed only by terms and `-`: nothing the Typer app would parse differently."""
    return (
        len(args) > 1
        and args[0] == "expand"
        and all(a == "-" or not a.startswith("-") for a in args[1:])
    )


def _plain_annotate(args: list[str]) -> bool:
    """`annotate`, `annotate -` or `annotate FILE`, with no option."""
    return (
        bool(args)
        and args[0] == "annotate"
        and len(args) <= 2
        and all(a == "-" or not a.startswith("-") for a in args[1:])
    )


def _expand(terms: list[str]) -> int:
    from aseanct.lean import batch
    from aseanct.lean.exits import say
    from aseanct.lean.stdout import Output
    from aseanct.lean.terminal import color_enabled
    from aseanct.lean.terms import from_argv
    from aseanct.store import Store

    store = Store()
    index = store.resolver()
    missing = batch.run(
        [from_argv(term) for term in terms],
        index=index,
        fmt="text",
        styled=color_enabled("auto", sys.stdout),
        headers=True,
        stdin=getattr(sys.stdin, "buffer", None),
        stdout=Output(),
        stderr=sys.stderr,
        err_styled=color_enabled("auto", sys.stderr),
    )
    say(store.warnings)
    if missing:
        from aseanct.errors import EXIT_NOT_FOUND

        return EXIT_NOT_FOUND
    return 0


def _annotate(path: str) -> int:
    from aseanct.lean import writing
    from aseanct.lean.exits import say
    from aseanct.lean.stdout import Output
    from aseanct.store import Store

    store = Store()
    messages = writing.annotate(
        path,
        index=store.resolver(),
        stdin=getattr(sys.stdin, "buffer", None),
        stdout=Output(),
    )
    say(store.warnings + messages)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Run aseanct on `argv` (default: the process arguments); returns the exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    if _plain_expand(args):
        from aseanct.lean.exits import guard

        return guard(lambda: _expand(args[1:]))
    if _plain_annotate(args):
        from aseanct.lean.exits import guard

        return guard(lambda: _annotate(args[1] if len(args) > 1 else "-"))
    from aseanct.cli import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
