"""The command line: the Typer app (cli.app), the options every command shares (cli.options)
and one module per group of commands, imported in the order the help lists them."""

from aseanct.cli import lookup, views, writing, data, sources  # noqa: F401, I001  (in the help's order)
from aseanct.cli.app import EXIT_STATUS, app, command_names, help_sections, run

COMMAND_NAMES = command_names()
"""Every command's name, as typed."""

__all__ = ["COMMAND_NAMES", "EXIT_STATUS", "app", "help_sections", "run"]
