"""Reference-manager files from CSL items (aseanct.citations): biblatex, classic BibTeX and RIS,
an entry per source under its id, every value escaped so that no text can end a field or
start an entry."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from aseanct.citations import csl_item
from aseanct.model import Source

# --- BibTeX (biblatex) ------------------------------------------------------------------------

ENTRY_TYPES: Mapping[str, tuple[str, str, str]] = {
    "article-newspaper": ("article", "article", "NEWS"),
    "article-magazine": ("article", "article", "MGZN"),
    "article-journal": ("article", "article", "JOUR"),
    "post-weblog": ("online", "misc", "BLOG"),
    "webpage": ("online", "misc", "ELEC"),
    "report": ("report", "techreport", "RPRT"),
    "chapter": ("inbook", "incollection", "CHAP"),
    "legislation": ("legislation", "misc", "STAT"),
}
"""A CSL type's entry type in biblatex, in classic BibTeX (as the standard styles know them)
and in RIS; any other type is misc, misc and GEN. biblatex dates are ISO (`date`, `urldate`),
as biblatex and Zotero read them."""
OTHER_TYPES = ("misc", "misc", "GEN")

_BIBTEX_SPECIAL = re.compile(r"([&%$#_{}~^\\])")
# Braces as commands, never as braces: BibTeX counts `\{` as a brace, so one `}` in the data
# could close the field and open an entry of its own.
_BIBTEX_REPLACEMENTS = {
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
}  # fmt: skip


def bibtex_text(text: str) -> str:
    """Text with TeX's special characters escaped (UTF-8 otherwise kept, as biber reads it)."""
    return _BIBTEX_SPECIAL.sub(lambda m: _BIBTEX_REPLACEMENTS[m.group(1)], " ".join(text.split()))


def bibtex_title(text: str) -> str:
    """A title with each word that has a capital inside it (ASEAN, ASEAN-ACT, McKinsey)
    braced, so styles that change a title's case keep it."""
    words = []
    for word in bibtex_text(text).split(" "):
        letters = re.sub(r"\\[a-z]+\{\}|\\.", " ", word)
        inner = any(any(c.isupper() for c in part[1:]) for part in re.split(r"[^\w]+", letters))
        words.append(f"{{{word}}}" if inner else word)
    return " ".join(words)


def bibtex_url(url: str) -> str:
    """A URL for biblatex's verbatim `url` field: only braces and spaces need care."""
    return url.replace("{", "%7B").replace("}", "%7D").replace(" ", "%20")


def linked_note(note: str) -> str:
    """A CSL note of copies (`Read on a copy: URL; Archived copy: URL`) with each address in
    `\\url{}`: biblatex has no field for an archived copy, so it goes in `note` too."""
    parts = (part.rpartition(": ") for part in note.split("; "))
    return "; ".join(f"{bibtex_text(label)}: \\url{{{bibtex_url(url)}}}" for label, _, url in parts)


def _iso(parts: Mapping[str, Any]) -> str:
    return "-".join(f"{p:02d}" if i else f"{p:04d}" for i, p in enumerate(parts["date-parts"][0]))


def _names(names: list[dict[str, str]]) -> str:
    return " and ".join(
        f"{{{bibtex_text(n['literal'])}}}"
        if "literal" in n
        else f"{bibtex_text(n['family'])}, {bibtex_text(n['given'])}"
        for n in names
    )


def bibtex_entry(item: Mapping[str, Any], language: str = "") -> str:
    """One biblatex entry from a CSL item (`language`: the language's name, when not English)."""
    kind = item["type"]
    fields: list[tuple[str, str]] = []
    if "author" in item:
        fields.append(("author", _names(item["author"])))
    fields.append(("title", bibtex_title(item["title"])))
    if "container-title" in item:
        container = bibtex_text(item["container-title"])
        fields.append(("journaltitle" if kind != "post-weblog" else "organization", container))
    if kind == "article-newspaper":
        fields.append(("entrysubtype", "newspaper"))
    if "publisher" in item:
        name = "institution" if kind == "report" else "publisher"
        fields.append((name, bibtex_text(item["publisher"])))
    elif kind == "report" and "author" in item and "literal" in item["author"][0]:
        fields.append(("institution", bibtex_text(item["author"][0]["literal"])))
    if "genre" in item:
        fields.append(("type", bibtex_text(item["genre"])))
    if "issued" in item:
        fields.append(("date", _iso(item["issued"])))
    if "URL" in item:
        fields.append(("url", bibtex_url(item["URL"])))
    fields.append(("urldate", _iso(item["accessed"])))
    if language:
        fields.append(("language", bibtex_text(language)))
    if "note" in item:
        fields.append(("note", linked_note(item["note"])))
    return _entry(ENTRY_TYPES.get(kind, OTHER_TYPES)[0], item["id"], fields)


def _entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    """`@kind{key,` and one aligned `name = {value}` line per field (a month is a macro,
    written bare)."""
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(
        f"  {name.ljust(width)} = " + (value if name == "month" else "{" + value + "}")
        for name, value in fields
    )
    return f"@{kind}{{{key},\n{body},\n}}\n"


def biblatex(sources: Iterable[Source]) -> str:
    """A biblatex .bib file, one entry per source, a blank line between entries."""
    return "\n".join(bibtex_entry(csl_item(s), s.language) for s in sources)


# --- classic BibTeX -----------------------------------------------------------------------------

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def classic_entry(item: Mapping[str, Any], language: str = "") -> str:
    """One classic BibTeX entry: the fields the standard styles (plain, apalike) and natbib
    print, the address in `howpublished` as well as `url`, and the day read in `note`."""
    kind = ENTRY_TYPES.get(item["type"], OTHER_TYPES)[1]
    fields: list[tuple[str, str]] = []
    if "author" in item:
        fields.append(("author", _names(item["author"])))
    fields.append(("title", bibtex_title(item["title"])))
    if "container-title" in item:
        container = bibtex_text(item["container-title"])
        fields.append(("journal" if kind == "article" else "booktitle", container))
    organisation = next((n["literal"] for n in item.get("author", ()) if "literal" in n), "")
    publisher = item.get("publisher") or (organisation if kind == "techreport" else "")
    if publisher:
        name = "institution" if kind == "techreport" else "publisher"
        fields.append((name, bibtex_text(publisher)))
    if "issued" in item:
        parts = item["issued"]["date-parts"][0]
        fields.append(("year", f"{parts[0]:04d}"))
        if len(parts) > 1:
            fields.append(("month", _MONTHS[parts[1] - 1]))
    if "URL" in item:
        url = bibtex_url(item["URL"])
        fields.append(("howpublished", f"\\url{{{url}}}"))
        fields.append(("url", url))
    notes = [f"Accessed {_iso(item['accessed'])}"]
    if "note" in item:
        notes.append(linked_note(item["note"]))
    if language:
        fields.append(("language", bibtex_text(language)))
    fields.append(("note", ". ".join(notes)))
    return _entry(kind, item["id"], fields)


def bibtex(sources: Iterable[Source]) -> str:
    """A classic BibTeX .bib file, one entry per source, a blank line between entries."""
    return "\n".join(classic_entry(csl_item(s), s.language) for s in sources)


# --- RIS ----------------------------------------------------------------------------------------


def _ris_date(parts: Mapping[str, Any]) -> str:
    """RIS dates are `YYYY/MM/DD/` with empty parts left blank."""
    year, month, day = [*_iso(parts).split("-"), "", ""][:3]
    return f"{year}/{month}/{day}/"


def ris_record(item: Mapping[str, Any], language: str = "") -> str:
    """One RIS record from a CSL item. Authors go in AU as `Family, Given`; an organisation
    that is the author as `Name,` (with nothing after the comma, RIS readers keep it whole
    instead of splitting it into a first and a last name), as BibTeX and CSL-JSON name it."""
    lines = [("TY", ENTRY_TYPES.get(item["type"], OTHER_TYPES)[2]), ("ID", item["id"])]
    lines.append(("TI", item["title"]))
    lines += [
        ("AU", f"{name['family']}, {name['given']}" if "family" in name else f"{name['literal']},")
        for name in item.get("author", ())
    ]
    if "container-title" in item:
        lines.append(("JO" if item["type"] == "article-journal" else "T2", item["container-title"]))
    publisher = item.get("publisher") or next(
        (n["literal"] for n in item.get("author", ()) if "literal" in n), ""
    )
    if publisher:
        lines.append(("PB", publisher))
    if "genre" in item:
        lines.append(("M3", item["genre"]))
    if "issued" in item:
        lines.append(("PY", f"{item['issued']['date-parts'][0][0]:04d}"))
        lines.append(("DA", _ris_date(item["issued"])))
    if "URL" in item:
        lines.append(("UR", item["URL"]))
    lines.append(("Y2", _ris_date(item["accessed"])))
    if language:
        lines.append(("LA", language))
    if "note" in item:
        lines.append(("N1", item["note"]))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {' '.join(str(value).split())}\n" for tag, value in lines)


def ris(sources: Iterable[Source]) -> str:
    """A RIS file: one record per source, a blank line between records."""
    return "\n".join(ris_record(csl_item(s), s.language) for s in sources)
