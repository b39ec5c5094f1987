"""Which parts of a text are not prose: Markdown structure, code, URLs and HTML."""

import re

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")

# An e-mail address bounded as the RFCs bound it: unbounded, a long run of letters before an @
# is searched again from each of its letters.
_URL = re.compile(
    rb"(?:(?:https?|ftp)://|www\.)[^\s<>\"'`]*[^\s<>\"'`.,;:!?)\]}*_]"
    rb"|[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,16}\.[A-Za-z]{2,63}"
)
# Something only Markdown (or HTML) writes: the line it is on starts Markdown in `auto`.
_SIGNAL = re.compile(
    rb"^[ ]{0,3}(?:#{1,6}(?:[ \t]|\r?$)|```|~~~|\[[^\]\n]+\]:[ \t]*\S)"
    rb"|`[^`\n]+`"
    rb"|\]\("
    rb"|<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?|!--|(?:https?|ftp|mailto):[^<>\s]*)>",
    re.M,
)
_SIGNAL_BYTES = (b"#", b"`", b"~~~", b"](", b"]:", b"<")
_TICKS = re.compile(rb"`+|\n")
_LINK_TARGET = re.compile(
    rb"\]\((?:<[^<>\n]*>|(?:[^()\s]|\([^()\s]*\))*)"
    rb"(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?[ \t]*\)"
)
_TAG = re.compile(  # HTML comments: _closed_comments(), in linear time
    rb"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>"
    rb"|<(?:https?|ftp|mailto):[^<>\s]*>"
    rb"|<[^\s<>@]+@[^\s<>@]+>"
)
_FENCE = re.compile(rb"(`{3,}|~{3,})")
_ATX = re.compile(rb"#{1,6}(?:[ \t]|$)")
_UNDERLINE = re.compile(rb"(?:=+|-+)[ \t]*$")
_LIST_ITEM = re.compile(rb"(?:[-*+]|[0-9]{1,9}[.)])(?:[ \t]+|$)")
_REFERENCE = re.compile(rb"\[[^\]]+\]:[ \t]*\S")

Span = tuple[int, int, str]

_BLOCK_STARTS = frozenset(b" \t#`~=-*+[<>0123456789|_")  # the rest start paragraph text


def _indent(line: bytes) -> int:
    """The column of the first character after the spaces and tabs (a tab stops every 4)."""
    return len(line[: len(line) - len(line.lstrip(b" \t"))].expandtabs(4))


def _tag_kind(tag: bytes) -> str:
    if tag.startswith(b"<!--"):
        return "comment"
    if b"@" in tag or b":" in tag.split(b" ", 1)[0]:
        return "url"
    return "tag"


def url_spans(data: bytes, start: int = 0, end: int | None = None) -> list[Span]:
    """The URLs and e-mail addresses of `data[start:end]`."""
    end = len(data) if end is None else end
    if b"://" not in data and b"www." not in data and b"@" not in data:
        return []
    return [(m.start(), m.end(), "url") for m in _URL.finditer(data, start, end)]


class Structure:
    """Fed whole lines, returns the spans to leave alone; `auto` turns Markdown at a sign of it."""

    def __init__(self, mode: str = "auto", path: str = "") -> None:
        self.mode = mode
        self.markdown = mode == "markdown" or (
            mode == "auto" and path.lower().endswith(MARKDOWN_SUFFIXES)
        )
        self.fence = b""  # the opening fence while inside a fenced block
        self.comment = False  # inside an HTML comment that began on an earlier line
        self.previous = "blank"  # the line before: blank, paragraph, code, heading or other
        self.list_indent = -1  # the content column of the list item we are in, -1 outside

    def scan(self, data: bytes, final: bool = False) -> tuple[list[Span], int]:
        """The spans of `data` (whole lines) to leave alone, and how many bytes of it are ready
        (a last line that a next may underline as a heading waits, unless `final`)."""
        start = 0
        spans: list[Span] = []
        if not self.markdown:
            signal = None
            if self.mode == "auto" and any(b in data for b in _SIGNAL_BYTES):
                signal = _SIGNAL.search(data)
            if signal is None:
                self._follow_plain(data, len(data))
                return url_spans(data), len(data)
            start = data.rfind(b"\n", 0, signal.start()) + 1
            self._follow_plain(data, start)
            spans = url_spans(data, 0, start)
            self.markdown = True
        found, ready = self._markdown(data, start, final)
        return spans + found, ready

    def _markdown(self, data: bytes, start: int, final: bool) -> tuple[list[Span], int]:
        lines: list[Span] = []
        chunks = data[start:].split(b"\n")
        if not chunks[-1]:
            chunks.pop()
        last = len(chunks) - 1
        position = start
        ready = len(data)
        heading_line = (0, 0)  # the paragraph line before, a heading if this one underlines it
        after_text = False
        for number, chunk in enumerate(chunks):
            end = min(position + len(chunk) + 1, len(data))
            if number == last:
                saved = (self.fence, self.comment, self.previous, self.list_indent)
            kind, is_text = self._line(chunk[:-1] if chunk.endswith(b"\r") else chunk)
            if kind == "underline":
                if after_text:
                    lines.append((heading_line[0], heading_line[1], "heading"))
                lines.append((position, end, "heading"))
            elif kind:
                lines.append((position, end, kind))
            if is_text and number == last and not final:
                ready = position  # it may be a heading: wait for the next line
                self.fence, self.comment, self.previous, self.list_indent = saved
                break
            heading_line = (position, end)
            after_text = is_text
            position = end
        return lines + self._inline(data, start, ready), ready

    def _follow_plain(self, data: bytes, end: int) -> None:
        if end:
            last = data[data.rfind(b"\n", 0, end - 1) + 1 : end]
            self.previous = "paragraph" if last.strip() else "blank"

    def _line(self, line: bytes) -> tuple[str, bool]:
        """The line's kind ("" prose, "underline" setext), and whether a next may underline it."""
        if line and line[0] not in _BLOCK_STARTS and not self.fence and not self.comment:
            if self.list_indent >= 0 and self.previous == "blank":
                self.list_indent = -1
            self.previous = "paragraph"
            if b"<!--" in line:
                self._comment_opens(line)
            return "", True
        if self.comment or self.fence:
            return self._inside(line), False
        stripped = line.lstrip(b" \t")
        if not stripped:
            self.previous = "blank"
            return "", False
        indent = _indent(line)
        code_indent = 4 if self.list_indent < 0 else self.list_indent + 4
        if indent >= code_indent and self.previous not in ("paragraph", "item"):
            self.previous = "code"
            return "code", False
        if self.list_indent >= 0 and self.previous == "blank" and indent < self.list_indent:
            self.list_indent = -1  # a paragraph back at the margin ends the list
        if indent <= 3:
            kind = self._block(line, stripped, indent)
            if kind is not None:
                return kind, False
        self.previous = "paragraph"
        return self._comment_opens(line), True

    def _inside(self, line: bytes) -> str:
        if self.comment:
            if b"-->" in line:
                self.comment = False
            return "comment"
        stripped = line.lstrip(b" ")
        if (
            _indent(line) <= 3
            and stripped.startswith(self.fence[:1] * len(self.fence))
            and not stripped.rstrip(b" \t").strip(self.fence[:1])
        ):
            self.fence = b""
            self.previous = "other"
        return "code"

    def _block(self, line: bytes, stripped: bytes, indent: int) -> str | None:
        """The kind of a line that opens a block, or None for paragraph text."""
        fence = _FENCE.match(stripped)
        if fence is not None and not (
            fence.group(1)[:1] == b"`" and b"`" in stripped[fence.end() :]
        ):
            self.fence = fence.group(1)
            self.previous = "other"
            return "code"
        if _ATX.match(stripped):
            self.previous = "heading"
            return "heading"
        if self.previous == "paragraph" and _UNDERLINE.match(stripped):
            self.previous = "heading"
            return "underline"
        if _REFERENCE.match(stripped):
            self.previous = "other"
            return "link target"
        item = _LIST_ITEM.match(stripped)
        if item is not None:
            self.list_indent = indent + item.end()
            self.previous = "item"
            return self._comment_opens(line)
        return None

    def _comment_opens(self, line: bytes) -> str:
        opened = line.rfind(b"<!--")
        if opened >= 0 and line.find(b"-->", opened + 4) < 0:
            self.comment = True
        return ""

    def _inline(self, data: bytes, start: int, end: int) -> list[Span]:
        """The spans within lines, each kind found in time linear in the block."""
        spans: list[Span] = []
        if b"`" in data:
            spans += _code_spans(data, start, end)
        if b"](" in data:
            spans += [
                (m.start() + 1, m.end(), "link target")
                for m in _LINK_TARGET.finditer(data, start, end)
            ]
        if b"<" in data:
            closed = _closed_comments(data, start, end)
            at = start
            for begin, stop, _kind in [*closed, (end, end, "")]:
                # Tags between comments: one never holds a `<`, so none runs into a comment.
                spans += [
                    (m.start(), m.end(), _tag_kind(m.group(0)))
                    for m in _TAG.finditer(data, at, begin)
                ]
                at = stop
            spans += closed + _running_comments(data, start, end)
        spans += url_spans(data, start, end)
        return spans


def _code_spans(data: bytes, start: int, end: int) -> list[Span]:
    """The code spans of data[start:end], paired within a line as CommonMark pairs them. Each
    run is looked at twice (a search for each opener's closer took seconds on a long line)."""
    spans: list[Span] = []
    runs: list[tuple[int, int]] = []
    for match in _TICKS.finditer(data, start, end):
        if data[match.start()] == 10:
            _pair(runs, spans)
            runs = []
        else:
            runs.append(match.span())
    _pair(runs, spans)
    return spans


def _pair(runs: list[tuple[int, int]], spans: list[Span]) -> None:
    closer = [-1] * len(runs)  # each run's next run of the same length
    following: dict[int, int] = {}
    for at in range(len(runs) - 1, -1, -1):
        size = runs[at][1] - runs[at][0]
        closer[at] = following.get(size, -1)
        following[size] = at
    at = 0
    while at < len(runs):
        other = closer[at]
        if other < 0:
            at += 1
            continue
        spans.append((runs[at][0], runs[other][1], "code"))
        at = other + 1


def _closed_comments(data: bytes, start: int, end: int) -> list[Span]:
    """The HTML comments of data[start:end] that close on their own line. Once a `<!--` finds
    no `-->` on its line, no later one can (searching from each took minutes on a long line)."""
    spans: list[Span] = []
    opened = data.find(b"<!--", start, end)
    line_end = -1
    while opened >= 0:
        if opened > line_end:
            line_end = data.find(b"\n", opened, end)
            line_end = end if line_end < 0 else line_end
        closed = data.find(b"-->", opened + 4, line_end)
        if closed < 0:
            opened = data.find(b"<!--", line_end, end)
            continue
        spans.append((opened, closed + 3, "comment"))
        opened = data.find(b"<!--", closed + 3, end)
    return spans


def _running_comments(data: bytes, start: int, end: int) -> list[Span]:
    """The rest of the line of each `<!--` whose comment runs past its line."""
    spans: list[Span] = []
    opened = data.find(b"<!--", start, end)
    while opened >= 0:
        closed = data.find(b"-->", opened + 4, end)
        if closed < 0:
            line_end = data.find(b"\n", opened, end)
            spans.append((opened, end if line_end < 0 else line_end, "comment"))
            break
        line_end = data.find(b"\n", opened, closed)
        if line_end >= 0:
            spans.append((opened, line_end, "comment"))
        opened = data.find(b"<!--", closed + 3, end)
    return spans
