"""The command line; `run` imports only the module of its command, as declaring costs start-up."""

from __future__ import annotations

from typing import Any

import typer

from aseanct.cli import program
from aseanct.cli.program import EXIT_STATUS, help_sections, name_of
from aseanct.errors import EXIT_OK

COMMAND_MODULES = {
    "expand": "lookup", "show": "lookup", "search": "listing", "list": "listing",
    "parties": "listing", "tree": "views", "timeline": "views", "glossary": "writing",
    "annotate": "writing", "cite": "writing", "info": "data", "export": "data", "site": "data",
    "validate": "data", "sources": "sources",
}  # fmt: skip
"""The module that declares each command (tests/test_help.py checks it against the app)."""
MODULES = tuple(dict.fromkeys(COMMAND_MODULES.values()))  # in the order the help lists them


def declare(*modules: str) -> Any:
    """The Typer app with the commands of `modules` (of all, in the help's order, if none)."""
    for name in modules or MODULES:
        __import__(f"aseanct.cli.{name}")  # not importlib: `-X importtime` lists these
    if not modules:
        program.app.registered_commands.sort(
            key=lambda info: MODULES.index(info.callback.__module__.rpartition(".")[2])
        )
    return program.app


def run(args: list[str]) -> int:
    name = args[0] if args else ""
    if name in COMMAND_MODULES:
        declare(COMMAND_MODULES[name])
        # Typer builds the parameters of every command an app holds before it parses
        # anything: a command is run by an app that holds it alone.
        app = typer.Typer(**program.APP_SETTINGS)
        app.registered_callback = program.app.registered_callback
        app.registered_commands = [c for c in program.app.registered_commands if name_of(c) == name]
        app.registered_groups = [g for g in program.app.registered_groups if name_of(g) == name]
    else:  # help, --version, completion, an unknown command: the whole app
        app = declare()
    try:
        app(args=args, prog_name="aseanct")
    except SystemExit as exit_:  # AseanctGroup.main always exits, with a number
        return int(exit_.code or EXIT_OK)
    return EXIT_OK


def __getattr__(name: str) -> Any:
    """`app` and `COMMAND_NAMES`, every command declared."""
    if name == "app":
        return declare()
    if name == "COMMAND_NAMES":
        declare()
        return program.command_names()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["COMMAND_NAMES", "EXIT_STATUS", "app", "help_sections", "run"]
