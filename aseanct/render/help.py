"""Help: one page (`page_of`), two layouts (`render_text` for `--help`, `render_man` in roff)."""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

EXAMPLE_SEPARATOR = "  ·  "  # between a command's examples in its epilog


@dataclass(frozen=True)
class Row:
    """A term and what it means: an option, an argument, a command, an exit code."""

    term: str  # as a terminal shows it: `-f, --format FORMAT`, `TERM...`, `0`
    text: str
    names: tuple[str, ...] = ()  # an option's names
    metavar: str = ""  # the value an option or argument takes; empty for a flag


@dataclass
class HelpPage:
    """Everything a command's help says, before any layout."""

    usage: str
    about: list[str]  # paragraphs, `code` in backticks
    arguments: list[Row] = field(default_factory=list)
    options: list[Row] = field(default_factory=list)
    commands: list[Row] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    sections: list[tuple[str, list[Row]]] = field(default_factory=list)  # exit status...
    notes: list[str] = field(default_factory=list)


def paragraphs(text: str | None) -> list[str]:
    """A docstring's paragraphs, each on one line."""
    if not text:
        return []
    return [" ".join(p.split()) for p in inspect.cleandoc(text).split("\n\n") if p.strip()]


def first_sentence(text: str | None) -> str:
    """The first sentence of a docstring: a command's line in a list of commands."""
    first = (paragraphs(text) or [""])[0]
    sentence, stop, _rest = first.partition(". ")
    return sentence + "." if stop else first


def _metavar(param: Any) -> str:
    return str(param.metavar or (param.name or "").upper())


def usage_of(command: Any, ctx: Any) -> str:
    """The usage line without its `Usage:`."""
    pieces = [ctx.command_path, "[OPTIONS]"]
    for param in command.get_params(ctx):
        if param.param_type_name != "argument" or getattr(param, "hidden", False):
            continue
        name = _metavar(param)
        piece = name if param.required else f"[{name}]"
        pieces.append(piece + ("..." if param.nargs == -1 else ""))
    if hasattr(command, "commands"):
        pieces.append("COMMAND [ARGS]...")
    return " ".join(pieces)


def _with_default(param: Any) -> str:
    """The help of a parameter, its default (when worth saying) before the full stop."""
    text = " ".join((param.help or "").split())
    default = param.default
    if (
        getattr(param, "is_flag", False)
        or default in (None, "", False, (), [])
        or callable(default)
        or param.show_default is False
    ):
        return text
    said = f"(default: {getattr(default, 'value', default)})"
    return f"{text[:-1]} {said}." if text.endswith(".") else f"{text} {said}".strip()


def option_row(param: Any) -> Row:
    """`-f, --format FORMAT` and its help."""
    names = tuple(sorted(param.opts, key=lambda o: (o.startswith("--"), o)))
    takes_value = not getattr(param, "is_flag", False) and not getattr(param, "count", False)
    metavar = _metavar(param) if takes_value else ""
    term = ", ".join(names)
    if names[0].startswith("--"):
        term = "    " + term  # long options line up under those that have a short name too
    return Row(f"{term} {metavar}".rstrip(), _with_default(param), names, metavar)


def argument_row(param: Any) -> Row:
    metavar = _metavar(param) + ("..." if param.nargs == -1 else "")
    return Row(metavar, _with_default(param), (), metavar)


def examples_of(epilog: str | None) -> list[str]:
    """The examples an epilog gives (`Example: a  ·  b`)."""
    if not epilog or not epilog.startswith("Example"):
        return []
    text = epilog.split(":", 1)[1]
    return [e.strip() for e in text.split(EXAMPLE_SEPARATOR) if e.strip()]


def page_of(command: Any, ctx: Any, *, sections: Sequence[tuple[str, list[Row]]] = ()) -> HelpPage:
    """The help page of a command (or of the group, with its commands)."""
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    names = command.list_commands(ctx) if hasattr(command, "commands") else []
    subs = [(name, command.get_command(ctx, name)) for name in names]
    return HelpPage(
        usage=usage_of(command, ctx),
        about=paragraphs(command.help),
        arguments=[argument_row(p) for p in params if p.param_type_name == "argument"],
        options=[option_row(p) for p in params if p.param_type_name != "argument"],
        commands=[Row(name, first_sentence(sub.help)) for name, sub in subs if not sub.hidden],
        examples=examples_of(command.epilog),
        sections=list(sections),
    )


BOLD = "\x1b[1m"
RESET = "\x1b[0m"
_CODE = re.compile(r"`([^`]+)`")


def _wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width`, broken between words only, `code` in quotes as manual pages do."""
    return textwrap.wrap(
        _CODE.sub(r"'\1'", text), max(width, 1), break_long_words=False, break_on_hyphens=False
    ) or [""]


def _rows(rows: list[Row], width: int, styled: bool) -> list[str]:
    """Terms in a column, their text beside them, or under them when there is no room."""
    column = min(max((len(r.term) for r in rows), default=0) + 2, 30)
    stacked = width - 2 - column < 24
    lines = []
    for row in rows:
        term = row.term
        if styled:
            indent = len(term) - len(term.lstrip())
            term = " " * indent + BOLD + term.strip() + RESET
        if stacked or len(row.term) + 2 > column:
            lines.append("  " + term)
            under = 6 if stacked else 2 + column
            lines += [" " * under + line for line in _wrap(row.text, width - under) if line]
            continue
        text = _wrap(row.text, width - 2 - column)
        lines.append(("  " + term + " " * (column - len(row.term)) + text[0]).rstrip())
        lines += [" " * (2 + column) + line for line in text[1:]]
    return lines


def render_text(page: HelpPage, *, width: int = 80, styled: bool = False) -> str:
    """A help page for a terminal or a pipe, `width` columns wide (at most 100)."""
    width = min(width, 100)

    def heading(title: str) -> str:
        return f"{BOLD}{title}:{RESET}" if styled else f"{title}:"

    out = [f"{heading('Usage')} {page.usage}", ""]
    for paragraph in page.about:
        out += [*("  " + line for line in _wrap(paragraph, width - 2)), ""]
    for title, rows in (
        ("Arguments", page.arguments),
        ("Commands", page.commands),
        ("Options", page.options),
        *page.sections,
    ):
        if rows:
            out += [heading(title), *_rows(rows, width, styled), ""]
    if page.examples:
        title = heading("Examples" if len(page.examples) > 1 else "Example")
        out += [title, *("  " + example for example in page.examples), ""]
    for note in page.notes:
        out += _wrap(note, width)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def _roff(text: str) -> str:
    """Text for roff: escaped, `code` in bold, no line that roff would read as a request."""
    text = text.replace("\\", "\\e")
    text = _CODE.sub(lambda m: "\\fB" + m.group(1).replace("-", "\\-") + "\\fR", text)
    return "\n".join("\\&" + line if line[:1] in (".", "'") else line for line in text.split("\n"))


def _roff_term(row: Row) -> str:
    """An option's names in bold, a value's name in italics; any other term in bold."""
    if not row.names and not row.metavar:
        return f"\\fB{_roff(row.term)}\\fR"
    names = ", ".join("\\fB" + n.replace("-", "\\-") + "\\fR" for n in row.names)
    metavar = f"\\fI{_roff(row.metavar)}\\fR" if row.metavar else ""
    return " ".join(part for part in (names, metavar) if part)


def _roff_rows(rows: list[Row]) -> list[str]:
    return [line for row in rows for line in (".TP", _roff_term(row), _roff(row.text))]


def render_man(program: HelpPage, commands: Sequence[HelpPage], *, name: str, version: str) -> str:
    summary = program.about[0].rstrip(".") if program.about else name
    out = [
        f'.TH {name.upper()} 1 "" "{name} {version}" "User Commands"',
        ".SH NAME",
        f"{name} \\- {_roff(summary[0].lower() + summary[1:])}",
        ".SH SYNOPSIS",
        f".B {name}",
        "[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]...",
        ".SH DESCRIPTION",
    ]
    for paragraph in program.about[1:] or program.about:
        out += [".PP", _roff(paragraph)]
    out += [".SH OPTIONS", *_roff_rows(program.options)]
    out.append(".SH COMMANDS")
    for page in commands:
        out += [f'.SS "{_roff(page.usage)}"']
        for index, paragraph in enumerate(page.about):
            out += ([".PP"] if index else []) + [_roff(paragraph)]
        for title, rows in (("Arguments", page.arguments), ("Options", page.options)):
            out += [".PP", f"{title}:", ".RS", *_roff_rows(rows), ".RE"] if rows else []
        if page.examples:
            out += [".PP", "Examples:" if len(page.examples) > 1 else "Example:", ".RS", ".nf"]
            out += [_roff(example) for example in page.examples]
            out += [".fi", ".RE"]
    for title, rows in program.sections:
        out += [f".SH {title.upper()}", *_roff_rows(rows)]
    out += [".SH SEE ALSO", f"\\fB{name} help\\fR \\fICOMMAND\\fR; the README of {name}."]
    return "\n".join(out) + "\n"
