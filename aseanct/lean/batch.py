"""`expand`: answers to terms from the command line and from stdin, as text lines, a streamed
JSON array, JSON lines, CSV or TSV rows; stdin is streamed in flat memory (a line over
LINE_LIMIT skipped, the memo capped, each unknown term reported once)."""

import sys

from aseanct.lean.exits import BOLD_CYAN, DIM, RESET, color_enabled, say
from aseanct.lean.resolver import (
    E_ACRONYM,
    E_ID,
    E_KIND,
    E_MATCHED,
    E_NAME,
    E_SCOPE,
    E_SHOWN,
    E_TYPE,
)
from aseanct.lean.terms import normalize_term, search_hint, shown

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from typing import Any, BinaryIO, NoReturn

    from aseanct.lean.resolver import Entry, Resolver
    from aseanct.lean.stdout import Output

CHUNK = 4096  # small: each block's lines and answers reuse the memory of the last
MEMO_LIMIT = 100_000  # distinct stdin lines remembered; cleared when full, so memory stays flat
MEMO_BYTES = 64 * 1024 * 1024  # ... and the bytes they and their answers may take
LINE_LIMIT = 1024 * 1024
"""A stdin line longer than this is reported and skipped, never held whole in memory."""
TOO_LONG = f"is longer than {LINE_LIMIT // 1024 // 1024} MiB"

FIELDS = ("term", "id", "acronym", "name", "type", "kind", "scope", "matched")
"""Keys of each JSON record and columns of CSV/TSV, in order: a promise to scripts."""


def answer_record(term: str, entry: "Entry") -> "dict[str, Any]":
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


def render_text(entries: "list[Entry]", *, styled: bool) -> str:
    """`SOMTC: Senior Officials Meeting on Transnational Crime`, one line per meaning; of
    several, each with its id and scope, to tell them apart."""
    out = []
    for entry in entries:
        suffix = f" ({entry[E_ID]}, {entry[E_SCOPE]})" if len(entries) > 1 else ""
        if styled:
            suffix = f"{DIM}{suffix}{RESET}" if suffix else ""
            out.append(f"{BOLD_CYAN}{entry[E_SHOWN]}{RESET}: {entry[E_NAME]}{suffix}\n")
        else:
            out.append(f"{entry[E_SHOWN]}: {entry[E_NAME]}{suffix}\n")
    return "".join(out)


class _Expander:
    """Turns terms into output, remembering the answer to every distinct stdin line."""

    def __init__(self, index: "Resolver", fmt: str, color: str, stdout: "Output") -> None:
        self.index = index
        self.fmt = fmt
        self.styled = color_enabled(color, sys.stdout)
        self.stdout = stdout
        self.any_json = False
        self.memo: dict[bytes, bytes] = {}  # stdin line -> its answer (b"" if none)
        self.memo_bytes = 0
        self.reported: set[str] = set()  # unknown terms already reported
        self.reported_bytes = 0
        self.missing = 0  # distinct unknown terms, and lines skipped

    def remember(self, raw: bytes, answer: bytes) -> None:
        """Keep a stdin line's answer; forget them all first when the memo is full."""
        if len(self.memo) >= MEMO_LIMIT or self.memo_bytes > MEMO_BYTES:
            self.memo.clear()
            self.memo_bytes = 0
        self.memo[raw] = answer
        self.memo_bytes += len(raw) + len(answer)

    def answer(self, term: str) -> bytes | None:
        """The answers to one term, encoded for stdout (a JSON item after a comma), or None."""
        entries = self.index.resolve(term)
        if not entries:
            return None
        if self.fmt == "text":
            return self.stdout.encode(render_text(entries, styled=self.styled))
        from aseanct.lean import tabular

        records = [answer_record(term, e) for e in entries]
        if self.fmt == "json":
            text = "".join(tabular.json_item(r, first=False) for r in records)
        elif self.fmt == "jsonl":
            text = "".join(map(tabular.jsonl_line, records))
        else:
            text = "".join(map(tabular.row_writer(self.fmt), (r.values() for r in records)))
        return self.stdout.encode(text)

    def miss(self, term: str, where: str = "") -> list[str]:
        """The message for a term that names nothing: an error and a hint, the first time."""
        if term in self.reported:
            return []
        if len(self.reported) < MEMO_LIMIT and self.reported_bytes < MEMO_BYTES:
            self.reported.add(term)
            self.reported_bytes += len(term)
        self.missing += 1
        if not normalize_term(term):
            return [f"error: empty term{where}"]
        lines = [f"error: unknown term {shown(term)}{where}"]
        close = self.index.suggest(term)
        if close:
            lines.append(f"hint: did you mean {', '.join(close)}?")
        elif self.index.search_finds(term):  # never suggest a search that finds nothing
            lines.append(f"hint: {search_hint(term)} to search names and descriptions")
        return lines

    def skipped(self, number: int, why: str) -> list[str]:
        """The message for stdin line `number`, which cannot be a term."""
        self.missing += 1
        return [f"error: stdin line {number} {why}; skipped"]

    def emit(self, output: bytes) -> None:
        """Write answers at once, so a live stream is answered live; the first JSON item
        opens the array."""
        if output:
            if self.fmt == "json" and not self.any_json:
                self.any_json = True
                output = b"[" + output[1:]
            self.stdout.write(output)
            self.stdout.flush()

    def say(self, lines: list[str]) -> None:
        """Write message lines to stderr after the answers before them, keeping their order."""
        if lines:
            self.stdout.flush()
            say(lines)


def run(
    terms: list[str], *, index: "Resolver", fmt: str, color: str, headers: bool, stdout: "Output"
) -> int:
    """Answer every term in order (`-` reads stdin, one term per line); returns how many
    distinct terms named nothing. InputError, before any output, for `-` with stdin closed."""
    stdin = getattr(sys.stdin, "buffer", None)
    if stdin is None and "-" in terms:
        _closed()
    expander = _Expander(index, fmt, color, stdout)
    if fmt in ("csv", "tsv") and headers:
        from aseanct.lean.tabular import row_writer

        stdout.text(row_writer(fmt)(FIELDS))
    for term in terms:
        if term == "-":
            assert stdin is not None
            stream(expander, getattr(stdin, "read1", stdin.read))
            continue
        answer = expander.answer(term)
        if answer is None:
            expander.say(expander.miss(term))
        else:
            expander.emit(answer)
    if fmt == "json":
        from aseanct.lean.tabular import json_end

        stdout.text(json_end(expander.any_json))
    stdout.flush()
    return expander.missing


def chunks(read: "Callable[[int], bytes]") -> "Iterator[Sequence[bytes | None]]":
    """The lines `read` gives (without their `\\n`), a chunk at a time as they arrive; None
    for a line longer than LINE_LIMIT, the rest of which is read and dropped."""
    pieces: list[bytes] = []  # the line still being read
    size = 0
    skipping = False  # inside a line too long to answer, until its end
    while True:
        block = read(CHUNK)
        if not block:
            if size:
                yield [b"".join(pieces)]
            return
        if skipping:
            cut = block.find(b"\n")
            if cut < 0:
                continue
            block = block[cut + 1 :]
            skipping = False
        pieces.append(block)
        size += len(block)
        if b"\n" not in block:
            if size > LINE_LIMIT:
                pieces, size, skipping = [], 0, True
                yield [None]
            continue
        lines = b"".join(pieces).split(b"\n")
        last = lines.pop()
        pieces, size = ([last] if last else []), len(last)
        if len(lines[0]) > LINE_LIMIT:  # a long line that ended in this block
            yield [None, *lines[1:]]
        else:
            yield lines


def stream(expander: "_Expander", read: "Callable[[int], bytes]") -> None:
    """Answer stdin's lines as they arrive. Each distinct line's answer is remembered as bytes
    (b"" for none), so a chunk of lines seen before is one split and one join in C: that keeps
    pace with awk."""
    from operator import itemgetter

    first = 1
    for lines in chunks(read):
        try:  # a line never seen, or None, raises KeyError; a chunk of one line, TypeError
            output = b"".join(itemgetter(*lines)(expander.memo))
        except (KeyError, TypeError):
            output = _resolve_chunk(expander, lines, first)
        expander.emit(output)
        first += len(lines)


def _resolve_chunk(expander: "_Expander", lines: "Sequence[bytes | None]", first: int) -> bytes:
    """The output of a chunk that holds lines never seen, reporting misses in order."""
    out: list[bytes] = []
    for number, raw in enumerate(lines, first):
        answer = None if raw is None else expander.memo.get(raw)
        if answer is None:
            answer, message = _answer_line(expander, raw, number)
            if message:  # after the answers before it
                expander.emit(b"".join(out))
                out.clear()
                expander.say(message)
        out.append(answer)
    return b"".join(out)


def _answer_line(expander: "_Expander", raw: bytes | None, number: int) -> tuple[bytes, list[str]]:
    """A stdin line's answer (b"" for a blank line or a miss), remembered, and the message
    lines it needs."""
    term, problem = _term(raw)
    answer = expander.answer(term) if term is not None and term.strip() else b""
    if raw is not None:
        expander.remember(raw, answer or b"")
    if term is None:
        return b"", expander.skipped(number, problem)
    if answer is None:
        return b"", expander.miss(term, f" (stdin line {number})")
    return answer, []


def read_terms(stdin: "BinaryIO | None") -> "Iterator[tuple[int, str | None, str]]":
    """(line number, term, problem) for each non-blank line of stdin, as it arrives; the term
    is None for a line that is not UTF-8 or is longer than LINE_LIMIT, the problem says why."""
    if stdin is None:
        _closed()
    number = 0
    for lines in chunks(getattr(stdin, "read1", stdin.read)):
        for raw in lines:
            number += 1
            term, problem = _term(raw)
            if term is None or term.strip():
                yield number, term, problem


def _term(raw: bytes | None) -> "tuple[str | None, str]":
    """A stdin line as a term (a `\\r` before its `\\n` dropped), or None and why it is none."""
    if raw is None:
        return None, TOO_LONG
    try:
        return (raw[:-1] if raw.endswith(b"\r") else raw).decode("utf-8"), ""
    except UnicodeDecodeError:
        return None, "is not valid UTF-8"


def _closed() -> "NoReturn":
    from aseanct.errors import InputError

    raise InputError("standard input is closed; cannot read terms from `-`")
