"""The output formats: one enum, and the subset each command offers."""

from __future__ import annotations

from enum import Enum


class Format(str, Enum):
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
TREE_FORMATS = (*ROW_FORMATS, Format.dot, Format.mermaid, Format.svg)
TIMELINE_FORMATS = (*ROW_FORMATS, Format.svg, Format.mermaid)
GLOSSARY_FORMATS = (*ROW_FORMATS, Format.markdown)
CITE_FORMATS = (
    Format.text, Format.markdown, Format.bibtex, Format.biblatex, Format.ris, Format.csl_json,
    *ROW_FORMATS[1:],
)  # fmt: skip
