"""Text made safe for XML: SVG documents and Graphviz's HTML-like labels."""

from __future__ import annotations

import re

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""What XML 1.0 cannot carry at all."""


def xml_text(text: str) -> str:
    """`text` escaped for XML content and attributes, what XML cannot carry made U+FFFD."""
    text = NOT_XML.sub("\ufffd", text).replace("&", "&amp;").replace("<", "&lt;")
    return text.replace(">", "&gt;").replace('"', "&quot;")  # no html module: timeline's start-up
