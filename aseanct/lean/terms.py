"""How a term typed by a user becomes a lookup key, and how user input is shown back safely."""

# Dashes and minus signs that people paste from word processors; NFKC leaves them alone.
_DASHES = {ord(c): "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"}
# Punctuation that often clings to a term copied from prose: "SOMTC.", "(ACTIP)", "'APA'".
_STRIP = " \t\r\n\v\f.,;:!?\"'`()[]{}<>«»“”‘’"


def normalize_term(text: str) -> str:
    """Return the lookup key of `text`: NFKC, case-folded, trimmed, spaces collapsed.

    >>> normalize_term("  ＳＯＭＴＣ. ")
    'somtc'
    """
    if not text.isascii():
        import unicodedata

        text = unicodedata.normalize("NFKC", text).translate(_DASHES)
        # Drop invisible format and control characters (zero-width spaces, BOMs, NULs).
        text = "".join(c for c in text if unicodedata.category(c) not in ("Cf", "Cc") or c in " \t")
    elif not text.isprintable():
        text = "".join(c for c in text if c.isprintable() or c in " \t")
    return " ".join(text.split()).strip(_STRIP).casefold()


def shown(text: str, limit: int = 80) -> str:
    """Quote user input for a message: long input shortened, then sanitize()d (control
    characters, bidi controls and undecodable bytes shown escaped)."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{sanitize(text)}'"


def from_argv(text: str) -> str:
    """A command-line argument as the UTF-8 it was typed in.

    In a locale Python cannot decode UTF-8 with (LC_ALL=C with UTF-8 mode off), an argument
    such as ＳＯＭＴＣ arrives as surrogate escapes of its bytes; those bytes are read again as
    UTF-8 here (bytes that are not UTF-8 stay escaped), so a term means the same on every
    path and in every locale, as terms read from stdin (always UTF-8) do.
    """
    if text.isascii() or not any("\udc80" <= c <= "\udcff" for c in text):
        return text
    import os

    try:
        return os.fsencode(text).decode("utf-8", "surrogateescape")
    except UnicodeError:
        return text


MAX_SUGGESTED = 200
"""Did-you-mean runs only on terms up to this many characters: no acronym, alias or name is
longer, and comparing a megabyte-long term with every key would cost time and memory."""


def close_matches(key: str, forms: dict[str, str], limit: int = 3) -> list[str]:
    """Forms (as written) of the keys close to a normalised `key`; never auto-picked.

    Close spellings first, then keys that start with `key`: a short term may be the start of
    an acronym (SOM -> SOMTC, SOM-ED, SOMHD). `forms` maps each normalised key to its form.
    A key longer than MAX_SUGGESTED gets no suggestion.
    """
    import difflib

    if not key or len(key) > MAX_SUGGESTED:
        return []
    close = difflib.get_close_matches(key, list(forms), n=limit, cutoff=0.75)
    if len(close) < limit:
        starts = sorted(k for k in forms if k.startswith(key) and k not in close)
        close += starts[: limit - len(close)]
    return [forms[k] for k in close]


def search_hint(term: str) -> str:
    """The command to try when a term names nothing, quoted so it can be pasted into a shell.

    A term with control characters or of unusual length is shown escaped instead (shown()):
    a message must never carry raw control characters to a terminal.
    """
    term = term.strip()
    if not term.isprintable() or len(term) > 80:
        return f"try `aseanct search {shown(term)}`"
    import shlex

    return f"try `aseanct search {shlex.quote(term)}`"


_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def sanitize(text: str) -> str:
    """Text safe to print in a message: control characters, bidi overrides and undecodable
    bytes (kept by Python as surrogates) are shown escaped, never sent to a terminal raw."""
    if text.isprintable() and _BIDI.isdisjoint(text) and text.isascii():
        return text
    out = []
    for char in text:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
            out.append(f"\\x{code - 0xDC00:02x}")
        elif char in _BIDI or not char.isprintable():
            out.append(repr(char)[1:-1])
        else:
            out.append(char)
    return "".join(out)
