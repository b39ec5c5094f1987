"""Standard output: the one writer of every command's data, each write finished and checked."""

import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import BinaryIO, NoReturn, TextIO


def encoding_of(stream: "TextIO | None") -> str:
    """The codec to write data to `stream` in: "utf-8" unless the stream says otherwise."""
    import codecs

    try:
        return codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name
    except LookupError:
        return "utf-8"


ESCAPE = "aseanct.escape"
"""The codecs error handler that writes a character an encoding cannot take as JSON would."""


def _escape(error: UnicodeError) -> "tuple[str, int]":
    if not isinstance(error, UnicodeEncodeError):
        raise error
    import json

    return json.dumps(error.object[error.start : error.end])[1:-1], error.end


def encode(text: str, encoding: str) -> bytes:
    """`text` in `encoding`; what it cannot take is written as `\\uXXXX`."""
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        import codecs

        codecs.register_error(ESCAPE, _escape)
        return text.encode(encoding, ESCAPE)


def can_encode(text: str, encoding: str) -> bool:
    """Whether `encoding` takes every character of `text`."""
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def failed(error: OSError) -> "NoReturn":
    """Raise the aseanct error for a failed write to stdout."""
    import errno

    from aseanct.errors import OutputError, PipeClosed

    if isinstance(error, BrokenPipeError) or error.errno == errno.EPIPE:
        raise PipeClosed() from None
    raise OutputError(error.strerror or str(error)) from None


class _Stream:
    """What Typer, Rich and io.TextIOWrapper (Click's, on an ASCII locale) ask of stdout."""

    def writable(self) -> bool:
        return True

    def readable(self) -> bool:
        return False

    def seekable(self) -> bool:
        return False


class Output(_Stream):
    """A binary stream (stdout's by default) written whole, flushed and checked."""

    def __init__(self, stream: "BinaryIO | None" = None, encoding: str | None = None) -> None:
        self.stream: BinaryIO = stream if stream is not None else sys.stdout.buffer
        self.encoding = encoding or encoding_of(sys.stdout)

    def encode(self, text: str) -> bytes:
        return encode(text, self.encoding)

    def text(self, text: str) -> None:
        self.write(self.encode(text))

    def write(self, data: bytes) -> int:
        """Write all of `data`, finishing short writes; PipeClosed or OutputError on failure."""
        view = memoryview(data)
        write = self.stream.write
        try:
            while view:
                try:
                    written: int | None = write(view)
                except BlockingIOError as error:  # a non-blocking stdout that is full
                    view = view[error.characters_written :]
                    self._wait()
                    continue
                if written is None:  # the same, from a raw (unbuffered) stream
                    self._wait()
                    continue
                if written <= 0:  # a stream that takes nothing would loop for ever
                    import errno
                    import os

                    raise OSError(errno.EIO, os.strerror(errno.EIO))
                view = view[written:]
        except OSError as error:
            failed(error)
        return len(data)

    def flush(self) -> None:
        """Raises PipeClosed or OutputError when the stream fails."""
        try:
            self.stream.flush()
        except OSError as error:
            failed(error)

    @property
    def closed(self) -> bool:
        return bool(getattr(self.stream, "closed", False))

    def fileno(self) -> int:
        return self.stream.fileno()

    def isatty(self) -> bool:
        try:
            return bool(self.stream.isatty())
        except (AttributeError, ValueError, OSError):
            return False

    def _wait(self) -> None:
        try:
            import select

            select.select([], [self.stream.fileno()], [])
        except (OSError, ValueError, AttributeError):
            pass


class TextOutput(_Stream):
    """sys.stdout's stand-in: what Typer, Click and Rich print is checked like other output."""

    def __init__(self, output: Output, original: "TextIO") -> None:
        self.output = output
        self.original = original
        self.encoding = output.encoding
        self.errors = "backslashreplace"
        self.buffer = output

    def write(self, text: str) -> int:
        self.output.text(text)
        return len(text)

    def writelines(self, lines: "list[str]") -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        self.output.flush()

    def isatty(self) -> bool:
        try:
            return bool(self.original.isatty())
        except (AttributeError, ValueError):
            return False

    def fileno(self) -> int:
        return self.original.fileno()  # raises as the original does when it has none

    @property
    def closed(self) -> bool:
        return bool(getattr(self.original, "closed", False))
