"""Text made safe for XML: SVG documents and Graphviz's HTML-like labels."""

from __future__ import annotations

_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}


def xml_text(text: str) -> str:
    """`text` escaped for XML content and double-quoted attributes. Characters XML 1.0 cannot
    carry at all (control characters other than tab and newline, lone surrogates, U+FFFE and
    U+FFFF) become U+FFFD, so the document stays well-formed whatever the data holds."""
    out = []
    for char in text:
        code = ord(char)
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif (
            (code < 0x20 and char not in "\t\n\r")
            or 0xD800 <= code <= 0xDFFF
            or code in (0xFFFE, 0xFFFF)
        ):
            out.append("\ufffd")
        else:
            out.append(char)
    return "".join(out)
