"""`expand`: its answers as text lines, a streamed JSON array, JSON lines, CSV or TSV."""

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
from aseanct.lean.terminal import BOLD_CYAN, DIM, RESET

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from aseanct.lean.resolver import Entry


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
