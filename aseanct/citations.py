"""Sources as CSL-JSON items, and the biblatex, BibTeX and RIS files drawn from them."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from aseanct.model.records import Source

KINDS: Mapping[str, tuple[str, ...]] = {
    "article-newspaper": (
        "news article", "news story", "analysis article", "special feature", "news note",
        "news digest",
    ),
    "article-magazine": ("magazine article",),
    "article-journal": ("journal article",),
    "post-weblog": ("blog post", "official blog post"),
    "webpage": (
        "web page", "news item", "programme website", "programme story", "organisation website",
        "company project page", "document collection page", "report page",
        "seed document (web page)", "event page", "events page", "project page",
        "organisation profile", "legal news item", "database entry", "treaty database entry",
        "treaty status page", "legislation database entry", "legal alert", "law firm article",
        "legislation commentary", "explainer", "data portal page", "event website",
        "publication page", "partnership entry", "repository of practices entry",
        "news tag page", "job posting", "media library item", "library record",
        "library abstract", "library catalogue entry", "document-sharing page",
    ),
    "report": (
        "government report", "ASEAN publication", "report",
        "UN document (report of a Special Rapporteur of the Commission on Human Rights)",
        "global report", "regional report", "index report", "parliamentary report",
        "parliamentary committee report",
    ),
    "speech": ("speech",),
    "interview": ("interview",),
    "chapter": ("book excerpt",),
    "legislation": (
        "legislation", "law", "executive order", "bill", "regulation", "official gazette",
        "treaty text",
    ),
    "legal_case": ("court judgment",),
    "paper-conference": ("conference paper",),
    "entry-encyclopedia": ("yearbook entry",),
    "entry-dictionary": ("glossary entry",),
}  # fmt: skip
"""The source kinds the data uses, by the CSL type they are cited as (with no genre)."""

GENRES: Mapping[str, tuple[str, ...]] = {
    "document": (
        "press release", "media release", "press statement", "statement", "joint statement",
        "joint communique", "declaration text", "fact sheet", "seed document (fact sheet, PDF)",
        "plan document", "programme design document", "meeting agenda",
        "stock exchange announcement", "transcript", "joint media release",
        "co-chairs' statement", "guidelines", "official treaty series", "official gazette notice",
        "parliamentary transcript", "parliamentary reply", "explanatory memorandum",
        "memorandum", "minutes", "diplomatic cable", "government notice",
    ),
    "report": (
        "research briefing", "policy brief", "evaluation report", "performance report",
        "country baseline", "bills digest", "briefing note", "handbook", "policy guide",
    ),
    "speech": ("presentation", "second reading speech"),
    "webpage": ("video news item", "video page"),
    "legal_case": ("case summary",),
    "article-newspaper": ("editorial", "opinion"),
}  # fmt: skip
"""Source kinds cited with a genre: the kind capitalised, or its name in GENRE_NAMES."""

GENRE_NAMES: Mapping[str, str] = {
    "joint communique": "Joint communiqué", "declaration text": "Declaration",
    "seed document (fact sheet, PDF)": "Fact sheet", "plan document": "Plan",
    "video news item": "Video", "video page": "Video", "official treaty series": "Treaty series",
    "official gazette notice": "Gazette notice", "parliamentary transcript": "Transcript",
    "government notice": "Notice",
}  # fmt: skip

CSL_TYPES: Mapping[str, tuple[str, str]] = {
    **{kind: (csl, "") for csl, kinds in KINDS.items() for kind in kinds},
    **{
        kind: (csl, GENRE_NAMES.get(kind, kind.capitalize()))
        for csl, kinds in GENRES.items()
        for kind in kinds
    },
}
"""The CSL type and genre of each source kind (tests/test_cite.py checks every shipped kind)."""

PERIODICAL = frozenset({"article-newspaper", "article-magazine", "article-journal", "post-weblog"})
"""Types whose publisher is the periodical (container) the piece appeared in."""

LANGUAGES: Mapping[str, str] = {
    "French": "fr", "Indonesian": "id", "Khmer": "km", "Lao": "lo", "Malay": "ms", "Burmese": "my",
    "Portuguese": "pt", "Tetum": "tet", "Thai": "th", "Vietnamese": "vi", "Chinese": "zh",
    "Dutch": "nl", "German": "de", "Spanish": "es", "Czech": "cs", "Filipino": "fil",
    "Japanese": "ja", "Russian": "ru", "Tagalog": "tl",
}  # fmt: skip
"""BCP 47 codes of the languages the data names (CSL wants codes; BibTeX and RIS the name)."""


def csl_type(source: Source) -> tuple[str, str]:
    """A source's CSL type and genre; `news item (repost)` is a news item."""
    found = CSL_TYPES.get(source.kind) or CSL_TYPES.get(source.kind.split(" (")[0])
    return found or (("webpage" if source.url else "document"), "")


def date_parts(date: str) -> dict[str, Any]:
    """`2017-06` as CSL `{"date-parts": [[2017, 6]]}`."""
    return {"date-parts": [[int(part) for part in date.split("-")]]}


def person(name: str) -> dict[str, str]:
    """`Family, Given` as a CSL name; a name without a comma is kept whole (literal)."""
    family, comma, given = name.partition(",")
    if not comma:
        return {"literal": name.strip()}
    return {"family": family.strip(), "given": given.strip()}


def csl_item(source: Source) -> dict[str, Any]:
    """A source as a CSL-JSON item: what every citation format is drawn from.

    A work with no personal author is credited to its publisher, as APA and Chicago cite
    unsigned institutional pages; a periodical piece without a byline has no author."""
    kind, genre = csl_type(source)
    item: dict[str, Any] = {"id": source.id, "type": kind}
    if genre:
        item["genre"] = genre
    item["title"] = f"[{source.name}]" if source.descriptive_title else source.name
    periodical = kind in PERIODICAL
    if source.authors:
        item["author"] = [person(name) for name in source.authors]
    elif source.publisher and not periodical:
        item["author"] = [{"literal": source.publisher}]
    if source.publisher and periodical:
        item["container-title"] = source.publisher
    elif source.publisher and source.authors:
        item["publisher"] = source.publisher
    if source.date:
        item["issued"] = date_parts(source.date)
    if source.url:
        item["URL"] = source.url
    item["accessed"] = date_parts(source.accessed)
    if source.language:
        item["language"] = LANGUAGES.get(source.language, source.language)
    # CSL has no variable for a copy: it goes in the note, never in place of the page
    copies = (("Read on a copy", source.via), ("Archived copy", source.archived))
    if source.via or source.archived:
        item["note"] = "; ".join(f"{label}: {url}" for label, url in copies if url)
    return item


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
"""A CSL type's entry type in biblatex, in classic BibTeX and in RIS."""
OTHER_TYPES = ("misc", "misc", "GEN")

# Braces as commands, never as braces: BibTeX counts `\{` as a brace, so one `}` in the data
# could close the field and open an entry of its own.
_BIBTEX_ESCAPES = str.maketrans({
    "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}", "\\": r"\textbackslash{}",
})  # fmt: skip


def bibtex_text(text: str) -> str:
    """Text with TeX's special characters escaped (UTF-8 otherwise kept, as biber reads it)."""
    return " ".join(text.split()).translate(_BIBTEX_ESCAPES)


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
    """A CSL note of copies with each address in `\\url{}` (biblatex has no archive field)."""
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


def _organisation(item: Mapping[str, Any]) -> str:
    return next((n["literal"] for n in item.get("author", ()) if "literal" in n), "")


def bibtex_entry(item: Mapping[str, Any], language: str = "") -> str:
    """One biblatex entry from a CSL item."""
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
    """`@kind{key,` and one aligned `name = {value}` line per field (a month is a bare macro)."""
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(
        f"  {name.ljust(width)} = " + (value if name == "month" else "{" + value + "}")
        for name, value in fields
    )
    return f"@{kind}{{{key},\n{body},\n}}\n"


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def classic_entry(item: Mapping[str, Any], language: str = "") -> str:
    """One classic BibTeX entry, the address in `howpublished` too for the standard styles."""
    kind = ENTRY_TYPES.get(item["type"], OTHER_TYPES)[1]
    fields: list[tuple[str, str]] = []
    if "author" in item:
        fields.append(("author", _names(item["author"])))
    fields.append(("title", bibtex_title(item["title"])))
    if "container-title" in item:
        container = bibtex_text(item["container-title"])
        fields.append(("journal" if kind == "article" else "booktitle", container))
    publisher = item.get("publisher") or (_organisation(item) if kind == "techreport" else "")
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


def _ris_date(parts: Mapping[str, Any]) -> str:
    year, month, day = [*_iso(parts).split("-"), "", ""][:3]
    return f"{year}/{month}/{day}/"


def ris_record(item: Mapping[str, Any], language: str = "") -> str:
    """One RIS record from a CSL item; an organisation as author is `Name,`, which RIS readers
    keep whole instead of splitting it into a first and a last name."""
    lines = [("TY", ENTRY_TYPES.get(item["type"], OTHER_TYPES)[2]), ("ID", item["id"])]
    lines.append(("TI", item["title"]))
    lines += [
        ("AU", f"{name['family']}, {name['given']}" if "family" in name else f"{name['literal']},")
        for name in item.get("author", ())
    ]
    if "container-title" in item:
        lines.append(("JO" if item["type"] == "article-journal" else "T2", item["container-title"]))
    publisher = item.get("publisher") or _organisation(item)
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


def reference_file(sources: Iterable[Source], fmt: str) -> str:
    """A `bibtex`, `biblatex` or `ris` file: an entry per source, a blank line between entries."""
    entry = {"bibtex": classic_entry, "biblatex": bibtex_entry, "ris": ris_record}[fmt]
    return "\n".join(entry(csl_item(s), s.language) for s in sources)
