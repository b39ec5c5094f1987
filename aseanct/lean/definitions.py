"""Acronyms a text defines itself: "the act of trafficking (ACT)" or "ACT (the act of ...)".

The long form is found as Schwartz and Hearst (2003) find it: the acronym's letters, read from
the right, in order in the words before the parenthesis, within min(len + 5, 2 * len) words."""

# Characters that end the stretch of text a long form may be taken from.
_BREAKS = ".;:!?()[]{}\n"


def long_form(short: str, text: str) -> str:
    """The long form that `short` abbreviates at the end of `text` ("" if none).

    >>> long_form("ACT", "We study the act of trafficking")
    'act of trafficking'
    """
    letters = [c.lower() for c in short if c.isalnum()]
    if len(letters) < 2 or not letters[0].isalnum():
        return ""
    cut = max(text.rfind(c) for c in _BREAKS)
    words = text[cut + 1 :].split()
    words = words[-min(len(letters) + 5, 2 * len(letters)) :]
    if not words:
        return ""
    candidate = " ".join(words)
    lower = candidate.lower()
    at = len(lower) - 1
    for position in range(len(letters) - 1, -1, -1):
        letter = letters[position]
        while at >= 0 and (
            lower[at] != letter or (position == 0 and at > 0 and lower[at - 1].isalnum())
        ):
            at -= 1
        if at < 0:
            return ""
        at -= 1
    begin = candidate.rfind(" ", 0, at + 2) + 1
    found = candidate[begin:]
    words = found.replace("-", " ").replace("\u2010", " ").split()
    if len(found) <= len(short) or all(w.isupper() for w in words):
        return ""  # acronyms side by side define nothing: "AMMTC (AMMTC SOMTC)", "ASEAN ACTIP"
    return found


def inner_long_form(short: str, inside: str) -> str:
    """The long form in `ACR (inside)`: the whole parenthesis, when it abbreviates to `short`
    from its first or second word (an article may lead: "ACT (the act of trafficking)")."""
    words = inside.split()
    if len(words) < 2:
        return ""
    found = long_form(short, inside)
    if not found:
        return ""
    lead = inside[: len(inside) - len(found)].split()
    return inside.strip() if len(lead) <= 1 else ""


def same_name(a: str, b: str) -> bool:
    """Do two long forms say the same, whatever their case, hyphens and spaces?"""
    return _loose(a) == _loose(b)


def _loose(text: str) -> str:
    return " ".join(text.replace("-", " ").replace("\u2010", " ").casefold().split())
