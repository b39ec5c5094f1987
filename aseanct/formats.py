"""The output formats: one enum, and the subset each command offers (each view declares which
of them it draws)."""

from __future__ import annotations

from enum import Enum


class Format(str, Enum):
    """Every output format aseanct can write. A command accepts the ones its view supports."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"
    dot = "dot"
    mermaid = "mermaid"
    svg = "svg"
    bibtex = "bibtex"
    biblatex = "biblatex"
    ris = "ris"
    csl_json = "csl-json"


ROW_FORMATS = (Format.text, Format.json, Format.jsonl, Format.csv, Format.tsv)
"""The formats every listing command takes: text, and the four machine formats."""


TREE_FORMATS = (*ROW_FORMATS, Format.dot, Format.mermaid, Format.svg)
"""`--format` of `tree`: the row formats, two graph languages and an SVG picture (drawn by
Graphviz)."""
TIMELINE_FORMATS = (*ROW_FORMATS, Format.svg, Format.mermaid)
"""`--format` of `timeline`: the row formats, an SVG chart and a Mermaid gantt chart."""
GLOSSARY_FORMATS = (*ROW_FORMATS, Format.markdown)
"""`--format` of `glossary`: the row formats and a Markdown table."""
CITE_FORMATS = (
    Format.text, Format.markdown, Format.bibtex, Format.biblatex, Format.ris, Format.csl_json,
    *ROW_FORMATS[1:],
)  # fmt: skip
"""`--format` of `cite`: references as text or Markdown, the four reference-manager formats
(classic BibTeX, biblatex, RIS, CSL-JSON), and the machine row formats."""
