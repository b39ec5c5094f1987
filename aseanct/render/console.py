"""The width of the terminal, and the Rich console a renderable is drawn to for it."""

from __future__ import annotations

import os
import shutil
from typing import IO, Any

FALLBACK_WIDTH = 80
SANE_WIDTHS = range(10, 1001)
"""Widths a terminal can really have: an unsized pseudo-terminal reports 0x0, some absurd sizes."""


def terminal_width(stream: IO[str]) -> int:
    """The width to render at: $COLUMNS, else the terminal's, else 80."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) in SANE_WIDTHS:
        return int(columns)
    try:
        width = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        width = shutil.get_terminal_size((FALLBACK_WIDTH, 24)).columns
    return width if width in SANE_WIDTHS else FALLBACK_WIDTH


def render_to_text(
    renderable: Any, *, width: int = 80, encoding: str = "utf-8", color: bool = True
) -> str:
    """A renderable drawn as a terminal of `width` columns in `encoding` would show it. Rich
    must not overrule `--color always` by reading NO_COLOR or TERM again."""
    import io

    from rich.console import Console

    class Buffer(io.StringIO):
        @property
        def encoding(self) -> str:  # type: ignore[override]
            return encoding

    dumb = os.environ.get("TERM", "") in ("dumb", "unknown")
    buffer = Buffer()
    console = Console(
        file=buffer,
        force_terminal=True,
        no_color=False,
        color_system=None if not color else "standard" if dumb else "auto",
        width=width,
        height=25,  # with the width given, so Rich keeps it on a dumb terminal (else 80x25)
        markup=False,
        highlight=False,
        emoji=False,
    )
    console.print(renderable)
    return buffer.getvalue()
