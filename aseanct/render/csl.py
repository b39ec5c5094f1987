"""References formatted by citeproc-py in a shipped CSL style or a user's .csl file."""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping, Sequence
from typing import Any

from aseanct import citations
from aseanct.errors import UsageError
from aseanct.model.records import Source

STYLES: Mapping[str, tuple[str, str]] = {
    "apa": ("apa.csl", "en-US"),
    "chicago": ("chicago-author-date.csl", "en-US"),
    "harvard": ("harvard-cite-them-right.csl", "en-GB"),
}
"""`--style` names: the shipped CSL file and the locale its guide writes dates in."""

STYLES_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "styles")


def style_file(style: str) -> tuple[str, str]:
    """The CSL file and locale of a `--style` value: a shipped name or a path to a .csl file."""
    if style.lower() in STYLES:
        name, locale = STYLES[style.lower()]
        return os.path.join(STYLES_DIR, name), locale
    if style.endswith(".csl") and os.path.isfile(style):
        return style, ""
    if style.endswith(".csl"):
        raise UsageError(
            f"no style file {style!r}" + (" (it is a directory)" if os.path.isdir(style) else ""),
            hint=f"give the path of a .csl file, or one of: {', '.join(STYLES)}",
        )
    raise UsageError(
        f"unknown style {style!r}",
        hint=f"choose one of: {', '.join(STYLES)}, or give the path of a .csl file",
    )


@functools.cache
def _patch_citeproc() -> None:
    """Make citeproc-py (0.11) follow the CSL specification where the shipped styles need it:
    a `cs:label` only when its variable has a value (else Chicago prints a stray "Edition."),
    and given names kept whole under `initialize="false"` (Chicago: "Pollard, Jim")."""
    from citeproc import model

    initialize = model.Name.initialize

    def name_initialize(self: Any, given: str, mark: str, context: Any) -> Any:
        if self.get("initialize") == "false":
            return given
        return initialize(self, given, mark, context)

    model.Name.initialize = name_initialize

    process = model.Label.process

    def label_process(self: Any, item: Any, variable: Any = None, *rest: Any, **kw: Any) -> Any:
        name = variable or self.get("variable")
        if variable is None and name and name != "locator":
            try:
                value = item.reference[name.replace("-", "_")]
            except model.VariableError:
                return None
            if not value:
                return None
        return process(self, item, variable, *rest, **kw)

    model.Label.process = label_process


_MARKDOWN_ESCAPES = str.maketrans({
    "\\": "\\\\", "*": r"\*", "_": r"\_", "`": r"\`", "[": r"\[", "]": r"\]",
    "<": "&lt;", ">": "&gt;", "&": "&amp;",
})  # fmt: skip
"""What Markdown (and the HTML it may carry) would read as markup in a reference's text."""


def _escaped(value: Any) -> Any:
    """A CSL item's value with Markdown's and HTML's markup escaped (citeproc-py does not)."""
    if isinstance(value, str):
        return value.translate(_MARKDOWN_ESCAPES)
    if isinstance(value, list):
        return [_escaped(v) for v in value]
    if isinstance(value, dict):
        return {k: _escaped(v) for k, v in value.items()}
    return value


class _Markdown:
    """A citeproc-py output formatter for Markdown: italics and bold as `*` and `**`."""

    @staticmethod
    def preformat(text: str) -> str:
        return str(text).translate(_MARKDOWN_ESCAPES)

    class Italic(str):
        def __new__(cls, text: str) -> Any:
            return str.__new__(cls, f"*{text}*")

    Oblique = Italic

    class Bold(str):
        def __new__(cls, text: str) -> Any:
            return str.__new__(cls, f"**{text}**")

    Light = Underline = Superscript = Subscript = SmallCaps = str


@functools.cache
def _style(style: str) -> Any:
    """The parsed CSL style (parsing APA or Chicago takes a while: once per run)."""
    import warnings

    from citeproc import CitationStylesStyle

    path, locale = style_file(style)
    _check_csl(style, path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns of every CSL feature it skips
        try:
            return CitationStylesStyle(path, locale=locale or None, validate=False)
        except Exception as error:  # a user's .csl that is not a CSL style
            raise UsageError(f"cannot read the style {style!r}: {error}") from None


CSL_STYLE = "{http://purl.org/net/xbiblio/csl}style"
MAX_STYLE = 2 * 1024 * 1024
"""The largest .csl file read: the largest styles of the Zotero repository are about 200 KB."""


def _check_csl(style: str, path: str) -> None:
    """A usage error for a .csl file citeproc-py would fail on obscurely, or take minutes over."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(MAX_STYLE + 1)
    except OSError as error:
        raise UsageError(f"cannot read the style {style!r}: {error.strerror}") from None
    problem = _csl_problem(data)
    if problem:
        raise UsageError(
            f"cannot read the style {style!r}: {problem}",
            hint="a .csl file is a CSL style in XML, such as those at https://www.zotero.org/styles",
        )


def _csl_problem(data: bytes) -> str:
    """What keeps a .csl file from being a style to read, if anything."""
    from xml.etree import ElementTree

    if len(data) > MAX_STYLE:
        return f"it is larger than {MAX_STYLE // 1024 // 1024} MB"
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        return (
            "it declares a DTD or entities, which a CSL style never needs (and which could "
            "expand without end or fetch files)"
        )
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        return f"not XML ({error})"
    if root.tag != CSL_STYLE:
        return f"its root element is <{root.tag.rpartition('}')[2]}>, not a CSL <style>"
    if root.find(CSL_STYLE.replace("style", "bibliography")) is None:
        return "it has no <bibliography>, so it cannot format references"
    return ""


def formatted(sources: Sequence[Source], style: str, *, markdown: bool = False) -> list[str]:
    """The references of `sources` in a CSL style, in the order the style sorts them."""
    if not sources:
        return []
    _patch_citeproc()
    import warnings

    from citeproc import Citation, CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    items = [_for_style(citations.csl_item(s), style) for s in sources]
    if markdown:
        keep = ("id", "type", "issued", "accessed", "URL")
        items = [{k: v if k in keep else _escaped(v) for k, v in item.items()} for item in items]
    csl = _style(style)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        bibliography = CitationStylesBibliography(
            csl, CiteProcJSON(items), _Markdown if markdown else formatter.plain
        )
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        bibliography.sort()
        entries = [" ".join(str(entry).split()) for entry in bibliography.bibliography()]
    if _quotes_hold_punctuation(csl):
        entries = [_punctuate_quotes(entry) for entry in entries]
    return entries


def _quotes_hold_punctuation(csl: Any) -> bool:
    """Whether the style's locale sets `punctuation-in-quote` (American English: APA, Chicago),
    which citeproc-py reads but does not apply."""
    try:
        return str(csl.root.get_locale_option("punctuation-in-quote")).lower() == "true"
    except Exception:  # a user's style without locale options: leave the punctuation alone
        return False


def _punctuate_quotes(entry: str) -> str:
    """`“Title”.` as American style writes it, `“Title.”`; `“Achieve?”.` is `“Achieve?”`."""
    import re

    entry = re.sub(r"([.?!])”[.,]", r"\1”", entry)
    return re.sub(r"”([.,])", r"\1”", entry)


def _for_style(item: dict[str, Any], style: str) -> dict[str, Any]:
    """A CSL item as handed to citeproc-py, which prints a title that stands in for a missing
    author twice (its issue #91): the title becomes the author (Chicago: the periodical)."""
    if "author" in item:
        return item
    if style.lower() == "chicago" and "container-title" in item:
        return {**item, "author": [{"literal": item["container-title"]}]}
    rest = {key: value for key, value in item.items() if key != "title"}
    return {**rest, "author": [{"literal": item["title"]}]}
