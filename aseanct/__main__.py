"""The `aseanct` command: answers plain lookups before Typer is imported, hands the rest to it.

`expand TERM...`, `expand -` and `annotate [FILE|-]` with no options are answered here by the
code the Typer commands call (tests/test_fastpath.py checks the bytes are the same)."""

import sys

from aseanct.lean import exits


def _lean(args: list[str]) -> int:
    """Answer `expand` or `annotate` (no option given) with the stdlib-only modules."""
    from aseanct.lean.stdout import Output
    from aseanct.store import Store

    store = Store()
    messages: list[str] = []
    missing = 0
    if args[0] == "expand":
        from aseanct.lean import batch
        from aseanct.lean.terms import from_argv

        terms = [from_argv(term) for term in args[1:]]
        missing = batch.run(
            terms, index=store.resolver(), fmt="text", color="auto", headers=True, stdout=Output()
        )
    else:
        from aseanct.lean import writing

        path = args[1] if len(args) > 1 else "-"
        stdin = getattr(sys.stdin, "buffer", None)
        messages = writing.annotate(path, index=store.resolver(), stdin=stdin, stdout=Output())
    exits.say(store.warnings + messages)
    if missing:
        from aseanct.errors import EXIT_NOT_FOUND

        return EXIT_NOT_FOUND
    return 0


def _answered_lean(args: list[str]) -> bool:
    """`expand TERM...|-` or `annotate [FILE|-]`, no option: nothing Typer would parse
    differently."""
    plain = all(a == "-" or not a.startswith("-") for a in args[1:])
    if args[:1] == ["expand"]:
        return plain and len(args) > 1
    return plain and args[:1] == ["annotate"] and len(args) <= 2


def main(argv: list[str] | None = None) -> int:
    """Run aseanct on `argv` (default: the process arguments); returns the exit code."""
    args = sys.argv[1:] if argv is None else list(argv)
    if _answered_lean(args):
        code = exits.guard(lambda: _lean(args))
        if argv is None:  # the process ends now: its last garbage collection need not walk
            import gc  # every object the imports made (a tenth of what `expand TERM` costs)

            gc.freeze()
        return code
    from aseanct.cli import run

    return run(args)


if __name__ == "__main__":
    sys.exit(main())
