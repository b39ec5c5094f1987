"""`expand`: answers to terms from the command line and from stdin, rendered and streamed.

Both entry paths (the lean one in aseanct.__main__ and the Typer command) call `run`, so their
output is the same by construction. Answers go to stdout as they are found, in input order;
stdin is read in chunks as it arrives and each chunk's answers are flushed, so
`tail -f terms | aseanct expand -` answers live and memory stays flat on any input size.

Each distinct term that names nothing is reported once, at its first use (with its stdin
line), with a hint: a batch that repeats an unknown term a hundred thousand times gets one
message, not a hundred thousand.

This is the lean path's module (stdlib only), so expand's renderings live here rather than in
aseanct.render, and it has no `from __future__ import annotations`: every module the lean path
imports costs every call (see benchmarks/). Annotations naming types imported only for the
type checker are quoted.
"""

from aseanct.index import (
    E_ACRONYM,
    E_ID,
    E_KIND,
    E_MATCHED,
    E_NAME,
    E_SCOPE,
    E_SHOWN,
    E_TYPE,
    Entry,
)
from aseanct.terminal import BOLD_CYAN, DIM, RESET, message_lines
from aseanct.terms import normalize_term, search_hint, shown

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, BinaryIO, TextIO

    from aseanct.index import TermIndex

# aseanct.render.tabular (json, csv) is imported inside the functions that need it: the lean
# path renders text and should not pay for it.

CHUNK = 65536
MEMO_LIMIT = 100_000  # distinct stdin lines remembered; cleared when full, so memory stays flat


FIELDS = ("term", "id", "acronym", "name", "type", "kind", "scope", "matched")
"""Keys of each JSON record and columns of CSV/TSV, in order: a promise to scripts."""


def answer_record(term: str, entry: Entry) -> "dict[str, Any]":
    """One answer as a record: the term as given, then what it names."""
    return {
        "term": term,
        "id": entry[E_ID],
        "acronym": entry[E_ACRONYM] or None,
        "name": entry[E_NAME],
        "type": entry[E_TYPE],
        "kind": entry[E_KIND],
        "scope": entry[E_SCOPE],
        "matched": entry[E_MATCHED],
    }


def render_text(entries: list[Entry], *, styled: bool) -> str:
    """`SOMTC: Senior Officials Meeting on Transnational Crime`, one line per meaning.

    When a term has several meanings each line also gives the record's id and scope, so they
    can be told apart and looked up with `aseanct show ID`.
    """
    ambiguous = len(entries) > 1
    out = []
    for entry in entries:
        suffix = f" ({entry[E_ID]}, {entry[E_SCOPE]})" if ambiguous else ""
        if styled:
            suffix = f"{DIM}{suffix}{RESET}" if suffix else ""
            out.append(f"{BOLD_CYAN}{entry[E_SHOWN]}{RESET}: {entry[E_NAME]}{suffix}\n")
        else:
            out.append(f"{entry[E_SHOWN]}: {entry[E_NAME]}{suffix}\n")
    return "".join(out)


def render_header(fmt: str) -> str:
    """The header row of CSV or TSV."""
    from aseanct.render import tabular

    return tabular.row_writer(fmt)(FIELDS)


def render_json_items(term: str, entries: list[Entry]) -> str:
    """The answers to one term as elements of a streamed JSON array (the first opens it)."""
    from aseanct.render import tabular

    return "".join(
        tabular.json_item(answer_record(term, e), first=(i == 0)) for i, e in enumerate(entries)
    )


def render_json_end(any_items: bool) -> str:
    """The end of the streamed JSON array."""
    from aseanct.render import tabular

    return tabular.json_end(any_items)


def render_rows(term: str, entries: list[Entry], fmt: str) -> str:
    """The answers to one term in jsonl, csv or tsv."""
    from aseanct.render import tabular

    if fmt == "jsonl":
        return "".join(tabular.jsonl_line(answer_record(term, e)) for e in entries)
    row = tabular.row_writer(fmt)
    return "".join(row(answer_record(term, e).values()) for e in entries)


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

    def render(self, term: str, entries: list[Entry]) -> str:
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
        close = self.index.suggest(term)
        hint = (
            f"hint: did you mean {', '.join(close)}?"
            if close
            else f"hint: {search_hint(term)} to search names and descriptions"
        )
        lines = [f"error: unknown term {shown(term)}{where}", hint]
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
