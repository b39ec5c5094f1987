"""A built sheet laid out: plain text for a pipe, Rich for a terminal."""

from __future__ import annotations

from typing import Any

from aseanct.model.derive import provenance, reference
from aseanct.render.sheet.lines import Line, Sheet


def _markers(sheet: Sheet, line: Line) -> str:
    return "".join(f"[{n}]" for n in sheet.cites(line))


def render_text(sheet: Sheet, *, with_sources: bool = False) -> str:
    """The sheet as plain text: `label: value` lines, sections with indented entries."""
    numbers = sheet.numbers() if with_sources else {}
    gutter = len(str(len(numbers))) + 2 if numbers else 0

    def margin(line: Line | None = None) -> str:
        number = numbers.get(id(line)) if line is not None else None
        return f"{number:>{gutter - 2}}  " if number else " " * gutter

    out = [sheet.title + "\n"]
    for section in sheet.sections:
        if section.title:
            out.append("\n" + margin() + section.title + "\n")
        indent = "  " if section.title else ""
        width = max((len(line.label) for line in section.lines), default=0)
        for line in section.lines:
            marks = f" {_markers(sheet, line)}" if with_sources and line.sources else ""
            text = line.label if line.label.endswith(".") else line.label + ":"
            if not line.label:
                text = "-"
            elif not section.title:
                text = text.ljust(width + 1)
            out.append(f"{margin(line)}{indent}{text} {line.shown}{marks}\n")
            if line.note:
                out.append(f"{margin()}{indent}  note: {line.note}\n")
    if sheet.sources:
        out.append("\nSources\n")
        for number, source in enumerate(sheet.sources, 1):
            tag = f"  [{number}] "
            out.append(f"{tag}{reference(source)}\n")
            out += [f"{' ' * len(tag)}{label}: {value}\n" for label, value in provenance(source)]
    return "".join(out)


NARROW = 60
"""Below this many columns a sheet puts each label above its value instead of beside it."""


def render_rich(sheet: Sheet, *, with_sources: bool = False, width: int = 80) -> Any:
    """The sheet for a terminal: a bold title, aligned labels, dim source numbers and notes."""
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    narrow = width < NARROW
    numbers = sheet.numbers() if with_sources else {}
    gutter = len(str(len(numbers))) + 2 if numbers else 0

    def grid() -> Any:
        table = Table.grid(padding=(0, 1))
        if gutter:  # the statement numbers of `--sources`
            table.add_column(style="dim", width=gutter - 1, justify="right", no_wrap=True)
        table.add_column(style="cyan", no_wrap=not narrow, overflow="fold")
        table.add_column(overflow="fold")
        return table

    parts: list[Any] = [Text(sheet.title, style="bold")]
    for section in sheet.sections:
        if section.title:
            parts += [Text(""), Text(" " * gutter + section.title, style="bold underline")]
        indent = "  " if section.title else ""
        table = grid()
        for line in section.lines:
            value = Text(line.shown)
            if with_sources and line.sources:
                value.append(" " + _markers(sheet, line), style="dim")
            if line.note:
                value.append("\nnote: " + line.note, style="italic dim")
            caption = line.label if line.label else "•"
            if narrow and line.label:
                if table.row_count:  # bullets before this line keep their place
                    parts.append(table)
                    table = grid()
                head = Text(
                    f"{numbers[id(line)]:>{gutter - 1}} " if id(line) in numbers else " " * gutter,
                    style="dim",
                )
                head.append(indent + caption, style="cyan")
                parts.append(head)
                parts.append(Padding(value, (0, 0, 0, gutter + len(indent) + 2)))
            else:
                number = [Text(str(numbers.get(id(line), "")))] if gutter else []
                table.add_row(*number, Text(indent + caption), value)
        if table.row_count:
            parts.append(table)
    if sheet.sources:
        parts += [Text(""), Text("Sources", style="bold underline")]
        table = Table.grid(padding=(0, 1))
        table.add_column(style="dim", no_wrap=True)
        table.add_column(overflow="fold")
        for index, source in enumerate(sheet.sources, 1):
            entry = Text(reference(source))
            for caption, detail in provenance(source):
                entry.append(f"\n{caption}: {detail}", style="dim")
            table.add_row(Text(f"  [{index}]"), entry)
        parts.append(table)
    return Group(*parts)
