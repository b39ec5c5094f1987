"""Each source as a CSL-JSON item: the one description every citation format starts from
(aseanct.bibfiles, aseanct.render.csl), keyed by the source's id. A copy a page was read on,
or an archived one, goes in the note (CSL has no variable for either), never in place of the
publisher's page."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from aseanct.model import Source

CSL_TYPES: Mapping[str, tuple[str, str]] = {
    "news article": ("article-newspaper", ""),
    "news article (repost)": ("article-newspaper", ""),
    "magazine article": ("article-magazine", ""),
    "journal article": ("article-journal", ""),
    "blog post": ("post-weblog", ""),
    "web page": ("webpage", ""),
    "news item": ("webpage", ""),
    "programme website": ("webpage", ""),
    "programme story": ("webpage", ""),
    "organisation website": ("webpage", ""),
    "company project page": ("webpage", ""),
    "document collection page": ("webpage", ""),
    "report page": ("webpage", ""),
    "seed document (web page)": ("webpage", ""),
    "government report": ("report", ""),
    "ASEAN publication": ("report", ""),
    "speech": ("speech", ""),
    "interview": ("interview", ""),
    "press release": ("document", "Press release"),
    "media release": ("document", "Media release"),
    "press statement": ("document", "Press statement"),
    "statement": ("document", "Statement"),
    "joint statement": ("document", "Joint statement"),
    "joint communique": ("document", "Joint communiqué"),
    "declaration text": ("document", "Declaration"),
    "fact sheet": ("document", "Fact sheet"),
    "seed document (fact sheet, PDF)": ("document", "Fact sheet"),
    "plan document": ("document", "Plan"),
    "programme design document": ("document", "Programme design document"),
    "meeting agenda": ("document", "Meeting agenda"),
    "stock exchange announcement": ("document", "Stock exchange announcement"),
    "book excerpt": ("chapter", ""),
    "news article (wire)": ("article-newspaper", ""),
    "news story": ("article-newspaper", ""),
    "official blog post": ("post-weblog", ""),
    "event page": ("webpage", ""),
    "events page": ("webpage", ""),
    "project page": ("webpage", ""),
    "organisation profile": ("webpage", ""),
    "legal news item": ("webpage", ""),
    "video news item": ("webpage", "Video"),
    "web page (home page)": ("webpage", ""),
    "web page (staging copy)": ("webpage", ""),
    "web page (NGO summary)": ("webpage", ""),
    "web page (repository of practices)": ("webpage", ""),
    "database entry": ("webpage", ""),
    "treaty database entry": ("webpage", ""),
    "treaty status page": ("webpage", ""),
    "legislation database entry": ("webpage", ""),
    "report": ("report", ""),
    "research briefing": ("report", "Research briefing"),
    "policy brief": ("report", "Policy brief"),
    "UN document (report of a Special Rapporteur of the Commission on Human Rights)": (
        "report",
        "",
    ),
    "presentation": ("speech", "Presentation"),
    "transcript": ("document", "Transcript"),
    "press release (repost)": ("document", "Press release"),
    "joint media release": ("document", "Joint media release"),
    "co-chairs' statement": ("document", "Co-chairs' statement"),
    "guidelines": ("document", "Guidelines"),
    "official treaty series": ("document", "Treaty series"),
    "official gazette notice": ("document", "Gazette notice"),
    "legislation": ("legislation", ""),
    "legislation (unofficial translation)": ("legislation", ""),
    "law": ("legislation", ""),
    "executive order": ("legislation", ""),
    "bill": ("legislation", ""),
    "regulation": ("legislation", ""),
    "official gazette": ("legislation", ""),
    "treaty text": ("legislation", ""),
    "court judgment": ("legal_case", ""),
    "case summary": ("legal_case", "Case summary"),
    "analysis article": ("article-newspaper", ""),
    "editorial": ("article-newspaper", "Editorial"),
    "opinion": ("article-newspaper", "Opinion"),
    "special feature": ("article-newspaper", ""),
    "news note": ("article-newspaper", ""),
    "news digest": ("article-newspaper", ""),
    "conference paper": ("paper-conference", ""),
    "evaluation report": ("report", "Evaluation report"),
    "performance report": ("report", "Performance report"),
    "country baseline": ("report", "Country baseline"),
    "global report": ("report", ""),
    "regional report": ("report", ""),
    "index report": ("report", ""),
    "parliamentary report": ("report", ""),
    "parliamentary committee report": ("report", ""),
    "bills digest": ("report", "Bills digest"),
    "briefing note": ("report", "Briefing note"),
    "handbook": ("report", "Handbook"),
    "policy guide": ("report", "Policy guide"),
    "yearbook entry": ("entry-encyclopedia", ""),
    "glossary entry": ("entry-dictionary", ""),
    "second reading speech": ("speech", "Second reading speech"),
    "parliamentary transcript": ("document", "Transcript"),
    "parliamentary reply": ("document", "Parliamentary reply"),
    "explanatory memorandum": ("document", "Explanatory memorandum"),
    "memorandum": ("document", "Memorandum"),
    "minutes": ("document", "Minutes"),
    "diplomatic cable": ("document", "Diplomatic cable"),
    "government notice": ("document", "Notice"),
    "legal alert": ("webpage", ""),
    "law firm article": ("webpage", ""),
    "legislation commentary": ("webpage", ""),
    "explainer": ("webpage", ""),
    "data portal page": ("webpage", ""),
    "event website": ("webpage", ""),
    "publication page": ("webpage", ""),
    "partnership entry": ("webpage", ""),
    "repository of practices entry": ("webpage", ""),
    "news tag page": ("webpage", ""),
    "job posting": ("webpage", ""),
    "video page": ("webpage", "Video"),
    "media library item": ("webpage", ""),
    "library record": ("webpage", ""),
    "library abstract": ("webpage", ""),
    "library catalogue entry": ("webpage", ""),
    "document-sharing page": ("webpage", ""),
}
"""The CSL type (and genre, the kind of document a style names in brackets) of each source
kind the data uses. A kind not listed is cited as a web page when it has an address, else as a
document: tests/test_cite.py makes sure every shipped kind (without its brackets) is listed."""

PERIODICAL = frozenset({"article-newspaper", "article-magazine", "article-journal", "post-weblog"})
"""Types whose publisher is the periodical (container) the piece appeared in."""

LANGUAGES: Mapping[str, str] = {
    "French": "fr",
    "Indonesian": "id",
    "Khmer": "km",
    "Lao": "lo",
    "Malay": "ms",
    "Burmese": "my",
    "Portuguese": "pt",
    "Tetum": "tet",
    "Thai": "th",
    "Vietnamese": "vi",
    "Chinese": "zh",
    "Dutch": "nl",
    "German": "de",
    "Spanish": "es",
    "Czech": "cs",
    "Filipino": "fil",
    "Japanese": "ja",
    "Russian": "ru",
    "Tagalog": "tl",
}
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
