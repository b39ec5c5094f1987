"""The output formats: one enum for every command; each view declares which of them it draws."""

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
    ris = "ris"
    csl_json = "csl-json"


ROW_FORMATS = (Format.text, Format.json, Format.jsonl, Format.csv, Format.tsv)
"""The formats every listing command takes: text, and the four machine formats."""


class RowFormat(str, Enum):
    """`--format` of the listing commands."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"


class TreeFormat(str, Enum):
    """`--format` of `tree`: the row formats, two graph languages and an SVG picture (drawn
    by Graphviz)."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    dot = "dot"
    mermaid = "mermaid"
    svg = "svg"


class TimelineFormat(str, Enum):
    """`--format` of `timeline`: the row formats, an SVG chart and a Mermaid gantt chart."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    svg = "svg"
    mermaid = "mermaid"


class GlossaryFormat(str, Enum):
    """`--format` of `glossary`: the row formats and a Markdown table."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"


class CiteFormat(str, Enum):
    """`--format` of `cite`: references as text or Markdown, the three reference-manager
    formats, and the row formats."""

    text = "text"
    markdown = "markdown"
    bibtex = "bibtex"
    ris = "ris"
    csl_json = "csl-json"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"


class RankDir(str, Enum):
    """`tree --rankdir`: which way a graph picture grows, top-down or left-to-right (any
    case; DOT writes it upper-case)."""

    TB = "tb"
    LR = "lr"


def chosen(value: Enum | str) -> Format:
    """The Format a command's own choice stands for."""
    return Format(value.value if isinstance(value, Enum) else value)


class Color(str, Enum):
    """When to style output."""

    auto = "auto"
    always = "always"
    never = "never"
