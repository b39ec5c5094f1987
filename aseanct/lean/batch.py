"""`expand`: answers to terms from the command line and from stdin, streamed in flat memory (a
line over LINE_LIMIT skipped, the memo capped, each unknown term reported once)."""

from aseanct.lean.answers import FIELDS, answer_record, render_text
from aseanct.lean.terminal import message_lines
from aseanct.lean.terms import normalize_term, search_hint, shown

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from typing import BinaryIO, TextIO

    from aseanct.lean.resolver import Entry, Resolver
    from aseanct.lean.stdout import Output

CHUNK = 65536
MEMO_LIMIT = 100_000  # distinct stdin lines remembered; cleared when full, so memory stays flat
MEMO_BYTES = 64 * 1024 * 1024  # ... and the bytes they and their answers may take
LINE_LIMIT = 1024 * 1024
"""A stdin line longer than this is reported and skipped, never held whole in memory."""
TOO_LONG = f"is longer than {LINE_LIMIT // 1024 // 1024} MiB"


Note = tuple[str, str]
"""Why a stdin line gave no answer: ("miss", term), or ("skip", what is wrong with it)."""


class _Expander:
    """Turns terms into output, remembering the answer to every distinct line seen."""

    def __init__(
        self,
        index: "Resolver",
        fmt: str,
        styled: bool,
        err_styled: bool,
        stdout: "Output",
        stderr: "TextIO | None",
    ) -> None:
        self.index = index
        self.fmt = fmt
        self.styled = styled
        self.err_styled = err_styled
        self.stdout = stdout
        self.stderr = stderr
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

    def answer(self, term: str) -> str | None:
        """The rendered answers to one term (without JSON array punctuation), or None."""
        entries = self.index.resolve(term)
        if not entries:
            return None
        return self.render(term, entries)

    def render(self, term: str, entries: "list[Entry]") -> str:
        """The answers to one term as text lines, elements of a streamed JSON array (the
        first opens it), JSON lines, or CSV or TSV rows."""
        if self.fmt == "text":
            return render_text(entries, styled=self.styled)
        from aseanct.lean import tabular

        records = [answer_record(term, e) for e in entries]
        if self.fmt == "json":
            return "".join(tabular.json_item(r, first=i == 0) for i, r in enumerate(records))
        if self.fmt == "jsonl":
            return "".join(map(tabular.jsonl_line, records))
        return "".join(map(tabular.row_writer(self.fmt), (r.values() for r in records)))

    def json_join(self, chunk: str) -> str:
        """Fix the separator before a term's JSON items: `[` for the very first, `,` after."""
        if not self.any_json:
            self.any_json = True
            return chunk
        return ",\n  " + chunk[len("[\n  ") :]

    def message(self, note: "Note", number: int) -> str:
        """The message for stdin line `number`, which gave no answer."""
        kind, text = note
        if kind == "miss":
            return self.miss(text, f" (stdin line {number})")
        self.missing += 1
        return message_lines([f"error: stdin line {number} {text}; skipped"], self.err_styled)

    def miss(self, term: str, where: str = "") -> str:
        """The message for a term that names nothing: an error and a hint, the first time."""
        if term in self.reported:
            return ""
        if len(self.reported) < MEMO_LIMIT and self.reported_bytes < MEMO_BYTES:
            self.reported.add(term)
            self.reported_bytes += len(term)
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

    def write(self, output: bytes) -> None:
        """Write answers and flush them (so a live stream is answered live)."""
        self.stdout.write(output)
        self.stdout.flush()

    def note(self, note: "Note", number: int) -> None:
        """Report a line that gave no answer, after the answers before it."""
        _say(self.stdout, self.stderr, self.message(note, number))


def run(
    terms: list[str],
    *,
    index: "Resolver",
    fmt: str,
    styled: bool,
    headers: bool,
    stdin: "BinaryIO | None",
    stdout: "Output",
    stderr: "TextIO | None",
    err_styled: bool,
) -> int:
    """Answer every term in order (`-` reads stdin, one term per line); returns how many
    distinct terms named nothing. InputError, before any output, for `-` with stdin closed."""
    if stdin is None and "-" in terms:
        from aseanct.errors import InputError

        raise InputError("standard input is closed; cannot read terms from `-`")
    expander = _Expander(index, fmt, styled, err_styled, stdout, stderr)
    if fmt in ("csv", "tsv") and headers:
        from aseanct.lean.tabular import row_writer

        stdout.text(row_writer(fmt)(FIELDS))
    for term in terms:
        if term == "-":
            assert stdin is not None
            stream(expander, getattr(stdin, "read1", stdin.read))
            continue
        chunk = expander.answer(term)
        if chunk is None:
            _say(stdout, stderr, expander.miss(term))
            continue
        stdout.text(expander.json_join(chunk) if fmt == "json" else chunk)
    if fmt == "json":
        from aseanct.lean.tabular import json_end

        stdout.text(json_end(expander.any_json))
    stdout.flush()
    return expander.missing


def _say(stdout: "Output", stderr: "TextIO | None", message: str) -> None:
    """Write a message to stderr after what stdout holds so far, keeping their order."""
    if message and stderr is not None:
        stdout.flush()
        try:
            stderr.write(message)
            stderr.flush()
        except (OSError, ValueError):  # a message that cannot be shown must not stop answers
            pass


def stream(expander: "_Expander", read: "Callable[[int], bytes]", first: int = 1) -> int:
    """Answer lines as `read` gives them, a chunk at a time; returns the number the line
    after the last would have. Each distinct line's answer is remembered as bytes (b"" for
    none), so a chunk of lines seen before is one split and one join in C: that keeps pace
    with awk. A line longer than LINE_LIMIT is reported and the rest of it dropped."""
    get = expander.memo.get
    as_json = expander.fmt == "json"
    pending = b""
    skipping = False  # inside a line too long to answer, until its end
    while True:
        block = read(CHUNK)
        end = not block
        if skipping:
            if end:
                return first
            cut = block.find(b"\n")
            if cut < 0:
                continue
            block = block[cut + 1 :]
            skipping = False
            first += 1
        data = pending + block
        if end:
            lines, pending = ([data] if data else []), b""
        else:
            lines = data.split(b"\n")
            pending = lines.pop()
        try:
            if as_json:
                raise TypeError  # JSON needs each item's separator: the slow path
            output = b"".join(map(get, lines))  # type: ignore[arg-type]  # None: TypeError
        except TypeError:
            output = _resolve_chunk(expander, lines, first)
        if output:
            expander.write(output)
        first += len(lines)
        if len(pending) > LINE_LIMIT:
            expander.note(("skip", TOO_LONG), first)
            pending = b""
            skipping = True
        if end:
            return first


def _resolve_chunk(expander: "_Expander", lines: list[bytes], first: int) -> bytes:
    """The output of a chunk that holds lines never seen, reporting misses in order."""
    memo = expander.memo
    out: list[bytes] = []
    for number, raw in enumerate(lines, first):
        answer = memo.get(raw)
        if answer is None:
            answer, why = _answer_line(expander, raw)
            expander.remember(raw, answer)
            if why is not None:
                if out:
                    expander.write(b"".join(out))
                    out.clear()
                expander.note(why, number)
        if answer:
            out.append(
                expander.stdout.encode(expander.json_join(answer.decode(expander.stdout.encoding)))
                if expander.fmt == "json"
                else answer
            )
    return b"".join(out)


def _answer_line(expander: "_Expander", raw: bytes) -> "tuple[bytes, Note | None]":
    """A stdin line's answer (b"" for a blank line or a miss), and why it has none."""
    term_bytes = raw[:-1] if raw.endswith(b"\r") else raw
    try:
        term = term_bytes.decode("utf-8")
    except UnicodeDecodeError:
        return b"", ("skip", "is not valid UTF-8")
    if not term.strip():
        return b"", None
    chunk = expander.answer(term)
    if chunk is not None:
        return expander.stdout.encode(chunk), None
    return b"", ("miss", term)


def read_terms(stdin: "BinaryIO | None") -> "Iterator[tuple[int, str | None, str]]":
    """(line number, term, problem) for each non-blank line of stdin, as it arrives; the term
    is None for a line that is not UTF-8 or is longer than LINE_LIMIT, the problem says why."""
    if stdin is None:
        from aseanct.errors import InputError

        raise InputError("standard input is closed; cannot read terms from `-`")
    number = 0
    while True:
        raw = stdin.readline(LINE_LIMIT + 1)
        if not raw:
            return
        number += 1
        if len(raw) > LINE_LIMIT and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):
                raw = stdin.readline(CHUNK)
            yield number, None, TOO_LONG
            continue
        try:
            term = raw.rstrip(b"\r\n").decode("utf-8")
        except UnicodeDecodeError:
            yield number, None, "is not valid UTF-8"
            continue
        if term.strip():
            yield number, term, ""
