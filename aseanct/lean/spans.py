"""Where the spans of a text lie (code, URLs, HTML): looked up by offset in a run of lines
(SpanIndex) or in a piece of a line too long to read as Markdown (LongLineIndex)."""

from __future__ import annotations

import re
from bisect import bisect_right

from aseanct.lean.markdown import Span, url_spans


class SpanIndex:
    """Answers "what is at this offset?" for one block's spans. A span inside a heading (a
    URL in a title) wins over the heading; overlapping spans of other kinds are joined."""

    __slots__ = ("ends", "heading_ends", "heading_starts", "kinds", "starts")

    def __init__(self, spans: list[Span]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.kinds: list[str] = []
        self.heading_starts: list[int] = []
        self.heading_ends: list[int] = []
        for start, end, kind in sorted(spans):
            if kind == "heading":
                self.heading_starts.append(start)
                self.heading_ends.append(end)
            elif self.ends and start < self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)
                self.kinds.append(kind)

    def kind_at(self, offset: int) -> str:
        """The kind of span holding `offset` ("" for prose)."""
        at = bisect_right(self.starts, offset) - 1
        if at >= 0 and offset < self.ends[at]:
            return self.kinds[at]
        at = bisect_right(self.heading_starts, offset) - 1
        if at >= 0 and offset < self.heading_ends[at]:
            return "heading"
        return ""


RUN_LIMIT = 512
"""In a line too long to read whole, a run of more than this many characters of the kind URLs
are made of (no space, quote or angle bracket) is left alone."""
_DELIMITER = re.compile(rb"[\s<>\"'`]")


class LongLineIndex:
    """Answers "what is at this offset?" in a stretch of a line too long to read whole: "url",
    "run" (more than RUN_LIMIT characters with no space, quote or angle bracket) or "".
    The answer depends only on the RUN_LIMIT bytes either side, so it is the same wherever a
    stream cut the line; it is worked out only for the offsets asked about."""

    __slots__ = ("data", "kind", "urls")

    def __init__(self, data: bytes, kind: str) -> None:
        self.data = data
        self.kind = kind  # the line's: "" or "heading"
        self.urls: SpanIndex | None = None

    def kind_at(self, offset: int) -> str:
        """The kind of span holding `offset` ("" for prose)."""
        data = self.data
        low = max(0, offset - RUN_LIMIT - 1)
        high = offset + RUN_LIMIT + 1
        # Spaces are the usual ends of a run: when two are close enough, the run is short.
        before = data.rfind(b" ", low, offset)
        after = data.find(b" ", offset, high)
        if before < 0 or after < 0 or after - before > RUN_LIMIT + 1:
            start = low
            if low:
                start = -1
                for match in _DELIMITER.finditer(data, low, offset):
                    start = match.end()
                if start < 0:
                    return "run"
            found = _DELIMITER.search(data, offset, high)
            end = found.start() if found is not None else len(data)
            if end - start > RUN_LIMIT or (found is None and high <= len(data)):
                return "run"
        if self.urls is None:
            self.urls = SpanIndex(url_spans(data))
        return self.urls.kind_at(offset) or self.kind
