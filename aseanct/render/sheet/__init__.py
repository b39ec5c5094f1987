"""`show`: a record as a fact sheet, each statement with its own numbered sources.

build.py turns any record into titled sections of lines (programme.py, treaty.py and kinds.py
hold the lines of their kinds of record); layout.py lays the same sheet out for a pipe and for
a terminal. Every line carries the sources of the one statement it shows, and only those.
"""

from aseanct.render.sheet.build import build_sheet
from aseanct.render.sheet.layout import render_rich, render_text
from aseanct.render.sheet.lines import Line, Section, Sheet, label, language_name, short

__all__ = [
    "Line",
    "Section",
    "Sheet",
    "build_sheet",
    "label",
    "language_name",
    "render_rich",
    "render_text",
    "short",
]
