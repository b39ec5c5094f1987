"""Whether to style output, and the few ANSI styles the stdlib paths use (stdlib only)."""

import os

from aseanct.lean.terms import sanitize

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

COLOR_CHOICES = ("auto", "always", "never")

BOLD_CYAN = "\x1b[1;36m"
DIM = "\x1b[2m"
BOLD_RED = "\x1b[1;31m"
YELLOW = "\x1b[33m"
RESET = "\x1b[0m"


def color_enabled(choice: str, stream: "TextIO") -> bool:
    """Style `stream`? `--color always|never` decide; `auto` follows NO_COLOR, FORCE_COLOR,
    TERM=dumb and whether the stream is a terminal, in that order."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def safe_line(line: str) -> str:
    """A message line with every control character, bidi control and undecodable byte shown
    escaped (tabs, which separate the columns of some messages, are kept)."""
    if "\t" in line:
        return "\t".join(sanitize(part) for part in line.split("\t"))
    return sanitize(line)


def message_lines(lines: list[str], styled: bool) -> str:
    """stderr lines, with `error:` and `hint:` prefixes coloured when `styled`.

    Every line passes the one sanitiser first: whatever a path, term or value holds, no raw
    control character reaches a terminal from a message."""
    lines = [safe_line(line) for line in lines]
    if not styled:
        return "".join(f"{line}\n" for line in lines)
    out = []
    for line in lines:
        if line.startswith("error:"):
            line = f"{BOLD_RED}error:{RESET}{line[6:]}"
        elif line.startswith("hint:"):
            line = f"{YELLOW}hint:{RESET}{line[5:]}"
        elif line.startswith("warning:"):
            line = f"{YELLOW}warning:{RESET}{line[8:]}"
        out.append(f"{line}\n")
    return "".join(out)
