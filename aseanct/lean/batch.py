"""`expand`: answers to terms from the command line and from stdin, rendered and streamed.

Both entry paths (the lean one in aseanct.__main__ and the Typer command) call `run`, so their
output is the same by construction. Answers go to stdout as they are found, in input order;
stdin is read in chunks as it arrives and each chunk's answers are flushed, so
`tail -f terms | aseanct expand -` answers live and memory stays flat on any input size.

Each distinct term that names nothing is reported once, at its first use (with its stdin
line), with a hint: a batch that repeats an unknown term a hundred thousand times gets one
message, not a hundred thousand.

This is the lean path's module (stdlib only); expand's renderings are in aseanct.render.expand,
which stays stdlib-only for it. No `from __future__ import annotations`: every module the lean
path imports costs every call (see benchmarks/). Annotations naming types imported only for
the type checker are quoted.
"""

from aseanct.lean.terminal import message_lines
from aseanct.lean.terms import normalize_term, search_hint, shown
from aseanct.render.expand import (
    render_header,
    render_json_end,
    render_json_items,
    render_rows,
    render_text,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import BinaryIO, TextIO

    from aseanct.lean.index import Entry, TermIndex

CHUNK = 65536
MEMO_LIMIT = 100_000  # distinct stdin lines remembered; cleared when full, so memory stays flat


class _Expander:
    """Turns terms into output, remembering the answer to every distinct line seen."""

    def __init__(self, index: "TermIndex", fmt: str, styled: bool, err_styled: bool) -> None:
        self.index = index
        self.fmt = fmt
        self.styled = styled
        self.err_styled = err_styled
        self.any_json = False
        self.memo: dict[bytes, bytes] = {}  # stdin line -> its answer (b"" if none)
        self.reported: set[str] = set()  # unknown terms already reported
        self.missing = 0  # distinct unknown terms

    def answer(self, term: str) -> str | None:
        """The rendered answers to one term (without JSON array punctuation), or None."""
        entries = self.index.resolve(term)
        if not entries:
            return None
        return self.render(term, entries)

    def render(self, term: str, entries: "list[Entry]") -> str:
        if self.fmt == "text":
            return render_text(entries, styled=self.styled)
        if self.fmt == "json":
            return render_json_items(term, entries)
        return render_rows(term, entries, self.fmt)

    def json_join(self, chunk: str) -> str:
        """Fix the separator before a term's JSON items: `[` for the very first, `,` after."""
        if not self.any_json:
            self.any_json = True
            return chunk
        return ",\n  " + chunk[len("[\n  ") :]

    def miss(self, term: str, where: str = "") -> str:
        """The message for a term that names nothing: an error and a hint, the first time."""
        if term in self.reported:
            return ""
        if len(self.reported) < MEMO_LIMIT:
            self.reported.add(term)
        self.missing += 1
        if not normalize_term(term):
            return message_lines([f"error: empty term{where}"], self.err_styled)
        lines = [f"error: unknown term {shown(term)}{where}"]
        close = self.index.suggest(term)
        if close:
            lines.append(f"hint: did you mean {', '.join(close)}?")
        elif self.index.search_finds(term):  # never suggest a search that finds nothing
            lines.append(f"hint: {search_hint(term)} to search names and descriptions")
        return message_lines(lines, self.err_styled)


def run(
    terms: list[str],
    *,
    index: "TermIndex",
    fmt: str,
    styled: bool,
    headers: bool,
    stdin: "BinaryIO | None",
    stdout: "BinaryIO",
    stderr: "TextIO | None",
    err_styled: bool,
) -> int:
    """Answer every term in order (`-` reads stdin, one term per line).

    Returns how many distinct terms named nothing (0 when all were found). Raises InputError,
    before writing anything, when a term is `-` and stdin is closed (None). With stderr closed
    (None) misses are still counted, just not reported."""
    if stdin is None and "-" in terms:
        from aseanct.errors import InputError

        raise InputError("standard input is closed; cannot read terms from `-`")
    expander = _Expander(index, fmt, styled, err_styled)
    if fmt in ("csv", "tsv") and headers:
        _write(stdout, render_header(fmt))
    for term in terms:
        if term == "-":
            assert stdin is not None
            _stream(expander, stdin, stdout, stderr)
            continue
        chunk = expander.answer(term)
        if chunk is None:
            _say(stdout, stderr, expander.miss(term))
            continue
        _write(stdout, expander.json_join(chunk) if fmt == "json" else chunk)
    if fmt == "json":
        _write(stdout, render_json_end(expander.any_json))
    stdout.flush()
    return expander.missing


def _write(stream: "BinaryIO", text: str) -> None:
    stream.write(text.encode("utf-8"))


def _say(stdout: "BinaryIO", stderr: "TextIO | None", message: str) -> None:
    """Write a message to stderr after what stdout holds so far, keeping their order."""
    if message and stderr is not None:
        stdout.flush()
        stderr.write(message)
        stderr.flush()


def _stream(
    expander: "_Expander", stdin: "BinaryIO", stdout: "BinaryIO", stderr: "TextIO | None"
) -> None:
    """Answer stdin line by line, a chunk at a time.

    The answer to every distinct line is remembered as bytes: the rendered answer, or b"" for
    a blank line and for a line that named nothing (reported once, when first seen). A chunk
    of lines all seen before is then one split and one join over a map of dict lookups, all in
    C: that is what keeps pace with awk on a million lines.
    """
    read = getattr(stdin, "read1", stdin.read)
    memo = expander.memo
    get = memo.get
    as_json = expander.fmt == "json"
    first = 1  # number of the chunk's first line
    pending = b""
    while True:
        block = read(CHUNK)
        if block:
            lines = (pending + block).split(b"\n")
            pending = lines.pop()
        else:
            lines = [pending] if pending else []
        try:
            if as_json:
                raise TypeError  # JSON needs each item's separator: the slow path
            output = b"".join(map(get, lines))  # type: ignore[arg-type]  # None: TypeError
        except TypeError:
            output = _resolve_chunk(expander, lines, first, stdout, stderr)
        if output:
            stdout.write(output)
            stdout.flush()
        first += len(lines)
        if not block:
            return


def _resolve_chunk(
    expander: "_Expander",
    lines: list[bytes],
    first: int,
    stdout: "BinaryIO",
    stderr: "TextIO | None",
) -> bytes:
    """The output of a chunk that holds lines never seen: resolve those (reporting misses in
    order, after the answers before them), then render the chunk."""
    memo = expander.memo
    out: list[bytes] = []
    for number, raw in enumerate(lines, first):
        answer = memo.get(raw)
        if answer is None:
            if len(memo) >= MEMO_LIMIT:
                memo.clear()
            answer, message = _answer_line(expander, raw, number)
            memo[raw] = answer
            if message:
                stdout.write(b"".join(out))
                out.clear()
                _say(stdout, stderr, message)
        if answer:
            out.append(
                expander.json_join(answer.decode("utf-8")).encode("utf-8")
                if expander.fmt == "json"
                else answer
            )
    return b"".join(out)


def _answer_line(expander: "_Expander", raw: bytes, number: int) -> tuple[bytes, str]:
    """A stdin line's answer (b"" for a blank line or a miss) and the message to report."""
    term_bytes = raw[:-1] if raw.endswith(b"\r") else raw
    try:
        term = term_bytes.decode("utf-8")
    except UnicodeDecodeError:
        expander.missing += 1
        line = f"error: stdin line {number} is not valid UTF-8; skipped"
        return b"", message_lines([line], expander.err_styled)
    if not term.strip():
        return b"", ""
    chunk = expander.answer(term)
    if chunk is not None:
        return chunk.encode("utf-8"), ""
    return b"", expander.miss(term, f" (stdin line {number})")


def read_terms(stdin: "BinaryIO | None") -> "Iterator[tuple[int, str | None]]":
    """(line number, term) for each non-blank line of stdin, as it arrives; the term is None
    for a line that is not valid UTF-8. Raises InputError when stdin is closed."""
    if stdin is None:
        from aseanct.errors import InputError

        raise InputError("standard input is closed; cannot read terms from `-`")
    for number, raw in enumerate(iter(stdin.readline, b""), 1):
        try:
            term = raw.rstrip(b"\r\n").decode("utf-8")
        except UnicodeDecodeError:
            yield number, None
            continue
        if term.strip():
            yield number, term
