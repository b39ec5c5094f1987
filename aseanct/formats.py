"""The output formats each command accepts: one enum per family, shared by both entry paths."""

from __future__ import annotations

from enum import Enum


class Format(str, Enum):
    """Formats of every command that prints records."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"


class TreeFormat(str, Enum):
    """Formats of `aseanct tree`: the record formats plus two graph languages."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    dot = "dot"
    mermaid = "mermaid"


class GlossaryFormat(str, Enum):
    """Formats of `aseanct glossary`: the record formats plus a Markdown table."""

    text = "text"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"
    markdown = "markdown"


class Color(str, Enum):
    """When to style output."""

    auto = "auto"
    always = "always"
    never = "never"
