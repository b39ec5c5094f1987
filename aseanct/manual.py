"""The manual page (`man aseanct`), written from the same help the commands print:

python -m aseanct.manual > share/man/man1/aseanct.1    # after changing any help text
"""

from __future__ import annotations

import sys


def man_page() -> str:
    """The whole manual page, in roff."""
    import typer

    from aseanct.cli import app, help_sections
    from aseanct.render.help import page_of, render_man
    from aseanct.version import __version__

    group = typer.main.get_command(app)
    with group.make_context("aseanct", [], resilient_parsing=True) as top:
        program = page_of(group, top, sections=help_sections())
        pages = []
        for name in group.list_commands(top):  # type: ignore[attr-defined]
            command = group.get_command(top, name)  # type: ignore[attr-defined]
            with command.make_context(name, [], parent=top, resilient_parsing=True) as ctx:
                pages.append(page_of(command, ctx))
                for sub_name in getattr(command, "commands", {}):  # a group's own commands
                    sub = command.get_command(ctx, sub_name)
                    with sub.make_context(
                        sub_name, [], parent=ctx, resilient_parsing=True
                    ) as inner:
                        pages.append(page_of(sub, inner))
    return render_man(program, pages, name="aseanct", version=__version__)


if __name__ == "__main__":
    sys.stdout.write(man_page())
