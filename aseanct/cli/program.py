"""The Typer app: errors as `error:` lines with aseanct's exit codes, help laid out like a manual
page, one checked writer for stdout, and `run`, the entry of every command line the lean path
does not answer (aseanct.__main__)."""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

import typer
from typer.core import TyperCommand, TyperGroup

from aseanct.errors import EXIT_INTERRUPTED, EXIT_NOT_FOUND, EXIT_OK, EXIT_USAGE
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
"""Exit codes: a promise to scripts (aseanct.errors), in the help and the manual page."""

ENVIRONMENT = [
    ("ASEANCT_DATA_DIR", "use this data directory (`--data-dir` wins over it)"),
    ("ASEANCT_CACHE_DIR", "where aseanct keeps its own directory of stored data, `aseanct` "
     "(an absolute path; default $XDG_CACHE_HOME, else ~/.cache)"),
    ("ASEANCT_NO_CACHE", "any value but empty or 0: read the YAML directly (as `--no-cache`)"),
    ("ASEANCT_DEBUG", "any value but empty or 0: show the traceback of an internal error"),
    ("NO_COLOR, FORCE_COLOR, TERM=dumb", "whether to style output on a terminal"),
    ("COLUMNS", "the width to draw at on a terminal"),
]  # fmt: skip
"""The environment variables aseanct reads, in the help and the manual page."""

TOP_NOTE = "See `aseanct help COMMAND` for a command's help, and `man aseanct` for the manual."

OPTIONAL_VALUES = {"--fields": "?"}
"""Options whose value may be left out, and what they then mean (`--fields` alone lists the
fields). Typer's options always take their value, so the command line is completed first."""


def optional_values(args: list[str]) -> list[str]:
    """`args` with the implied value after an optional-value option given without one: at
    the end, or before another option (but not after `--`, where options end)."""
    out: list[str] = []
    for position, arg in enumerate(args):
        out.append(arg)
        if arg == "--":
            return out + args[position + 1 :]
        following = args[position + 1] if position + 1 < len(args) else None
        if arg in OPTIONAL_VALUES and (
            following is None or (following.startswith("-") and following != "-")
        ):
            out.append(OPTIONAL_VALUES[arg])
    return out


def usage_lines(error: typer.TyperException) -> list[str]:
    """A Click usage error as aseanct's `error:` line, the usage and a `hint:` line."""
    context = getattr(error, "ctx", None)
    lines = [f"error: {error.format_message().replace('Value error, ', '')}"]
    if context is not None:
        lines.append(context.get_usage().strip())
        lines.append(f"hint: try '{context.command_path} --help' for help")
    return lines


def help_sections() -> list[tuple[str, list[Any]]]:
    """The exit status and environment sections of the top-level help and the manual."""
    from aseanct.render.help import Row

    return [
        ("Exit status", [Row(code, text) for code, text in EXIT_STATUS]),
        ("Environment", [Row(name, text) for name, text in ENVIRONMENT]),
    ]


def help_text(command: Any, ctx: Any) -> str:
    """A command's help for a terminal or a pipe (aseanct.render.help)."""
    from aseanct.render.console import terminal_width
    from aseanct.render.help import page_of, render_text

    group = hasattr(command, "commands") and ctx.parent is None  # the program itself
    page = page_of(command, ctx, sections=help_sections() if group else ())
    if group:
        page.notes.append(TOP_NOTE)
    try:
        width = terminal_width(sys.stdout) if sys.stdout.isatty() else 80
    except (AttributeError, ValueError):
        width = 80
    return render_text(page, width=width, styled=exits.color_enabled("auto", sys.stdout))


class AseanctCommand(TyperCommand):
    """Typer's command, with help that reads like a manual page."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(help_text(self, ctx))

    def get_usage(self, ctx: Any) -> str:
        from aseanct.render.help import usage_of

        return f"Usage: {usage_of(self, ctx)}"


class AseanctGroup(TyperGroup):
    """Typer's group, with errors reported as `error:` lines and aseanct's exit codes, and
    help that reads like a manual page."""

    format_help = AseanctCommand.format_help
    get_usage = AseanctCommand.get_usage

    def main(  # type: ignore[override]
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> NoReturn:
        line = sys.argv[1:] if args is None else list(args)
        if os.environ.get("_ASEANCT_COMPLETE") or {"--show-completion", "--install-completion"} & {
            a.split("=", 1)[0] for a in line
        }:
            from aseanct import completion

            completion.install()

        def action() -> int:
            from aseanct.cli.options import say_store_warnings

            exits.prefer("auto")  # until a --color option says otherwise
            original = sys.stdout
            # Everything written to stdout while the command runs, Typer's help included,
            # goes through the one checked writer (aseanct.lean.stdout).
            sys.stdout = checked_stdout(original)
            try:
                result = super(AseanctGroup, self).main(
                    args=optional_values(line),
                    prog_name=prog_name or "aseanct",
                    complete_var=complete_var,
                    standalone_mode=False,
                    **extra,
                )
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
    """`--version`: the program and data schema versions."""
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


# --- output -------------------------------------------------------------------------------------


def checked_stdout(original: Any) -> Any:
    """A stand-in for sys.stdout that writes through the one checked writer (unchanged when
    it already is one, or when the stream has no binary buffer to write to)."""
    from aseanct.lean.stdout import Output, TextOutput, encoding_of

    if isinstance(original, TextOutput) or getattr(original, "buffer", None) is None:
        return original
    original.flush()
    return TextOutput(Output(original.buffer, encoding_of(original)), original)


def stdout() -> Any:
    """The one writer of stdout (aseanct.lean.stdout): every write finished and checked."""
    from aseanct.lean.stdout import Output, TextOutput

    current = sys.stdout
    if isinstance(current, TextOutput):
        return current.output
    return Output(current.buffer)


def write(rendered: Any, width: int = 80, *, color: bool = True) -> None:
    """Write what a renderer returned to stdout, through the one writer: text as it is, a
    Rich renderable laid out for the terminal (coloured unless `color` is false)."""
    out = stdout()
    if isinstance(rendered, str):
        out.text(rendered)
    else:
        from aseanct.render.console import render_to_text

        out.text(render_to_text(rendered, width=width, encoding=out.encoding, color=color))
    out.flush()


# --- running ------------------------------------------------------------------------------------


def _name(registered: Any) -> str:
    """A registered command's (or group's) name, as typed."""
    function = registered.callback.__name__ if registered.callback else ""
    return str(registered.name or function.rstrip("_").replace("_", "-"))


def command_names() -> list[str]:
    """Every command's name, as typed (a group of commands, such as `sources`, too)."""
    return [_name(c) for c in [*app.registered_commands, *app.registered_groups]]


def app_for(args: list[str]) -> typer.Typer:
    """The app to run `args` with: for `aseanct COMMAND ...`, an app holding only that
    command (Typer builds every command's parameters before it parses anything, a cost
    every call would pay); help, --version, completion and unknown commands get the whole
    app."""
    if not args or args[0].startswith("-") or args[0] == "help":
        return app
    single = typer.Typer(**APP_SETTINGS)
    single.registered_callback = app.registered_callback
    single.registered_commands = [c for c in app.registered_commands if _name(c) == args[0]]
    single.registered_groups = [g for g in app.registered_groups if _name(g) == args[0]]
    return single if single.registered_commands or single.registered_groups else app


def run(args: list[str]) -> int:
    """Run the Typer app on `args`; returns the exit code (used by aseanct.__main__)."""
    try:
        app_for(args)(args=args, prog_name="aseanct")
    except SystemExit as exit_:
        code = exit_.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_NOT_FOUND)
    return EXIT_OK
