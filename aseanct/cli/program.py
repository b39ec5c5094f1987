"""The Typer app: `error:` lines and exit codes, help like a manual page, one writer for stdout."""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from aseanct.errors import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE
from aseanct.lean import exits
from aseanct.version import SCHEMA_VERSION, __version__

EXIT_STATUS = [
    ("0", "success (an empty `list` is success)"),
    ("1", "not found: an unknown term, no search hit, an ambiguous term where one record is "
     "needed, a source's address that is gone or has moved (`sources check`)"),
    ("2", "usage error: a bad option, value or argument, or an unreadable input file"),
    ("3", "the data directory is missing, unreadable or invalid (`aseanct validate` lists why), "
     "or its stored copy is damaged"),
    ("4", "internal error: a bug; rerun with ASEANCT_DEBUG=1 to see the traceback"),
    ("5", "a program aseanct runs is missing or failed (Graphviz's dot, for `tree -f svg`)"),
    ("6", "the output could not be written: a full disk, a file size limit, an I/O error"),
    ("130", "interrupted (Ctrl-C)"),
    ("141", "standard output was closed before everything was written (`| head`)"),
]  # fmt: skip
"""Exit codes: a promise to scripts (aseanct.errors)."""

ENVIRONMENT = [
    ("ASEANCT_DATA_DIR", "use this data directory (`--data-dir` wins over it)"),
    ("ASEANCT_CACHE_DIR", "where aseanct keeps its own directory of stored data, `aseanct` "
     "(an absolute path; default $XDG_CACHE_HOME, else ~/.cache)"),
    ("ASEANCT_NO_CACHE", "any value but empty or 0: read the YAML directly (as `--no-cache`)"),
    ("ASEANCT_DEBUG", "any value but empty or 0: show the traceback of an internal error"),
    ("NO_COLOR, FORCE_COLOR, TERM=dumb", "whether to style output on a terminal"),
    ("COLUMNS", "the width to draw at on a terminal"),
]  # fmt: skip

TOP_NOTE = "See `aseanct help COMMAND` for a command's help, and `man aseanct` for the manual."


def optional_values(args: list[str]) -> list[str]:
    """`args` with `?` after a `--fields` given without a value: Typer's options need one."""
    out: list[str] = []
    for position, arg in enumerate(args):
        out.append(arg)
        if arg == "--":
            return out + args[position + 1 :]
        following = args[position + 1] if position + 1 < len(args) else None
        if arg == "--fields" and (
            following is None or (following.startswith("-") and following != "-")
        ):
            out.append("?")
    return out


def usage_lines(error: typer.TyperException) -> list[str]:
    """A Click usage error as an `error:` line, the usage and a `hint:` line."""
    context = getattr(error, "ctx", None)
    lines = [f"error: {error.format_message().replace('Value error, ', '')}"]
    if context is not None:
        lines.append(context.get_usage().strip())
        lines.append(f"hint: try '{context.command_path} --help' for help")
    return lines


def help_sections() -> list[tuple[str, list[Any]]]:
    """The exit status and environment sections of the program's help."""
    from aseanct.render.help import Row

    return [
        ("Exit status", [Row(code, text) for code, text in EXIT_STATUS]),
        ("Environment", [Row(name, text) for name, text in ENVIRONMENT]),
    ]


def on_terminal() -> bool:
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def width_for(laid_out: bool) -> int:
    if not laid_out:
        return 80
    from aseanct.render.console import terminal_width

    return terminal_width(sys.stdout)


class AseanctCommand(TyperCommand):
    """Typer's command, with help that reads like a manual page."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from aseanct.render.help import page_of, render_text

        program = hasattr(self, "commands") and ctx.parent is None
        page = page_of(self, ctx, sections=help_sections() if program else ())
        if program:
            page.notes.append(TOP_NOTE)
        styled = exits.color_enabled("auto", sys.stdout)
        formatter.write(render_text(page, width=width_for(on_terminal()), styled=styled))

    def get_usage(self, ctx: Any) -> str:
        from aseanct.render.help import usage_of

        return f"Usage: {usage_of(self, ctx)}"


class AseanctGroup(TyperGroup):
    """Typer's group, with errors as `error:` lines and exit codes, and aseanct's help."""

    format_help = AseanctCommand.format_help
    get_usage = AseanctCommand.get_usage

    def main(self, args: Any = None, **extra: Any) -> NoReturn:  # type: ignore[override]
        line = sys.argv[1:] if args is None else list(args)
        extra.update(prog_name=extra.get("prog_name") or "aseanct", standalone_mode=False)
        if os.environ.get("_ASEANCT_COMPLETE") or {"--show-completion", "--install-completion"} & {
            a.split("=", 1)[0] for a in line
        }:
            from aseanct import completion

            completion.install()

        def action() -> int:
            from aseanct.cli.options import say_store_warnings

            original = sys.stdout
            # Typer's help included, through the one checked writer.
            sys.stdout = checked_stdout(original)
            try:
                result = super(AseanctGroup, self).main(args=optional_values(line), **extra)
            except typer.TyperException as error:  # Click's usage and parameter errors
                if type(error).__name__ == "NoArgsIsHelpError":  # bare `aseanct`: the help
                    write(error.format_message().rstrip("\n") + "\n")
                    return EXIT_USAGE
                exits.say(usage_lines(error))
                return int(getattr(error, "exit_code", EXIT_USAGE))
            except typer.Abort:  # end of input at a prompt (Typer turns Ctrl-C into Exit(130))
                exits.say(["error: aborted"])
                return EXIT_INTERRUPTED
            finally:
                sys.stdout = original
                say_store_warnings()
            return result if isinstance(result, int) else EXIT_OK

        sys.exit(exits.guard(action))


APP_SETTINGS: dict[str, Any] = {
    "name": "aseanct",
    "cls": AseanctGroup,
    "help": (
        "A sourced reference to the ASEAN bodies, instruments, laws and programmes that counter "
        "trafficking in persons and people smuggling.\n\n"
        "What an acronym stands for, who sits under whom, which programmes came before "
        "which, who is party to what, which law applies, who held a post when, and where each "
        "fact comes from: every statement cites its own sources. Data goes to standard output, "
        "as text or as JSON, JSON lines, CSV or TSV (`--format`); errors and hints go to "
        "standard error."
    ),
    "no_args_is_help": True,
    "rich_markup_mode": None,  # help is aseanct's own: no Rich panels
    "pretty_exceptions_enable": False,
    "context_settings": {"help_option_names": ["-h", "--help"]},
}
app = typer.Typer(**APP_SETTINGS)


def version_callback(value: bool) -> None:
    if value:
        write(f"aseanct {__version__} (data schema {SCHEMA_VERSION})\n")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False,
        "--version",
        "-V",
        help="Show the version and exit.",
        callback=version_callback,
        is_eager=True,
    ),
) -> None:
    """The program's own options (its help is APP_SETTINGS["help"], which Typer prefers)."""


def checked_stdout(original: Any) -> Any:
    """A stand-in for sys.stdout that writes through the one checked writer."""
    from aseanct.lean.stdout import Output, TextOutput, encoding_of

    if isinstance(original, TextOutput) or getattr(original, "buffer", None) is None:
        return original
    original.flush()
    return TextOutput(Output(original.buffer, encoding_of(original)), original)


def stdout() -> Any:
    """The one checked writer of stdout, which AseanctGroup.main puts in place."""
    return sys.stdout.output  # type: ignore[union-attr]


def write(rendered: Any, width: int = 80, *, color: bool = True) -> None:
    """Write what a renderer returned, text or a Rich renderable, to stdout."""
    out = stdout()
    if isinstance(rendered, str):
        out.text(rendered)
    else:
        from aseanct.render.console import render_to_text

        out.text(render_to_text(rendered, width=width, encoding=out.encoding, color=color))
    out.flush()


def name_of(registered: Any) -> str:
    """A registered command's (or group's) name, as typed."""
    return str(registered.name or registered.callback.__name__)


def command_names() -> list[str]:
    """Every command's name, as typed (a group's, such as `sources`, too)."""
    return [name_of(c) for c in [*app.registered_commands, *app.registered_groups]]
