"""Text made safe for XML: SVG documents and Graphviz's HTML-like labels."""

from __future__ import annotations

import re

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 cannot carry at all: control characters other than tab, newline and carriage
return, lone surrogates, U+FFFE and U+FFFF."""


def xml_text(text: str) -> str:
    """`text` escaped for XML content and double-quoted attributes, each character XML cannot
    carry made U+FFFD, so the document stays well-formed whatever the data holds."""
    text = NOT_XML.sub("\ufffd", text).replace("&", "&amp;").replace("<", "&lt;")
    return text.replace(">", "&gt;").replace('"', "&quot;")  # no html module: timeline's start-up
