"""The one exception family of aseanct, and the exit codes each failure maps to."""

from __future__ import annotations

# Exit codes: a promise to scripts, each explained in EXIT_STATUS (aseanct/cli/program.py).
EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_USAGE = 2  # Typer's own code for usage errors
EXIT_DATA = 3
EXIT_INTERNAL = 4
EXIT_TOOL = 5
EXIT_OUTPUT = 6
EXIT_INTERRUPTED = 130
EXIT_PIPE = 141  # as for a program killed by SIGPIPE

DEBUG_VARIABLE = "ASEANCT_DEBUG"


class AseanctError(Exception):
    """Base of every error aseanct reports to a user as one `error:` line."""

    exit_code = EXIT_INTERNAL

    def __init__(
        self, message: str, *, hint: str = "", details: list[str] | tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.details = tuple(details)  # lines between the error and the hint

    def lines(self) -> list[str]:
        """The lines to print on stderr, prefixed."""
        return [f"error: {self.message}", *self.details] + (
            [f"hint: {self.hint}"] if self.hint else []
        )


class Problem:
    """One defect in a data directory, located as FILE:LINE and a path inside the record."""

    __slots__ = ("file", "line", "message", "path", "where")

    def __init__(
        self, file: str, line: int, path: str, message: str, where: tuple[str | int, ...] = ()
    ) -> None:
        self.file = file
        self.line = line  # 0 until the loader has looked it up from `where`
        self.path = path
        self.message = message
        self.where = where  # the path inside the file, as keys and indexes

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def sort_key(self) -> tuple[bool, str, int, str]:
        """By file, then line; a problem that only follows from another after every cause."""
        return (self.message.startswith(FOLLOWS), self.file, self.line, self.path)


FOLLOWS = "follows from another problem: "
"""How a problem that only follows from another begins (aseanct.checks)."""


class DataError(AseanctError):
    """The data directory cannot be used: every problem found, each as FILE:LINE: path: message."""

    exit_code = EXIT_DATA

    def __init__(self, problems: list[Problem], *, data_dir: str = "") -> None:
        self.problems = sorted(problems, key=Problem.sort_key)
        self.data_dir = data_dir
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        where = f" in {data_dir}" if data_dir else ""
        super().__init__(
            f"invalid data{where}: {count} {noun}",
            hint="fix the problems above; `aseanct validate [DIR]` checks a data directory",
        )

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems] + super().lines()


class NotFound(AseanctError):
    """A term, query or id matched nothing."""

    exit_code = EXIT_NOT_FOUND


class Ambiguous(AseanctError):
    """A term matched several records where the command needs exactly one."""

    exit_code = EXIT_NOT_FOUND

    def __init__(self, message: str, candidates: list[tuple[str, str]], *, hint: str = "") -> None:
        super().__init__(message, hint=hint, details=[f"{cid}\t{name}" for cid, name in candidates])


class PipeClosed(AseanctError):
    """stdout was closed before everything was written (`| head`): exit quietly."""

    exit_code = EXIT_PIPE

    def __init__(self) -> None:
        super().__init__("standard output was closed")

    def lines(self) -> list[str]:
        return []


class OutputError(AseanctError):
    """stdout failed (ENOSPC, EFBIG, EIO...): what was asked for was not all written."""

    exit_code = EXIT_OUTPUT

    def __init__(self, reason: str) -> None:
        super().__init__(f"cannot write output: {reason}")


class UsageError(AseanctError):
    """A command line that cannot be carried out as given (a bad value, an unwritable place)."""

    exit_code = EXIT_USAGE


class InputError(AseanctError):
    """An input file or stream given on the command line cannot be read."""

    exit_code = EXIT_USAGE


class ToolError(AseanctError):
    """A program aseanct runs (Graphviz's dot, for `tree -f svg`) is missing, failed or hung."""

    exit_code = EXIT_TOOL
