"""`expand` over terms from the command line and from stdin, streamed (stdlib only).

Both entry paths (the lean one in aseanct.__main__ and the Typer command) call `run`, so their
output is the same by construction. Answers go to stdout as they are found, in input order;
stdin is read in chunks as it arrives and each chunk's answers are flushed, so
`tail -f terms | aseanct expand -` answers live and memory stays flat on any input size.
"""

from __future__ import annotations

from aseanct.errors import EXIT_NOT_FOUND, EXIT_OK
from aseanct.render import expand as render
from aseanct.render import tabular
from aseanct.terminal import message_lines
from aseanct.terms import normalize_term, shown

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import BinaryIO, TextIO

    from aseanct.index import Entry, TermIndex

CHUNK = 65536
MEMO_LIMIT = 100_000  # distinct stdin lines remembered; cleared when full, so memory stays flat
_UNKNOWN = object()


class _Expander:
    """Turns terms into output text, remembering answers to lines seen before."""

    def __init__(self, index: TermIndex, fmt: str, styled: bool) -> None:
        self.index = index
        self.fmt = fmt
        self.styled = styled
        self.any_json = False
        self.memo: dict[bytes, object] = {}
        self.hints: dict[str, str] = {}

    def answer(self, term: str) -> str | None:
        """The rendered answers to one term (without JSON array punctuation), or None."""
        entries = self.index.resolve(term)
        if not entries:
            return None
        return self.render(term, entries)

    def render(self, term: str, entries: list[Entry]) -> str:
        if self.fmt == "text":
            return render.text(entries, styled=self.styled)
        if self.fmt == "json":
            parts = [
                tabular.json_item(render.record(term, e), first=(i == 0))
                for i, e in enumerate(entries)
            ]
            return "".join(parts)
        return render.rows(term, entries, self.fmt)

    def json_join(self, chunk: str) -> str:
        """Fix the separator before a term's JSON items: `[` for the very first, `,` after."""
        if not self.any_json:
            self.any_json = True
            return chunk
        return ",\n  " + chunk[len("[\n  ") :]

    def miss(self, term: str, where: str = "") -> list[str]:
        """The error and hint lines for a term that names nothing."""
        if not normalize_term(term):
            return [f"error: empty term{where}"]
        lines = [f"error: unknown term {shown(term)}{where}"]
        hint = self.hints.get(term)
        if hint is None:
            close = self.index.suggest(term)
            hint = (
                f"hint: did you mean {', '.join(close)}?"
                if close
                else f"hint: try `aseanct search {shown(term)}` to search names and descriptions"
            )
            if len(self.hints) < MEMO_LIMIT:
                self.hints[term] = hint
        lines.append(hint)
        return lines


def run(
    terms: list[str],
    *,
    index: TermIndex,
    fmt: str,
    styled: bool,
    headers: bool,
    stdin: BinaryIO,
    stdout: BinaryIO,
    stderr: TextIO,
    err_styled: bool,
) -> int:
    """Answer every term in order (`-` reads stdin, one term per line); returns the exit code."""
    expander = _Expander(index, fmt, styled)
    missing = 0
    if fmt in ("csv", "tsv") and headers:
        _write(stdout, render.header(fmt))
    for term in terms:
        if term == "-":
            missing += _stream(expander, stdin, stdout, stderr, err_styled)
            continue
        chunk = expander.answer(term)
        if chunk is None:
            missing += 1
            stdout.flush()
            stderr.write(message_lines(expander.miss(term), err_styled))
            stderr.flush()
            continue
        _write(stdout, expander.json_join(chunk) if fmt == "json" else chunk)
    if fmt == "json":
        _write(stdout, tabular.json_end(expander.any_json))
    stdout.flush()
    return EXIT_NOT_FOUND if missing else EXIT_OK


def _write(stream: BinaryIO, text: str) -> None:
    stream.write(text.encode("utf-8"))


def _stream(
    expander: _Expander, stdin: BinaryIO, stdout: BinaryIO, stderr: TextIO, err_styled: bool
) -> int:
    """Answer stdin line by line, a chunk at a time; returns how many terms were not found."""
    read = getattr(stdin, "read1", stdin.read)
    memo = expander.memo
    is_json = expander.fmt == "json"
    missing = 0
    line_number = 0
    pending = b""
    while True:
        block = read(CHUNK)
        if block:
            lines = (pending + block).split(b"\n")
            pending = lines.pop()
        else:
            lines = [pending] if pending else []
        out: list[bytes] = []
        errors: list[str] = []
        for raw in lines:
            line_number += 1
            got = memo.get(raw, _UNKNOWN)
            if got is _UNKNOWN:
                got = _answer_line(expander, raw)
                if len(memo) >= MEMO_LIMIT:
                    memo.clear()
                memo[raw] = got
            if got is None:  # a blank line
                continue
            if isinstance(got, bytes):
                if is_json:
                    got = expander.json_join(got.decode("utf-8")).encode("utf-8")
                out.append(got)
                continue
            missing += 1
            errors += _line_miss(expander, raw, line_number)
        if out:
            stdout.write(b"".join(out))
            stdout.flush()
        if errors:
            stderr.write(message_lines(errors, err_styled))
            stderr.flush()
        if not block:
            return missing


def _answer_line(expander: _Expander, raw: bytes) -> bytes | bool | None:
    """A stdin line's rendered answer; None for a blank line; False for a miss."""
    if raw.endswith(b"\r"):
        raw = raw[:-1]
    try:
        term = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    if not term.strip():
        return None
    chunk = expander.answer(term)
    return False if chunk is None else chunk.encode("utf-8")


def _line_miss(expander: _Expander, raw: bytes, line_number: int) -> list[str]:
    where = f" (stdin line {line_number})"
    if raw.endswith(b"\r"):
        raw = raw[:-1]
    try:
        term = raw.decode("utf-8")
    except UnicodeDecodeError:
        return [f"error: stdin line {line_number} is not valid UTF-8; skipped"]
    return expander.miss(term, where)
