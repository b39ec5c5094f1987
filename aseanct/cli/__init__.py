"""The command line: the Typer app (cli.program), the options every command shares
(cli.options) and one module per group of commands. Declaring commands costs start-up time,
so `run` imports only the module of the command it is given; `app` and `COMMAND_NAMES` are
the whole program, every module imported."""

from __future__ import annotations

from typing import Any

from aseanct.cli import program
from aseanct.cli.program import EXIT_STATUS, help_sections

MODULES = ("lookup", "listing", "views", "writing", "data", "sources")
"""The modules of commands, in the order the help lists them."""

COMMAND_MODULES = {
    "expand": "lookup", "show": "lookup", "search": "listing", "list": "listing",
    "parties": "listing", "tree": "views", "timeline": "views", "glossary": "writing",
    "annotate": "writing", "cite": "writing", "info": "data", "export": "data", "site": "data",
    "validate": "data", "sources": "sources",
}  # fmt: skip
"""The module that declares each command (`help` and its kin need them all; tests/test_help.py
checks it against the app)."""


def declare(*modules: str) -> Any:
    """The Typer app with the commands of `modules` declared (of all, if none is named), in
    the help's order whichever came first."""
    for name in modules or MODULES:
        __import__(f"aseanct.cli.{name}")  # not importlib: `-X importtime` lists these
    if not modules:
        program.app.registered_commands.sort(
            key=lambda info: MODULES.index(info.callback.__module__.rpartition(".")[2])
        )
    return program.app


def run(args: list[str]) -> int:
    """Run aseanct's command line `args` (aseanct.__main__); returns the exit code."""
    module = COMMAND_MODULES.get(args[0]) if args else None
    declare(*([module] if module else []))
    return program.run(args)


def __getattr__(name: str) -> Any:
    """`app` and `COMMAND_NAMES`: every command declared first."""
    if name == "app":
        return declare()
    if name == "COMMAND_NAMES":
        declare()
        return program.command_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["COMMAND_NAMES", "EXIT_STATUS", "app", "help_sections", "run"]
