"""Each source as a CSL-JSON item: the one description every citation format starts from
(aseanct.bibfiles, aseanct.render.csl), keyed by the source's id. A copy a page was read on,
or an archived one, goes in the note (CSL has no variable for either), never in place of the
publisher's page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from aseanct.model import Source

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
"""The source kinds the data uses, by the CSL type they are cited as (with no genre); a kind
with brackets is cited as the kind without them (`news article (wire)`)."""

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
"""Source kinds cited with a genre (the kind of document a style names in brackets): the kind
capitalised, or its name in GENRE_NAMES."""

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
"""The CSL type (and genre) of each source kind the data uses. A kind not listed is cited as a
web page when it has an address, else as a document: tests/test_cite.py makes sure every
shipped kind (without its brackets) is listed."""

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
    """A source's CSL type and genre: its kind's, or that of the kind without what the
    brackets add (`news item (repost)` is a news item)."""
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

    A work with no personal author is credited to its publisher (an organisation as author,
    as APA and Chicago cite unsigned institutional pages); a periodical piece without a byline
    has no author, and its publisher is the periodical."""
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
    copies = (("Read on a copy", source.via), ("Archived copy", source.archived))
    if source.via or source.archived:
        item["note"] = "; ".join(f"{label}: {url}" for label, url in copies if url)
    return item


def csl_items(sources: Iterable[Source]) -> list[dict[str, Any]]:
    """CSL-JSON items, in order."""
    return [csl_item(source) for source in sources]
