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
    """`--format` of `tree`: the row formats and two graph languages."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    dot = "dot"
    mermaid = "mermaid"


class GlossaryFormat(str, Enum):
    """`--format` of `glossary`: the row formats and a Markdown table."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"


def chosen(value: Enum | str) -> Format:
    """The Format a command's own choice stands for."""
    return Format(value.value if isinstance(value, Enum) else value)


class Color(str, Enum):
    """When to style output."""

    auto = "auto"
    always = "always"
    never = "never"
