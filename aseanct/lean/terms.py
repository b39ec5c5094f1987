"""How a term typed by a user becomes a lookup key, and how user input is shown back safely."""

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

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


_APOSTROPHES = {ord(c): None for c in "'\u2019\u02bc`"}
# Bytes: str.translate with a dict raises and clears a KeyError for every character it lacks.
_MARKS = bytes([n for n in range(128) if not chr(n).isalnum()])  # a list: quicker at import
_ASCII_MARKS = bytes.maketrans(_MARKS, b" " * len(_MARKS))


def loose_key(text: str) -> str:
    """A looser key, for what `normalize_term` does not find: apostrophes dropped, every other
    mark a space, a leading "the" dropped.

    >>> loose_key("The  ASEAN-Australia Counter-Trafficking program")
    'asean australia counter trafficking program'
    """
    return loosened(normalize_term(text))


def loosened(key: str) -> str:
    """loose_key of a key that is already normalised (normalize_term)."""
    if key.isascii():
        words = key.encode().translate(_ASCII_MARKS, b"'`").decode().split()
    else:
        words = "".join(c if c.isalnum() else " " for c in key.translate(_APOSTROPHES)).split()
    if len(words) > 1 and words[0] == "the":
        del words[0]
    return " ".join(words)


def shown(text: str, limit: int = 80) -> str:
    """Quote user input for a message: shortened, then sanitize()d."""
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return f"'{sanitize(text)}'"


def from_argv(text: str) -> str:
    """A command-line argument as the UTF-8 it was typed in, even where the locale (LC_ALL=C)
    handed it over as surrogate escapes, so a term means the same in every locale."""
    if text.isascii() or not any("\udc80" <= c <= "\udcff" for c in text):
        return text
    import os

    try:
        return os.fsencode(text).decode("utf-8", "surrogateescape")
    except UnicodeError:
        return text


MAX_SUGGESTED = 200
"""Did-you-mean runs only on terms up to this many characters (no key is longer)."""


def close_matches(
    key: str, forms: dict[str, str], limit: int = 3, loose: dict[str, str] | None = None
) -> list[str]:
    """Forms (as written) of the keys of `forms` close to a normalised `key`: close spellings,
    then keys that start with it (SOM -> SOMTC), then loose matches (`wg-tip` -> WG on TIP)."""
    if not key or len(key) > MAX_SUGGESTED:
        return []
    import difflib

    close = difflib.get_close_matches(key, forms, limit, 0.75)
    if len(close) < limit:
        starts = sorted(k for k in forms if k.startswith(key) and k not in close)
        close += starts[: limit - len(close)]
    found = list(dict.fromkeys(forms[k] for k in close))
    if len(found) < limit:
        if loose is None:  # the keys of `forms` as loose_key makes them
            loose = {}
            for candidate, form in forms.items():
                loose.setdefault(loose_key(candidate), form)
        wanted = loose_key(key)
        for near in difflib.get_close_matches(wanted, loose, limit, 0.75):
            if loose[near] not in found and len(found) < limit:
                found.append(loose[near])
    return found


def search_hint(term: str) -> str:
    """The command to try when a term names nothing, quoted to paste into a shell (escaped
    by shown() when it holds control characters or is long)."""
    term = term.strip()
    if not term.isprintable() or len(term) > 80:
        return f"try `aseanct search {shown(term)}`"
    import shlex

    ends_options = "-- " if term.startswith("-") else ""  # `-a` is a word, not an option
    return f"try `aseanct search {ends_options}{shlex.quote(term)}`"


_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def sanitize(text: str) -> str:
    """Text safe to print in a message: control characters, bidi overrides and undecodable
    bytes shown escaped."""
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


def _cache(function: "Callable[[str], str]") -> "Callable[[str], str]":
    """Remember a function's answers for short words, at most 100,000 of them (not lru_cache:
    a long word, such as a whole stdin line of `expand -`, must not be kept)."""
    memo: dict[str, str] = {}

    def remembered(word: str) -> str:
        found = memo.get(word)
        if found is None:
            found = function(word)
            if len(word) <= 40:
                if len(memo) > 100_000:
                    memo.clear()
                memo[word] = found
        return found

    remembered.__doc__ = function.__doc__
    return remembered


_RE_CE_GUE = """programme/program centre/center theatre/theater metre/meter fibre/fiber litre/liter
defence/defense offence/offense licence/license pretence/pretense catalogue/catalog
dialogue/dialog analogue/analog judgement/judgment enrolment/enrollment fulfilment/fulfillment"""
_OUR = """labour behaviour favour honour neighbour colour harbour endeavour rumour vigour humour
armour rigour tumour"""
_DOUBLE_L = "travell counsell modell labell cancell signall channell"
_VARIANTS: "dict[str, str]" = {}
"""British spellings and their American twins, as search compares them (both ways); made on
first use (at import it was a third of what this module costs every command)."""


def _variants() -> "dict[str, str]":
    return {
        **{
            f"{b}{s}": f"{a}{s}"
            for b, a in (pair.split("/") for pair in _RE_CE_GUE.split())
            for s in ("", "s")
        },
        **{
            f"{b}{s}": f"{b[:-3]}or{s}"
            for b in _OUR.split()
            for s in ("", "s", "ed", "ing", "er", "ers", "able", "ite", "ites", "hood", "hoods")
        },
        **{
            f"{b}{s}": f"{b[:-1]}{s}" for b in _DOUBLE_L.split() for s in ("ed", "ing", "er", "ers")
        },
        "ageing": "aging",
        "fulfil": "fulfill",
        "fulfils": "fulfills",
        "enrol": "enroll",
        "enrols": "enrolls",
    }


_ISE = ("ise", "ised", "ises", "ising", "iser", "isers", "isation", "isations")
_YSE = ("yse", "ysed", "yses", "ysing")


@_cache
def spelling_key(word: str) -> str:
    """One spelling for both of English's (programme/program, labour/labor, -ise/-ize), so that
    `search` takes words that differ only so as one."""
    if not _VARIANTS:
        _VARIANTS.update(_variants())
    folded = _VARIANTS.get(word)
    if folded is not None:
        return folded
    if len(word) > 5 and word.endswith(_ISE):
        cut = word.rfind("is")
        return word[:cut] + "iz" + word[cut + 2 :]
    if word.endswith(_YSE):
        cut = word.rfind("ys")
        return word[:cut] + "yz" + word[cut + 2 :]
    return word


def search_key(text: str) -> str:
    """The words `search` compares: loose_key(text), each in one spelling (spelling_key).

    >>> search_key("The Labour Centre's programmes")
    'labor centers programs'
    >>> search_key("Chống mua bán người")
    'chong mua ban nguoi'
    """
    key = loose_key(text)
    if not key.isascii():  # as the full-text index reads it: `trẻ` is `tre`
        import unicodedata

        key = "".join(c for c in unicodedata.normalize("NFKD", key) if not unicodedata.combining(c))
    return " ".join(map(spelling_key, key.split()))
