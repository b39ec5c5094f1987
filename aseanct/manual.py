"""The manual page from the help: `python -m aseanct.manual > share/man/man1/aseanct.1`."""

from __future__ import annotations

import sys


def man_page() -> str:
    """The manual page in roff: the program's page, then each command's (a group's after it)."""
    import typer

    from aseanct.cli import app, help_sections
    from aseanct.render.help import page_of, render_man
    from aseanct.version import __version__

    group = typer.main.get_command(app)
    top = typer.Context(group, info_name="aseanct", **group.context_settings)
    pages = []
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        ctx = typer.Context(command, parent=top, info_name=name)
        pages.append(page_of(command, ctx))
        for sub_name, sub in getattr(command, "commands", {}).items():
            pages.append(page_of(sub, typer.Context(sub, parent=ctx, info_name=sub_name)))
    program = page_of(group, top, sections=help_sections())
    return render_man(program, pages, name="aseanct", version=__version__)


if __name__ == "__main__":
    sys.stdout.write(man_page())
