"""stderr: message lines, their colour, and every failure turned into an exit code."""

import os
import sys

from aseanct.lean.terms import sanitize

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TextIO

BOLD_CYAN = "\x1b[1;36m"
DIM = "\x1b[2m"
RESET = "\x1b[0m"
_STYLES = {"error": "\x1b[1;31m", "hint": "\x1b[33m", "warning": "\x1b[33m"}


def color_enabled(choice: str, stream: "TextIO") -> bool:
    """Style `stream`? `auto` follows NO_COLOR, FORCE_COLOR, TERM=dumb and isatty, in order."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def message_lines(lines: list[str], styled: bool) -> str:
    """stderr lines, prefixes coloured when `styled`, each tab-separated cell sanitised."""
    out = []
    for line in lines:
        line = "\t".join(map(sanitize, line.split("\t")))
        word, colon, rest = line.partition(":")
        if styled and colon and word in _STYLES:
            line = f"{_STYLES[word]}{word}:{RESET}{rest}"
        out.append(f"{line}\n")
    return "".join(out)


_preference = "auto"


def prefer(choice: str) -> None:
    """Follow `--color` for messages too, once the option is known."""
    global _preference
    _preference = choice


def say(lines: list[str]) -> None:
    """Write message lines to stderr, coloured as --color says; never fails."""
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(message_lines(lines, color_enabled(_preference, stream)))
        stream.flush()
    except (OSError, ValueError):
        pass


def guard(action: "Callable[[], int]") -> int:  # aseanct.errors is imported only on failure
    """Run `action` as one command, its messages coloured `auto` until a --color option says
    otherwise; any failure becomes stderr lines and an exit code, except SystemExit."""
    prefer("auto")  # not what an earlier run in this process chose (tests run many)
    if sys.stdout is None:
        from aseanct.errors import EXIT_PIPE

        say(["error: standard output is closed; nothing can be written"])
        return EXIT_PIPE
    try:
        return action()
    except BaseException as error:
        from aseanct.errors import (
            DEBUG_VARIABLE,
            EXIT_DATA,
            EXIT_INTERNAL,
            EXIT_INTERRUPTED,
            EXIT_OUTPUT,
            EXIT_PIPE,
            AseanctError,
            PipeClosed,
        )

        if isinstance(error, BrokenPipeError):
            error = PipeClosed()
        if isinstance(error, AseanctError):
            if error.exit_code in (EXIT_PIPE, EXIT_OUTPUT):
                # stdout's buffer can never be written: point it at /dev/null, or the
                # interpreter's final flush fails again (exit 120).
                try:
                    devnull = os.open(os.devnull, os.O_WRONLY)
                    os.dup2(devnull, sys.stdout.fileno())
                    os.close(devnull)
                except (OSError, ValueError, AttributeError):
                    pass
            say(error.lines())
            return error.exit_code
        if type(error).__module__ == "sqlite3" and isinstance(error, Exception):
            from aseanct.store import discard_opened

            discard_opened()
            say(
                [
                    f"error: the stored copy of the data is damaged: {error}",
                    "hint: it has been removed; run the command again to rebuild it",
                ]
            )
            return EXIT_DATA
        if isinstance(error, KeyboardInterrupt):
            # Quietly, as Typer does: both paths give the same stderr (tests/test_fastpath.py).
            return EXIT_INTERRUPTED
        if not isinstance(error, Exception) or os.environ.get(DEBUG_VARIABLE, "") not in ("", "0"):
            raise  # SystemExit and friends pass through; a debugging user gets the traceback
        say(
            [
                f"error: internal error: {type(error).__name__}: {error}",
                f"hint: this is a bug in aseanct; rerun with {DEBUG_VARIABLE}=1 to see the "
                "traceback",
            ]
        )
        return EXIT_INTERNAL
